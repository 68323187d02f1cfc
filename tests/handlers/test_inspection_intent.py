"""An inspection report in a duty officer's own words, read by the real parser, is stored as
an inspection record: no hazard, no duty report."""
from __future__ import annotations

from storage.models import DutyReport, Hazard, Inspection
from tests.helpers import texts


async def test_an_inspection_report_is_recorded_as_an_inspection(town):
    town.at("16:00")
    answer = texts(await town.send("李明", "青石镇今日检查企业5家，发现隐患8处，已督促整改"))
    assert answer.startswith("✅ 已登记检查：青石镇 6月18日 检查企业（场所）5家，发现隐患8处")
    [record] = town.rows(Inspection)
    assert (record.sites, record.hazards_found) == (5, 8)
    assert town.rows(Hazard) == [] and town.rows(DutyReport) == []
