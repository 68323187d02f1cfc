"""A hazard through the real aiogram Dispatcher and the fake Bot API: a report with a
photo becomes a card, a button moves it in place, a reply with a photo rectifies it,
销号 closes it, and /ledger sends an .xlsx back."""
from __future__ import annotations

import asyncio
import io

from openpyxl import load_workbook
from sqlmodel import select

from storage.models import Hazard, HazardEvent
from tests.e2e.conftest import ADMIN_ID, GROUP

INSPECTOR = 700002
REPORT = "隐患：宏达化工有限公司仓库危化品混存，消防通道堵塞，责任人王建国，限期3天整改"


async def _edited_to(live, message_id: int, needle: str, timeout: float = 10) -> str:
    """The card's newest text once it contains needle (edits of one card may be held
    back and merged by the adapter for a few seconds)."""
    for _ in range(int(timeout / 0.1)):
        edits = live.server.edits(GROUP, message_id)
        if edits and needle in edits[-1]["text"]:
            return edits[-1]["text"]
        await asyncio.sleep(0.1)
    raise AssertionError(f"card {message_id} never showed {needle!r}")


def _buttons(message) -> dict[str, str]:
    return {b["text"]: b["callback_data"] for row in message["reply_markup"]["inline_keyboard"] for b in row}


async def test_hazard_report_photo_buttons_and_ledger(live):
    await live.say(ADMIN_ID, "/addunit 青石镇", name="王主任", at="2026-06-18T08:00")
    await live.say(ADMIN_ID, "/bind 青石镇", name="王主任")
    await live.say(INSPECTOR, "/bind 青石镇", name="李明")
    request = live.server.sent_messages(GROUP)[-1]
    await live.press(ADMIN_ID, request["message_id"], _buttons(request)["同意"], name="王主任")

    await live.say(INSPECTOR, None, name="李明", at="2026-06-18T09:30", photo_file_id="site-photo-1",
                   caption=REPORT)
    card = live.server.sent_messages(GROUP)[-1]
    assert "YH-20260618-001" in card["text"] and "责任人：王建国" in card["text"]
    assert "整改期限：6月21日（还剩3天）" in card["text"] and "照片：1张" in card["text"]
    buttons = _buttons(card)
    assert list(buttons) == ["整改中", "已整改", "补充照片"]

    await live.press(INSPECTOR, card["message_id"], buttons["整改中"], name="李明")
    await _edited_to(live, card["message_id"], "状态：整改中")
    assert any("待整改 → 整改中" in (c.get("text") or "") for c in live.server.calls_of("answerCallbackQuery"))

    await live.say(INSPECTOR, None, name="李明", at="2026-06-20T15:00", photo_file_id="fix-photo",
                   caption="已整改，已清理通道", reply_to_message_id=card["message_id"])
    assert "已登记为已整改" in live.server.sent_messages(GROUP)[-1]["text"]
    await live.press(ADMIN_ID, card["message_id"], buttons["整改中"].replace("prog", "close"), name="王主任")
    closed = await _edited_to(live, card["message_id"], "状态：已销号")
    assert "照片：2张" in closed

    with live.deps.session_factory() as session:
        hazard = session.exec(select(Hazard)).one()
        assert hazard.status == "已销号" and hazard.photos == ["site-photo-1", "fix-photo"]
        trail = [(e.to_status, e.photo) for e in session.exec(select(HazardEvent).order_by(HazardEvent.id))]
    assert trail == [("待整改", "site-photo-1"), ("整改中", None), ("已整改", "fix-photo"), ("已销号", None)]

    await live.say(ADMIN_ID, "/ledger", name="王主任", at="2026-06-20T16:00")
    [document] = live.server.documents(GROUP)
    assert document.filename == "隐患台账_20260601-20260630.xlsx" and "本期发现 1 条" in document.caption
    sheet = load_workbook(io.BytesIO(document.data)).active
    assert sheet["B3"].value == "YH-20260618-001" and sheet["J3"].value == "已销号"
    assert sheet["L3"].value == "已整改，已清理通道"
