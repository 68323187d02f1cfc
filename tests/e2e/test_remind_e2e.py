"""Reminders end to end: the scheduler sends through a real aiogram Bot, paced, to the fake
Bot API; /remind is typed by an admin; a 429 storm loses nothing and doubles nothing."""
from __future__ import annotations

from sqlmodel import select

from bot.telegram.client import build_bot
from bot.telegram.outbound import edit_coalescer, push_sender
from bot.telegram.pacing import Pacer, install_pacer
from storage import people
from storage.models import PushRecord
from tests.bot.runtime.test_scheduler import Driver, fake_time, patch_apscheduler_time  # noqa: F401  (fixture)
from tests.e2e.conftest import ADMIN_ID, GROUP
from tests.fakes.botapi import FakeBotAPI

OFFICER = 700001


async def test_reminder_and_tally_reach_the_group_with_mentions(live, monkeypatch):
    patch_apscheduler_time(monkeypatch, live.clock)
    await live.say(ADMIN_ID, "/addunit 青石镇", name="王主任", at="2026-06-18T08:00")
    await live.say(ADMIN_ID, "/addunit 白沙街道", name="王主任")
    await live.say(OFFICER, "/bind 白沙街道", name="张芳")
    card = live.server.sent_messages(GROUP)[-1]
    await live.press(ADMIN_ID, card["message_id"], card["reply_markup"]["inline_keyboard"][0][0]["callback_data"],
                     name="王主任")
    await live.say(ADMIN_ID, "/bind 青石镇", name="王主任")
    await live.say(ADMIN_ID, "青石镇今日无突发事件，零报告", name="王主任", at="2026-06-18T09:00")
    await live.say(ADMIN_ID, "/remind", name="王主任", at="2026-06-18T10:00")
    assert "• 催报：11:00（默认）" in live.server.sent_messages(GROUP)[-1]["text"]

    install_pacer(live.bot, Pacer())       # as bot/run.py does
    driver = Driver(live.deps)
    driver.send = push_sender(live.bot, live.deps)
    await driver.start("2026-06-18T10:58")
    try:
        before = len(live.server.sent_messages(GROUP))
        await driver.advance("2026-06-18T11:00:00")
        pushed = live.server.sent_messages(GROUP)[before:]
        assert len(pushed) == 1
        text = pushed[0]["text"]
        assert text.startswith("⏰ 催报：今天（6月18日）值班情况请于 12:00 前报送。还没报送的单位（1/2）：白沙街道（张芳）")
        assert f'<a href="tg://user?id={OFFICER}">张芳</a>' in live.server.calls_of("sendMessage")[-1]["text"]
        await driver.advance("2026-06-18T12:00:01")
        await edit_coalescer(live.bot).flush()
        assert len(live.server.sent_messages(GROUP)) == before + 1      # the board was edited, not re-sent
        board = live.server.edits(GROUP)[-1]
        assert board["text"].splitlines()[1:] == ["✅ 青石镇 按时（09:00）", "❌ 白沙街道 漏报",
                                                  "已报 1 / 应报 2（截止时未报即为漏报）"]
        assert board["message_id"] == live.server.sent_messages(GROUP)[before - 2]["message_id"]
    finally:
        await driver.stop()


async def test_a_429_storm_loses_nothing_and_doubles_nothing(tmp_path, db_url, fake_time):  # noqa: F811
    """25 groups' 催报 at 11:00 through a bot allowed 30/s by its pacer, against a server
    that takes only 5/s: many 429s, every reminder delivered exactly once."""
    from bot.runtime.settings import Settings
    from handlers.base import NullPlatform
    from handlers.runner import Deps
    from storage.db import SessionFactory, make_engine, migrate

    engine = make_engine(db_url)
    migrate(engine)
    chats = [-100500 - i for i in range(25)]
    with SessionFactory(engine)() as session:
        for i, chat in enumerate(chats):
            group = people.enrol_group(session=session, chat_id=chat, title=f"镇街{i}值班群", by=1,
                                       at=fake_time.now())      # groups take part once enrolled
            unit, _ = people.add_unit_to_roster(session=session, group=group, name=f"第{i}镇", aliases=[])
            people.bind_member(session=session, user_id=800000 + i, name=f"值班员{i}", username=None, unit=unit)
        session.commit()
    async with FakeBotAPI(global_per_second=5) as server:
        settings = Settings(_env_file=None, database_url=db_url, telegram_bot_token=server.token,
                            telegram_api_server=server.base_url)
        bot = build_bot(settings)
        install_pacer(bot, Pacer())
        deps = Deps(session_factory=SessionFactory(engine), clock=fake_time, settings=settings,
                    platform=NullPlatform())
        driver = Driver(deps)
        driver.patience = 4000      # each group: its board, a pin refused, the 催报: 75 calls at 5/s
        driver.send = push_sender(bot, deps)
        try:
            await driver.start("2026-06-18T10:59")
            await driver.advance("2026-06-18T11:00:00")
        finally:
            await driver.stop()
            await bot.session.close()
        print(f"429 answers: {server.too_many}, delivered: {server.delivered}")
        assert server.too_many > 0, "the server never refused: no storm to survive"
        for chat in chats:
            texts = server.sent_texts(chat)
            assert len(texts) == 2 and texts[0].startswith("📋") and texts[1].startswith("⏰ 催报"), (chat, texts)
    with SessionFactory(engine)() as session:
        statuses = [r.status for r in session.exec(select(PushRecord))]
    assert statuses == ["sent"] * len(chats) * 2
    engine.dispose()


LEADERS = -1009999000002
CHIEF = 700002


async def test_the_ladder_messages_the_chief_privately_then_the_leaders_group_with_its_detail(live):
    """Issue 20.2 through the real Bot and the fake Bot API: after the deadline the missing
    unit's chief gets a private message, later the leaders' group one line with 🔍 明细,
    which a leader opens there; each step once."""
    from datetime import date

    from bot.runtime.scheduler import Pusher
    await live.say(ADMIN_ID, "/addunit 青石镇", name="王主任", at="2026-06-18T08:00")
    await live.say(ADMIN_ID, "/addunit 白沙街道", name="王主任")
    await live.say(ADMIN_ID, "/bind 青石镇", name="王主任")
    await live.say(CHIEF, "/bind 白沙街道", name="赵主任")
    card = live.server.sent_messages(GROUP)[-1]
    await live.press(ADMIN_ID, card["message_id"], card["reply_markup"]["inline_keyboard"][0][0]["callback_data"],
                     name="王主任")
    await live.say(ADMIN_ID, "/role 赵主任 chief", name="王主任")
    assert "单位负责人" in live.server.sent_messages(GROUP)[-1]["text"]
    await live.server.wait_confirmed(live.server.push_message(LEADERS, ADMIN_ID, "/enable", first_name="王主任",
                                                              chat_title="领导群"), timeout=10)
    await live.say(ADMIN_ID, f"/remind 领导群 {LEADERS}", name="王主任")
    await live.say(ADMIN_ID, "青石镇今日无突发事件，零报告", name="王主任", at="2026-06-18T09:00")

    pusher = Pusher(live.deps, push_sender(live.bot, live.deps))
    day = date(2026, 6, 18)
    live.at("2026-06-18T13:00:01")
    await pusher.run_kind("chief", GROUP, day)
    [private] = live.server.sent_messages(CHIEF)
    assert "白沙街道 6月18日 值班情况截止 12:00 仍未报送" in private["text"]
    await pusher.run_kind("chief", GROUP, day)                       # once per unit and day
    assert len(live.server.sent_messages(CHIEF)) == 1

    live.at("2026-06-18T15:00:01")
    await pusher.run_kind("escalate", GROUP, day)
    [line] = [m for m in live.server.sent_messages(LEADERS) if m["text"].startswith("📌")]
    assert "仍未报送 1 个单位：白沙街道（已私信单位负责人）" in line["text"] and "青石镇" not in line["text"]
    [[button]] = line["reply_markup"]["inline_keyboard"]
    assert button["text"] == "🔍 明细"
    await live.server.wait_confirmed(live.server.push_callback(LEADERS, ADMIN_ID, line["message_id"],
                                                               button["callback_data"], first_name="王主任"),
                                     timeout=10)
    page = live.server.sent_messages(LEADERS)[-1]
    assert page["text"].startswith("🔍 明细｜") and "白沙街道" in page["text"] and "私信单位负责人" in page["text"]
    await pusher.run_kind("escalate", GROUP, day)
    assert len([m for m in live.server.sent_messages(LEADERS) if m["text"].startswith("📌")]) == 1
