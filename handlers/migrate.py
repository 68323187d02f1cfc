"""A group upgraded to a supergroup (Telegram's migrate_to_chat_id in the old chat and
migrate_from_chat_id in the new one): everything moves to the new chat id. Whichever of
the two service messages comes first does the move; the other finds nothing left."""
from __future__ import annotations

import logging

from handlers.base import Context, Incoming, Reply
from handlers.texts import migrate as T
from storage import chats

log = logging.getLogger(__name__)


def is_upgrade(incoming: Incoming) -> bool:
    return incoming.migrate_to_chat_id is not None or incoming.migrate_from_chat_id is not None


async def on_upgrade(incoming: Incoming, ctx: Context) -> list[Reply]:
    """Only Telegram sets these fields, so no sender check: the old chat may be moved by a
    message from anyone Telegram names as having upgraded it."""
    if incoming.migrate_to_chat_id is not None:
        old, new = incoming.chat_id, incoming.migrate_to_chat_id
    else:
        old, new = incoming.migrate_from_chat_id, incoming.chat_id
    moved = chats.move_chat(session=ctx.session, old=old, new=new)
    if not moved:
        return []
    log.info("chat %s upgraded to %s: %d rows moved", old, new, moved)
    # Said in the new chat only: the old one no longer accepts messages.
    return [Reply(T.MOVED, chat_id=new)]
