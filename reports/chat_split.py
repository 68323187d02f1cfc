"""The project's one splitter of long chat text: Telegram takes at most 4,096 UTF-16 units
a message (an emoji outside the BMP counts two), so a long reply or draft goes out in parts.

Parts are cut at a line break if there is one, else after a sentence end, else where the
limit falls. For HTML (what the Telegram adapter sends) a tag or an entity is never cut:
the tags open at a cut are closed at the end of the part and reopened at the start of the
next, and the part's length counts them.
"""
from __future__ import annotations

import re

TELEGRAM_LIMIT = 4096
SENTENCE_ENDS = frozenset("。！？；")
_HTML_TOKEN = re.compile(r"<[^<>]*>|&#?\w+;|.", re.S)


def units(text: str) -> int:
    """Length as Telegram measures it: UTF-16 code units."""
    return len(text.encode("utf-16-le")) // 2


def split_message(text: str, limit: int = TELEGRAM_LIMIT, *, html: bool = True) -> list[str]:
    """Parts of `text` of at most `limit` UTF-16 units each (see the module's rules).
    `html=False` for plain text, where "<" and "&" are only characters."""
    if units(text) <= limit:
        return [text]
    tokens = _HTML_TOKEN.findall(text) if html else list(text)
    parts: list[str] = []
    start, stack = 0, []
    while start < len(tokens):
        end, resume, open_at_cut = _cut(tokens, start, stack, limit, html)
        body = "".join(tokens[start:end])
        if _visible(body, html).strip():
            parts.append("".join(tag for _, tag in stack) + body + _closing(open_at_cut))
        start, stack = resume, open_at_cut
    return parts


def _cut(tokens: list[str], start: int, stack: list[tuple[str, str]], limit: int,
         html: bool) -> tuple[int, int, list[tuple[str, str]]]:
    """(end of this part, where the next starts, tags open at the cut)."""
    size = units("".join(tag for _, tag in stack))
    at_line = at_sentence = None
    i = start
    while i < len(tokens):
        token = tokens[i]
        after = _after(stack, token) if html else stack
        if size + units(token) + units(_closing(after)) > limit and i > start:
            break
        size += units(token)
        stack = after
        i += 1
        if token == "\n":
            at_line = (i - 1, i, stack)         # the line break itself is dropped
        elif token in SENTENCE_ENDS:
            at_sentence = (i, i, stack)
    else:
        return i, i, stack
    return at_line or at_sentence or (i, i, stack)


def _after(stack: list[tuple[str, str]], token: str) -> list[tuple[str, str]]:
    """The open tags after `token`."""
    if not token.startswith("<") or len(token) < 3 or token.endswith("/>"):
        return stack
    if token.startswith("</"):
        name = token[2:-1].strip().lower()
        for i in range(len(stack) - 1, -1, -1):
            if stack[i][0] == name:
                return stack[:i] + stack[i + 1:]
        return stack
    name = re.split(r"[\s>]", token[1:], maxsplit=1)[0].lower()
    return [*stack, (name, token)]


def _closing(stack: list[tuple[str, str]]) -> str:
    return "".join(f"</{name}>" for name, _ in reversed(stack))


def _visible(body: str, html: bool) -> str:
    return re.sub(r"<[^<>]*>", "", body) if html else body
