"""Demo chapter: a drill reported after the fact, then today's flood drill announced in
plain words, signed in on its card (one person pressing twice counts once), unit head
counts typed in the chat (one corrected), a bad figure refused, the drill ended by the
organiser, a late sign-in refused, and the month's tally."""
from __future__ import annotations

from datetime import timedelta

from bot.cli.demo.stage import ADMIN, Demo


async def chapter(d: Demo) -> None:
    before = d.day - timedelta(days=2)
    d.heading(f"演练：{before.month}月{before.day}日 事后报送")
    await d.say(before, "11:30", "刘洋", "今天上午永安镇中心小学开展了消防疏散演练，参演200余人，效果良好。")

    today = d.day
    d.heading(f"演练：{today.month}月{today.day}日（今天）下午 防汛抢险演练")
    await d.say(today, "13:30", "李明", "定于今天下午3点在青石镇水库开展防汛抢险演练，请相关单位准时参加。")
    await d.press(today, "14:52", "李明", "签到")
    await d.press(today, "14:53", "张芳", "签到")
    await d.press(today, "14:53", "陈刚", "签到")
    await d.press(today, "14:54", "李明", "签到")            # twice: counted once
    await d.say(today, "14:58", "张芳", "白沙街道参演8人")
    await d.say(today, "15:02", "李明", "青石镇参演12人")
    await d.say(today, "15:10", "李明", "青石镇参演14人")     # corrected: replaces 12, kept
    await d.say(today, "15:12", "陈刚", "双桥镇参演-5人")     # refused, nothing changes
    await d.press(today, "16:30", "李明", "结束演练")
    await d.say(today, "16:40", "刘洋", "签到")               # too late: refused politely
    await d.say(today, "16:45", ADMIN, "/drills 本月")
