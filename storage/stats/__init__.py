"""Period statistics: duty, hazards and drills, counted in SQL (GROUP BY), never by
walking rows in Python, so a half year of 3,000 units stays fast. One module per topic;
each function takes a `Scope` (which units count) and plain dates already computed in the
group's timezone. Nothing here writes. The rules are in each topic's module docstring
(duty's 应报: storage/due.py); reports/build.py and handlers/ask.py rely on them."""
from storage.stats.chased import LadderStep, ladder_steps, reminded_by_unit
from storage.stats.drills import DrillStats, drill_stats, held_drills
from storage.stats.duty import DutyStats, LateReport, MissedDay, duty_stats, event_reports, first_duty_day
from storage.stats.hazards import (MAJOR, HazardStats, LedgerItem, OverdueItem, RectifiedItem, hazard_ledger,
                                   hazard_stats, hazards_by_week, rectified_in_period)
from storage.stats.scope import (LIST_LIMIT, Scope, covers, cutoff_day, end_of_day_utc, period_bounds, scope_units,
                                 unreported_on)

__all__ = ["DrillStats", "drill_stats", "held_drills", "DutyStats", "LateReport", "MissedDay", "duty_stats",
           "event_reports", "first_duty_day", "MAJOR", "HazardStats", "LedgerItem", "OverdueItem", "hazard_ledger",
           "hazard_stats", "hazards_by_week", "RectifiedItem", "rectified_in_period", "LIST_LIMIT", "Scope", "covers", "cutoff_day", "end_of_day_utc", "period_bounds",
           "scope_units", "unreported_on", "reminded_by_unit", "LadderStep", "ladder_steps"]
