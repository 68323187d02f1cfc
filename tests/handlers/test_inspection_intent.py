"""An inspection report is understood but not stored here yet: the router lets it pass."""
from __future__ import annotations

from storage.models import DutyReport, Hazard
from tests.helpers import texts


async def test_an_inspection_report_files_nothing_and_crashes_nothing(town):
    town.at("16:00")
    answer = await town.send("李明", "青石镇今日检查企业5家，发现隐患8处，已督促整改")
    assert texts(answer) == ""
    assert town.rows(Hazard) == [] and town.rows(DutyReport) == []
