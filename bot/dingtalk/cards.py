"""A Reply with buttons (or one that stands for a record) becomes an interactive card.

The card template (DINGTALK_CARD_TEMPLATE, built once in DingTalk's card builder, see the
README) has three string variables: `title`, `content` (markdown) and `buttons` (a JSON
list of {"text", "data"}, rendered as a button loop whose callback returns the `data`
param). A press arrives on the Stream's card-callback topic with the card's outTrackId
and {"cardPrivateData": {"params": {"data": ...}}}. The outTrackId names the chat and the
card's message number, so a press finds the same (chat, message id) the handlers know."""
from __future__ import annotations

import json
import secrets

from handlers.base import Button, Reply

PREFIX = "zs"
TITLE_LIMIT = 30
# The template shows `content` as markdown, and members' words (a hazard's place, a notice)
# are in it: markdown's active characters become their full-width twins, so a link, an
# image loaded from elsewhere or markup stays visible text (Chinese text reads the same).
INERT = str.maketrans("[]()!*_`#><|~", "［］（）！＊＿｀＃＞＜｜～")


def new_message_number() -> int:
    return secrets.randbits(62) or 1


def out_track_id(chat_id: int, message_id: int) -> str:
    return f"{PREFIX}.{chat_id}.{message_id}"


def parse_out_track_id(value: str) -> tuple[int, int] | None:
    """(chat id, message id) of one of our cards; None for anything else (a forged id)."""
    parts = (value or "").split(".")
    if len(parts) != 3 or parts[0] != PREFIX:
        return None
    try:
        return int(parts[1]), int(parts[2])
    except ValueError:
        return None


def _buttons(rows: list[list[Button]]) -> list[dict[str, str]]:
    return [{"text": b.text, "data": b.data} for row in rows for b in row]


def card_params(reply: Reply, text: str) -> dict[str, str]:
    first = text.strip().split("\n", 1)[0]
    return {"title": first[:TITLE_LIMIT], "content": text.translate(INERT),
            "buttons": json.dumps(_buttons(reply.buttons), ensure_ascii=False)}


def pressed_data(content: dict) -> str | None:
    """The button's data from a card callback's content (None when it carries none)."""
    private = content.get("cardPrivateData") if isinstance(content, dict) else None
    params = private.get("params") if isinstance(private, dict) else None
    data = params.get("data") if isinstance(params, dict) else None
    return data if isinstance(data, str) and data else None
