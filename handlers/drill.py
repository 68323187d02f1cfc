"""Drills from the chat: a card with 签到 that counts each person once, unit head counts
typed in the group ("青石镇参演12人", by the unit's own liaison, a leader or an admin),
end / cancel, after-the-fact reports and /drills.

A drill takes sign-ins and unit figures from the moment its card is posted until it is
ended or cancelled, whatever the hour or its date. A message replying to the card goes to
that drill; one without a reply goes to the group's open drill, and with several open the
sender picks one with buttons (the figure waits in a conversation, so a button carries only
a drill id and works only for its sender).

The card is edited in place on every change; the Telegram adapter coalesces a burst of
edits (bot/telegram/coalesce.py), so handlers simply return the newest card each time."""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from handlers import detail
from handlers.access import (
    is_registered,
    named_or_own_unit,
    require_group,
    require_leader,
    require_own_unit,
)
from handlers.base import Button, Context, Incoming, Reply
from handlers.feature import Feature, UserError
from handlers.gazetteer import known_units
from handlers.texts import common as C
from handlers.texts import drill as T
from nlu import categories, dates, numbers
from nlu.intents import Intent, understand
from reports.facts import md
from storage import details, people, updates
from storage import drills as store
from storage.models import Drill, Group, Unit
from storage.stats import Scope

BACKFILL_DAYS = 30        # a new drill may be dated this far back, not further
AHEAD_DAYS = 366          # nor further ahead than this
PICK_LIMIT = 8            # open drills offered as buttons, latest first
FIGURE_WAIT = "drill.figure"   # conversation: a unit figure waiting for its sender's button
MAX_COUNT = 1_000_000     # beyond any drill: a typing slip, refused (and it keeps button data short)
_PART_OF_DAY = re.compile(r"(凌晨|早上|早晨|上午|中午|下午|傍晚|晚上)\s+")


@dataclass
class DrillInput:
    title: str
    day: date | None
    clock: tuple[int, int] | None
    place: str
    drill_type: str
    held: bool = False
    participants: int | None = None
    bad_date: bool = False


def _tz(group: Group) -> ZoneInfo:
    return ZoneInfo(group.timezone)


def _today(ctx: Context, group: Group, incoming: Incoming | None = None) -> date:
    moment = (incoming.sent_at if incoming else None) or ctx.clock.now()
    return moment.astimezone(_tz(group)).date()


# ---- reading what the organiser wrote ---------------------------------------------------

def parse_command(args: str, today: date) -> DrillInput | None:
    """"防汛抢险应急演练 6月20日 9:00 青石镇水库": the first plain word is the title, the
    date and time words are found anywhere, what is left is the place. A single phrase
    without spaces is read like a chat message. None: nothing that names a drill."""
    tokens = _PART_OF_DAY.sub(r"\1", args).split()
    if len(tokens) == 1:
        intent = understand(args, datetime.combine(today, time(12, 0), tzinfo=dates.SHANGHAI))
        if intent.name == "drill":
            return from_intent(intent)
    day, clock, rest, bad = None, None, [], False
    for token in tokens:
        found_day, found_clock = dates.parse_day(token, today), dates.find_clock(token)
        bad = bad or dates.has_invalid_day(token, today)
        day = day or found_day
        clock = clock or found_clock
        if found_day is None and found_clock is None and not dates.has_invalid_day(token, today):
            rest.append(token)
    if not rest:
        return None
    title = rest[0]
    return DrillInput(title=title, day=day, clock=clock, place=" ".join(rest[1:]),
                      drill_type=categories.drill_type(title, args), bad_date=bad)


def from_intent(intent: Intent) -> DrillInput:
    when = intent.extra.get("time")
    return DrillInput(title=intent.extra.get("title") or "应急演练", day=intent.fields.get("date"),
                      clock=(when.hour, when.minute) if when else None, place=intent.extra.get("place") or "",
                      drill_type=intent.fields.get("drill_type", "综合"), held=bool(intent.extra.get("held")),
                      participants=intent.fields.get("participants"),
                      bad_date=intent.extra.get("error") == "invalid_date")


def _check_day(found: DrillInput, today: date) -> date:
    if found.bad_date:
        raise UserError(T.BAD_DATE)
    day = found.day or (today if found.held else None)
    if day is None:
        raise UserError(T.NO_DATE.format(title=found.title))
    if (today - day).days > BACKFILL_DAYS:
        raise UserError(T.TOO_OLD.format(day=md(day), days=BACKFILL_DAYS))
    if (day - today).days > AHEAD_DAYS:
        raise UserError(T.TOO_FAR.format(day=md(day)))
    return day


# ---- the card ----------------------------------------------------------------------------

def _when_text(drill: Drill, group: Group) -> str:
    if drill.planned_at is None:
        return f"{md(drill.drill_date)} {T.UNDECIDED_TIME}"
    return f"{md(drill.drill_date)} {drill.planned_at.astimezone(_tz(group)):%H:%M}"


CARD_UNITS = 30     # a province-wide drill has hundreds: the card stays one screen, under 4,096


def _by_unit(tally: store.Tally) -> str:
    order = [u for u in sorted(tally.by_unit, key=lambda u: (u is None, u or 0)) if tally.by_unit[u] > 0]
    items = "、".join(f"{tally.names.get(u, T.NO_UNIT_NAME) if u else T.NO_UNIT_NAME} {tally.by_unit[u]}人"
                      for u in order[:CARD_UNITS])
    if len(order) > CARD_UNITS:
        return T.CARD_BY_UNIT_MORE.format(items=items, units=len(order))
    return items


def card_text(ctx: Context, drill: Drill, group: Group, tally: store.Tally | None = None) -> str:
    """The card; `tally` when the caller has just counted the drill (one count a message)."""
    title = {store.HELD: T.CARD_TITLE_HELD, store.CANCELLED: T.CARD_TITLE_CANCELLED}.get(
        drill.status, T.CARD_TITLE_OPEN)
    lines = [title.format(title=drill.title), T.CARD_TYPE.format(type=drill.drill_type),
             T.CARD_TIME.format(when=_when_text(drill, group)),
             T.CARD_PLACE.format(place=drill.place or T.UNDECIDED_PLACE)]
    if drill.organiser_unit_id:
        organiser = ctx.session.get(Unit, drill.organiser_unit_id)
        lines.append(T.CARD_ORGANISER.format(unit=organiser.name))
    if drill.status == store.CANCELLED:
        return "\n".join(lines)
    tally = tally or store.tally(session=ctx.session, drill=drill)
    template = T.CARD_FINAL if drill.status == store.HELD else T.CARD_COUNT
    lines.append(template.format(count=tally.total))
    if tally.live:
        lines.append(T.CARD_BY_UNIT.format(items=_by_unit(tally)))
    elif drill.status == store.HELD and not tally.total:
        lines.append(T.CARD_NONE_SIGNED)
    if drill.status == store.OPEN_STATUS:
        lines.append(T.PLANNED_ACK)
    return "\n".join(lines)


DETAIL_RENEW = timedelta(days=1)    # an open card's 明细 is issued anew when it would expire sooner


def _buttons(ctx: Context, drill: Drill, group: Group, chat_id: int) -> list[list[Button]]:
    """An open card's: 签到 and 🔍 明细 beside it, 结束演练 below; none once ended or cancelled
    (the final card's 明细 is _manage's)."""
    if drill.status != store.OPEN_STATUS:
        return []
    return [[Button(T.BUTTON_SIGN, f"dr:sign:{drill.id}"), _live_detail(ctx, drill, group, chat_id)],
            [Button(T.BUTTON_END, f"dr:end:{drill.id}")]]


def _live_detail(ctx: Context, drill: Drill, group: Group, chat_id: int) -> Button:
    """The open card's 🔍 明细: the drill's sign-ins and unit figures so far (kind "drill_one",
    as the final card's), for the group's members in the card's chat. Issued when the card is
    posted and found again for every edit (an edit without it would drop it from the card);
    issued anew when it would expire within DETAIL_RENEW (a drill announced weeks ahead)."""
    now = ctx.clock.now()
    row = details.detail_for(session=ctx.session, kind="drill_one", chat_id=chat_id, key="drill", ref=drill.id,
                             valid_after=now + DETAIL_RENEW)
    if row is None:
        row = detail.issue(ctx.session, now, "drill_one", chat_id=chat_id, issued_to=0, start=drill.drill_date,
                           end=drill.drill_date, scope=Scope.of_group(group),
                           title=T.CARD_TITLE_OPEN.format(title=drill.title), drill_id=drill.id)
    [[button]] = detail.buttons(row.token)
    return button


def new_card(ctx: Context, drill: Drill, group: Group) -> Reply:
    """The card, posted in the group's chat (where the drill was announced)."""
    return Reply(card_text(ctx, drill, group), buttons=_buttons(ctx, drill, group, group.chat_id),
                 tag=("drill", drill.id))


def card_edit(ctx: Context, drill: Drill, group: Group, tally: store.Tally | None = None) -> list[Reply]:
    """The card again, edited in place with all its buttons (nothing when the card was
    never recorded)."""
    where = store.card_location(session=ctx.session, drill=drill)
    if where is None:
        return []
    return [Reply(card_text(ctx, drill, group, tally), buttons=_buttons(ctx, drill, group, where[0]),
                  chat_id=where[0], edit_message_id=where[1])]


# ---- creating ----------------------------------------------------------------------------

def _create(incoming: Incoming, ctx: Context, group: Group, found: DrillInput) -> list[Reply]:
    today = _today(ctx, group, incoming)
    day = _check_day(found, today)
    if found.participants is not None and not 0 < found.participants <= MAX_COUNT:
        raise UserError(T.BAD_COUNT)
    if store.same_drill(session=ctx.session, group_id=group.id, title=found.title[:200], drill_date=day):
        raise UserError(T.DUPLICATE.format(day=md(day), title=found.title))
    planned_at = (datetime.combine(day, time(*found.clock), tzinfo=_tz(group)) if found.clock else None)
    member = ctx.member
    drill = store.create_drill(
        session=ctx.session, group_id=group.id, title=found.title[:200], drill_type=found.drill_type, drill_date=day,
        planned_at=planned_at, place=found.place[:200], organiser_id=member.id if member else None,
        organiser_unit_id=member.unit_id if member else None, created_at=ctx.clock.now(), held=found.held,
        declared_participants=found.participants if found.held else None)
    if not found.held:
        return [new_card(ctx, drill, group)]
    template = T.HELD_ACK if found.participants else T.HELD_ACK_NO_COUNT
    return [Reply(template.format(day=md(day), title=drill.title, type=drill.drill_type,
                                  count=found.participants), reply_to=incoming.message_id)]


async def drill_command(incoming: Incoming, ctx: Context, args: str) -> list[Reply]:
    group = require_group(ctx)
    word = args.strip().lower()
    if word in ("end", "结束"):
        return await _manage_current(incoming, ctx, group, "end")
    if word in ("cancel", "取消"):
        return await _manage_current(incoming, ctx, group, "cancel")
    found = parse_command(args, _today(ctx, group, incoming)) if args.strip() else None
    if found is None:
        return [Reply(T.USAGE, reply_to=incoming.message_id)]
    found.held = False            # /drill announces; an after-the-fact report is free text
    return _create(incoming, ctx, group, found)


async def on_drill(incoming: Incoming, ctx: Context, intent: Intent) -> list[Reply] | None:
    """"定于6月20日上午9点在青石镇水库开展防汛抢险演练" or "今天上午开展了消防疏散演练，参演200余人"."""
    if ctx.group is None:
        return None
    found = from_intent(intent)
    if found.day is None and not found.held and not (found.clock or found.place):
        return None           # "请各单位做好演练准备": talk about drills, not an announcement
    return _create(incoming, ctx, ctx.group, found)


# ---- attendance ----------------------------------------------------------------------------

def _open_in_group(ctx: Context, group: Group, today: date) -> list[Drill]:
    found = store.open_drills(session=ctx.session, group_id=group.id)
    if not found:
        raise _no_drill(ctx, group, today)
    return found


def _no_drill(ctx: Context, group: Group, today: date) -> UserError:
    ended = store.ended_on(session=ctx.session, group_id=group.id, day=today)
    if ended:
        return UserError(T.ENDED_ALREADY.format(title=ended[-1].title))
    return UserError(T.NO_OPEN_DRILL)


def _open_drill(ctx: Context, drill_id: int) -> Drill:
    drill = store.get_drill(session=ctx.session, drill_id=drill_id)
    if drill is None or (ctx.group is not None and drill.group_id != ctx.group.id):
        raise UserError(T.DRILL_GONE)
    if drill.status == store.CANCELLED:
        raise UserError(T.CANCELLED_DRILL.format(title=drill.title))
    if drill.status == store.HELD:
        raise UserError(T.ENDED_ALREADY.format(title=drill.title))
    return drill


def _resolve_unit(ctx: Context, named: str | None) -> Unit | people.UnitName:
    unit = named_or_own_unit(ctx, named, unknown=T.UNKNOWN_UNIT, no_unit=T.NEED_UNIT)
    require_own_unit(ctx, unit, refusal=T.OTHER_UNIT)      # a liaison reports their own unit's figure
    return unit


def _pick(drills: list[Drill], action: str) -> list[list[Button]]:
    return [[Button(f"{md(d.drill_date)} {d.title}"[:40], f"dr:{action}:{d.id}")] for d in drills]


def _unit_and_count(incoming: Incoming, ctx: Context, intent: Intent) -> tuple[Unit | people.UnitName | None, int]:
    """(the unit whose figure this is, or None for a personal sign-in; the count)."""
    count, named = intent.fields.get("count", 1), intent.fields.get("unit")
    if count <= 0 or count > MAX_COUNT:
        raise UserError(T.BAD_COUNT)
    # "青石镇已到场" names no number: the sender signs in, the unit's figure is untouched
    stated = numbers.parse_count(incoming.text) is not None or bool(re.search(r"\d", incoming.text))
    if not stated or (named is None and count == 1):
        return None, count
    return _resolve_unit(ctx, named), count


async def on_attendance(incoming: Incoming, ctx: Context, intent: Intent,
                        drill: Drill | None = None) -> list[Reply] | None:
    """A typed sign-in or unit figure: for `drill` (the card replied to), else for the
    group's open drill; with several open, the sender is asked which."""
    if ctx.group is None:
        return None
    group = ctx.group
    unit, count = _unit_and_count(incoming, ctx, intent)
    drills = [drill] if drill else _open_in_group(ctx, group, _today(ctx, group, incoming))
    if len(drills) > 1:
        return _ask_which(incoming, ctx, drills, unit, count)
    if unit is None:
        return _sign(incoming, ctx, drills[0], button=False)
    return _figure(incoming, ctx, drills[0], unit, count, confirmed=False)


async def on_card_reply(incoming: Incoming, ctx: Context, card) -> list[Reply] | None:
    """A reply under a drill's card: a sign-in or unit figure for that drill (anything
    else is read as usual)."""
    intent = understand(incoming.text, incoming.sent_at or ctx.clock.now(), known_units(ctx))
    if intent.name != "attendance":
        return None
    return await on_attendance(incoming, ctx, intent, drill=_open_drill(ctx, card.ref_id))


def _ask_which(incoming: Incoming, ctx: Context, drills: list[Drill], unit, count: int) -> list[Reply]:
    offered = drills[:PICK_LIMIT]
    if unit is None:           # signing oneself in: the card's own 签到 data, nothing waits
        buttons = _pick(offered, "sign")
    else:
        _hold_figure(incoming, ctx, offered, unit, count, step="fig")
        buttons = _pick(offered, "fig")
    return [Reply(T.WHICH_DRILL.format(count=len(drills)), buttons=buttons, reply_to=incoming.message_id)]


def _hold_figure(incoming: Incoming, ctx: Context, drills: list[Drill], unit, count: int, *, step: str) -> None:
    """Keep a figure until its sender presses `step` ("fig": which drill, "ok": confirm a
    big number) on one of `drills`. The buttons carry only the drill: what is recorded is
    what was typed, and only for the person who typed it."""
    updates.start_conversation(
        session=ctx.session, chat_id=incoming.chat_id, user_id=incoming.sender_id, kind=FIGURE_WAIT,
        partial={"step": step, "unit_id": unit.id, "count": count, "drill_ids": [d.id for d in drills]},
        expires_at=ctx.clock.now() + timedelta(minutes=ctx.settings.conversation_minutes))


def _held_figure(incoming: Incoming, ctx: Context, drill_id: int, step: str) -> tuple[int, int]:
    """(unit id, count) of the figure the presser's own message left waiting for this
    button; a press by anyone else, of another list, or too late, is refused."""
    conv = updates.open_conversation(session=ctx.session, chat_id=incoming.chat_id, user_id=incoming.sender_id)
    held = conv.partial if conv is not None and conv.kind == FIGURE_WAIT else {}
    if held.get("step") != step or drill_id not in held.get("drill_ids", ()) or conv.expires_at <= ctx.clock.now():
        raise UserError(T.CHOICE_STALE)
    updates.end_conversation(session=ctx.session, conversation=conv)
    return int(held["unit_id"]), int(held["count"])


async def on_waiting(incoming: Incoming, ctx: Context, conv) -> list[Reply] | None:
    return None     # a figure waiting for a button asks nothing: the message is read as usual


def _sign(incoming: Incoming, ctx: Context, drill: Drill, *, button: bool) -> list[Reply]:
    if ctx.member is None:
        raise UserError(T.NOT_MEMBER)
    fresh = store.sign_in(session=ctx.session, drill=drill, member=ctx.member, signed_at=ctx.clock.now())
    # a new sign-in redraws the card from one tally; a repeat needs only the number
    tally = store.tally(session=ctx.session, drill=drill) if fresh else None
    total = tally.total if tally else store.head_count(session=ctx.session, drill=drill)
    name = ctx.member.name or incoming.sender_name
    if button:
        answer = Reply(alert=(T.SIGNED if fresh else T.ALREADY_SIGNED).format(count=total))
    else:
        template = T.SIGNED_TEXT if fresh else T.ALREADY_SIGNED_TEXT
        answer = Reply(template.format(name=name, title=drill.title, count=total), reply_to=incoming.message_id)
    return [answer] + (card_edit(ctx, drill, ctx.group, tally) if fresh else [])


def _figure(incoming: Incoming, ctx: Context, drill: Drill, unit: Unit | people.UnitName, count: int, *,
            confirmed: bool) -> list[Reply]:
    ceiling = ctx.settings.attendance_ceiling
    if count > ceiling and not confirmed:
        _hold_figure(incoming, ctx, [drill], unit, count, step="ok")
        buttons = [[Button(T.BUTTON_CONFIRM, f"dr:ok:{drill.id}"), Button(T.BUTTON_CANCEL, f"dr:no:{drill.id}")]]
        question = T.CONFIRM_BIG.format(unit=unit.name, count=count, ceiling=ceiling)
        if incoming.callback_data:      # asked after a pick: the question is a message of its own
            return [Reply(alert=question[:200]), Reply(question, buttons=buttons)]
        return [Reply(question, buttons=buttons, reply_to=incoming.message_id)]
    previous = store.set_unit_figure(session=ctx.session, drill_id=drill.id, unit_id=unit.id, head_count=count,
                                     recorded_at=ctx.clock.now()).replaced
    tally = store.tally(session=ctx.session, drill=drill)         # for the answer and the card
    total = tally.total
    if previous is None:
        text = T.UNIT_RECORDED.format(unit=unit.name, count=count, title=drill.title, total=total)
    else:
        text = T.UNIT_UPDATED.format(unit=unit.name, old=previous.head_count, count=count, title=drill.title,
                                     total=total)
    answer = Reply(alert=text[:200]) if incoming.callback_data else Reply(text, reply_to=incoming.message_id)
    return [answer] + card_edit(ctx, drill, ctx.group, tally)


async def on_edit(incoming: Incoming, ctx: Context) -> list[Reply] | None:
    """An edited "青石镇参演12人" → "…14人" is the unit's new figure (superseding the old)."""
    intent = understand(incoming.text, incoming.sent_at or ctx.clock.now(), known_units(ctx))
    if intent.name != "attendance":
        return None
    return await on_attendance(incoming, ctx, intent)


# ---- ending and cancelling -------------------------------------------------------------

async def _may_manage(incoming: Incoming, ctx: Context, drill: Drill) -> None:
    if ctx.member is not None and drill.organiser_id == ctx.member.id:
        return
    try:
        await require_leader(ctx, incoming)
    except UserError as refusal:
        if refusal.text == C.LEADER_ONLY:
            raise UserError(T.ORGANISER_ONLY) from None
        raise


async def _manage(incoming: Incoming, ctx: Context, drill: Drill, action: str) -> list[Reply]:
    if drill.status != store.OPEN_STATUS:
        state = T.STATE_HELD if drill.status == store.HELD else T.STATE_CANCELLED
        raise UserError(T.NOT_OPEN.format(title=drill.title, state=state))
    await _may_manage(incoming, ctx, drill)
    now = ctx.clock.now()
    tally = None
    if action == "end":
        store.end_drill(drill=drill, ended_at=now)
        tally = store.tally(session=ctx.session, drill=drill)      # for the answer and the card
        answer = Reply(alert=T.END_DONE_ALERT.format(count=tally.total)) if incoming.callback_data else \
            Reply(T.ENDED.format(title=drill.title, count=tally.total), reply_to=incoming.message_id)
    else:
        store.cancel_drill(drill=drill, cancelled_at=now)
        answer = Reply(alert=T.CANCELLED.format(title=drill.title)[:200]) if incoming.callback_data else \
            Reply(T.CANCELLED.format(title=drill.title), reply_to=incoming.message_id)
    edited = card_edit(ctx, drill, ctx.group, tally)
    if action == "end":         # the final card's 明细: its unit figures and every sign-in
        for reply in edited:
            reply.buttons = detail.button(incoming, ctx, "drill_one", drill.drill_date, drill.drill_date,
                                          Scope.of_group(ctx.group), reply.text, drill_id=drill.id)
    return [answer] + edited


async def _manage_current(incoming: Incoming, ctx: Context, group: Group, action: str) -> list[Reply]:
    today = _today(ctx, group, incoming)
    drills = store.open_drills(session=ctx.session, group_id=group.id)
    todays = [d for d in drills if d.drill_date == today]
    drills = todays if len(todays) == 1 else drills
    if not drills:
        raise UserError(T.NO_DRILL_TO_MANAGE)
    if len(drills) > 1:
        verb = T.ACTION_END if action == "end" else T.ACTION_CANCEL
        return [Reply(T.WHICH_DRILL_END.format(count=len(drills), action=verb), buttons=_pick(drills, action),
                      reply_to=incoming.message_id)]
    return await _manage(incoming, ctx, drills[0], action)


# ---- buttons -----------------------------------------------------------------------------

def _ints(parts: list[str], n: int) -> list[int]:
    # at most 9 digits: a forged id beyond PostgreSQL's integer must not reach the database
    if len(parts) != n or not all(p.isdigit() and len(p) <= 9 for p in parts):
        raise UserError(C.BUTTON_EXPIRED)
    return [int(p) for p in parts]


async def on_button(incoming: Incoming, ctx: Context, payload: str) -> list[Reply]:
    action, *rest = payload.split(":")
    if action == "no":
        _drop_held_figure(incoming, ctx)
        return [Reply(alert=T.CONFIRM_DROPPED)]
    if not is_registered(ctx):
        return [Reply(alert=T.NOT_MEMBER)]      # a stranger's press writes nothing
    if ctx.group is None:
        raise UserError(C.NOT_SET_UP)
    if action == "sign":
        (drill_id,) = _ints(rest, 1)
        return _sign(incoming, ctx, _open_drill(ctx, drill_id), button=True)
    if action in ("end", "cancel"):
        (drill_id,) = _ints(rest, 1)
        drill = store.get_drill(session=ctx.session, drill_id=drill_id)
        if drill is None or drill.group_id != ctx.group.id:
            raise UserError(T.DRILL_GONE)
        return await _manage(incoming, ctx, drill, action)
    if action in ("fig", "ok"):
        (drill_id,) = _ints(rest, 1)
        unit_id, count = _held_figure(incoming, ctx, drill_id, action)
        drill = _open_drill(ctx, drill_id)
        unit = ctx.session.get(Unit, unit_id)
        if unit is None:
            raise UserError(T.CHOICE_STALE)
        require_own_unit(ctx, unit, refusal=T.OTHER_UNIT)     # the presser, now: a binding may have changed
        return _figure(incoming, ctx, drill, unit, count, confirmed=action == "ok")
    raise UserError(C.BUTTON_EXPIRED)


def _drop_held_figure(incoming: Incoming, ctx: Context) -> None:
    conv = updates.open_conversation(session=ctx.session, chat_id=incoming.chat_id, user_id=incoming.sender_id)
    if conv is not None and conv.kind == FIGURE_WAIT:
        updates.end_conversation(session=ctx.session, conversation=conv)


# ---- the list ----------------------------------------------------------------------------

def _state(drill: Drill) -> str:
    return {store.HELD: T.LIST_STATE_HELD, store.CANCELLED: T.LIST_STATE_CANCELLED}.get(
        drill.status, T.LIST_STATE_PLANNED)


async def list_drills(incoming: Incoming, ctx: Context, args: str) -> list[Reply]:
    group = require_group(ctx)
    period = dates.resolve_period(args.strip() or "本月", _today(ctx, group, incoming))
    if period is None:
        raise UserError(T.BAD_PERIOD.format(text=args.strip()))
    start, end, label = period
    label = args.strip() or label
    found = store.drills_between(session=ctx.session, group_id=group.id, start=start, end=end)
    if not found:
        return [Reply(T.LIST_EMPTY.format(label=label, start=md(start), end=md(end)))]
    counted = store.tallies(session=ctx.session, drills=found)
    lines = [T.LIST_HEADER.format(label=label, start=md(start), end=md(end))]
    for i, d in enumerate(found, 1):
        place = T.LIST_PLACE.format(place=d.place) if d.place else ""
        template = T.LIST_LINE_CANCELLED if d.status == store.CANCELLED else T.LIST_LINE
        lines.append(template.format(i=i, day=md(d.drill_date), title=d.title, type=d.drill_type, place=place,
                                     state=_state(d), count=counted[d.id].total))
    stats = store.drill_stats(session=ctx.session, start=start, end=end, group_id=group.id)
    lines.append(T.LIST_TOTAL.format(held=stats.held, people=stats.participants))
    if stats.by_type:
        lines.append(T.LIST_BY_TYPE.format(items="、".join(f"{k}{v}次" for k, v in stats.by_type.items())))
    if stats.units_taking_part:
        lines.append(T.LIST_UNITS.format(items="、".join(stats.units_taking_part)))
    # 明细: each drill's unit figures and sign-ins (the group's drills, as listed here)
    buttons = detail.button(incoming, ctx, "drill_list", start, end, Scope.of_group(group), lines[0])
    return [Reply("\n".join(lines), buttons=buttons)]


feature = Feature(
    name="drill",
    commands={"/drill": drill_command, "/drills": list_drills},
    callbacks={"dr": on_button},
    replies={"drill": on_card_reply},
    conversations={"drill": on_waiting},
    intents={"drill": on_drill, "attendance": on_attendance},
    edits=[on_edit],
    menu=[("drill", "登记演练 / 结束演练"), ("drills", "演练情况，如 /drills 本月（附明细）")],
)
