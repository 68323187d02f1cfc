"""What every part of the hazard feature shares: its conversation kind, the clock, who acts,
names, the unit a place names, and the hazards a chat may see."""
from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from handlers.base import Context, Incoming
from handlers.gazetteer import known_units, unit_named
from handlers.texts import hazard as T
from handlers.calendar import working_calendar
from nlu.intents import Intent, understand
from nlu.units import match_unit
from storage import hazards as store
from storage.models import Group, Hazard, Member

KIND = "hazard"
CONV_MINUTES = 30


def now(ctx: Context) -> datetime:
    return ctx.clock.now()


def minutes(ctx: Context) -> int:
    """How long a question waits for its answer."""
    return int(getattr(ctx.settings, "conversation_minutes", CONV_MINUTES) or CONV_MINUTES)


def actor_id(ctx: Context) -> int | None:
    return ctx.member.id if ctx.member is not None else None


def local(group: Group, moment: datetime) -> datetime:
    return moment.astimezone(ZoneInfo(group.timezone))


def name_of(ctx: Context, member_id: int | None) -> str:
    member = ctx.session.get(Member, member_id) if member_id else None
    return member.name if member is not None and member.name else T.SOMEONE


def unit_id_for(ctx: Context, place: str) -> int | None:
    """A hazard belongs to a unit when its place names a known unit ("白沙街道菜市场")."""
    name = match_unit(place, known_units(ctx)) if place else None
    unit = unit_named(ctx, name) if name else None
    return unit.id if unit else None


def hazard_here(ctx: Context, hazard_id: int) -> Hazard | None:
    """A hazard of this group (a leaders' group sees all)."""
    hazard = store.get_hazard(session=ctx.session, hazard_id=hazard_id)
    group = ctx.group
    if hazard is None or group is None:
        return None
    return hazard if group.role == "leaders" or hazard.group_id == group.id else None


def fields_from(text: str, incoming: Incoming, ctx: Context) -> Intent:
    return understand(f"隐患：{text}", incoming.sent_at or now(ctx), known_units(ctx), working_calendar(ctx.session))


def read_alone(text: str, incoming: Incoming, ctx: Context) -> Intent:
    """The message as it would be read with no question waiting."""
    return understand(text, incoming.sent_at or now(ctx), known_units(ctx), working_calendar(ctx.session))


OTHER_BUSINESS = ("duty_report", "drill", "attendance", "query", "summary_request", "rectified", "inspection")


def something_else(text: str, incoming: Incoming, ctx: Context) -> bool:
    return understand(text, incoming.sent_at or now(ctx), known_units(ctx)).name in OTHER_BUSINESS
