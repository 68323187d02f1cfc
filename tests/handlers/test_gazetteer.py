"""A named unit comes from the cached gazetteer (name, then alias); an inactive one is
still found by a query, and a name nobody has is refused with the feature's words."""
import pytest
from sqlmodel import Session

from handlers.access import named_or_own_unit
from handlers.base import Context, NullPlatform
from handlers.feature import UserError
from handlers.gazetteer import unit_named
from storage.models import Unit


@pytest.fixture
def ctx(engine, clock, settings):
    with Session(engine) as session:
        session.add_all([Unit(name="青石镇", aliases=["青石", "白沙"]), Unit(name="白沙", aliases=[]),
                         Unit(name="旧城镇", aliases=[], active=False)])
        session.commit()
        yield Context(session=session, clock=clock, settings=settings, platform=NullPlatform())


def test_by_name_then_alias(ctx):
    assert unit_named(ctx, "青石镇").name == "青石镇"
    assert unit_named(ctx, " 青石 ").name == "青石镇"
    assert unit_named(ctx, "白沙").name == "白沙"          # a unit's own name beats another's alias
    assert unit_named(ctx, "旧城镇") is None              # inactive: not in the gazetteer


def test_named_or_own_unit_falls_back_to_a_query_and_refuses_strangers_names(ctx):
    assert named_or_own_unit(ctx, "青石", unknown="?{name}", no_unit="-").name == "青石镇"
    assert named_or_own_unit(ctx, "旧城镇", unknown="?{name}", no_unit="-").name == "旧城镇"
    with pytest.raises(UserError, match=r"\?火星镇"):
        named_or_own_unit(ctx, "火星镇", unknown="?{name}", no_unit="-")
    with pytest.raises(UserError, match="-"):
        named_or_own_unit(ctx, None, unknown="?{name}", no_unit="-")
