"""The one splitter (issue 17 item 6): UTF-16 units, never inside a tag or an entity, open
tags closed and reopened, every part within the limit."""
from __future__ import annotations

from html.parser import HTMLParser

from hypothesis import given, settings
from hypothesis import strategies as st

from reports.chat_split import split_message, units


class _Balance(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=False)
        self.open: list[str] = []
        self.text = ""

    def handle_starttag(self, tag, attrs):
        self.open.append(tag)

    def handle_endtag(self, tag):
        assert self.open and self.open[-1] == tag, (self.open, tag)
        self.open.pop()

    def handle_data(self, data):
        self.text += data

    def handle_entityref(self, name):
        self.text += f"&{name};"


def _well_formed(part: str) -> str:
    parser = _Balance()
    parser.feed(part)
    parser.close()
    assert parser.open == [] and "<" not in parser.text and ">" not in parser.text
    return parser.text


def test_counts_utf16_units_not_code_points():
    text = "😀" * 3000                 # 3,000 code points, 6,000 UTF-16 units
    parts = split_message(text, html=False)
    assert [units(p) for p in parts] == [4096, 6000 - 4096]
    assert "".join(parts) == text


def test_a_bold_run_across_the_cut_is_closed_and_reopened():
    text = "<b>" + "危险&amp;隐患" * 600 + "</b>" + '\n<a href="tg://user?id=1">张三</a>'
    parts = split_message(text, limit=1000)
    assert len(parts) > 1 and all(units(p) <= 1000 for p in parts)
    assert all(p.startswith("<b>") for p in parts[:-1])
    visible = "".join(_well_formed(p) for p in parts)
    assert visible.replace("\n", "") == ("危险&amp;隐患" * 600 + "张三")


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(["<b>", "</b>", "<i>", "</i>", "&lt;", "&amp;", "。", "\n", "字", "😀", "a"]),
                min_size=1, max_size=400), st.integers(min_value=30, max_value=120))
def test_any_markup_splits_into_valid_parts_within_the_limit(pieces, limit):
    # balanced markup, as render() makes it
    text, stack = "", []
    for piece in pieces:
        if piece in ("<b>", "<i>"):
            if piece[1] in stack:
                continue
            stack.append(piece[1])
        elif piece in ("</b>", "</i>"):
            if not stack or stack[-1] != piece[2]:
                continue
            stack.pop()
        text += piece
    text += "".join(f"</{t}>" for t in reversed(stack))
    parts = split_message(text, limit=limit)
    assert all(units(p) <= limit for p in parts)
    plain = "".join(_well_formed(p) for p in parts).replace("\n", "")
    assert plain == _well_formed(text).replace("\n", "")
