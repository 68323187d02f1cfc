"""Demo chapter: a notice with 收到 receipts (and, under its answer's 明细, who of each unit
tapped first and when), and an inspection record that reaches the weekly draft
(检查单位X家次，发现隐患Y处)."""
from __future__ import annotations

from bot.cli.demo.stage import ADMIN, Demo


async def chapter(d: Demo) -> None:
    d.heading("通知签收：领导下发通知，各单位点“收到”")
    await d.say(d.day, "17:15", ADMIN, "发通知：明日起进入主汛期，各单位严格落实24小时值班和领导带班制度。")
    await d.press(d.day, "17:16", "李明", "收到")
    await d.press(d.day, "17:16", "张芳", "收到")
    await d.press(d.day, "17:17", "李明", "收到")            # twice: counted once
    await d.say(d.day, "17:18", ADMIN, "通知收到了吗")        # answered from the receipts
    await d.press(d.day, "17:18", ADMIN, "🔍 明细")           # each unit's first 收到, or 未签收
    d.heading("检查记录：检查员登记当天检查情况")
    await d.say(d.day, "17:20", "李明", "/inspection 检查企业5家 发现隐患8处")
    await d.say(d.day, "17:21", ADMIN, "/inspections")
