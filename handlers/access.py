"""Who may do what (the trust boundary, README "Security").

Root admins are BOT_ADMINS; organisation admins are members with role 'admin' (appointed by
a root admin); leaders and inspectors are roles those admins grant. Being the creator or an
administrator of a Telegram chat gives no role: in an enrolled group it may only approve
binds to the units that group serves (may_approve_bind)."""
from __future__ import annotations

from handlers.base import Context, Incoming
from handlers.feature import UserError
from handlers.gazetteer import unit_named
from handlers.texts import common as T
from storage import people
from storage.models import Group, Unit

LEADERS = ("leader", "admin")


def is_registered(ctx: Context) -> bool:
    return ctx.is_bot_admin or (ctx.member is not None and (ctx.member.unit_id is not None
                                                           or ctx.member.role in LEADERS))


def is_root(ctx: Context) -> bool:
    return ctx.is_bot_admin


def is_org_admin(ctx: Context) -> bool:
    return ctx.is_bot_admin or (ctx.member is not None and ctx.member.role == "admin")


async def is_admin(ctx: Context, incoming: Incoming) -> bool:
    """An organisation admin. (Once a Telegram chat admin counted too: no longer.)"""
    return is_org_admin(ctx)


async def require_admin(ctx: Context, incoming: Incoming) -> None:
    if not is_org_admin(ctx):
        raise UserError(T.ADMIN_ONLY)


def require_root(ctx: Context) -> None:
    if not is_root(ctx):
        raise UserError(T.ROOT_ONLY)


def is_leader(ctx: Context) -> bool:
    return ctx.is_bot_admin or (ctx.member is not None and ctx.member.role in LEADERS)


def require_own_unit(ctx: Context, unit, *, refusal: str) -> None:
    """A bound member acts for their own unit only; leaders and admins for any unit.
    `refusal` ({own}, {unit}) is the feature's own wording."""
    member = ctx.member
    if member is not None and member.unit_id not in (None, unit.id) and not is_leader(ctx):
        own = ctx.session.get(Unit, member.unit_id)
        raise UserError(refusal.format(own=own.name, unit=unit.name))


async def require_leader(ctx: Context, incoming: Incoming) -> None:
    if not is_leader(ctx):
        raise UserError(T.LEADER_ONLY)


def is_enrolled(group: Group | None) -> bool:
    return group is not None and group.enrolled_at is not None


async def may_approve_bind(ctx: Context, incoming: Incoming, unit_id: int, *, unsure: bool | None = None) -> bool:
    """An organisation admin anywhere; a Telegram administrator of this enrolled group for
    the units it serves. When the platform cannot tell: `unsure` if given, else a refusal
    saying so."""
    if is_org_admin(ctx):
        return True
    group = ctx.group
    if incoming.chat_type == "private" or not is_enrolled(group) or group.role != "duty" \
            or not people.on_roster(session=ctx.session, group=group, unit_id=unit_id):
        return False
    verdict = await ctx.platform.is_chat_admin(incoming.chat_id, incoming.sender_id)
    if verdict is None:
        if unsure is None:
            raise UserError(T.CANNOT_CHECK_ADMIN)
        return unsure
    return verdict


def require_group(ctx: Context):
    if ctx.group is None:
        raise UserError(T.GROUP_ONLY if ctx.private else T.NOT_SET_UP)
    return ctx.group


def named_or_own_unit(ctx: Context, named: str | None, *, unknown: str, no_unit: str):
    """The unit a message names (by name or alias), else the sender's bound unit: a Unit,
    or the gazetteer's UnitName (both have id and name). `unknown` ({name}) and `no_unit`
    are the feature's own refusals."""
    if named:
        # the gazetteer holds active units; an inactive one is still found by a query
        unit = unit_named(ctx, named) or people.find_unit(session=ctx.session, name=named)
        if unit is None:
            raise UserError(unknown.format(name=named))
        return unit
    if ctx.member is not None and ctx.member.unit_id is not None:
        return ctx.session.get(Unit, ctx.member.unit_id)
    raise UserError(no_unit)
