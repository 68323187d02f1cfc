"""Fuzzing the whole handler stack: generated messages and button presses from members
and strangers. Nothing may escape, every answer must fit Telegram's limits, and a
stranger must leave no trace in the database."""
from __future__ import annotations

import asyncio
import os

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func
from sqlmodel import SQLModel, select

from handlers.base import Incoming, Reply
from handlers.router import features
from handlers.runner import process
from handlers.texts import common as C
from tests.helpers import ADMIN, GROUP, OFFICERS

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "10000"))
FRAGMENTS = ["青石镇", "白沙街道", "今日", "值班", "零报告", "无突发事件", "隐患", "消防通道", "堵塞",
             "责任人", "王建国", "限期", "3天", "三天", "整改", "已整改", "销号", "演练", "防汛", "签到",
             "参演", "12人", "一万人", "-5人", "本周", "上周", "2月30日", "6月31日", "近7天", "情况",
             "哪些", "没报", "周报", "生成", "上半年", "总结", "图", "YH-20260618-001", "撤回", "，", "。",
             "？", "<b>", "</b>", "&amp;", "\n", " ", "😀", "99999999999999999999", "0", "-1"]
COMMANDS = sorted({c for f in features() for c in f.commands} | {"/nonsense", "/"})
PREFIXES = sorted({p for f in features() for p in f.callbacks} | {"zz", ""})

chinese = st.lists(st.sampled_from(FRAGMENTS), min_size=0, max_size=12).map("".join)
texts = st.one_of(
    st.text(max_size=300),
    chinese,
    st.builds(lambda c, a: f"{c} {a}", st.sampled_from(COMMANDS), st.one_of(chinese, st.text(max_size=60))),
    st.integers().map(str),
    st.text(alphabet="<>&\"'/\\*_`[]()~", max_size=50),
)
callbacks = st.builds(lambda p, rest: f"{p}:{rest}", st.sampled_from(PREFIXES),
                      st.one_of(st.text(max_size=40), st.integers().map(str),
                                st.builds(lambda a, b: f"{a}:{b}", st.text(max_size=8), st.integers())))
people = st.sampled_from([ADMIN, *OFFICERS.values(), "路人甲", "路人乙"])
events = st.tuples(people, st.one_of(texts.map(lambda t: ("text", t)), callbacks.map(lambda d: ("button", d))),
                   st.booleans(), st.integers(min_value=0, max_value=5))


def table_counts(deps) -> dict[str, int]:
    with deps.session_factory() as session:
        return {name: session.exec(select(func.count()).select_from(table)).one()
                for name, table in SQLModel.metadata.tables.items()}


def check(replies: list[Reply]) -> None:
    for reply in replies:
        assert C.INTERNAL_ERROR not in (reply.text, reply.alert), "a handler raised"
        assert reply.text or reply.file or reply.alert, reply
        assert len(reply.text) <= 4096 * 8
        if reply.alert:
            assert len(reply.alert) <= 200
        if reply.file:
            assert len(reply.file.content) < 50 * 1024 * 1024
            assert not reply.file.caption or len(reply.file.caption) <= 1024
        for row in reply.buttons:
            for button in row:
                assert 0 < len(button.data.encode()) <= 64 and button.text


async def test_fuzz_messages_and_buttons(town):
    deps = town.deps
    serial = iter(range(10**9))

    @settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
              suppress_health_check=list(HealthCheck))
    @given(events)
    def one(event):
        who, (kind, payload), private, reply_offset = event
        n = next(serial)
        stranger = who.startswith("路人")
        before = table_counts(deps) if stranger else None
        chat = town.uid(who) if private else GROUP
        incoming = Incoming(
            chat_id=chat, sender_id=town.uid(who), sent_at=deps.clock.now(), chat_title="群",
            chat_type="private" if private else "supergroup", sender_name=who, message_id=10**6 + n,
            update_key=f"fuzz:{n}", text=payload if kind == "text" else "",
            callback_data=payload if kind == "button" else None,
            callback_id=str(n) if kind == "button" else None,
            reply_to_message_id=(10**6 + n - reply_offset) if reply_offset else None)
        replies = loop.run_until_complete(process(incoming, deps))
        check(replies)
        if stranger:
            assert table_counts(deps) == before

    town.at("10:30")
    loop = asyncio.new_event_loop()
    try:
        await asyncio.to_thread(one)
    finally:
        loop.close()
