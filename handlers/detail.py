"""明细 behind every number: an answer that states figures carries a 🔍 明细 button; pressed,
it lists the records behind each figure, a page at a time, with 上一页 / 下一页 editing the
same message in place.

The button carries no query. What the answer covered (its kind, period and scope) and where
it was given (chat, to whom) is stored when the answer is given (storage/details.py); the
button holds only that row's random token ("dt:<token>", a page "dt:<token>:<n>"). Every
press is checked afresh: the row exists and belongs to this chat, it has not expired, the
presser may see here NOW at least that scope (storage.stats.covers: a leader demoted since,
a member whose unit changed, a unit taken off the roster are refused; a leader in the
leaders' group sees a group's pushed weekly draft), and the records are read anew within it.
A page press must come from a 明细 message of the same row (forged data cannot turn
another message of the chat into a page)."""
from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from handlers.access import is_leader
from handlers.base import Button, Context, Incoming, Reply
from handlers.detail_pages import SECTIONS, Asked, page
from handlers.feature import Feature
from handlers.scope import scope_for
from handlers.texts import detail as T
from storage import details as store
from storage import due, stats, updates
from storage.models import DetailIssue, Group, Unit

PREFIX = "dt"
TAG = "detail"              # the kind a 明细 message is recorded under (BotMessage)
PAGE_LINES = 12
KEEP = timedelta(days=7)    # a button works this long after its answer
# the answers only leaders are given: /summary's drafts, and what the scheduler pushes to the
# leaders' group (where any registered member may sit: a unit's member there sees none of it)
LEADER_KINDS = frozenset({"summary", "tally", "escalate", "overdue", "notice_one"})
TOKEN = re.compile(r"[A-Za-z0-9_-]{12}")       # storage/details.TOKEN_BYTES, URL-safe
_PAYLOAD = re.compile(rf"({TOKEN.pattern})(?::(\d{{1,6}}))?")


# ---- issuing ------------------------------------------------------------------------------

def scope_record(scope: stats.Scope) -> dict:
    return {"roster": scope.roster_group_id, "units": list(scope.unit_ids) if scope.unit_ids is not None else None,
            "group": scope.group_id}


def scope_of(record: dict) -> stats.Scope:
    units = record.get("units")
    return stats.Scope(roster_group_id=record.get("roster"), unit_ids=tuple(units) if units is not None else None,
                       group_id=record.get("group"))


def button(incoming: Incoming, ctx: Context, kind: str, start: date, end: date, scope: stats.Scope,
           title: str, *, drill_id: int | None = None, notice_id: int | None = None) -> list[list[Button]]:
    """The 明细 button row for an answer of `kind` covering start–end within `scope` (one
    drill's card: `drill_id`, one notice's tally: `notice_id`, kept beside the scope), given
    to its asker in this chat."""
    row = issue(ctx.session, ctx.clock.now(), kind, chat_id=incoming.chat_id, issued_to=incoming.sender_id,
                start=start, end=end, scope=scope, title=title, drill_id=drill_id, notice_id=notice_id)
    return buttons(row.token)


def issue(session, now: datetime, kind: str, *, chat_id: int, issued_to: int, start: date, end: date,
          scope: stats.Scope, title: str, drill_id: int | None = None,
          notice_id: int | None = None) -> DetailIssue:
    """The stored row behind a 明细 button for `chat_id` (a push names nobody: issued_to 0)."""
    if kind not in SECTIONS:
        raise ValueError(kind)
    record = scope_record(scope) | ({"drill": drill_id} if drill_id else {}) | \
        ({"notice": notice_id} if notice_id else {})
    return store.issue_detail(session=session, kind=kind, chat_id=chat_id, issued_to=issued_to, start=start,
                              end=end, scope=record, title=title.split("\n", 1)[0], at=now, expires_at=now + KEEP)


def buttons(token: str) -> list[list[Button]]:
    return [[Button(T.BUTTON, f"{PREFIX}:{token}")]]


# ---- pressing -----------------------------------------------------------------------------

async def on_press(incoming: Incoming, ctx: Context, payload: str) -> list[Reply]:
    found = _PAYLOAD.fullmatch(payload)
    row = pressed(ctx, incoming, found.group(1) if found else None)
    if isinstance(row, str):
        return [Reply(alert=row)]
    if found.group(2) is None:
        return _open(incoming, ctx, row)
    if not _is_page_of(incoming, ctx, row):
        return [Reply(alert=T.NOT_HERE)]
    shown = _page(ctx, row, int(found.group(2)))
    if shown is None:
        return [Reply(alert=T.NO_PAGE)]
    text, buttons = shown
    return [Reply(text, buttons=buttons, chat_id=incoming.chat_id, edit_message_id=incoming.message_id)]


def pressed(ctx: Context, incoming: Incoming, token: str | None) -> DetailIssue | str:
    """The row a button's token stands for when this presser may use it here now, else
    the refusal to show (the 明细 button and the 📊 图表 button share it)."""
    row = store.detail_by_token(session=ctx.session, token=token) if token else None
    if row is None or row.chat_id != incoming.chat_id:
        return T.NOT_HERE            # never issued, or issued elsewhere: nothing said
    if row.expires_at <= ctx.clock.now():
        return T.EXPIRED
    return _refusal(ctx, row) or row


def _refusal(ctx: Context, row: DetailIssue) -> str | None:
    """Why this presser may not see the row's records now (None: they may). What the
    presser may see, asking here now, must contain the scope the answer covered: a leader
    of the organisation (everything) sees a group's weekly draft pushed to the leaders'
    group; a member sees their own group's or unit's; a leader demoted since, a member
    whose unit changed, a unit taken off the roster, are refused."""
    if row.kind in LEADER_KINDS and not is_leader(ctx):
        return T.LEADER_ONLY
    issued = scope_of(row.scope)
    mine, _ = scope_for(ctx, None)      # a polite UserError for someone with no scope here
    if stats.covers(session=ctx.session, outer=mine, inner=issued):
        return None
    if issued.unit_ids is not None and len(issued.unit_ids) == 1:
        unit = ctx.session.get(Unit, issued.unit_ids[0])
        if unit is not None:
            scope_for(ctx, unit)        # says why that unit is not the presser's to see here
    return T.SCOPE_CHANGED


def _open(incoming: Incoming, ctx: Context, row: DetailIssue) -> list[Reply]:
    """Page 1 as a new message under the answer; a second press shows the first again in place."""
    text, buttons = _page(ctx, row, 1)
    shown = updates.first_sent(session=ctx.session, kind=TAG, ref_id=row.id)
    if shown is not None and shown.chat_id == incoming.chat_id:
        return [Reply(alert=T.SHOWN_BELOW),
                Reply(text, buttons=buttons, chat_id=incoming.chat_id, edit_message_id=shown.message_id)]
    return [Reply(text, buttons=buttons, reply_to=incoming.message_id, tag=(TAG, row.id))]


def _is_page_of(incoming: Incoming, ctx: Context, row: DetailIssue) -> bool:
    if incoming.message_id is None:
        return False
    sent = updates.bot_message(session=ctx.session, chat_id=incoming.chat_id, message_id=incoming.message_id)
    return sent is not None and sent.kind == TAG and sent.ref_id == row.id


def _asked(ctx: Context, row: DetailIssue) -> Asked:
    """The row's period and scope seen now. Days, timezone and deadline are those of the
    group whose records these are (a duty group's day pushed to the leaders' group keeps
    its own deadline), else of this chat's group."""
    now = ctx.clock.now()
    scope = scope_of(row.scope)
    owner = ctx.session.get(Group, scope.group_id) if scope.group_id is not None else None
    group = owner or ctx.group
    tz = group.timezone if group is not None else ctx.settings.timezone
    today = due.local_day(group, now) if group is not None else now.astimezone(ZoneInfo(tz)).date()
    return Asked(row.start, row.end, scope, today, tz,
                 group.deadline if group is not None else due.DEFAULT_DEADLINE,
                 due.deadline_passed(group, now, today), ctx.group.id if ctx.group is not None else None,
                 row.scope.get("drill"), row.scope.get("notice"))


def _page(ctx: Context, row: DetailIssue, number: int) -> tuple[str, list[list[Button]]] | None:
    found = page(ctx.session, row.kind, _asked(ctx, row), number, PAGE_LINES)
    if found is None:
        return None
    lines, pages = found
    text = "\n".join([T.HEADER.format(title=row.title), *lines, T.PAGE.format(page=number, pages=pages)])
    nav = []
    if number > 1:
        nav.append(Button(T.PREVIOUS, f"{PREFIX}:{row.token}:{number - 1}"))
    if number < pages:
        nav.append(Button(T.NEXT, f"{PREFIX}:{row.token}:{number + 1}"))
    return text, [nav] if nav else []


feature = Feature(
    name="detail",
    callbacks={PREFIX: on_press},
)
