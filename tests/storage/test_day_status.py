"""The one-query day status of a group agrees with the unit-list version."""
from __future__ import annotations

from datetime import date

from storage import duty, people
from tests.helpers import ADMIN, GROUP


def _names(status):
    return ([u.name for u, _ in status.on_time], [u.name for u, _ in status.late],
            [u.name for u in status.missing])


async def test_group_day_status_matches_day_status(town):
    town.at("09:00")
    await town.send("李明", "青石镇今日无突发事件，零报告")
    town.at("12:30")
    await town.send("陈刚", "双桥镇今日无突发事件，零报告")
    with town.deps.session_factory() as session:
        group = people.get_group(session=session, chat_id=GROUP)
        day = date(2026, 6, 18)
        one = duty.group_day_status(session=session, group=group, day=day)
        many = duty.day_status(session=session, units=people.roster(session=session, group=group), day=day)
        assert _names(one) == _names(many) == (["青石镇"], ["双桥镇"], ["白沙街道", "永安镇", "市住建局"])
        assert (one.expected, one.reported) == (5, 2)
        group.role = "leaders"          # a leaders' group sees every unit
        assert duty.group_day_status(session=session, group=group, day=day).expected == \
            len(people.all_units(session=session))
