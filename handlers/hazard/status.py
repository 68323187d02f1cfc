"""Moving a hazard 待整改 → 整改中 → 已整改 → 已销号: its buttons, replies under its card,
photos, and "…已整改" said without a card; who may do which."""
from __future__ import annotations

import re
from datetime import timedelta

from handlers.access import is_admin, is_leader, require_leader
from handlers.base import Button, Context, Incoming, Reply
from handlers.feature import UserError
from handlers.gazetteer import known_units
from handlers.hazard.card import card, card_buttons, card_text
from handlers.hazard.common import actor_id, hazard_here, KIND, minutes, now, something_else, unit_id_for
from handlers.texts import common as C
from handlers.texts import hazard as T
from nlu.intents import Intent, understand
from storage import hazards as store
from storage import people, updates
from storage.models import Conversation, Hazard

PICK_LIMIT = 8


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
    store.change_status(session=ctx.session, hazard=hazard, to_status=target, actor_id=actor_id(ctx),
                        at=now(ctx), note=note, photo=photos[0] if photos else None)
    if len(photos) > 1:
        store.add_photos(session=ctx.session, hazard=hazard, photos=photos[1:], actor_id=actor_id(ctx),
                         at=now(ctx), note=note)


ACTIONS = {"prog": store.IN_PROGRESS, "done": store.RECTIFIED, "close": store.CLOSED,
           "reopen": store.TO_RECTIFY, "pick": store.RECTIFIED}


async def on_button(incoming: Incoming, ctx: Context, payload: str) -> list[Reply]:
    action, _, raw = payload.partition(":")
    # ascii and short: a forged "hz:done:99999999999999999999" must not reach the database
    if (action not in ACTIONS and action != "photo") or not (raw.isascii() and raw.isdigit() and len(raw) < 10):
        return [Reply(alert=C.BUTTON_EXPIRED)]
    hazard = hazard_here(ctx, int(raw))
    if hazard is None:
        return [Reply(alert=T.GONE)]
    group = ctx.group
    if action == "photo":
        await _may_update(ctx, incoming, hazard)
        question = T.ASK_PHOTO.format(code=hazard.code)
        updates.start_conversation(session=ctx.session, chat_id=incoming.chat_id, user_id=incoming.sender_id,
                                   kind=f"{KIND}.photo", partial={"hazard_id": hazard.id},
                                   expires_at=now(ctx) + timedelta(minutes=minutes(ctx)))
        return [Reply(question, reply_to=incoming.message_id), Reply(alert=question)]
    old = hazard.status
    note, photos = _picked_note(incoming, ctx, hazard.id) if action == "pick" else ("", ())
    await move(incoming, ctx, hazard, ACTIONS[action], note=note, photos=photos)
    alert = Reply(alert=T.STATUS_CHANGED.format(code=hazard.code, old=old, new=hazard.status))
    if action == "pick":     # chosen from a list: a fresh card, so replies under it work
        return [card(ctx, group, hazard), alert]
    return [card(ctx, group, hazard, edit=incoming.message_id), alert]


PICK = f"{KIND}.pick"


def _offer_choice(incoming: Incoming, ctx: Context, found: list[Hazard], note: str) -> list[Reply]:
    """Several hazards fit "…已整改": buttons to pick one. The typed words and photos wait
    in a conversation, with the hazards offered, so the one picked gets them (only if its
    sender picks, and from this list: a later list replaces the conversation)."""
    offered = found[:PICK_LIMIT]
    updates.start_conversation(session=ctx.session, chat_id=incoming.chat_id, user_id=incoming.sender_id,
                               kind=PICK, partial={"note": note, "photos": list(incoming.photos),
                                                   "ids": [h.id for h in offered]},
                               expires_at=now(ctx) + timedelta(minutes=minutes(ctx)))
    buttons = [[Button(f"{h.code} {h.place}"[:40], f"hz:pick:{h.id}")] for h in offered]
    return [Reply(T.RECTIFIED_SEVERAL.format(count=len(found)), buttons=buttons, reply_to=incoming.message_id)]


def _picked_note(incoming: Incoming, ctx: Context, hazard_id: int) -> tuple[str, tuple[str, ...]]:
    conv = updates.open_conversation(session=ctx.session, chat_id=incoming.chat_id, user_id=incoming.sender_id)
    if conv is None or conv.kind != PICK or hazard_id not in conv.partial.get("ids", ()):
        return "", ()       # a button of another list (or another person's): its words are not these
    updates.end_conversation(session=ctx.session, conversation=conv)
    if conv.expires_at <= now(ctx):
        return "", ()
    return conv.partial.get("note", ""), tuple(conv.partial.get("photos", ()))


def _confirm(hazard: Hazard, note: str, photos: tuple[str, ...]) -> str:
    if hazard.status == store.IN_PROGRESS:
        return T.IN_PROGRESS_OK.format(code=hazard.code, place=hazard.place)
    template = T.RECTIFIED_OK_CLOSE_ASKED if "销号" in note else T.RECTIFIED_OK
    return template.format(code=hazard.code, place=hazard.place, photo=T.WITH_PHOTO if photos else "")


PROGRESS_WORDS = re.compile(r"整改中|正在整改|开始整改|着手整改|已安排整改")
CLOSE_WORDS = re.compile(r"^(?:同意|准予|予以|确认)?销号")


async def on_card_reply(incoming: Incoming, ctx: Context, bot_message) -> list[Reply]:
    """A reply under a hazard card: 已整改 / 整改中 / 销号 with a note, or photos."""
    hazard = hazard_here(ctx, bot_message.ref_id)
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
    return understand(text, incoming.sent_at or now(ctx), known_units(ctx)).name == "rectified"


def _attach(incoming: Incoming, ctx: Context, hazard: Hazard, photos: tuple[str, ...]) -> list[Reply]:
    if hazard.status == store.CLOSED:
        raise UserError(T.CANNOT_MOVE.format(code=hazard.code, status=hazard.status, target=T.BTN_PHOTO))
    added = store.add_photos(session=ctx.session, hazard=hazard, photos=photos, actor_id=actor_id(ctx),
                             at=now(ctx), note=incoming.text.strip() or T.HISTORY_PHOTO)
    _end_photo_wait(incoming, ctx)
    if not added:
        return [Reply(T.PHOTO_NONE_NEW.format(code=hazard.code), reply_to=incoming.message_id)]
    return [Reply(T.PHOTO_ADDED.format(code=hazard.code, count=added), reply_to=incoming.message_id)]


def _end_photo_wait(incoming: Incoming, ctx: Context) -> None:
    conv = updates.open_conversation(session=ctx.session, chat_id=incoming.chat_id, user_id=incoming.sender_id)
    if conv is not None and conv.kind == f"{KIND}.photo":
        updates.end_conversation(session=ctx.session, conversation=conv)


async def photo_answer(incoming: Incoming, ctx: Context, conv: Conversation, text: str) -> list[Reply]:
    hazard = hazard_here(ctx, int(conv.partial.get("hazard_id", 0)))
    if hazard is None or text in T.CANCEL_WORDS:
        updates.end_conversation(session=ctx.session, conversation=conv)
        return [Reply(T.PHOTO_CANCELLED if hazard else T.GONE, reply_to=incoming.message_id)]
    if not incoming.photos and text and something_else(text, incoming, ctx):
        updates.end_conversation(session=ctx.session, conversation=conv)
        return [Reply(T.PHOTO_CANCELLED)] + await ctx.read_afresh(incoming, ctx, text)
    if not incoming.photos:
        return [Reply(T.ASK_PHOTO_AGAIN.format(code=hazard.code), reply_to=incoming.message_id)]
    await _may_update(ctx, incoming, hazard)
    return _attach(incoming, ctx, hazard, incoming.photos)


async def before_text(incoming: Incoming, ctx: Context) -> list[Reply] | None:
    """A bare photo, not under a card and not awaited: say where photos go."""
    if incoming.text.strip() or not incoming.photos:
        return None
    conv = updates.open_conversation(session=ctx.session, chat_id=incoming.chat_id, user_id=incoming.sender_id)
    if conv is not None and conv.kind.startswith(KIND + ".") and conv.kind != PICK \
            and conv.expires_at > now(ctx):
        return None          # the conversation takes it (a pick list waits for a button, not a photo)
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
        hazard = hazard_here(ctx, hazard.id) if hazard else None
        if hazard is None:
            return [Reply(T.RECTIFIED_CODE_NONE.format(code=code), reply_to=incoming.message_id)]
        found = [hazard]
    elif place:
        found = store.open_matching(session=ctx.session, group_id=group.id, text_=note, place=place,
                                    unit_id=unit_id_for(ctx, place))
    else:
        return [Reply(T.RECTIFIED_WHICH, reply_to=incoming.message_id)]
    if not found:
        return [Reply(T.RECTIFIED_NONE.format(what=place), reply_to=incoming.message_id)]
    if len(found) > 1:
        return _offer_choice(incoming, ctx, found, note)
    hazard = found[0]
    await move(incoming, ctx, hazard, store.RECTIFIED, note=note, photos=incoming.photos)
    return [Reply(_confirm(hazard, note, incoming.photos), reply_to=incoming.message_id)]
