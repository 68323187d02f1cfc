"""DingTalk's string ids as the integers the assistant's records keep.

A conversation id (a group) or a staff id (a member) becomes a stable integer: the first
62 bits of its BLAKE2b digest, negative for a group (the pacer, like Telegram, counts a
negative chat as a group). Being a pure function of the string, the same person gets the
same number on every replica and after every restart, and an admin can compute theirs
for BOT_ADMINS before the first start (`python -m bot dingtalk-id STAFFID`). The way
back, needed to send to a group or mention a member later, is the platform_identity
table: a pair is recorded there once the runner kept something of that message (never
for a stranger, who gets nothing written). A message id becomes an integer the same way
(nothing is ever sent to a message id, so it is not recorded)."""
from __future__ import annotations

import hashlib
import logging

from sqlmodel import Session

from storage import identities as store

log = logging.getLogger(__name__)
PLATFORM = "dingtalk"
CHAT, USER = "chat", "user"
_BITS = 62


def _digest(text: str) -> int:
    value = int.from_bytes(hashlib.blake2b(text.encode("utf-8"), digest_size=8).digest(), "big")
    return (value >> (64 - _BITS)) or 1


def user_number(staff_id: str) -> int:
    return _digest(f"user:{staff_id}")


def group_number(conversation_id: str) -> int:
    return -_digest(f"chat:{conversation_id}")


def message_number(msg_id: str) -> int:
    return _digest(f"msg:{msg_id}")


def remember(session: Session, *, chat: tuple[str, int] | None, user: tuple[str, int] | None) -> None:
    """Record the pairs (external id, number) for a later send; a collision is logged."""
    for kind, pair in ((CHAT, chat), (USER, user)):
        if pair is None:
            continue
        external, number = pair
        store.remember_identity(session=session, platform=PLATFORM, kind=kind, external=external, number=number)
        known = store.external_id(session=session, platform=PLATFORM, kind=kind, number=number)
        if known != external:
            log.error("two DingTalk %s ids share the number %s; the first one keeps it", kind, number)


def group_id(session: Session, number: int) -> str | None:
    return store.external_id(session=session, platform=PLATFORM, kind=CHAT, number=number)


def staff_id(session: Session, number: int) -> str | None:
    return store.external_id(session=session, platform=PLATFORM, kind=USER, number=number)
