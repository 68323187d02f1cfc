"""Enrolment: /enable and /disable a group, /groups lists the enrolled ones. Organisation
admins only; the runner lets an admin's /enable through in a group not yet enrolled."""
from __future__ import annotations

from handlers.access import is_enrolled, require_admin
from handlers.base import Context, Incoming, Reply
from handlers.feature import Feature, UserError
from handlers.texts import common as C
from handlers.texts import groups as T
from storage import people


async def enable(incoming: Incoming, ctx: Context, args: str) -> list[Reply]:
    if incoming.chat_type == "private":
        raise UserError(C.PRIVATE_ONLY_GROUP)
    await require_admin(ctx, incoming)
    if is_enrolled(ctx.group) and not ctx.session.info.get("enrolled_now"):
        return [Reply(T.ALREADY_ENABLED)]
    ctx.group = people.enrol_group(session=ctx.session, chat_id=incoming.chat_id,
                                   title=incoming.chat_title or "", by=incoming.sender_id, at=ctx.clock.now())
    ctx.session.info.pop("enrolled_now", None)      # said once, here
    return [Reply(T.ENABLED)]


async def disable(incoming: Incoming, ctx: Context, args: str) -> list[Reply]:
    if incoming.chat_type == "private":
        raise UserError(C.PRIVATE_ONLY_GROUP)
    await require_admin(ctx, incoming)
    if not is_enrolled(ctx.group):
        raise UserError(T.NOT_ENABLED_HERE)
    people.disenrol_group(group=ctx.group)
    return [Reply(T.DISABLED)]


async def list_groups(incoming: Incoming, ctx: Context, args: str) -> list[Reply]:
    await require_admin(ctx, incoming)
    groups = people.enrolled_groups(session=ctx.session)
    if not groups:
        return [Reply(T.GROUPS_EMPTY)]
    lines = [T.GROUPS_HEADER.format(count=len(groups))]
    for i, group in enumerate(groups, 1):
        leaders = group.role == "leaders"
        units = len(people.roster(session=ctx.session, group=group))
        lines.append(T.GROUPS_LINE.format(i=i, title=group.title, chat_id=group.chat_id, units=units,
                                          kind=T.KIND_LEADERS if leaders else T.KIND_DUTY))
    return [Reply("\n".join(lines))]


feature = Feature(
    name="groups",
    commands={"/enable": enable, "/disable": disable, "/groups": list_groups},
    menu=[("enable", "管理员：启用本群"), ("disable", "管理员：停用本群"), ("groups", "管理员：已启用的群")],
)
