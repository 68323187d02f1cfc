"""Registration and rosters: /start /help /addunit /units /bind /role."""
from __future__ import annotations

import re

from handlers.access import may_approve_bind, require_admin, require_group, require_root
from handlers.base import Button, Context, Incoming, Reply
from handlers.feature import Feature, UserError
from handlers.texts import admin as T
from handlers.texts import common as C
from storage import people

UNIT_NAME = re.compile(r"^[^\s/@#]{1,30}$")


async def start(incoming: Incoming, ctx: Context, args: str) -> list[Reply]:
    if incoming.chat_type == "private":
        return [Reply(C.START_PRIVATE)]
    text = C.START_GROUP
    if ctx.platform.can_read_all_group_messages is False:
        text = C.PRIVACY_WARNING + "\n\n" + text
    return [Reply(_with_mention_help(incoming, text))]


async def help_(incoming: Incoming, ctx: Context, args: str) -> list[Reply]:
    # in a group, its own deadline: it is set per group with /remind 截止
    text = C.HELP_IN.format(deadline=ctx.group.deadline) if ctx.group is not None else C.HELP
    return [Reply(_with_mention_help(incoming, text))]


def _with_mention_help(incoming: Incoming, text: str) -> str:
    # In a DingTalk group only messages that @-mention the robot reach it.
    return text + "\n\n" + C.MENTION_HELP if incoming.platform == "dingtalk" else text


def _split_names(args: str) -> list[str]:
    return [p for p in re.split(r"[\s,，、;；]+", args) if p]


async def addunit(incoming: Incoming, ctx: Context, args: str) -> list[Reply]:
    if incoming.chat_type == "private":
        raise UserError(C.PRIVATE_ONLY_GROUP)
    await require_admin(ctx, incoming)
    names = _split_names(args)
    if not names:
        raise UserError(T.ADDUNIT_USAGE)
    if not all(UNIT_NAME.match(n) for n in names):
        raise UserError(T.UNIT_NAME_BAD)
    group = require_group(ctx)
    known = people.find_unit(session=ctx.session, name=names[0])
    for alias in names[1:]:     # an alias never shadows another unit's name or alias
        other = people.name_taken(session=ctx.session, name=alias, unit_id=known.id if known else None)
        if other is not None:
            raise UserError(T.ALIAS_TAKEN.format(alias=alias, unit=other.name))
    unit, new = people.add_unit_to_roster(session=ctx.session, group=group, name=names[0], aliases=names[1:])
    aliases = T.ALIASES.format(aliases="、".join(unit.aliases)) if unit.aliases else ""
    template = T.UNIT_ADDED if new else T.UNIT_ALREADY
    return [Reply(template.format(unit=unit.name, aliases=aliases))]


async def units(incoming: Incoming, ctx: Context, args: str) -> list[Reply]:
    group = require_group(ctx)
    roster = people.roster(session=ctx.session, group=group)
    if not roster:
        return [Reply(T.UNITS_EMPTY)]
    lines = [T.UNITS_HEADER.format(count=len(roster), deadline=group.deadline)]
    for i, unit in enumerate(roster, 1):
        aliases = T.ALIASES.format(aliases="、".join(unit.aliases)) if unit.aliases else ""
        lines.append(T.UNITS_LINE.format(i=i, name=unit.name, aliases=aliases))
    return [Reply("\n".join(lines))]


def _roster_unit(ctx: Context, name: str):
    group = require_group(ctx)
    roster = people.roster(session=ctx.session, group=group)
    for unit in roster:
        if name == unit.name or name in unit.aliases:
            return unit
    listing = "、".join(u.name for u in roster) or "（空）"
    raise UserError(T.BIND_UNKNOWN.format(name=name, roster=listing))


async def bind(incoming: Incoming, ctx: Context, args: str) -> list[Reply]:
    if incoming.chat_type == "private":
        raise UserError(C.PRIVATE_ONLY_GROUP)
    name = args.strip()
    if not name:
        raise UserError(T.BIND_USAGE)
    unit = _roster_unit(ctx, name)
    who = incoming.sender_name or str(incoming.sender_id)
    if await may_approve_bind(ctx, incoming, unit.id, unsure=False):     # unsure: ask an admin
        ctx.member = people.bind_member(session=ctx.session, user_id=incoming.sender_id, name=who,
                                        username=incoming.sender_username, unit=unit)
        return [Reply(T.BIND_DONE.format(name=who, unit=unit.name), reply_to=incoming.message_id)]
    req = people.open_bind_request(session=ctx.session, user_id=incoming.sender_id, name=who,
                                   username=incoming.sender_username, unit=unit, chat_id=incoming.chat_id)
    username = f"（@{incoming.sender_username}）" if incoming.sender_username else ""
    card = Reply(T.BIND_REQUEST_CARD.format(name=who, username=username, unit=unit.name),
                 buttons=[[Button(T.BIND_APPROVE, f"bind:ok:{req.id}"), Button(T.BIND_REJECT, f"bind:no:{req.id}")]])
    return [Reply(T.BIND_PENDING.format(name=who, unit=unit.name), reply_to=incoming.message_id), card]


async def bind_button(incoming: Incoming, ctx: Context, payload: str) -> list[Reply]:
    verdict, _, raw_id = payload.partition(":")
    if verdict not in ("ok", "no") or not raw_id.isdigit():
        return [Reply(alert=C.BUTTON_EXPIRED)]
    req = people.get_bind_request(session=ctx.session, request_id=int(raw_id))
    if req is None or req.chat_id != incoming.chat_id:
        return [Reply(alert=C.BUTTON_EXPIRED)]
    if not await may_approve_bind(ctx, incoming, req.unit_id):
        raise UserError(T.BIND_APPROVER_ONLY)
    if req.status != "pending":
        return [Reply(alert=T.BIND_ALREADY_DECIDED)]
    req.status = "approved" if verdict == "ok" else "rejected"
    req.decided_by = incoming.sender_id
    unit = ctx.session.get(people.Unit, req.unit_id)
    if verdict == "ok":
        people.bind_member(session=ctx.session, user_id=req.user_id, name=req.name,
                           username=req.username, unit=unit)
        text = T.BIND_APPROVED.format(name=req.name, unit=unit.name)
    else:
        text = T.BIND_REJECTED.format(name=req.name, unit=unit.name)
    return [Reply(text, edit_message_id=incoming.message_id), Reply(alert=text)]


async def role(incoming: Incoming, ctx: Context, args: str) -> list[Reply]:
    await require_admin(ctx, incoming)
    parts = args.split()
    if len(parts) != 2 or parts[1] not in people.ROLES:
        raise UserError(T.ROLE_USAGE)
    member = people.find_member_by_handle(session=ctx.session, handle=parts[0])
    if member is None:
        raise UserError(T.ROLE_UNKNOWN_MEMBER.format(who=parts[0]))
    if "admin" in (parts[1], member.role):      # root admins alone appoint (and remove) org admins
        require_root(ctx)
    people.set_role(member=member, role=parts[1])
    return [Reply(T.ROLE_DONE.format(name=member.name, role=T.ROLE_NAMES[parts[1]]))]


feature = Feature(
    name="admin",
    commands={"/start": start, "/help": help_, "/addunit": addunit, "/units": units,
              "/bind": bind, "/role": role},
    callbacks={"bind": bind_button},
    public=frozenset({"/start", "/help", "/bind"}),
    menu=[("help", "使用说明"), ("bind", "绑定单位：/bind 单位名"), ("units", "本群值班名单"),
          ("addunit", "管理员：添加单位"), ("role", "管理员：设置角色")],
)
