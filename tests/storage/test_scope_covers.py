"""stats.covers: whether what a presser may see now contains what a 明细 or 图表 button was
issued for (handlers/detail.py). Rosters are read as they are at the press."""
from __future__ import annotations

import pytest
from sqlmodel import Session, select

from storage import stats
from storage.models import RosterEntry, Unit
from tests import seed

S = stats.Scope


@pytest.fixture
def town(engine):
    with Session(engine) as s:
        a = seed.ensure_town(s, ["青石镇", "白沙街道"], chat_id=-100123, title="甲群")
        b = seed.ensure_town(s, ["白沙街道", "永安镇"], chat_id=-100555, title="乙群")
        ids = {u.name: u.id for u in s.exec(select(Unit))}
        s.commit()
        yield s, a, b, ids


def test_everything_covers_all_and_nothing_else_covers_everything(town):
    s, a, b, ids = town
    for inner in (S.everything(), S.of_group(a), S.of_units([ids["永安镇"]])):
        assert stats.covers(session=s, outer=S.everything(), inner=inner)
    for outer in (S.of_group(a), S.of_units(list(ids.values()))):
        assert not stats.covers(session=s, outer=outer, inner=S.everything())


def test_a_group_covers_itself_and_units_now_on_its_roster(town):
    s, a, b, ids = town
    assert stats.covers(session=s, outer=S.of_group(a), inner=S.of_group(a))
    assert stats.covers(session=s, outer=S.of_group(a), inner=S.of_units([ids["青石镇"], ids["白沙街道"]]))
    assert not stats.covers(session=s, outer=S.of_group(a), inner=S.of_units([ids["永安镇"]]))
    # another group's roster, even one sharing units: its unit-less records are not ours
    assert not stats.covers(session=s, outer=S.of_group(a), inner=S.of_group(b))
    s.delete(s.exec(select(RosterEntry).where(RosterEntry.group_id == a.id,
                                              RosterEntry.unit_id == ids["青石镇"])).one())
    s.flush()                   # taken off the roster since: no longer covered
    assert not stats.covers(session=s, outer=S.of_group(a), inner=S.of_units([ids["青石镇"]]))


def test_units_cover_their_subsets_only(town):
    s, a, b, ids = town
    both = S.of_units([ids["青石镇"], ids["白沙街道"]])
    assert stats.covers(session=s, outer=both, inner=S.of_units([ids["白沙街道"]]))
    assert not stats.covers(session=s, outer=S.of_units([ids["白沙街道"]]), inner=both)
    assert not stats.covers(session=s, outer=both, inner=S.of_group(a))      # a group's own records
