"""Reporting a hazard: one message becomes a card; a missing place or description (or, for a
bare /hazard, the person and deadline) is asked for in a conversation, then filed."""
from __future__ import annotations

import re
from datetime import date, timedelta

from handlers.access import require_group
from handlers.base import Context, Incoming, Reply
from handlers.duty import group_today, md
from handlers.feature import UserError
from handlers.hazard.card import card
from handlers.hazard.common import (actor_id, fields_from, hazard_here, KIND, minutes, now, read_alone,
                                    something_else, unit_id_for)
from handlers.hazard.status import photo_answer
from handlers.texts import hazard as T
from nlu import categories as cats
from nlu.intents import Intent
from storage import hazards as store
from storage import updates
from storage.models import Conversation, Group

ZERO_DAYS = re.compile(r"(?:限期|期限)\s*[0０零]\s*(?:天|日|个工作日)")
TRIVIAL = re.compile(r"[\s，,。.；;：:、！!]|隐患|存在|问题|发现|检查|排查")
MEANT = re.compile(r"隐患|责任人|限期|整改|(?:检查|排查|巡查|督查)(?:中|时)?发现")
CODE = re.compile(r"^YH[-_－—]?(\d{8})[-_－—]?(\d{1,4})$", re.IGNORECASE)


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


def _partial(incoming: Incoming, ctx: Context, group: Group, intent: Intent) -> dict:
    place = (intent.extra.get("place") or intent.fields.get("unit") or "").strip() or None
    deadline = intent.fields.get("deadline")
    return {"place": place, "description": _description(intent, place),
            "categories": list(intent.extra.get("categories") or []),
            "level": intent.extra.get("level") or "一般",
            "responsible": intent.fields.get("responsible") or "",
            "deadline": deadline.isoformat() if deadline else None,
            "rule": intent.extra.get("deadline_rule"),
            "found": group_today(group, incoming.sent_at or now(ctx)).isoformat(),
            "photos": list(incoming.photos), "message_id": incoming.message_id}


def _ask(incoming: Incoming, ctx: Context, partial: dict, step: str, question: str) -> list[Reply]:
    updates.start_conversation(session=ctx.session, chat_id=incoming.chat_id, user_id=incoming.sender_id,
                               kind=f"{KIND}.{step}", partial=partial,
                               expires_at=now(ctx) + timedelta(minutes=minutes(ctx)))
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
                          deadline=deadline, unit_id=unit_id_for(ctx, place), photos=tuple(partial.get("photos") or ()))
    hazard = store.create_hazard(session=ctx.session, group=group, new=new, found_date=found,
                                 reporter_id=actor_id(ctx), at=now(ctx), chat_id=incoming.chat_id,
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


def _sent_again(incoming: Incoming, ctx: Context, text: str) -> dict | None:
    """A complete report of its own (it says so, names a place and its problem), or None."""
    intent = read_alone(text, incoming, ctx)
    if intent.name != "hazard" or not MEANT.search(text):
        return None
    partial = _partial(incoming, ctx, require_group(ctx), intent)
    return partial if partial["place"] and partial["description"] else None


async def on_answer(incoming: Incoming, ctx: Context, conv: Conversation) -> list[Reply] | None:
    """The reporter answers the question the assistant asked."""
    text = incoming.text.strip()
    partial = dict(conv.partial)
    step = conv.kind.split(".", 1)[1]
    if step == "pick":
        return None         # a note waiting for a button press asks nothing: read as usual
    if step == "photo":
        return await photo_answer(incoming, ctx, conv, text)
    if text in T.CANCEL_WORDS:
        updates.end_conversation(session=ctx.session, conversation=conv)
        return [Reply(T.CANCELLED, reply_to=incoming.message_id)]
    partial["photos"] = list(dict.fromkeys([*partial.get("photos", []), *incoming.photos]))
    if not text:
        question = {"place": T.ASK_PLACE, "description": T.ASK_DESCRIPTION}.get(step, T.ASK_MORE)
        return _ask(incoming, ctx, partial, step, question)
    if step == "more":
        if text not in T.SKIP_WORDS:
            partial = _merge(partial, fields_from(text, incoming, ctx))
        return _file(incoming, ctx, partial, conv)
    if len(TRIVIAL.sub("", text)) < 2:
        return [Reply(T.TOO_SHORT, reply_to=incoming.message_id)]
    if something_else(text, incoming, ctx):
        # A duty report or a question while we wait: drop the question, read the message.
        updates.end_conversation(session=ctx.session, conversation=conv)
        return [Reply(T.ABANDONED)] + await ctx.read_afresh(incoming, ctx, text)
    resent = _sent_again(incoming, ctx, text)
    if resent is not None:
        # The whole report again, place and problem in it: it is the report.
        resent["photos"] = list(dict.fromkeys([*partial["photos"], *resent["photos"]]))
        return _next_step(incoming, ctx, resent, conv)
    if step == "place":
        partial["place"] = text[:200]
    else:
        found = fields_from(text, incoming, ctx)
        partial["description"] = found.extra.get("description") or text
        partial["categories"] = list(found.extra.get("categories") or [])
        partial = _merge(partial, found)
    return _next_step(incoming, ctx, partial, conv)


async def on_expired(incoming: Incoming, ctx: Context, conv: Conversation) -> list[Reply]:
    if conv.kind == f"{KIND}.pick":
        return []           # the list's buttons still work; only the typed note is gone
    if conv.kind == f"{KIND}.photo":
        return [Reply(T.PHOTO_EXPIRED)]
    return [Reply(T.EXPIRED.format(minutes=minutes(ctx)))]


async def cmd_hazard(incoming: Incoming, ctx: Context, args: str) -> list[Reply]:
    group = require_group(ctx)
    code = _code_of(args)
    if code:
        hazard = store.find_by_code(session=ctx.session, code=code)
        hazard = hazard_here(ctx, hazard.id) if hazard else None
        if hazard is None:
            raise UserError(T.USAGE_CODE.format(code=code))
        return [card(ctx, group, hazard, history=True)]
    if args:
        # "/hazard …" is a report by choice: never ignored as chatter.
        return await on_hazard(incoming, ctx, fields_from(args, incoming, ctx), meant=True)
    partial = {"place": None, "description": None, "categories": [], "level": "一般", "responsible": "",
               "deadline": None, "rule": None, "stepwise": True, "photos": list(incoming.photos),
               "found": group_today(group, incoming.sent_at or now(ctx)).isoformat(),
               "message_id": incoming.message_id}
    return _next_step(incoming, ctx, partial)
