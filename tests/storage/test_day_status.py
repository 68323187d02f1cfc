"""The one-query day status of a group agrees with the unit-list version."""
from __future__ import annotations

from datetime import date

from storage import duty, people
from tests.helpers import GROUP


def _of_units(status):
    """The unit-list version told as the roster version tells it."""
    return ([u.name for u in status.missing], [(u.name, r.sent_at) for u, r in status.late], len(status.on_time),
            [u.name for u, r in status.on_time + status.late if not r.zero])


async def test_group_day_status_matches_day_status(town):
    town.at("09:00")
    await town.send("李明", "青石镇今日无突发事件，零报告")
    await town.send("张芳", "白沙街道今日值班正常，上午处置一起道路积水")
    town.at("12:30")
    await town.send("陈刚", "双桥镇今日无突发事件，零报告")
    town.at("12:40")
    await town.send("刘洋", "永安镇今日值班情况：夜间处置一起山火，已扑灭")
    with town.deps.session_factory() as session:
        group = people.get_group(session=session, chat_id=GROUP)
        day = date(2026, 6, 18)
        one = duty.group_day_status(session=session, group=group, day=day)
        many = duty.day_status(session=session, units=people.roster(session=session, group=group), day=day)
        assert (one.missing, one.late, one.on_time, one.with_events) == _of_units(many)
        assert one.missing == ["市住建局"]
        assert [name for name, _ in one.late] == ["双桥镇", "永安镇"]
        assert one.with_events == ["白沙街道", "永安镇"]        # on time first, then the late
        assert all(at.tzinfo is not None for _, at in one.late)
        assert (one.expected, one.reported, one.on_time) == (5, 4, 2)
        group.role = "leaders"          # a leaders' group sees every unit
        assert duty.group_day_status(session=session, group=group, day=day).expected == \
            len(people.all_units(session=session))


async def test_a_raced_second_report_counts_once(town):
    town.at("09:00")
    await town.send("李明", "青石镇今日无突发事件，零报告")
    with town.deps.session_factory() as session:
        group = people.get_group(session=session, chat_id=GROUP)
        first = session.exec(duty.live_reports_stmt()).one()
        # a second live report of the same unit and day, as two racing transactions leave it
        twin = first.model_copy(update={"id": None, "source_message_id": 999, "zero": False, "events": "又报"})
        session.add(twin)
        session.flush()
        status = duty.group_day_status(session=session, group=group, day=date(2026, 6, 18))
        assert (status.expected, status.reported, len(status.missing)) == (5, 1, 4)
