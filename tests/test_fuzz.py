"""Fuzzing the whole handler stack: generated messages and button presses from members
and strangers. Nothing may escape, every answer must fit Telegram's limits, and a
stranger must leave no trace in the database."""
from __future__ import annotations

import asyncio
import html
import os
from datetime import timedelta
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func
from sqlmodel import SQLModel, select

from bot.telegram.outbound import TEXT_LIMIT, render
from reports.chat_split import split_message
from handlers.base import Incoming, Reply
from handlers.router import features
from handlers.runner import process, render_view
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
oversized_html = st.builds(lambda parts, n: "".join(parts) * n,
                          st.lists(st.sampled_from(["<b>", "</b>", "&amp;", "&lt;", "<a href='x'>", "青石镇",
                                                    "零报告", "&", "<", "\n", "😀"]), min_size=1, max_size=8),
                          st.integers(min_value=100, max_value=1500))
texts = st.one_of(texts, oversized_html)
ANONYMOUS = "匿名管理员"        # Telegram's GroupAnonymousBot speaking as the chat
people = st.sampled_from([ADMIN, *OFFICERS.values(), "路人甲", "路人乙", ANONYMOUS])
NEW_CHAT = -1009999000001
# Telegram's shapes around a message: forwarded (from whom, how long ago), a forum topic,
# or a group upgrade (the real group there and back, or a chat nobody knows).
shapes = st.one_of(
    st.just({}),
    st.builds(lambda who, hours: {"forwarded": True, "forward_sender_id": who, "forward_hours": hours},
              st.sampled_from([0, 5000, 5001, 424242]), st.integers(min_value=0, max_value=24 * 40)),
    st.integers(min_value=1, max_value=2**31 - 1).map(lambda t: {"thread_id": t}),
    st.sampled_from([{"migrate": (GROUP, NEW_CHAT)}, {"migrate": (NEW_CHAT, GROUP)},
                     {"migrate": (-100777, -1007770000)}]),
)
events = st.tuples(people, st.one_of(texts.map(lambda t: ("text", t)), callbacks.map(lambda d: ("button", d))),
                   st.booleans(), st.integers(min_value=0, max_value=5), shapes)


def table_counts(deps) -> dict[str, int]:
    with deps.session_factory() as session:
        return {name: session.exec(select(func.count()).select_from(table)).one()
                for name, table in SQLModel.metadata.tables.items()}


_BROKEN_ENTITY = re.compile(r"&(?!(?:[a-z]+|#\d+);)")


def _utf16(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def check_rendered(reply: Reply) -> None:
    """As Telegram gets it: each part within 4,096 UTF-16 units, no entity cut."""
    for part in split_message(render(reply), TEXT_LIMIT):
        assert _utf16(part) <= TEXT_LIMIT, len(part)
        assert not _BROKEN_ENTITY.search(part), part[-20:]
        assert "<" not in re.sub(r'</?a(?: href="[^"<>]*")?>', "", part), part[:80]
        assert html.unescape(part)


def check(replies: list[Reply]) -> None:
    for reply in replies:
        if reply.text:
            check_rendered(reply)
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


def shown(deps, replies: list[Reply]) -> list[Reply]:
    """The replies as an adapter shows them: a live view's edit (the day's board) rendered
    as it goes out, one that shows nothing any more dropped."""
    return [r for r in (render_view(deps, reply) for reply in replies) if r is not None]


_SYNC_TOWNS = iter(range(10**6))


@pytest.fixture
def town_sync(h):
    """The town, set up outside any running loop (hypothesis calls the test many times)."""
    loop = asyncio.new_event_loop()
    try:
        loop.run_until_complete(h.setup_town())
    finally:
        loop.close()
    return h, next(_SYNC_TOWNS)


async def test_fuzz_messages_and_buttons(town):
    deps = town.deps
    serial = iter(range(10**9))

    @settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
              suppress_health_check=list(HealthCheck))
    @given(events)
    def one(event):
        who, (kind, payload), private, reply_offset, shape = event
        n = next(serial)
        anonymous = who == ANONYMOUS
        stranger = who.startswith("路人") or anonymous
        migrate = shape.get("migrate")
        before = table_counts(deps) if stranger and not migrate else None
        chat = town.uid(who) if private and not anonymous and not migrate else GROUP
        sender = 1087968824 if anonymous else town.uid(who)
        extra = {k: v for k, v in shape.items() if k in ("forwarded", "forward_sender_id", "thread_id")}
        if "forward_hours" in shape:
            extra["forward_date"] = deps.clock.now() - timedelta(hours=shape["forward_hours"])
            if extra["forward_sender_id"] in (5000, 5001):
                extra["forward_sender_id"] = town.uid(who) if shape["forward_sender_id"] == 5000 else 0
        if migrate:
            chat = migrate[0]
            extra.update(migrate_to_chat_id=migrate[1], text="")
        incoming = Incoming(
            chat_id=chat, sender_id=sender, sent_at=deps.clock.now(), chat_title="群",
            chat_type="private" if chat > 0 else "supergroup", sender_name=who, message_id=10**6 + n,
            update_key=f"fuzz:{n}", text=payload if kind == "text" and not migrate else "",
            callback_data=payload if kind == "button" and not migrate else None,
            callback_id=str(n) if kind == "button" and not migrate else None,
            reply_to_message_id=(10**6 + n - reply_offset) if reply_offset else None,
            anonymous=anonymous, **{k: v for k, v in extra.items() if k != "text"})
        replies = loop.run_until_complete(process(incoming, deps))
        check(shown(deps, replies))
        if before is not None:
            assert table_counts(deps) == before

    town.at("10:30")
    loop = asyncio.new_event_loop()
    try:
        await asyncio.to_thread(one)
    finally:
        loop.close()


@settings(max_examples=int(os.environ.get("FUZZ_EDIT_EXAMPLES", "8")), deadline=None, database=None,
          derandomize=True, suppress_health_check=list(HealthCheck))
@given(st.lists(st.sampled_from(["今日无突发事件，零报告", "今日凌晨强降雨，转移群众12人，无伤亡",
                                 "零报告", "今日发生一起火情，已扑灭", "<b>零报告</b>&amp;", "撤回"]),
                min_size=2, max_size=6))
def test_concurrent_edits_of_one_report(town_sync, versions):
    """Several edits of the same report handled at once (each in its own thread and event
    loop, as replicas would): no exception, every answer valid, one live report left."""
    from storage.models import DutyReport

    town, n = town_sync[0], next(_SYNC_TOWNS)
    officer = OFFICERS["青石镇"]
    town.at("09:00")
    loop = asyncio.new_event_loop()
    try:
        first = loop.run_until_complete(town.send(officer, "青石镇今日无突发事件，零报告"))
    finally:
        loop.close()
    check(first)
    message_id = town.last_message_id

    def edit(i: int, text: str) -> list[Reply]:
        incoming = Incoming(chat_id=GROUP, sender_id=town.uid(officer), text=f"青石镇{text}",
                            sent_at=town.deps.clock.now(), chat_type="supergroup", sender_name=officer,
                            message_id=message_id, update_key=f"edit:{n}:{i}", edited=True)
        return asyncio.run(process(incoming, town.deps))

    async def all_at_once():
        return await asyncio.gather(*(asyncio.to_thread(edit, i, t) for i, t in enumerate(versions)))
    for replies in asyncio.run(all_at_once()):
        check(shown(town.deps, replies))
    live = [r for r in town.rows(DutyReport) if r.superseded_by is None and not r.withdrawn
            and r.source_message_id == message_id]
    assert len(live) == 1
