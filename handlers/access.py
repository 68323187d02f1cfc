"""Who may do what. Roles live on Member; BOT_ADMINS and Telegram group administrators
count as admins too."""
from __future__ import annotations

from handlers.base import Context, Incoming
from handlers.feature import UserError
from handlers.gazetteer import unit_named
from handlers.texts import common as T
from storage import people
from storage.models import Unit

LEADERS = ("leader", "admin")


def is_registered(ctx: Context) -> bool:
    return ctx.is_bot_admin or (ctx.member is not None and (ctx.member.unit_id is not None
                                                           or ctx.member.role in LEADERS))


async def is_admin(ctx: Context, incoming: Incoming) -> bool | None:
    """True, False, or None when the platform could not be asked."""
    if ctx.is_bot_admin or (ctx.member is not None and ctx.member.role == "admin"):
        return True
    if incoming.chat_type == "private":
        return False
    return await ctx.platform.is_chat_admin(incoming.chat_id, incoming.sender_id)


async def require_admin(ctx: Context, incoming: Incoming) -> None:
    verdict = await is_admin(ctx, incoming)
    if verdict is None:
        raise UserError(T.CANNOT_CHECK_ADMIN)
    if not verdict:
        raise UserError(T.ADMIN_ONLY)


def is_leader(ctx: Context) -> bool:
    return ctx.is_bot_admin or (ctx.member is not None and ctx.member.role in LEADERS)


async def require_leader(ctx: Context, incoming: Incoming) -> None:
    if is_leader(ctx):
        return
    verdict = await ctx.platform.is_chat_admin(incoming.chat_id, incoming.sender_id) \
        if incoming.chat_type != "private" else False
    if verdict is None:
        raise UserError(T.CANNOT_CHECK_ADMIN)
    if not verdict:
        raise UserError(T.LEADER_ONLY)


def require_group(ctx: Context):
    if ctx.group is None:
        raise UserError(T.NOT_SET_UP)
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
