"""What a person may see in a chat: the scope an answer covers (the ask feature's
questions) and the one a button re-checks on every press (明细, charts)."""
from __future__ import annotations

from handlers.access import is_leader
from handlers.base import Context
from handlers.feature import UserError
from handlers.texts import ask as T
from storage import people, stats
from storage.models import Unit


def scope_for(ctx: Context, unit) -> tuple[stats.Scope, str]:
    """What this person may see here, narrowed to `unit` when one is named."""
    group = ctx.group
    if group is None:                       # a private chat: leaders see all, others their unit
        if unit is not None and is_leader(ctx):
            return stats.Scope.of_units([unit.id]), f"（{unit.name}）"
        if is_leader(ctx):
            return stats.Scope.everything(), f"（{T.SCOPE_ALL}）"
        if ctx.member is None or ctx.member.unit_id is None:
            raise UserError(T.NOT_REGISTERED_UNIT)
        own = ctx.session.get(Unit, ctx.member.unit_id)
        if unit is not None and unit.id != own.id:
            raise UserError(T.OTHER_GROUP_UNIT.format(unit=unit.name))
        return stats.Scope.of_units([own.id]), f"（{own.name}）"
    if unit is not None:
        if not people.on_roster(session=ctx.session, group=group, unit_id=unit.id):
            raise UserError(T.OTHER_GROUP_UNIT.format(unit=unit.name))
        return stats.Scope.of_units([unit.id]), f"（{unit.name}）"
    if group.role == "leaders":
        return stats.Scope.everything(), f"（{T.SCOPE_ALL}）"
    return stats.Scope.of_group(group), ""


