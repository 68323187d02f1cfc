"""Hazards (隐患): a one-message report becomes a card; missing place or description is
asked for; replies and buttons under the card move it 待整改 → 整改中 → 已整改 → 已销号;
/hazards lists the open ones, /hazard YH-… shows one with its history, /ledger exports
the 台账."""
from __future__ import annotations

import io
import re
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from handlers.access import is_admin, is_leader, require_group, require_leader
from handlers.base import Button, Context, Incoming, OutFile, Reply
from handlers.duty import group_today, md
from handlers.feature import Feature, UserError
from handlers.gazetteer import known_units
from handlers.texts import common as C
from handlers.texts import hazard as T
from nlu import categories as cats
from nlu.dates import resolve_period
from nlu.intents import Intent, understand
from nlu.units import match_unit
from reports.xlsx import LedgerRow, write_ledger
from storage import hazards as store
from storage import people, updates
from storage.models import Conversation, Group, Hazard, Member

KIND = "hazard"
CONV_MINUTES = 30
LIST_LIMIT = 30
PICK_LIMIT = 8
ZERO_DAYS = re.compile(r"(?:限期|期限)\s*[0０零]\s*(?:天|日|个工作日)")
TRIVIAL = re.compile(r"[\s，,。.；;：:、！!]|隐患|存在|问题|发现|检查|排查")
MEANT = re.compile(r"隐患|责任人|限期|整改|(?:检查|排查|巡查|督查)(?:中|时)?发现")
CODE = re.compile(r"^YH[-_－—]?(\d{8})[-_－—]?(\d{1,4})$", re.IGNORECASE)


# ---- small helpers -------------------------------------------------------------------

def _now(ctx: Context) -> datetime:
    return ctx.clock.now()


def _minutes(ctx: Context) -> int:
    """How long a question waits for its answer."""
    return int(getattr(ctx.settings, "conversation_minutes", CONV_MINUTES) or CONV_MINUTES)


def _member_id(ctx: Context) -> int | None:
    return ctx.member.id if ctx.member is not None else None


def _local(group: Group, moment: datetime) -> datetime:
    return moment.astimezone(ZoneInfo(group.timezone))


def _name(ctx: Context, member_id: int | None) -> str:
    member = ctx.session.get(Member, member_id) if member_id else None
    return member.name if member is not None and member.name else T.SOMEONE


_unit_ids: tuple[object, dict[str, int]] = ((), {})


def _unit_id_for(ctx: Context, place: str) -> int | None:
    """A hazard belongs to a unit when its place names a known unit ("白沙街道菜市场").
    The gazetteer the name was matched in carries the ids: no query to look it up again."""
    global _unit_ids
    name = match_unit(place, known_units(ctx)) if place else None
    if name is None:
        return None
    units = people.unit_gazetteer(session=ctx.session)
    if _unit_ids[0] is not units:
        _unit_ids = (units, {u.name: u.id for u in units})
    return _unit_ids[1].get(name)


def _description(intent: Intent, place: str | None) -> str | None:
    """The problem described, or None when the message only names a place."""
    text = (intent.extra.get("description") or "").strip()
    rest = text.replace(place, "") if place else text
    if len(TRIVIAL.sub("", rest)) < 2:
        return None
    # The card and the 台账 show the place apart: "宏达化工仓库危化品混存" → "危化品混存".
    return text[len(place):].lstrip("，,：: ") if place and text.startswith(place) else text


def _meant(text: str, partial: dict) -> bool:
    """A report says so (隐患, 限期, 检查发现…) or names a real place with its problem;
    chatter that merely mentions a risk gets neither a card nor a question."""
    if MEANT.search(text):
        return True
    return bool(partial["description"]) and len(partial["place"] or "") >= 4


def _check_deadline(deadline: date | None, rule: str | None, found: date) -> None:
    if rule and ZERO_DAYS.search(rule):
        raise UserError(T.DEADLINE_ZERO.format(rule=rule))
    if deadline is not None and deadline < found:
        raise UserError(T.DEADLINE_PAST.format(day=md(deadline)))


def _code_of(text: str) -> str | None:
    m = CODE.match(text.strip())
    return f"YH-{m.group(1)}-{int(m.group(2)):03d}" if m else None


# ---- the card ------------------------------------------------------------------------

def _state(hazard: Hazard, today: date) -> str:
    if hazard.status == store.RECTIFIED:
        return T.DONE_STATE
    if hazard.status == store.CLOSED:
        return T.CLOSED_STATE
    late = store.overdue_days(hazard, today)
    if late:
        return T.OVERDUE.format(days=late)
    if hazard.deadline == today:
        return T.DUE_TODAY
    return T.LEFT_DAYS.format(days=(hazard.deadline - today).days)


def card_text(ctx: Context, group: Group, hazard: Hazard, *, history: bool = False) -> str:
    today = group_today(group, _now(ctx))
    lines = [T.CARD_TITLE.format(code=hazard.code), T.CARD_PLACE.format(place=hazard.place),
             T.CARD_DESCRIPTION.format(description=hazard.description),
             T.CARD_CATEGORY.format(category="、".join(hazard.categories or [hazard.category])),
             T.CARD_LEVEL.format(level=hazard.level),
             T.CARD_RESPONSIBLE.format(responsible=hazard.responsible or T.UNSET)]
    if hazard.deadline is None:
        lines.append(T.CARD_NO_DEADLINE)
    else:
        lines.append(T.CARD_DEADLINE.format(deadline=md(hazard.deadline), left=_state(hazard, today)))
    lines.append(T.CARD_STATUS.format(status=hazard.status))
    when = _local(group, hazard.created_at).strftime("%m-%d %H:%M")
    lines.append(T.CARD_REPORTER.format(reporter=_name(ctx, hazard.reporter_id), when=when))
    if hazard.photos:
        lines.append(T.CARD_PHOTOS.format(count=len(hazard.photos)))
    if history:
        lines += ["", T.HISTORY] + [_history_line(ctx, group, e)
                                    for e in store.events_of(session=ctx.session, hazard_id=hazard.id)]
    elif hazard.status in store.PENDING:
        lines.append(T.CARD_HINT)
    return "\n".join(lines)


def _history_line(ctx: Context, group: Group, event) -> str:
    if not event.from_status:
        change = T.HISTORY_REPORTED
    elif event.from_status == event.to_status:
        change = T.HISTORY_PHOTO
    else:
        change = f"{event.from_status}→{event.to_status}"
    note = f"：{event.note}" if event.note and event.note not in (T.HISTORY_REPORTED, T.HISTORY_PHOTO) else ""
    return T.HISTORY_LINE.format(when=_local(group, event.at).strftime("%m-%d %H:%M"),
                                 who=_name(ctx, event.actor_id), change=change, note=note,
                                 photo=T.HISTORY_WITH_PHOTO if event.photo else "")


def card_buttons(hazard: Hazard) -> list[list[Button]]:
    def b(label: str, action: str) -> Button:
        return Button(label, f"hz:{action}:{hazard.id}")
    if hazard.status == store.TO_RECTIFY:
        return [[b(T.BTN_PROGRESS, "prog"), b(T.BTN_DONE, "done"), b(T.BTN_PHOTO, "photo")]]
    if hazard.status == store.IN_PROGRESS:
        return [[b(T.BTN_DONE, "done"), b(T.BTN_PHOTO, "photo")]]
    if hazard.status == store.RECTIFIED:
        return [[b(T.BTN_CLOSE, "close"), b(T.BTN_REOPEN, "reopen"), b(T.BTN_PHOTO, "photo")]]
    return [[b(T.BTN_REOPEN_CLOSED, "reopen")]]


def card(ctx: Context, group: Group, hazard: Hazard, *, reply_to: int | None = None,
         edit: int | None = None, history: bool = False) -> Reply:
    return Reply(card_text(ctx, group, hazard, history=history), buttons=card_buttons(hazard),
                 reply_to=reply_to, edit_message_id=edit, tag=None if edit else (KIND, hazard.id))


# ---- reporting -----------------------------------------------------------------------

def _partial(incoming: Incoming, ctx: Context, group: Group, intent: Intent) -> dict:
    place = (intent.extra.get("place") or intent.fields.get("unit") or "").strip() or None
    deadline = intent.fields.get("deadline")
    return {"place": place, "description": _description(intent, place),
            "categories": list(intent.extra.get("categories") or []),
            "level": intent.extra.get("level") or "一般",
            "responsible": intent.fields.get("responsible") or "",
            "deadline": deadline.isoformat() if deadline else None,
            "rule": intent.extra.get("deadline_rule"),
            "found": group_today(group, incoming.sent_at or _now(ctx)).isoformat(),
            "photos": list(incoming.photos), "message_id": incoming.message_id}


def _ask(incoming: Incoming, ctx: Context, partial: dict, step: str, question: str) -> list[Reply]:
    updates.start_conversation(session=ctx.session, chat_id=incoming.chat_id, user_id=incoming.sender_id,
                               kind=f"{KIND}.{step}", partial=partial,
                               expires_at=_now(ctx) + timedelta(minutes=_minutes(ctx)))
    return [Reply(question, reply_to=incoming.message_id)]


def _next_step(incoming: Incoming, ctx: Context, partial: dict,
               conv: Conversation | None = None) -> list[Reply]:
    """Ask for what is still missing, or file the hazard (ending conv, the question answered)."""
    if not partial.get("place"):
        return _ask(incoming, ctx, partial, "place", T.ASK_PLACE)
    if not partial.get("description"):
        return _ask(incoming, ctx, partial, "description", T.ASK_DESCRIPTION)
    if partial.get("stepwise") and not partial.get("asked_more"):
        return _ask(incoming, ctx, {**partial, "asked_more": True}, "more", T.ASK_MORE)
    return _file(incoming, ctx, partial, conv)


def _file(incoming: Incoming, ctx: Context, partial: dict, conv: Conversation | None = None) -> list[Reply]:
    """File the hazard; the question that led here (conv), or one left open, is over."""
    group = require_group(ctx)
    found = date.fromisoformat(partial["found"])
    deadline = date.fromisoformat(partial["deadline"]) if partial.get("deadline") else None
    _check_deadline(deadline, partial.get("rule"), found)
    place = partial["place"][:200]
    categories = partial.get("categories") or cats.hazard_categories(f"{place}{partial['description']}")
    new = store.NewHazard(place=place, description=partial["description"], categories=categories,
                          level=partial.get("level") or "一般", responsible=partial.get("responsible") or "",
                          deadline=deadline, unit_id=_unit_id_for(ctx, place), photos=tuple(partial.get("photos") or ()))
    hazard = store.create_hazard(session=ctx.session, group=group, new=new, found_date=found,
                                 reporter_id=_member_id(ctx), at=_now(ctx), chat_id=incoming.chat_id,
                                 message_id=partial.get("message_id"))
    if conv is None and ctx.waiting:    # a question may wait ("/hazard …" typed while one does)
        conv = updates.open_conversation(session=ctx.session, chat_id=incoming.chat_id, user_id=incoming.sender_id)
    if conv is not None and conv.kind.startswith(KIND + "."):
        updates.end_conversation(session=ctx.session, conversation=conv)
    return [card(ctx, group, hazard, reply_to=incoming.message_id)]


async def on_hazard(incoming: Incoming, ctx: Context, intent: Intent, *,
                    meant: bool = False) -> list[Reply] | None:
    group = require_group(ctx)
    partial = _partial(incoming, ctx, group, intent)
    if not (meant or _meant(incoming.text, partial)):
        return None   # "路上存在积水，大家注意" is chatter, not a report
    _check_deadline(intent.fields.get("deadline"), partial["rule"], date.fromisoformat(partial["found"]))
    return _next_step(incoming, ctx, partial)


def _fields_from(text: str, incoming: Incoming, ctx: Context) -> Intent:
    return understand(f"隐患：{text}", incoming.sent_at or _now(ctx), known_units(ctx))


def _merge(partial: dict, found: Intent, *, place_only: bool = False) -> dict:
    """Fill what the first message left out from an answer (its deadline, person, level)."""
    out = dict(partial)
    if place_only:
        return out
    deadline = found.fields.get("deadline")
    if deadline and not out.get("deadline"):
        out["deadline"], out["rule"] = deadline.isoformat(), found.extra.get("deadline_rule")
    if found.fields.get("responsible") and not out.get("responsible"):
        out["responsible"] = found.fields["responsible"]
    if found.fields.get("level") == "重大":
        out["level"] = "重大"
    return out


async def on_answer(incoming: Incoming, ctx: Context, conv: Conversation) -> list[Reply]:
    """The reporter answers the question the assistant asked."""
    text = incoming.text.strip()
    partial = dict(conv.partial)
    step = conv.kind.split(".", 1)[1]
    if step == "photo":
        return await _photo_answer(incoming, ctx, conv, text)
    if text in T.CANCEL_WORDS:
        updates.end_conversation(session=ctx.session, conversation=conv)
        return [Reply(T.CANCELLED, reply_to=incoming.message_id)]
    partial["photos"] = list(dict.fromkeys([*partial.get("photos", []), *incoming.photos]))
    if not text:
        question = {"place": T.ASK_PLACE, "description": T.ASK_DESCRIPTION}.get(step, T.ASK_MORE)
        return _ask(incoming, ctx, partial, step, question)
    if step == "more":
        if text not in T.SKIP_WORDS:
            partial = _merge(partial, _fields_from(text, incoming, ctx))
        return _file(incoming, ctx, partial, conv)
    if len(TRIVIAL.sub("", text)) < 2:
        return [Reply(T.TOO_SHORT, reply_to=incoming.message_id)]
    if _something_else(text, incoming, ctx):
        # A duty report or a question while we wait: drop the question, read the message.
        from handlers.router import _free_text
        updates.end_conversation(session=ctx.session, conversation=conv)
        return [Reply(T.ABANDONED)] + await _free_text(incoming, ctx, text)
    if step == "place":
        partial["place"] = text[:200]
    else:
        found = _fields_from(text, incoming, ctx)
        partial["description"] = found.extra.get("description") or text
        partial["categories"] = list(found.extra.get("categories") or [])
        partial = _merge(partial, found)
    return _next_step(incoming, ctx, partial, conv)


OTHER_BUSINESS = ("duty_report", "drill", "attendance", "query", "summary_request", "rectified")


def _something_else(text: str, incoming: Incoming, ctx: Context) -> bool:
    return understand(text, incoming.sent_at or _now(ctx), known_units(ctx)).name in OTHER_BUSINESS


async def on_expired(incoming: Incoming, ctx: Context, conv: Conversation) -> list[Reply]:
    if conv.kind == f"{KIND}.photo":
        return [Reply(T.PHOTO_EXPIRED)]
    return [Reply(T.EXPIRED.format(minutes=_minutes(ctx)))]


# ---- moving a hazard -------------------------------------------------------------------

async def _may_update(ctx: Context, incoming: Incoming, hazard: Hazard) -> None:
    member = ctx.member
    if member is not None and (member.id == hazard.reporter_id or
                               (hazard.unit_id is not None and member.unit_id == hazard.unit_id)):
        return
    if is_leader(ctx) or await is_admin(ctx, incoming):
        return
    if hazard.unit_id is None:
        raise UserError(T.NO_RIGHTS_NO_UNIT)
    unit = ctx.session.get(people.Unit, hazard.unit_id)
    raise UserError(T.NO_RIGHTS.format(unit=unit.name if unit else ""))


ALLOWED = {  # target -> statuses it may come from
    store.IN_PROGRESS: (store.TO_RECTIFY,),
    store.RECTIFIED: store.PENDING,
    store.CLOSED: (store.RECTIFIED,),
    store.TO_RECTIFY: (store.RECTIFIED, store.CLOSED),
}


async def move(incoming: Incoming, ctx: Context, hazard: Hazard, target: str, *,
               note: str = "", photos: tuple[str, ...] = ()) -> None:
    """Check who may, check the move makes sense, record it. Raises UserError otherwise."""
    if target in (store.CLOSED, store.TO_RECTIFY):
        await require_leader(ctx, incoming)
    else:
        await _may_update(ctx, incoming, hazard)
    if hazard.status == target:
        raise UserError(T.ALREADY.format(code=hazard.code, status=hazard.status))
    if hazard.status not in ALLOWED[target]:
        template = T.NOT_RECTIFIED_YET if target == store.CLOSED else T.CANNOT_MOVE
        raise UserError(template.format(code=hazard.code, status=hazard.status, target=target))
    store.change_status(session=ctx.session, hazard=hazard, to_status=target, actor_id=_member_id(ctx),
                        at=_now(ctx), note=note, photo=photos[0] if photos else None)
    if len(photos) > 1:
        store.add_photos(session=ctx.session, hazard=hazard, photos=photos[1:], actor_id=_member_id(ctx),
                         at=_now(ctx), note=note)


def _hazard_here(ctx: Context, hazard_id: int) -> Hazard | None:
    """A hazard of this group (a leaders' group sees all)."""
    hazard = store.get_hazard(session=ctx.session, hazard_id=hazard_id)
    group = ctx.group
    if hazard is None or group is None:
        return None
    return hazard if group.role == "leaders" or hazard.group_id == group.id else None


ACTIONS = {"prog": store.IN_PROGRESS, "done": store.RECTIFIED, "close": store.CLOSED,
           "reopen": store.TO_RECTIFY, "pick": store.RECTIFIED}


async def on_button(incoming: Incoming, ctx: Context, payload: str) -> list[Reply]:
    action, _, raw = payload.partition(":")
    # ascii and short: a forged "hz:done:99999999999999999999" must not reach the database
    if (action not in ACTIONS and action != "photo") or not (raw.isascii() and raw.isdigit() and len(raw) < 10):
        return [Reply(alert=C.BUTTON_EXPIRED)]
    hazard = _hazard_here(ctx, int(raw))
    if hazard is None:
        return [Reply(alert=T.GONE)]
    group = ctx.group
    if action == "photo":
        await _may_update(ctx, incoming, hazard)
        question = T.ASK_PHOTO.format(code=hazard.code)
        updates.start_conversation(session=ctx.session, chat_id=incoming.chat_id, user_id=incoming.sender_id,
                                   kind=f"{KIND}.photo", partial={"hazard_id": hazard.id},
                                   expires_at=_now(ctx) + timedelta(minutes=_minutes(ctx)))
        return [Reply(question, reply_to=incoming.message_id), Reply(alert=question)]
    old = hazard.status
    await move(incoming, ctx, hazard, ACTIONS[action])
    alert = Reply(alert=T.STATUS_CHANGED.format(code=hazard.code, old=old, new=hazard.status))
    if action == "pick":     # chosen from a list: a fresh card, so replies under it work
        return [card(ctx, group, hazard), alert]
    return [card(ctx, group, hazard, edit=incoming.message_id), alert]


def _confirm(hazard: Hazard, note: str, photos: tuple[str, ...]) -> str:
    if hazard.status == store.IN_PROGRESS:
        return T.IN_PROGRESS_OK.format(code=hazard.code, place=hazard.place)
    template = T.RECTIFIED_OK_CLOSE_ASKED if "销号" in note else T.RECTIFIED_OK
    return template.format(code=hazard.code, place=hazard.place, photo=T.WITH_PHOTO if photos else "")


PROGRESS_WORDS = re.compile(r"整改中|正在整改|开始整改|着手整改|已安排整改")
CLOSE_WORDS = re.compile(r"^(?:同意|准予|予以|确认)?销号")


async def on_card_reply(incoming: Incoming, ctx: Context, bot_message) -> list[Reply]:
    """A reply under a hazard card: 已整改 / 整改中 / 销号 with a note, or photos."""
    hazard = _hazard_here(ctx, bot_message.ref_id)
    if hazard is None:
        return [Reply(T.GONE, reply_to=incoming.message_id)]
    group = ctx.group
    text, photos = incoming.text.strip(), incoming.photos
    edit = Reply(card_text(ctx, group, hazard), buttons=[], edit_message_id=incoming.reply_to_message_id)
    if CLOSE_WORDS.search(text):
        target = store.CLOSED
    elif PROGRESS_WORDS.search(text):
        target = store.IN_PROGRESS
    elif text and _is_rectified(text, incoming, ctx):
        target = store.RECTIFIED
    elif photos:
        return _attach(incoming, ctx, hazard, photos)
    else:
        return [Reply(T.REPLY_UNCLEAR, reply_to=incoming.message_id)]
    old = hazard.status
    await move(incoming, ctx, hazard, target, note=text, photos=photos)
    _end_photo_wait(incoming, ctx)
    edit.text, edit.buttons = card_text(ctx, group, hazard), card_buttons(hazard)
    reply = _confirm(hazard, text, photos) if target != store.CLOSED else \
        T.STATUS_CHANGED.format(code=hazard.code, old=old, new=hazard.status)
    return [Reply(reply, reply_to=incoming.message_id), edit]


def _is_rectified(text: str, incoming: Incoming, ctx: Context) -> bool:
    return understand(text, incoming.sent_at or _now(ctx), known_units(ctx)).name == "rectified"


def _attach(incoming: Incoming, ctx: Context, hazard: Hazard, photos: tuple[str, ...]) -> list[Reply]:
    if hazard.status == store.CLOSED:
        raise UserError(T.CANNOT_MOVE.format(code=hazard.code, status=hazard.status, target=T.BTN_PHOTO))
    added = store.add_photos(session=ctx.session, hazard=hazard, photos=photos, actor_id=_member_id(ctx),
                             at=_now(ctx), note=incoming.text.strip() or T.HISTORY_PHOTO)
    _end_photo_wait(incoming, ctx)
    if not added:
        return [Reply(T.PHOTO_NONE_NEW.format(code=hazard.code), reply_to=incoming.message_id)]
    return [Reply(T.PHOTO_ADDED.format(code=hazard.code, count=added), reply_to=incoming.message_id)]


def _end_photo_wait(incoming: Incoming, ctx: Context) -> None:
    conv = updates.open_conversation(session=ctx.session, chat_id=incoming.chat_id, user_id=incoming.sender_id)
    if conv is not None and conv.kind == f"{KIND}.photo":
        updates.end_conversation(session=ctx.session, conversation=conv)


async def _photo_answer(incoming: Incoming, ctx: Context, conv: Conversation, text: str) -> list[Reply]:
    hazard = _hazard_here(ctx, int(conv.partial.get("hazard_id", 0)))
    if hazard is None or text in T.CANCEL_WORDS:
        updates.end_conversation(session=ctx.session, conversation=conv)
        return [Reply(T.PHOTO_CANCELLED if hazard else T.GONE, reply_to=incoming.message_id)]
    if not incoming.photos and text and _something_else(text, incoming, ctx):
        from handlers.router import _free_text
        updates.end_conversation(session=ctx.session, conversation=conv)
        return [Reply(T.PHOTO_CANCELLED)] + await _free_text(incoming, ctx, text)
    if not incoming.photos:
        return [Reply(T.ASK_PHOTO_AGAIN.format(code=hazard.code), reply_to=incoming.message_id)]
    await _may_update(ctx, incoming, hazard)
    return _attach(incoming, ctx, hazard, incoming.photos)


async def before_text(incoming: Incoming, ctx: Context) -> list[Reply] | None:
    """A bare photo, not under a card and not awaited: say where photos go."""
    if incoming.text.strip() or not incoming.photos:
        return None
    conv = updates.open_conversation(session=ctx.session, chat_id=incoming.chat_id, user_id=incoming.sender_id)
    if conv is not None and conv.kind.startswith(KIND + ".") and conv.expires_at > _now(ctx):
        return None          # the conversation takes it
    return [Reply(T.BARE_PHOTO, reply_to=incoming.message_id)]


async def on_rectified(incoming: Incoming, ctx: Context, intent: Intent) -> list[Reply] | None:
    """"宏达化工有限公司…整改到位，申请销号" not under a card: find the hazard it means."""
    group = ctx.group
    if group is None:
        return None
    note = incoming.text.strip()
    code = intent.extra.get("code")
    place = intent.fields.get("unit")
    if code:
        hazard = store.find_by_code(session=ctx.session, code=code)
        hazard = _hazard_here(ctx, hazard.id) if hazard else None
        if hazard is None:
            return [Reply(T.RECTIFIED_CODE_NONE.format(code=code), reply_to=incoming.message_id)]
        found = [hazard]
    elif place:
        found = store.open_matching(session=ctx.session, group_id=group.id, text_=note, place=place,
                                    unit_id=_unit_id_for(ctx, place))
    else:
        return [Reply(T.RECTIFIED_WHICH, reply_to=incoming.message_id)]
    if not found:
        return [Reply(T.RECTIFIED_NONE.format(what=place), reply_to=incoming.message_id)]
    if len(found) > 1:
        buttons = [[Button(f"{h.code} {h.place}"[:40], f"hz:pick:{h.id}")] for h in found[:PICK_LIMIT]]
        return [Reply(T.RECTIFIED_SEVERAL.format(count=len(found)), buttons=buttons, reply_to=incoming.message_id)]
    hazard = found[0]
    await move(incoming, ctx, hazard, store.RECTIFIED, note=note, photos=incoming.photos)
    return [Reply(_confirm(hazard, note, incoming.photos), reply_to=incoming.message_id)]


# ---- commands ------------------------------------------------------------------------------

def _scope(group: Group) -> list[int] | None:
    return None if group.role == "leaders" else [group.id]


async def cmd_hazard(incoming: Incoming, ctx: Context, args: str) -> list[Reply]:
    group = require_group(ctx)
    code = _code_of(args)
    if code:
        hazard = store.find_by_code(session=ctx.session, code=code)
        hazard = _hazard_here(ctx, hazard.id) if hazard else None
        if hazard is None:
            raise UserError(T.USAGE_CODE.format(code=code))
        return [card(ctx, group, hazard, history=True)]
    if args:
        # "/hazard …" is a report by choice: never ignored as chatter.
        return await on_hazard(incoming, ctx, _fields_from(args, incoming, ctx), meant=True)
    partial = {"place": None, "description": None, "categories": [], "level": "一般", "responsible": "",
               "deadline": None, "rule": None, "stepwise": True, "photos": list(incoming.photos),
               "found": group_today(group, incoming.sent_at or _now(ctx)).isoformat(),
               "message_id": incoming.message_id}
    return _next_step(incoming, ctx, partial)


async def cmd_hazards(incoming: Incoming, ctx: Context, args: str) -> list[Reply]:
    group = require_group(ctx)
    today = group_today(group, _now(ctx))
    rows = store.open_hazards(session=ctx.session, group_ids=_scope(group))
    if not rows:
        return [Reply(T.LIST_EMPTY)]
    rows.sort(key=lambda h: (h.status == store.RECTIFIED, h.deadline or date.max, h.code))
    overdue = sum(1 for h in rows if store.overdue_days(h, today))
    lines = [T.LIST_HEADER.format(count=len(rows), overdue=overdue)]
    for h in rows[:LIST_LIMIT]:
        if h.status == store.RECTIFIED:
            when = T.AWAITING_CLOSE
        else:
            when = _state(h, today) if h.deadline else T.CARD_NO_DEADLINE
        lines.append(T.LIST_LINE.format(code=h.code, place=h.place[:20], status=h.status,
                                        when=when))
    if len(rows) > LIST_LIMIT:
        lines.append(T.LIST_MORE.format(count=len(rows) - LIST_LIMIT))
    return [Reply("\n".join(lines))]


def build_ledger(session, *, group_ids: list[int] | None, start: date, end: date, today: date,
                 tz: str) -> list[LedgerRow]:
    """The 台账 rows for a period: hazards found in it plus older ones still open."""
    found = store.ledger_hazards(session=session, group_ids=group_ids, start=start, end=end)
    notes = store.rectify_notes(session=session, hazard_ids=[h.id for h in found])
    names: dict[int, str] = {}
    for member_id in {h.reporter_id for h in found if h.reporter_id}:
        member = session.get(Member, member_id)
        names[member_id] = member.name if member else ""
    zone = ZoneInfo(tz)
    return [LedgerRow(code=h.code, found_date=h.found_date, place=h.place, description=h.description,
                      category="、".join(h.categories or [h.category]), level=h.level,
                      responsible=h.responsible, deadline=h.deadline, status=h.status,
                      rectified_date=h.rectified_at.astimezone(zone).date() if h.rectified_at else None,
                      rectify_note=notes.get(h.id, ""), reporter=names.get(h.reporter_id, ""),
                      overdue_days=store.overdue_days(h, today)) for h in found]


def ledger_file(rows: list[LedgerRow], title: str) -> bytes:
    buffer = io.BytesIO()
    write_ledger(rows, title, buffer)
    return buffer.getvalue()


def month_of(today: date) -> tuple[date, date]:
    nxt = date(today.year + today.month // 12, today.month % 12 + 1, 1)
    return today.replace(day=1), nxt - timedelta(days=1)


async def cmd_ledger(incoming: Incoming, ctx: Context, args: str) -> list[Reply]:
    group = require_group(ctx)
    today = group_today(group, _now(ctx))
    if args:
        period = resolve_period(args, today)
        if period is None:
            raise UserError(T.LEDGER_PERIOD_BAD.format(args=args[:30]))
        start, end, label = period
    else:
        (start, end), label = month_of(today), T.LEDGER_THIS_MONTH
    rows = build_ledger(ctx.session, group_ids=_scope(group), start=start, end=end, today=today, tz=group.timezone)
    title = T.LEDGER_TITLE.format(scope=group.title or "", label=f"{start:%Y.%m.%d}—{end:%Y.%m.%d}")
    found = sum(1 for r in rows if start <= r.found_date <= end)
    overdue = sum(1 for r in rows if r.overdue_days > 0)
    caption = T.LEDGER_CAPTION.format(label=label, found=found, rows=len(rows), overdue=overdue)
    name = f"隐患台账_{start:%Y%m%d}-{end:%Y%m%d}.xlsx"
    # The caption carries the tally: a text as well would say it twice in the chat.
    return [Reply(file=OutFile(name, ledger_file(rows, title), caption=caption[:1000]))]


feature = Feature(
    name="hazard",
    commands={"/hazard": cmd_hazard, "/hazards": cmd_hazards, "/ledger": cmd_ledger},
    callbacks={"hz": on_button},
    replies={KIND: on_card_reply},
    conversations={KIND: on_answer, f"{KIND}._expired": on_expired},
    intents={"hazard": on_hazard, "rectified": on_rectified, "_before": before_text},
    menu=[("hazard", "登记隐患（或 /hazard YH-编号 查看）"), ("hazards", "本群在办隐患"),
          ("ledger", "导出隐患台账：/ledger 本月")],
)
