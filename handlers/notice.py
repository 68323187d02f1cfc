"""Notices with 收到 receipts (上传下达): an admin or leader sends /notice <text> (or
"发通知：…"); every duty group gets it with a 收到 button; each member's first tap is
recorded; the sender's tally (by unit) is edited in place; groups with units not yet
acknowledged get one reminder later (handlers/reminders.py)."""
from __future__ import annotations

import re
from datetime import timedelta
from zoneinfo import ZoneInfo

from handlers import detail
from handlers.access import is_leader
from handlers.base import Button, Context, Incoming, Reply
from handlers.feature import Feature, UserError
from handlers.reminders import DEFAULTS
from handlers.scope import scope_for
from handlers.texts import common as C
from handlers.texts import notice as T
from storage import notices as store
from storage import details, pushes, updates
from storage.models import Notice

MAX_TEXT = 1000
_ID = re.compile(r"[0-9]{1,9}")     # button data is forged at will: no overflow, no Unicode digits


def tally_text(ctx: Context, notice_id: int, sent_at) -> str:
    groups = store.tally(session=ctx.session, notice_id=notice_id)
    acked, expected = sum(g.acknowledged for g in groups), sum(g.units for g in groups)
    when = sent_at.astimezone(ZoneInfo(ctx.settings.timezone)).strftime("%m-%d %H:%M")
    lines = [T.TALLY_HEADER.format(at=when, acked=acked, expected=expected)]
    for g in groups:
        line = T.TALLY_GROUP.format(title=g.title, acked=g.acknowledged, expected=g.units)
        if g.waiting:
            line += T.TALLY_WAITING.format(units="、".join(g.waiting[:30]) + ("等" if len(g.waiting) > 30 else ""))
        lines.append(line)
    if expected and acked == expected:
        lines.append(T.TALLY_ALL)
    return "\n".join(lines)


async def send_notice(incoming: Incoming, ctx: Context, text: str) -> list[Reply]:
    if not is_leader(ctx):
        raise UserError(T.NOT_ALLOWED)
    text = text.strip()
    if not text:
        raise UserError(T.USAGE)
    if len(text) > MAX_TEXT:
        raise UserError(T.TOO_LONG.format(limit=MAX_TEXT))
    every = pushes.duty_groups(session=ctx.session)
    if not every:
        raise UserError(T.NO_GROUPS)
    groups, text = _chosen(text, every)
    if not text:
        raise UserError(T.USAGE)
    now = ctx.clock.now()
    notice, _ = store.create_notice(session=ctx.session, sender_user_id=incoming.sender_id,
                                    sender_chat_id=incoming.chat_id, text=text, groups=groups, at=now,
                                    remind_after=int(DEFAULTS["notice_after"]))
    sender = (ctx.member.name if ctx.member else "") or incoming.sender_name
    button = [[Button(T.BUTTON_ACK, f"nt:{notice.id}")]]
    replies = [Reply(T.NOTICE.format(sender=sender, text=text), chat_id=g.chat_id, buttons=button) for g in groups]
    replies.append(Reply(T.SENT.format(count=len(groups)) + "\n" + tally_text(ctx, notice.id, now),
                         chat_id=incoming.chat_id, tag=("notice_tally", notice.id),
                         buttons=_issue_detail(incoming, ctx, notice)))
    return replies


def _issue_detail(incoming: Incoming, ctx: Context, notice: Notice):
    """The tally's 🔍 明细 (each unit's first 收到, or none yet): for leaders, in this chat,
    within what the sender may see here (a duty group's tally lists that group's units)."""
    scope, _ = scope_for(ctx, None)
    day = notice.created_at.astimezone(ZoneInfo(ctx.settings.timezone)).date()
    text = notice.text.replace("\n", " ")
    title = T.DETAIL_TITLE.format(text=text[:20] + ("…" if len(text) > 20 else ""))
    # the notice's own day, a day either side (a group's timezone may differ); the notice's id
    # narrows it, and its edits find the row by that id (_detail_of).
    row = detail.issue(ctx.session, notice.created_at, "notice_one", chat_id=incoming.chat_id,
                       issued_to=incoming.sender_id, start=day - timedelta(days=1), end=day + timedelta(days=1),
                       scope=scope, title=title, notice_id=notice.id)
    return detail.buttons(row.token)


def _detail_of(ctx: Context, notice_id: int, chat_id: int):
    """The tally's 明细 button again for its edit (an edit without it drops the keyboard)."""
    row = details.detail_for(session=ctx.session, kind="notice_one", chat_id=chat_id, key="notice", ref=notice_id)
    return detail.buttons(row.token) if row is not None else []


def _chosen(text: str, every: list) -> tuple[list, str]:
    """Leading "@群名" words choose the groups (duty groups only, by title); none: all."""
    words = text.split()
    named = []
    while words and words[0].startswith("@") and len(words[0]) > 1:
        named.append(words.pop(0)[1:])
    if not named:
        return every, text
    by_title = {g.title: g for g in every}
    unknown = [n for n in named if n not in by_title]
    if unknown:
        raise UserError(T.UNKNOWN_GROUPS.format(names="、".join(unknown)))
    return list({by_title[n].id: by_title[n] for n in named}.values()), " ".join(words)


async def notice_command(incoming: Incoming, ctx: Context, args: str) -> list[Reply]:
    return await send_notice(incoming, ctx, args)


async def before_text(incoming: Incoming, ctx: Context) -> list[Reply] | None:
    """"发通知：…" typed as a message."""
    text = incoming.text.strip()
    for trigger in T.TRIGGERS:
        if text.startswith(trigger):
            return await send_notice(incoming, ctx, text[len(trigger):])
    return None


async def on_ack(incoming: Incoming, ctx: Context, payload: str) -> list[Reply]:
    """收到: only under a notice sent to this very chat, only from a bound member."""
    delivered = store.delivery(session=ctx.session, notice_id=int(payload),
                               chat_id=incoming.chat_id) if _ID.fullmatch(payload) else None
    if delivered is None:
        return [Reply(alert=C.BUTTON_EXPIRED)]
    notice_id = int(payload)
    member = ctx.member
    if member is None or member.unit_id is None:
        return [Reply(alert=T.NOT_BOUND)]
    first = store.record_receipt(session=ctx.session, notice_id=notice_id, group_id=delivered.group_id,
                                 member_id=member.id, unit_id=member.unit_id, at=ctx.clock.now())
    if not first:
        return [Reply(alert=T.ACKED_BEFORE)]
    replies = [Reply(alert=T.ACKED)]
    where = updates.first_sent(session=ctx.session, kind="notice_tally", ref_id=notice_id)
    if where is not None:
        sent_at = store.notice_sent_at(session=ctx.session, notice_id=notice_id)
        replies.append(Reply(tally_text(ctx, notice_id, sent_at), chat_id=where.chat_id,
                             edit_message_id=where.message_id, buttons=_detail_of(ctx, notice_id, where.chat_id)))
    return replies


feature = Feature(
    name="notice",
    commands={"/notice": notice_command},
    callbacks={"nt": on_ack},
    before_text=before_text,
    menu=[("notice", "下发通知（管理员、领导）：/notice 内容")],
)
