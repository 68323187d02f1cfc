"""How a capability plugs into the router: a `Feature` lists what it answers.

Handler signatures (all async, all return list[Reply]):
  commands:      (incoming, ctx, args: str)              "/bind 青石镇" -> args "青石镇"
  callbacks:     (incoming, ctx, payload: str)           button data "prefix:payload"
  replies:       (incoming, ctx, bot_message)            a reply to one of the assistant's cards
  conversations: (incoming, ctx, conversation)           a question the assistant is waiting on,
                                                         keyed by Conversation.kind or its prefix
  expired:       (incoming, ctx, conversation)           that question timed out (keyed by prefix)
  before_text:   (incoming, ctx) -> list[Reply] | None   claims a message before nlu (None: not mine)
  intents:       (incoming, ctx, intent)                 free text understood by nlu
  edits:         (incoming, ctx) -> list[Reply] | None   an edited message (None: not mine)
  views:         (session, ref_id, now) -> str | None    a live view's text now (Reply.view's
                                                         kind → its renderer; None: gone)
"""
from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from handlers.base import Reply

Handler = Callable[..., Awaitable[list[Reply]]]


@dataclass
class Feature:
    name: str
    commands: dict[str, Handler] = field(default_factory=dict)
    callbacks: dict[str, Handler] = field(default_factory=dict)
    replies: dict[str, Handler] = field(default_factory=dict)
    conversations: dict[str, Handler] = field(default_factory=dict)
    expired: dict[str, Handler] = field(default_factory=dict)
    intents: dict[str, Handler] = field(default_factory=dict)
    before_text: Callable[..., Awaitable[Any]] | None = None
    edits: list[Callable[..., Awaitable[Any]]] = field(default_factory=list)
    views: dict[str, Callable[..., str | None]] = field(default_factory=dict)
    # Commands a person who has not registered may use (everything else gets the hint).
    public: frozenset[str] = frozenset()
    # The command menu (setMyCommands): (command, description).
    menu: list[tuple[str, str]] = field(default_factory=list)


class UserError(Exception):
    """A polite refusal: the text goes back to the user, the transaction rolls back."""

    def __init__(self, text: str):
        super().__init__(text)
        self.text = text


def kind_prefix(kind: str) -> str:
    """A conversation kind is "<feature prefix>" or "<prefix>.<step>" (e.g. "hazard.place")."""
    return kind.split(".", 1)[0]
