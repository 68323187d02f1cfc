"""Demo chapter: one hazard reported with a photo, taken in hand, rectified under its card
and closed by the leader; a second one reported without its place, asked for, and left
overdue; then the list, one card's history and the 台账."""
from __future__ import annotations

from datetime import timedelta

from bot.cli.demo.stage import ADMIN, Demo

REPORT = "隐患：宏达化工有限公司仓库危化品混存，消防通道堵塞，责任人王建国，限期3天整改"


def _newest_card(d: Demo) -> int:
    return max(mid for mid, text in d.chat.messages.items() if text.startswith("🔶 隐患 YH-"))


async def _press_on(d: Demo, day, hhmm: str, who: str, card_id: int, label: str) -> None:
    """Press a button under one particular card (d.press takes the newest of a label)."""
    d.at(day, hhmm)
    for number, (message_id, button) in sorted(d.chat.buttons.items(), reverse=True):
        if message_id == card_id and button.text == label:
            await d.chat.press(who, number)
            return
    raise LookupError(label)


async def chapter(d: Demo) -> None:
    first = d.day - timedelta(days=3)
    d.heading(f"隐患：{first.month}月{first.day}日检查发现，一条消息登记")
    await d.say(first, "10:30", "李明", REPORT, photos=("demo-photo-warehouse",))
    warehouse = _newest_card(d)
    await d.say(first, "10:40", "张芳", "隐患：电线私拉乱接，限期2天整改")
    await d.say(first, "10:42", "张芳", "白沙街道农贸市场东侧摊位")

    second = d.day - timedelta(days=2)
    d.heading(f"隐患：{second.month}月{second.day}日开始整改")
    await _press_on(d, second, "09:30", "李明", warehouse, "整改中")
    await _press_on(d, second, "09:31", "张芳", warehouse, "已整改")     # not hers: refused

    third = d.day - timedelta(days=1)
    d.heading(f"隐患：{third.month}月{third.day}日整改完成，回复卡片附照片")
    d.at(third, "16:20")
    await d.chat.say("李明", "已整改，危化品已分区存放，消防通道已清理", reply_to=warehouse,
                     photos=("demo-photo-fixed",))

    d.heading("隐患：今天领导销号，查看在办隐患、处理记录和台账")
    await _press_on(d, d.day, "13:00", ADMIN, warehouse, "销号")
    await d.say(d.day, "13:05", ADMIN, "/hazards")
    code = d.chat.messages[warehouse].split()[2]
    await d.say(d.day, "13:06", ADMIN, f"/hazard {code}")
    await d.say(d.day, "13:07", ADMIN, "/ledger")
