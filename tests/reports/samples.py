"""Sample facts for the report tests (a realistic week and half-year)."""
from __future__ import annotations

from datetime import date

from reports.facts import (DrillFacts, DutyFacts, EventReport, Facts, HazardFacts,
                           OverdueHazard, Period, PlannedDrill)

SCOPE = "临江区应急管理局"


def week_facts(*, with_previous: bool = True) -> Facts:
    period = Period.week_of(date(2026, 6, 17))
    duty = DutyFacts(
        units=12, days=7, on_time=79, late=3, missing=2, zero_reports=75,
        event_reports=[
            EventReport("东湖镇", date(2026, 6, 16), "凌晨强降雨，转移低洼处群众12人，无伤亡"),
            EventReport("城南街道", date(2026, 6, 18), "一处老旧小区燃气泄漏，已关阀处置"),
        ],
        most_late=[("东湖镇", 3)], most_missing=[("白沙镇", 2)])
    hazards = HazardFacts(
        found=23, by_category={"消防安全": 9, "燃气安全": 6, "用电安全": 5, "防汛": 3},
        by_level={"一般": 22, "重大": 1}, rectified=15, closed=10, in_progress=5,
        overdue=[OverdueHazard("YH-20260609-004", "东湖镇农贸市场", "消防安全", 5, "王建国"),
                 OverdueHazard("YH-20260610-002", "白沙镇砂石码头", "防汛", 2, "李强")],
        major_open=1)
    drills = DrillFacts(
        held=2, by_type={"防汛": 1, "消防": 1}, participants=230,
        units_taking_part=["东湖镇", "城南街道", "区消防救援大队"],
        planned_upcoming=[PlannedDrill("城区内涝应急处置演练", date(2026, 6, 25), "防汛")])
    prev = None
    if with_previous:
        prev = Facts(period.previous(), SCOPE,
                     DutyFacts(units=12, days=7, on_time=80, late=2, missing=2, zero_reports=78),
                     HazardFacts(found=20, by_level={"一般": 20}, rectified=16, closed=12,
                                 in_progress=3),
                     DrillFacts(held=1, by_type={"消防": 1}, participants=80))
    return Facts(period, SCOPE, duty, hazards, drills, prev)


def half_year_facts() -> Facts:
    period = Period.half_year(2026, 1)
    duty = DutyFacts(
        units=12, days=181, on_time=2120, late=40, missing=12, zero_reports=2101,
        event_reports=[
            EventReport("东湖镇", date(2026, 3, 12), "山林火情一处，已扑灭，过火面积约2亩"),
            EventReport("城南街道", date(2026, 4, 5), "清明祭扫人员较多，已加派巡查"),
            EventReport("白沙镇", date(2026, 6, 16), "河道水位上涨，已转移群众35人"),
            EventReport("城北街道", date(2026, 6, 20), "一处在建工地围挡倒塌，无人员受伤"),
        ],
        most_late=[("东湖镇", 14), ("白沙镇", 9), ("城北街道", 1)],
        most_missing=[("白沙镇", 7), ("青石镇", 5)])
    hazards = HazardFacts(
        found=412, by_category={"消防安全": 168, "燃气安全": 96, "用电安全": 74,
                                "防汛": 45, "危化品": 29},
        by_level={"一般": 405, "重大": 7}, rectified=371, closed=330, in_progress=30,
        overdue=[OverdueHazard("YH-20260528-011", "青石镇化工仓库", "危化品", 16, "赵敏", "重大"),
                 OverdueHazard("YH-20260603-007", "城北街道地下车库", "消防安全", 9, "孙涛")],
        major_open=2, open_by_category={"消防安全": 17, "燃气安全": 12, "危化品": 6,
                                        "用电安全": 4, "防汛": 2})
    drills = DrillFacts(
        held=9, by_type={"防汛": 3, "消防": 4, "危化品": 2}, participants=1460,
        units_taking_part=["东湖镇", "白沙镇", "城南街道", "城北街道", "青石镇", "区消防救援大队"],
        planned_upcoming=[PlannedDrill("防台风综合演练", date(2026, 7, 15), "防汛")],
        types_expected=["防汛", "消防", "危化品", "地质灾害", "森林防灭火"])
    prev_p = period.previous()
    prev = Facts(prev_p, SCOPE,
                 DutyFacts(units=12, days=184, on_time=2150, late=38, missing=20, zero_reports=2140),
                 HazardFacts(found=380, by_level={"一般": 376, "重大": 4}, rectified=360),
                 DrillFacts(held=7, participants=1210))
    return Facts(period, SCOPE, duty, hazards, drills, prev)


def empty_week() -> Facts:
    return Facts(Period.week_of(date(2026, 6, 17)), SCOPE)
