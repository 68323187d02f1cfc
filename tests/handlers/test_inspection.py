"""Inspection records: the parser's `inspection` intent (built here directly until the
parser emits it) and /inspection store one; the inspector's hazards of that day belong to
it; /inspections and a question with topic "inspection" answer; the weekly facts and draft
gain 检查单位X家次 and 发现隐患Y处; the 台账 gains a 检查记录 sheet."""
from __future__ import annotations

import io
from datetime import date

import pytest
from openpyxl import load_workbook

from handlers import router
from nlu.intents import Intent
from reports.build import build_facts
from reports.draft import draft
from reports.facts import Period
from storage import people
from storage.models import Inspection
from tests.helpers import ADMIN, GROUP, LEADERS_GROUP, texts

DAY = date(2026, 6, 18)


@pytest.fixture
def parsed(monkeypatch):
    """Texts the parser is taught here: text → Intent (everything else as before)."""
    table: dict[str, Intent] = {}
    real = router.understand
    monkeypatch.setattr(router, "understand",
                        lambda text, sent_at, units, *rest: table.get(text) or real(text, sent_at, units, *rest))
    return table


async def test_the_intent_stores_a_record_and_links_the_inspectors_hazards(town, parsed):
    town.at("10:00")
    await town.send("李明", "隐患：青石镇中心小学围墙开裂，限期2天整改")
    text = "今日检查企业5家，发现隐患8处"
    parsed[text] = Intent("inspection", {"count": 5, "hazards_found": 8})
    town.at("16:00")
    answer = texts(await town.send("李明", text))
    assert answer.startswith("✅ 已登记检查：青石镇 6月18日 检查企业（场所）5家，发现隐患8处（检查人：李明）。")
    assert "当天您登记的隐患 1 处已关联此次检查：YH-20260618-001" in answer
    [row] = town.rows(Inspection)
    assert (row.sites, row.hazards_found, row.day, row.source_chat_id) == (5, 8, DAY, GROUP)


async def test_a_second_record_of_the_day_corrects_the_first(town):
    town.at("16:00")
    await town.send("李明", "/inspection 5 8")
    answer = texts(await town.send("李明", "/inspection 检查企业6家 发现隐患9处"))
    assert answer.startswith("✅ 已更新检查记录：青石镇 6月18日 检查企业（场所）6家，发现隐患9处")
    live = [r for r in town.rows(Inspection) if r.superseded_by is None]
    assert [(r.sites, r.hazards_found) for r in live] == [(6, 9)] and len(town.rows(Inspection)) == 2


@pytest.mark.parametrize("args, refusal", [("", "用法"), ("很多家", "没看出检查了几家"),
                                           ("0 3", "检查家数应在"), ("5 100000", "隐患数应在"),
                                           # a sign or a decimal point is not dropped: -1 was read as 1,
                                           # 2.5 3 as 2 sites and 5 hazards
                                           ("-1 3", "检查家数应在"), ("5 -8", "隐患数应在"),
                                           ("2.5 3", "检查家数应在"), ("－1 3", "检查家数应在")])
async def test_bad_input_stores_nothing(town, args, refusal):
    town.at("16:00")
    answer = texts(await town.send("李明", f"/inspection {args}".strip()))
    assert refusal in answer
    assert town.rows(Inspection) == []


async def test_another_units_record_is_refused_and_a_future_day_too(town, parsed):
    parsed["白沙街道今日检查企业3家"] = Intent("inspection", {"unit": "白沙街道", "count": 3})
    parsed["明天检查企业3家"] = Intent("inspection", {"count": 3, "date": date(2026, 6, 19)})
    town.at("16:00")
    assert "不能替白沙街道登记" in texts(await town.send("李明", "白沙街道今日检查企业3家"))
    assert "将来日期" in texts(await town.send("李明", "明天检查企业3家"))
    assert town.rows(Inspection) == []
    await town.send(ADMIN, "/role 王主任 leader")
    assert "已登记检查：白沙街道" in texts(await town.send(ADMIN, "白沙街道今日检查企业3家"))   # a leader may


async def test_inspections_answer_within_the_groups_scope(town, parsed):
    town.at("16:00")
    await town.send("李明", "/inspection 5 8")
    await town.send("张芳", "/inspection 3 0")
    other = -100777
    town.deps.platform.admins[other] = {town.uid(ADMIN)}
    await town.send(ADMIN, "/role 王主任 leader")
    await town.send(ADMIN, "/addunit 外区镇", chat=other)
    assert "不在本群的值班名单上" in texts(await town.send(ADMIN, "/inspection 9 9", chat=other))
    parsed["外区镇检查9家"] = Intent("inspection", {"unit": "外区镇", "count": 9, "hazards_found": 9})
    assert "已登记检查：外区镇" in texts(await town.send(ADMIN, "外区镇检查9家", chat=other))
    answer = texts(await town.send(ADMIN, "/inspections"))
    assert answer.splitlines()[0] == "🔎 本月检查情况（6月1日—6月30日）"
    assert answer.splitlines()[-1] == "合计：检查单位8家次，发现隐患8处（2条记录，2个单位）"
    assert "外区镇" not in answer and "9家" not in answer
    parsed["本月检查情况"] = Intent("query", {"topic": "inspection", "start": date(2026, 6, 1),
                                             "end": date(2026, 6, 30)}, {"period_label": "本月"})
    assert texts(await town.send("李明", "本月检查情况")) == answer
    assert texts(await town.send(ADMIN, "/inspections 去年")) == "去年（1月1日—12月31日）没有检查记录。"
    assert "用法" in texts(await town.send(ADMIN, "/inspections 随便"))
    assert "上月（5月1日—5月31日）没有检查记录" in texts(await town.send(ADMIN, "/inspections 上月"))


async def test_weekly_facts_and_draft_state_the_inspections(town):
    town.at("16:00")
    await town.send("李明", "/inspection 5 8")
    await town.send("张芳", "/inspection 3 1")
    with town.deps.session_factory() as session:
        group = people.get_group(session=session, chat_id=GROUP)
        facts = build_facts(session, Period.week_of(DAY), group, DAY, deadline_passed=True)
        half = build_facts(session, Period.half_year(2026, 1), group, DAY, deadline_passed=True)
    assert (facts.inspections.sites, facts.inspections.hazards_found, facts.inspections.records) == (8, 9, 2)
    text = draft(facts)
    assert "本周检查单位8家次，发现隐患9处。" in text
    assert "【待补充：执法检查" not in draft(half) and "检查单位8家次，发现隐患9处" in draft(half)
    assert type(facts).from_json(facts.to_json()).inspections == facts.inspections


async def test_the_ledger_has_an_inspections_sheet_with_inert_cells(town):
    town.at("16:00")
    await town.send("李明", "/inspection 5 8")
    [reply] = await town.send(ADMIN, "/ledger")
    book = load_workbook(io.BytesIO(reply.file.content))
    sheet = book["检查记录"]
    assert [c.value for c in sheet[2]] == ["序号", "检查日期", "检查单位", "检查人", "检查企业（场所）数", "发现隐患数"]
    assert [c.value for c in sheet[3]][2:] == ["青石镇", "李明", 5, 8]
    assert sheet["A4"].value == "合计：检查单位5家次，发现隐患8处，检查记录1条。"


async def test_a_leaders_group_sees_every_groups_inspections(town):
    town.at("16:00")
    await town.send("李明", "/inspection 5 8")
    await town.send(ADMIN, "/remind", chat=LEADERS_GROUP)
    await town.send(ADMIN, f"/remind 领导群 {LEADERS_GROUP}")
    answer = texts(await town.send(ADMIN, "/inspections", chat=LEADERS_GROUP))
    assert "青石镇 李明 检查5家，发现隐患8处" in answer
