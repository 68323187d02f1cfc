"""Drafts on request: who may ask, which period, messages + .docx (+ 台账 for a week),
template or model, and the Summary row kept."""
from __future__ import annotations

import io
from datetime import date

import pytest
from docx import Document
from openpyxl import load_workbook

from reports.polish import BEGIN, END
from storage.models import Summary
from tests.fakes.openai_server import FakeOpenAI
from tests.handlers.test_ask import week  # noqa: F401  (the seeded week fixture)
from tests.helpers import ADMIN, texts


@pytest.mark.parametrize("hhmm, owed, sum_", [("10:30", 18, "5 个单位 × 3 天 + 今日已报 3 次"),
                                              ("15:00", 20, "5 个单位 × 4 天")])
async def test_weekly_draft_and_the_answer_owe_the_same(week, hhmm, owed, sum_):  # noqa: F811
    """One 应报 (issue 19): before the 12:00 deadline the two units not yet reported today
    owe nothing yet (5 units × 3 days + today's 3 in), from the deadline on they owe today."""
    week.at(hhmm)
    answer = texts(await week.send(ADMIN, "本周值班报送情况"))
    draft = "\n".join(r.text for r in (await week.send(ADMIN, "生成本周周报"))[1:] if r.text)
    assert f"应报 {owed} 次（{sum_}）" in answer
    assert f"应报{owed}次，实报16次" in draft


def _files(replies):
    return {r.file.filename.rsplit(".", 1)[1]: r.file for r in replies if r.file}


async def test_weekly_draft_as_messages_docx_and_ledger(week):  # noqa: F811
    replies = await week.send(ADMIN, "生成本周周报")
    head = replies[0].text
    assert head.startswith("📝 群-100123值班值守工作周报（2026年6月15日—6月21日）（草稿）")
    assert "这是模板稿" in head and "未配置大模型" in head
    body = "\n".join(r.text for r in replies[1:] if r.text)
    # the figures of the answers: 20 owed, 16 in, 1 late; 3 hazards, 1 rectified; 1 drill, 37 people
    # two units have not reported yet today, past the 12:00 deadline: owed, 未报, not yet 漏报
    assert "应报20次，实报16次，报送率80%" in body and "迟报1次" in body
    assert "漏报2次、今日尚未报送2次" in body
    assert "本周新发现隐患3处" in body and "已整改1处，整改率33.3%" in body
    assert "本周组织应急演练1场" in body and "参演37人次" in body
    files = _files(replies)
    doc = Document(io.BytesIO(files["docx"].content))
    assert doc.paragraphs[0].text == "群-100123值班值守工作周报（2026年6月15日—6月21日）"
    ledger = load_workbook(io.BytesIO(files["xlsx"].content)).active
    codes = [ledger.cell(row=r, column=2).value for r in range(3, 6)]
    assert codes == ["YH-20260615-001", "YH-20260616-001", "YH-20260617-001"]
    [row] = week.rows(Summary)
    assert (row.kind, row.start, row.end, row.source) == ("weekly", date(2026, 6, 15), date(2026, 6, 21), "template")
    assert row.text == body and row.facts["hazards"]["found"] == 3


async def test_officer_is_refused_politely(week):  # noqa: F811
    answer = texts(await week.send("李明", "生成本周周报"))
    assert answer == "抱歉，只有领导或管理员可以这样做。"
    assert week.rows(Summary) == []


async def test_half_year_command(week):  # noqa: F811
    replies = await week.send(ADMIN, "/summary half_year")
    assert replies[0].text.startswith("📝 群-1001232026年上半年工作总结（草稿）")
    assert set(_files(replies)) == {"docx"}                  # no 台账 beside a summary
    body = "\n".join(r.text for r in replies[1:] if r.text)
    assert "一、工作开展情况" in body and "三、下步工作计划" in body
    [row] = week.rows(Summary)
    assert (row.kind, row.start, row.end) == ("half_year", date(2026, 1, 1), date(2026, 6, 30))


async def test_custom_period(week):  # noqa: F811
    await week.send(ADMIN, "/summary 2026-06-08 2026-06-14")
    [row] = week.rows(Summary)
    # exactly last week: kept as a weekly report
    assert (row.kind, row.start, row.end) == ("weekly", date(2026, 6, 8), date(2026, 6, 14))
    await week.send(ADMIN, "/summary 2026-03-01 2026-05-31")
    assert {r.kind for r in week.rows(Summary)} == {"weekly", "custom"}


@pytest.mark.parametrize("args, kind, start, end", [
    ("半年", "half_year", date(2026, 1, 1), date(2026, 6, 30)),       # a leader's words, not half_year
    ("半年总结", "half_year", date(2026, 1, 1), date(2026, 6, 30)),
    ("上半年", "half_year", date(2026, 1, 1), date(2026, 6, 30)),
    ("周报", "weekly", date(2026, 6, 15), date(2026, 6, 21)),
    ("上周", "weekly", date(2026, 6, 8), date(2026, 6, 14)),
    ("上月", "monthly", date(2026, 5, 1), date(2026, 5, 31)),
    ("5月", "monthly", date(2026, 5, 1), date(2026, 5, 31)),
])
async def test_the_period_in_chinese(week, args, kind, start, end):  # noqa: F811
    await week.send(ADMIN, f"/summary {args}")
    [row] = week.rows(Summary)
    assert (row.kind, row.start, row.end) == (kind, start, end)


@pytest.mark.parametrize("args, expected", [
    ("随便写写", "用法：/summary"),
    ("2026-02-30 2026-03-01", "日期有误"),
    ("2026-07-01 2026-07-31", "还没开始"),
    ("2026-06-10 2026-06-01", "结束日期早于开始日期"),
    ("quarterly", "用法：/summary"),
])
async def test_bad_arguments(week, args, expected):  # noqa: F811
    assert expected in texts(await week.send(ADMIN, f"/summary {args}"))
    assert week.rows(Summary) == []


async def test_model_polish_is_used_when_the_numbers_hold(week, monkeypatch):  # noqa: F811
    def reword(messages):
        text = messages[-1]["content"].split(BEGIN)[1].split(END)[0].strip()
        return text.replace("纳入值班报送的单位", "纳入值班信息报送范围的单位")
    async with FakeOpenAI(reply=reword) as server:
        monkeypatch.setattr(week.deps.settings, "llm_base_url", server.base_url)
        monkeypatch.setattr(week.deps.settings, "llm_model", "fake-1")
        replies = await week.send(ADMIN, "生成本周周报")
    assert "已由大模型（fake-1）润色" in replies[0].text
    assert "纳入值班信息报送范围的单位" in "\n".join(r.text for r in replies)
    assert week.rows(Summary)[0].source == "model:fake-1"


async def test_model_inventing_a_number_falls_back_to_the_template(week, monkeypatch):  # noqa: F811
    def invent(messages):
        text = messages[-1]["content"].split(BEGIN)[1].split(END)[0].strip()
        return text.replace("应报20次", "应报25次")
    async with FakeOpenAI(reply=invent) as server:
        monkeypatch.setattr(week.deps.settings, "llm_base_url", server.base_url)
        monkeypatch.setattr(week.deps.settings, "llm_model", "fake-1")
        replies = await week.send(ADMIN, "生成本周周报")
    assert "这是模板稿" in replies[0].text and "润色稿中的数字与台账不符（25、应报25次" in replies[0].text
    assert week.rows(Summary)[0].source == "template"


async def test_week_without_hazards_has_no_ledger(week):  # noqa: F811
    replies = await week.send(ADMIN, "/summary 2026-06-08 2026-06-14")
    assert set(_files(replies)) == {"docx"}


async def test_weekly_draft_counts_this_weeks_rectifications_whenever_found(week):  # noqa: F811
    """The draft keeps its 整改率 of the week's new hazards, said as theirs (其中), and says
    what was rectified in the week whenever found, as the answer does: two hazards found
    last week and rectified this week are not '尚未有' nor left out."""
    from sqlmodel import select
    from storage.models import Group
    from tests import seed
    from tests.helpers import GROUP
    with week.deps.session_factory() as s:
        group = s.exec(select(Group).where(Group.chat_id == GROUP)).one()
        seed.hazard(s, group, "青石镇", date(2026, 6, 9), status="已整改", rectified_on=date(2026, 6, 15))
        seed.hazard(s, group, "双桥镇", date(2026, 6, 10), status="已销号", rectified_on=date(2026, 6, 17))
        s.commit()
    answer = texts(await week.send(ADMIN, "本周隐患整改情况"))
    assert "整改完成 3 处：这段时间完成整改的，不论何时发现（其中此前发现 2 处）" in answer
    body = "\n".join(r.text for r in (await week.send(ADMIN, "生成本周周报"))[1:] if r.text)
    assert "其中已整改1处，整改率33.3%" in body
    assert "本周完成整改隐患3处（含此前发现的2处）" in body
