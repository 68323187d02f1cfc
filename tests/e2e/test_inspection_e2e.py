"""Inspection records end to end through the fake Bot API: /inspection, /inspections, and
the 台账 document with its 检查记录 sheet."""
from __future__ import annotations

import io

from openpyxl import load_workbook

from tests.e2e.conftest import ADMIN_ID, GROUP
from tests.e2e.test_drill_e2e import _bind


async def test_inspection_recorded_listed_and_in_the_ledger(live):
    await live.say(ADMIN_ID, "/addunit 青石镇", name="王主任", at="2026-06-18T08:00")
    await _bind(live, 700201, "李明", "青石镇")
    await live.say(700201, "/inspection 检查企业5家 发现隐患8处", name="李明", at="2026-06-18T16:00")
    assert live.server.sent_texts(GROUP)[-1].startswith("✅ 已登记检查：青石镇 6月18日 检查企业（场所）5家，发现隐患8处")
    await live.say(ADMIN_ID, "/inspections", name="王主任")
    assert live.server.sent_texts(GROUP)[-1].endswith("合计：检查单位5家次，发现隐患8处（1条记录，1个单位）")
    await live.say(ADMIN_ID, "/ledger", name="王主任")
    [ledger] = live.server.documents(GROUP)
    sheet = load_workbook(io.BytesIO(ledger.data))["检查记录"]
    assert [c.value for c in sheet[3]][2:] == ["青石镇", "李明", 5, 8]
