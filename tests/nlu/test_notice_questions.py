"""Notice questions read as a query with topic "notice"; notices themselves, chatter and
questions about another topic are not (the corpus's grammar answers those)."""
from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path

import pytest

from core.clock import CHINA
from nlu.notice_questions import read

MONDAY = datetime(2026, 12, 7, 9, 0, tzinfo=CHINA)


@pytest.mark.parametrize("text, start, end", [
    ("本月通知签收情况", date(2026, 12, 1), date(2026, 12, 31)),
    ("上周通知收到情况", date(2026, 11, 30), date(2026, 12, 6)),
    ("通知收到了吗", None, None),
    ("大家收到通知没有", None, None),
    ("哪些单位还没签收通知？", None, None),
    ("通知签收率多少", None, None),
])
def test_notice_questions(text, start, end):
    intent = read(text, MONDAY)
    assert intent is not None and intent.name == "query" and intent.fields["topic"] == "notice"
    assert (intent.fields.get("start"), intent.fields.get("end")) == (start, end)
    assert intent.extra["chart"] is False


@pytest.mark.parametrize("text", [
    "发通知：明天开会，收到请回复",
    "请各单位收到通知后回复",
    "收到，通知已转发",
    "收到",
    "本周值班报送情况",
    "已通知燃气公司限期整改，收到了吗",          # a hazard's words: not a notice question
    "今天哪些单位没报，通知收到了吗",            # duty asked too: the grammar's answer
    "通" * 70 + "通知收到了吗",                  # far too long for a question
    None,
])
def test_not_notice_questions(text):
    assert read(text, MONDAY) is None


def test_an_impossible_date_is_flagged():
    assert read("2月30日的通知收到了吗", MONDAY).extra["error"] == "invalid_date"


def test_no_corpus_message_is_read_as_a_notice_question():
    """The corpora label no notice question: the reader must leave all of them alone."""
    root = Path(__file__).resolve().parents[2]
    files = [root.parent / "shared" / "corpus" / "messages.dev.jsonl", *sorted((root / "corpus").glob("*.jsonl"))]
    files = [f for f in files if f.exists()]
    assert files
    for f in files:
        for line in f.read_text(encoding="utf-8").splitlines():
            m = json.loads(line)
            assert read(m["text"], datetime.fromisoformat(m["sent_at"])) is None, m["id"]
