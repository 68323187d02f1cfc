"""Neutral message types shared by every adapter and handler.

An adapter (Telegram, console) turns a platform event into an `Incoming` and sends back
`Reply` objects; handlers never see a platform object.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:  # pragma: no cover
    from sqlmodel import Session

    from core.clock import Clock
    from reports.polish import Model
    from storage.models import Group, Member


@dataclass(frozen=True)
class Incoming:
    chat_id: int
    sender_id: int
    text: str = ""
    sent_at: datetime | None = None      # aware; the platform's timestamp
    chat_title: str | None = None
    chat_type: str = "group"             # group | supergroup | private
    sender_name: str = ""
    sender_username: str | None = None
    message_id: int | None = None
    update_key: str | None = None        # e.g. "tg:123"; redelivery of a key is a no-op
    edited: bool = False
    reply_to_message_id: int | None = None
    reply_to_sender_id: int | None = None
    photos: tuple[str, ...] = ()         # platform file ids, largest size only
    callback_data: str | None = None     # set for a button press
    callback_id: str | None = None
    platform: str = "telegram"
    # Sent on behalf of a chat (Telegram's sender_chat: an anonymous group admin, a channel):
    # nobody can be identified, so nobody is trusted.
    anonymous: bool = False
    # A forwarded message: who wrote it first (a user id, or 0 for a channel, a hidden
    # user or a chat) and when; it is not the sender's own report of today.
    forward_sender_id: int | None = None
    forward_date: datetime | None = None
    forwarded: bool = False
    thread_id: int | None = None         # a forum group's topic (message_thread_id)
    # A group upgraded to a supergroup: Telegram's service messages in the old and new chat.
    migrate_to_chat_id: int | None = None
    migrate_from_chat_id: int | None = None


@dataclass(frozen=True)
class Button:
    text: str
    data: str                             # callback data, <= 64 bytes


@dataclass(frozen=True)
class OutFile:
    filename: str
    content: bytes
    kind: str = "document"                # document | photo
    caption: str | None = None


@dataclass
class Reply:
    text: str = ""
    buttons: list[list[Button]] = field(default_factory=list)
    file: OutFile | None = None
    chat_id: int | None = None            # None: the chat the message came from
    reply_to: int | None = None
    edit_message_id: int | None = None    # edit this message in place instead of sending
    alert: str | None = None              # for a button press: the short answer popup
    # After sending, the adapter records (chat, message id) -> (tag kind, ref id) so that
    # replies to and edits of this message find their record (a hazard card, a drill card).
    tag: tuple[str, int] | None = None
    mention_user_ids: tuple[int, ...] = ()
    pin: bool = False                     # pin the sent message where the platform lets the bot
    thread: int | None = None             # a forum topic to post in (None: the message's own)
    outbox_id: int | None = None          # set by the runner: the stored copy to mark sent
    # An edit showing a live view (("board", board id)) with no text yet: the adapter renders
    # it when the edit goes out (handlers.runner.render_view), so a burst of edits that
    # coalesce into one is rendered once, not once per update.
    view: tuple[str, int] | None = None

    @property
    def shows_something(self) -> bool:
        """A message to send or edit (not only a button's popup)."""
        return bool(self.text or self.file or self.view)


class Settings(Protocol):
    """What handlers read of the runtime's settings (bot/runtime/settings.py)."""
    timezone: str
    attendance_ceiling: int
    conversation_minutes: int

    @property
    def admin_ids(self) -> frozenset[int]: ...


def no_model() -> "Model | None":
    return None


class Platform(Protocol):
    can_read_all_group_messages: bool | None   # Telegram privacy mode off (None: unknown)

    async def is_chat_admin(self, chat_id: int, user_id: int) -> bool | None:
        """True/False, or None when the platform cannot tell right now."""


@dataclass
class Context:
    session: "Session"
    clock: "Clock"
    settings: "Settings"
    platform: Platform
    member: "Member | None" = None
    group: "Group | None" = None
    is_bot_admin: bool = False            # listed in BOT_ADMINS
    waiting: bool = True                  # a conversation may be open (the runner knows; others look)
    private: bool = False                 # a private chat (the router knows): group business is refused there
    # The optional language model (a new client per call; close it after use): the
    # runtime passes one made from its settings, handlers never build one themselves.
    open_model: "Callable[[], Model | None]" = no_model
    # Reads a message as fresh free text (set by the router): a conversation that gives up
    # on its question hands the message on without importing the router.
    read_afresh: "Callable[[Incoming, Context, str], Awaitable[list[Reply]]] | None" = None


class NullPlatform:
    """A platform that knows no chat administrators (console, unit tests)."""
    can_read_all_group_messages: bool | None = True

    def __init__(self, admins: dict[int, set[int]] | None = None):
        self.admins = admins or {}

    async def is_chat_admin(self, chat_id: int, user_id: int) -> bool | None:
        return user_id in self.admins.get(chat_id, set())
