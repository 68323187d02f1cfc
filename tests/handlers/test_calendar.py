"""/holiday and /workday: admins enter 2027's days in chat; the parser counts working days
with them; a year nobody confirmed is announced once per group."""
from __future__ import annotations

from datetime import date

from storage.models import Hazard, Holiday, PushRecord
from tests.helpers import texts


async def test_admin_sets_a_2027_makeup_workday_and_deadlines_count_it(town):
    town.at("10:00", "2027-02-19")   # a Friday
    answer = texts(await town.send("王主任", "/workday 2027-02-20 春节调休"))
    assert answer == "✅ 已录入：2027-02-20 春节调休，调休上班。"
    assert [(r.day, r.name, r.workday) for r in town.rows(Holiday)] == [(date(2027, 2, 20), "春节调休", True)]

    await town.send("李明", "隐患：青石镇宏达化工有限公司危化品混存，责任人王建国，限期1个工作日整改")
    hazard = town.rows(Hazard)[0]
    assert hazard.deadline == date(2027, 2, 20)     # the 调休 Saturday is worked


async def test_a_holiday_range_is_entered_and_shown(town):
    town.at("10:00", "2026-12-07")
    answer = texts(await town.send("王主任", "/holiday 2027-02-05至2027-02-11 春节"))
    assert answer == "✅ 已录入：2027-02-05至2027-02-11 春节，放假。"
    assert len(town.rows(Holiday)) == 7
    shown = texts(await town.send("李明", "/holiday"))
    assert "2026年：国务院安排已收录" in shown
    assert "2027年：已由管理员录入调休" in shown
    assert "2027-02-11 春节（休）" in shown


async def test_removing_an_entry(town):
    town.at("10:00", "2026-12-07")
    await town.send("王主任", "/workday 2027-02-20 春节调休")
    assert texts(await town.send("王主任", "/holiday 删除 2027-02-20")).startswith("✅ 已删除 2027-02-20")
    assert town.rows(Holiday) == []
    assert texts(await town.send("王主任", "/holiday 删除 2027-02-20")) == "2027-02-20 没有录入过。"


async def test_only_admins_change_and_bad_input_changes_nothing(town):
    town.at("10:00", "2026-12-07")
    assert texts(await town.send("李明", "/workday 2027-02-20")) == "抱歉，只有管理员可以这样做。"
    assert "没看懂日期" in texts(await town.send("王主任", "/holiday 春节放假"))
    assert "没看懂日期" in texts(await town.send("王主任", "/workday 2027-02-30"))
    assert "一次最多录入 31 天" in texts(await town.send("王主任", "/holiday 2027-01-01至2027-03-01 寒假"))
    assert "请写明调休上班的日期" in texts(await town.send("王主任", "/workday"))
    assert town.rows(Holiday) == []


async def test_an_unconfirmed_year_is_announced_once_per_group(town):
    town.at("10:00", "2027-01-11")
    first = texts(await town.send("李明", "隐患：青石镇宏达化工有限公司危化品混存，限期3个工作日整改"))
    assert "2027年的调休安排还未录入" in first
    second = texts(await town.send("李明", "隐患：青石镇宏达化工有限公司仓库堵塞，限期2个工作日整改"))
    assert "调休安排" not in second
    assert len(town.rows(PushRecord, PushRecord.key.startswith("calendar:unconfirmed:2027"))) == 1
    assert [h.deadline for h in town.rows(Hazard)] == [date(2027, 1, 14), date(2027, 1, 13)]


async def test_a_confirmed_year_is_not_announced(town):
    town.at("10:00", "2027-01-11")
    await town.send("王主任", "/workday 2027-02-20 春节调休")
    answer = texts(await town.send("李明", "隐患：青石镇宏达化工有限公司危化品混存，限期3个工作日整改"))
    assert "调休安排" not in answer


async def test_a_day_entered_without_a_name_is_not_named_twice(town):
    town.at("10:00", "2026-12-07")
    assert texts(await town.send("王主任", "/workday 2027-02-21")) == "✅ 已录入：2027-02-21，调休上班。"
    assert texts(await town.send("王主任", "/holiday 2027-02-22")) == "✅ 已录入：2027-02-22，放假。"
    assert [(r.name, r.workday) for r in town.rows(Holiday)] == [("调休上班", True), ("节假日", False)]
