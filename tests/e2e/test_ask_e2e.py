"""A leader's question and a weekly draft through the real aiogram Dispatcher polling the
fake Bot API: the answer, the 📊 button's chart as a photo, the draft as messages + files."""
from __future__ import annotations

from datetime import date

from sqlmodel import select

from handlers.texts import ask as T
from reports.charts import NoCJKFont, find_cjk_font
from storage.models import Group, Summary
from tests import seed
from tests.e2e.conftest import ADMIN_ID, GROUP


async def _town(live):
    await live.say(ADMIN_ID, "/addunit 青石镇", name="王主任", at="2026-06-18T08:00")
    await live.say(ADMIN_ID, "/addunit 白沙街道", name="王主任")
    await live.say(ADMIN_ID, "/bind 青石镇", name="王主任")
    with live.deps.session_factory() as s:
        group = s.exec(select(Group).where(Group.chat_id == GROUP)).one()
        seed.hazard(s, group, "青石镇", date(2026, 6, 15), level="重大", deadline=date(2026, 6, 16),
                    place="青石村加油站", code="YH-20260615-001")
        seed.hazard(s, group, "白沙街道", date(2026, 6, 16), status="已整改", rectified_on=date(2026, 6, 17),
                    code="YH-20260616-001")
        s.commit()


def _no_font_reason() -> str | None:
    try:
        find_cjk_font()
    except NoCJKFont as exc:
        return str(exc)
    return None


async def test_hazard_question_answer_and_chart(live):
    await _town(live)
    await live.say(ADMIN_ID, "本周隐患整改情况", name="王主任", at="2026-06-18T15:00")
    answer = live.server.sent_messages(GROUP)[-1]
    assert answer["text"].startswith("⚠️ 本周（6月15日—6月21日，截至6月18日） 隐患整改情况")
    assert "新发现 2 处（重大 1）：这段时间登记的\n整改完成 1 处：这段时间完成整改的，不论何时发现" in answer["text"]
    assert "YH-20260615-001 青石村加油站 逾期2天" in answer["text"]
    [[button], [detail]] = answer["reply_markup"]["inline_keyboard"]
    assert button["text"] == "📊 图表" and detail["text"] == "🔍 明细"     # 明细: test_detail_e2e.py
    # both hold the answer's stored row; a query written into the data is refused, nothing sent
    assert button["callback_data"] == "askc:" + detail["callback_data"].removeprefix("dt:")
    sent = len(live.server.sent_messages(GROUP))
    await live.press(ADMIN_ID, answer["message_id"], "askc:h:20260615:20260621:a", name="王主任")
    assert live.server.calls_of("answerCallbackQuery")[-1]["text"] == T.CHART_REFUSED
    assert len(live.server.sent_messages(GROUP)) == sent and not live.server.photos(GROUP)
    await live.press(ADMIN_ID, answer["message_id"], button["callback_data"], name="王主任")
    reason = _no_font_reason()
    if reason is not None:      # a machine without fonts-noto-cjk: a clear answer instead of a picture
        expected = T.CHART_NO_FONT.format(reason=reason)
        await live.server.wait_for(lambda: live.server.sent_messages(GROUP)[-1]["text"] == expected, timeout=10)
        assert not live.server.photos(GROUP)
        return
    await live.server.wait_for(lambda: live.server.photos(GROUP), timeout=10)
    [photo] = live.server.photos(GROUP)
    assert photo.data.startswith(b"\x89PNG") and "隐患" in (photo.caption or "")

    await live.say(ADMIN_ID, "本周隐患整改情况 图", name="王主任")
    await live.server.wait_for(lambda: len(live.server.photos(GROUP)) == 2, timeout=10)


async def test_weekly_draft_arrives_as_messages_and_files(live):
    await _town(live)
    await live.say(ADMIN_ID, "生成本周周报", name="王主任", at="2026-06-18T16:00")
    await live.server.wait_for(lambda: len(live.server.documents(GROUP)) == 2, timeout=15)
    names = {d.filename for d in live.server.documents(GROUP)}
    assert names == {"青石区应急值班值守工作周报（2026年6月15日—6月21日）.docx", "隐患台账_20260615-20260621.xlsx"}
    texts = live.server.sent_texts(GROUP)
    assert any("（草稿）" in t and "模板稿" in t for t in texts)
    assert any("本周新发现隐患2处" in t for t in texts)
    with live.deps.session_factory() as s:
        assert s.exec(select(Summary)).one().kind == "weekly"
