"""The scheduler driven deterministically: APScheduler reads the fake clock (its two
`datetime.now` calls are patched), and a test wakes it up instead of waiting for its timer.
Restarts are a shutdown and a new scheduler on the same database (same job store)."""
from __future__ import annotations

import asyncio
import logging
import time as systime
from datetime import date, datetime

import pytest
from apscheduler.events import EVENT_JOB_ERROR, EVENT_JOB_EXECUTED, EVENT_JOB_MISSED, EVENT_JOB_SUBMITTED
from sqlmodel import select

import apscheduler.executors.base
import apscheduler.schedulers.base
from bot.runtime import scheduler as S
from handlers.base import Reply
from storage import pushes as store
from storage.models import DetailIssue, ProcessedUpdate, PushRecord
from tests.conftest import CST
from tests.helpers import ADMIN, GROUP, LEADERS_GROUP, OFFICERS


def patch_apscheduler_time(monkeypatch, clock) -> None:
    """APScheduler's notion of now becomes `clock`."""
    class FakeDateTime(datetime):
        @classmethod
        def now(cls, tz=None):
            now = clock.now()
            return now.astimezone(tz) if tz is not None else now.astimezone().replace(tzinfo=None)

    monkeypatch.setattr(apscheduler.schedulers.base, "datetime", FakeDateTime)
    monkeypatch.setattr(apscheduler.executors.base, "datetime", FakeDateTime)


@pytest.fixture
def fake_time(monkeypatch, clock):
    patch_apscheduler_time(monkeypatch, clock)
    return clock


class Driver:
    """Start, wake and stop the real scheduler; record what it sends."""

    def __init__(self, deps):
        self.deps = deps
        self.sent: list[Reply] = []
        self.scheduler = None
        self.submitted = self.finished = 0
        self.errors: list = []
        self.patience = 500        # ticks of 10 ms a job may take

    async def send(self, reply: Reply) -> None:
        self.sent.append(reply)

    def _count(self, event) -> None:
        if event.code == EVENT_JOB_SUBMITTED:
            self.submitted += 1
        else:
            self.finished += 1
            if event.code == EVENT_JOB_ERROR:
                self.errors.append(event.exception)

    async def start(self, iso: str | None = None) -> None:
        if iso:
            self.at(iso)
        self.scheduler = await S.start_scheduler(self.deps, self.send)
        self.scheduler.add_listener(self._count, EVENT_JOB_SUBMITTED | EVENT_JOB_EXECUTED
                                    | EVENT_JOB_ERROR | EVENT_JOB_MISSED)
        await self.settle()

    def at(self, iso: str) -> None:
        self.deps.clock.set(datetime.fromisoformat(iso).replace(tzinfo=CST))

    async def settle(self) -> None:
        for _ in range(10):
            await asyncio.sleep(0)
        for _ in range(self.patience):
            if self.finished >= self.submitted:
                break
            await asyncio.sleep(0.01)
        assert self.finished == self.submitted, "a job did not finish"
        assert not self.errors, self.errors

    async def advance(self, iso: str) -> None:
        self.at(iso)
        self.scheduler.wakeup()
        await self.settle()

    async def stop(self) -> None:
        await S.shutdown(self.scheduler)
        await asyncio.sleep(0)

    def texts(self, chat: int = GROUP) -> list[str]:
        return [r.text for r in self.sent if r.chat_id == chat]


@pytest.fixture
async def driver(town, fake_time):
    d = Driver(town.deps)
    yield d
    if d.scheduler is not None and d.scheduler.running:
        await d.stop()


async def report(h, unit: str, hhmm: str) -> None:
    h.at(hhmm)
    await h.send(OFFICERS[unit], f"{unit}今日无突发事件，零报告")


def records(h, prefix: str = "") -> list[PushRecord]:
    with h.deps.session_factory() as session:
        return list(session.exec(select(PushRecord).where(PushRecord.key.startswith(prefix))))


def reminders(d: Driver) -> list[str]:
    return [t for t in d.texts() if t.startswith("⏰ 催报")]


async def test_the_1100_reminder_names_the_missing_units_once(town, driver):
    await report(town, "青石镇", "09:00")
    await report(town, "永安镇", "10:40")
    await driver.start("2026-06-18T10:58")
    await driver.advance("2026-06-18T10:59:59")
    assert driver.sent == []
    await driver.advance("2026-06-18T11:00:00")
    assert reminders(driver) == ["⏰ 催报：今天（6月18日）值班情况请于 12:00 前报送。还没报送的单位（3/5）："
                                 "白沙街道（张芳）、双桥镇（陈刚）、市住建局（周敏）"]
    await driver.advance("2026-06-18T11:00:40")
    await driver.advance("2026-06-18T11:30:00")
    assert len(reminders(driver)) == 1
    assert [(r.key, r.status) for r in records(town, "remind:")] == [(f"remind:{GROUP}:2026-06-18", "sent")]


async def test_nothing_is_sent_when_all_have_reported(town, driver):
    for unit in OFFICERS:
        await report(town, unit, "09:30")
    await driver.start("2026-06-18T10:58")
    await driver.advance("2026-06-18T11:00:01")
    assert driver.sent == []


async def test_the_deadline_tally_goes_to_the_group_and_the_leaders(town, driver):
    await town.set_leaders_group()
    await report(town, "青石镇", "09:00")
    await driver.start("2026-06-18T11:30")
    await driver.advance("2026-06-18T12:00:01")
    board = driver.sent[-2]                                 # the group's board, edited: no new message
    assert board.chat_id == GROUP and board.edit_message_id is not None
    assert board.text.splitlines()[1:3] == ["✅ 青石镇 按时（09:00）", "❌ 白沙街道 漏报"]
    assert driver.texts(LEADERS_GROUP)[0].splitlines()[:2] == ["📋 6月18日 值班报送汇总（截止 12:00）",
                                                               "报送 1/5，按时 1，迟报 0，未报 4"]


@pytest.mark.parametrize("server_tz", ["Asia/Shanghai", "UTC", "America/New_York"])
async def test_a_restart_at_1059_still_sends_the_1100_reminder_once(town, driver, server_tz, monkeypatch):
    monkeypatch.setenv("TZ", server_tz)
    systime.tzset()
    try:
        await driver.start("2026-06-18T10:30")
        await driver.advance("2026-06-18T10:59:00")
        await driver.stop()
        await driver.start("2026-06-18T10:59:30")          # the same job store, kept
        await driver.advance("2026-06-18T11:00:00")
        assert len(reminders(driver)) == 1
        await driver.stop()
        await driver.start("2026-06-18T11:05")              # another restart: no repeat
        await driver.advance("2026-06-18T11:20")
        assert len(reminders(driver)) == 1
    finally:
        monkeypatch.undo()
        systime.tzset()


@pytest.mark.parametrize("server_tz", ["UTC", "America/New_York"])
async def test_downtime_over_1100_within_the_grace_sends_once(town, driver, server_tz, monkeypatch):
    monkeypatch.setenv("TZ", server_tz)
    systime.tzset()
    try:
        await driver.start("2026-06-18T10:30")
        await driver.stop()                                 # down from 10:30 …
        await driver.start("2026-06-18T11:20")              # … to 11:20: 20 minutes late
        assert len(reminders(driver)) == 1
        await driver.advance("2026-06-18T11:25")
        await driver.stop()
        await driver.start("2026-06-18T11:26")
        assert len(reminders(driver)) == 1
    finally:
        monkeypatch.undo()
        systime.tzset()


async def test_downtime_beyond_the_grace_sends_nothing_and_logs(town, driver, caplog):
    caplog.set_level(logging.WARNING)
    await driver.start("2026-06-18T10:30")
    await driver.stop()
    await driver.start("2026-06-18T11:45")                  # 45 minutes late, grace is 30
    assert reminders(driver) == []
    assert f"remind:{GROUP} due at 2026-06-18T11:00:00+08:00 was missed" in caplog.text
    await driver.advance("2026-06-18T12:00")                # the tally still comes
    assert driver.texts()[-1].startswith("📋 6月18日")


async def test_a_settings_change_moves_the_job_at_once(town, driver):
    await driver.start("2026-06-18T10:00")
    await town.send("王主任", "/remind 催报 10:15")
    await asyncio.sleep(0)                                  # the after-commit hook runs on the loop
    await driver.advance("2026-06-18T10:15")
    assert len(reminders(driver)) == 1
    await driver.advance("2026-06-18T11:00")
    assert len(reminders(driver)) == 1
    await town.send("王主任", "/remind 关闭")
    await asyncio.sleep(0)
    before = len(driver.sent)
    await driver.advance("2026-06-18T12:00")
    assert len(driver.sent) == before
    assert driver.scheduler.get_job(f"tally:{GROUP}") is None


async def test_quiet_hours_hold_a_push_until_morning(town, driver):
    await town.send("王主任", "/remind 汇总 23:00")
    await driver.start("2026-06-18T22:50")
    await driver.advance("2026-06-18T23:00")
    assert driver.sent == []
    assert [(r.key, r.status) for r in records(town, "held:")] == [(f"held:tally:{GROUP}:2026-06-18", "held")]
    await driver.advance("2026-06-19T06:59")
    assert driver.sent == []
    await driver.advance("2026-06-19T07:00")
    assert [t.splitlines()[0] for t in driver.texts()] == ["📋 6月18日 值班报送看板（截止 12:00）"]
    await driver.advance("2026-06-19T07:05")
    assert len(driver.texts()) == 1
    assert records(town, "held:")[0].status == "released"


async def test_quiet_hours_do_not_hold_a_drill_reminder(town):
    from tests.handlers.test_reminders import add_drill, at

    add_drill(town, at("06:30"), at("09:00", at("09:00").date().replace(day=15)))
    sent = []

    async def send(reply):
        sent.append(reply)

    pusher = S.Pusher(town.deps, send)
    town.at("05:31")
    assert await pusher.drills() == 1
    assert sent[0].text.startswith("📣 演练提醒")


# ---- once, even across crashes --------------------------------------------------------

async def test_a_crash_between_sending_and_recording_never_sends_twice(town, monkeypatch, caplog):
    town.at("11:00")
    sent = []

    async def send(reply):
        sent.append(reply)

    def crash(**kw):
        raise SystemExit("killed after the send, before the record")

    with monkeypatch.context() as m:
        m.setattr(store, "mark_push", crash)
        with pytest.raises(SystemExit):
            await S.Pusher(town.deps, send).run_kind("remind", GROUP, town.deps.clock.now().date())
    assert len(sent) == 1 and sent[0].pin                  # the board, posted
    assert [r.status for r in records(town, "board:")] == ["claimed"]

    restarted = S.Pusher(town.deps, send)                  # a new process, the same database
    assert await restarted.run_kind("remind", GROUP, town.deps.clock.now().date()) == 1
    assert len(sent) == 2 and sent[1].text.startswith("⏰ 催报")    # only what was never claimed
    assert await restarted.run_kind("remind", GROUP, town.deps.clock.now().date()) == 0

    caplog.set_level(logging.WARNING)
    town.at("12:30")
    restarted.expire_claims()
    assert [r.status for r in records(town, "board:")] == ["unsure"]
    assert "claimed but never confirmed" in caplog.text


async def test_a_failed_send_is_logged_and_recorded_and_the_rest_go_on(town, caplog):
    town.at("11:00")
    await town.set_leaders_group()
    sent = []

    async def send(reply):
        if reply.chat_id == GROUP:
            raise RuntimeError("Forbidden: bot was kicked")
        sent.append(reply)

    caplog.set_level(logging.ERROR)
    town.at("12:00")
    count = await S.Pusher(town.deps, send).run_kind("tally", GROUP, town.deps.clock.now().date())
    assert count == 1 and sent[0].chat_id == LEADERS_GROUP
    statuses = {r.key: (r.status, r.detail) for r in records(town)}
    assert statuses[f"board:{GROUP}:2026-06-18:tally"] == ("failed", "RuntimeError: Forbidden: bot was kicked")
    assert statuses[f"tally:{LEADERS_GROUP}:{GROUP}:2026-06-18"][0] == "sent"
    assert f"push board:{GROUP}:2026-06-18:tally to chat {GROUP} failed" in caplog.text


# ---- the console's tick loop ------------------------------------------------------------------

async def test_tick_loop_sends_as_the_clock_passes_with_the_same_keys(town):
    await report(town, "青石镇", "09:00")
    sent = []

    async def send(reply):
        sent.append(reply)

    town.at("10:59")
    loop = S.TickLoop(town.deps, send)
    for hhmm in ("10:59:30", "11:00:30", "11:01:30", "11:59:30", "12:00:30"):
        town.at(hhmm)
        await loop.run_due()
    assert [t.text.splitlines()[0][:6] for t in sent] == ["📋 6月18", "⏰ 催报：今", "📋 6月18"]
    assert sent[0].edit_message_id == sent[2].edit_message_id is not None   # one board, edited
    # A second loop over the same window (a restarted console) finds the keys taken.
    again = S.TickLoop(town.deps, send)
    again.since = datetime(2026, 6, 18, 10, 0, tzinfo=CST)
    assert await again.run_due() == 0


def processed(h) -> list[tuple[str, datetime]]:
    with h.deps.session_factory() as session:
        return [(u.update_key, u.processed_at) for u in session.exec(select(ProcessedUpdate))]


async def test_housekeeping_at_0330_forgets_update_keys_older_than_three_days(town, driver):
    await report(town, "青石镇", "09:00")                      # 18 June
    town.at("09:00", day="2026-06-21")
    await town.send(OFFICERS["白沙街道"], "白沙街道今日无突发事件，零报告")
    recent = processed(town)[-1]
    old = [key for key, at in processed(town) if at < datetime(2026, 6, 19, 3, 30, tzinfo=CST)]
    assert len(old) >= 2
    await driver.start("2026-06-21T10:00")
    assert S.HOUSEKEEPING_JOB in {job.id for job in driver.scheduler.get_jobs()}
    await driver.advance("2026-06-22T03:29:59")
    assert len(processed(town)) > 1
    await driver.advance("2026-06-22T03:30:00")                  # keeps what is newer than 19 June 03:30
    assert processed(town) == [recent]


# ---- the weekly draft on working days ---------------------------------------------------------

def drafts(d: Driver) -> list[str]:
    return [t for t in d.texts(LEADERS_GROUP) if t.startswith("📝 本周周报草稿")]


async def test_the_weekly_draft_leaves_a_holiday_friday_for_thursday(town, driver):
    """端午 is Friday 19 June 2026: the "fri 16:00" draft goes out on Thursday, once."""
    await town.set_leaders_group()
    await driver.start("2026-06-18T15:00")
    assert str(driver.scheduler.get_job(f"weekly:{GROUP}").trigger.fields[4]) == "*"   # daily; the day is chosen
    await driver.advance("2026-06-18T16:00")
    assert len(drafts(driver)) == 1
    await driver.advance("2026-06-19T16:00")                # the holiday itself: nothing more
    await driver.advance("2026-06-20T16:00")
    assert len(drafts(driver)) == 1
    assert [r.key for r in records(town, "weekly:")][0] == f"weekly:{LEADERS_GROUP}:{GROUP}:2026-06-18:1"


async def test_an_ordinary_friday_and_a_missed_draft_stay_missed(town, driver):
    await town.set_leaders_group()
    await driver.start("2026-06-24T15:00")
    await driver.advance("2026-06-25T16:00")                # Thursday of an ordinary week: nothing
    assert drafts(driver) == []
    await driver.stop()                                     # down over Friday 16:00 and its grace
    await driver.start("2026-06-27T09:00")
    await driver.advance("2026-06-27T16:00")                # Saturday's daily run finds Friday's, days late
    assert drafts(driver) == []


async def test_tick_loop_keeps_the_weekly_draft_to_working_days(town):
    await town.set_leaders_group()
    sent = []

    async def send(reply):
        sent.append(reply)

    town.at("15:00", "2026-06-17")
    loop = S.TickLoop(town.deps, send)
    for day in ("2026-06-17", "2026-06-18", "2026-06-19", "2026-06-20"):
        town.at("16:30", day)
        await loop.run_due()
    heads = [r.text.splitlines()[0] for r in sent if r.chat_id == LEADERS_GROUP and r.text.startswith("📝")]
    assert heads == ["📝 本周周报草稿（自动生成，供审阅修改）"]


async def test_housekeeping_forgets_expired_detail_buttons(town, driver):
    town.at("09:00")
    await town.send(ADMIN, "本周隐患整改情况")                  # a 明细 button, good for 7 days
    town.at("09:00", day="2026-06-24")
    await town.send(ADMIN, "本周隐患整改情况")
    assert len(town.rows(DetailIssue)) == 2
    await driver.start("2026-06-25T10:00")
    await driver.advance("2026-06-26T03:30:00")                  # the first expired on the 25th at 09:00
    [kept] = town.rows(DetailIssue)
    assert kept.issued_at.date() == date(2026, 6, 24)
