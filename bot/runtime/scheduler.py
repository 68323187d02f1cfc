"""Reminders pushed on time: APScheduler 3 in production, a tick loop in the console.

Jobs. One cron job per (group, kind) — "remind:<chat>", "tally:<chat>", "hazards:<chat>",
"weekly:<chat>" — in a SQLAlchemyJobStore in the assistant's own database, with the
group's timezone on the trigger (the scheduler's own is Asia/Shanghai, never the
server's). Jobs are module-level coroutines with plain arguments (`fire(kind, chat_id)`),
so the store can pickle them; the running app's deps and sender are found through the
module-level `_runtime`, set by `start_scheduler`. A "minute" job releases pushes held
over quiet hours, sends drill reminders and reconciles the jobs with Group.settings; a
daily "housekeeping" job at 03:30 forgets update keys older than KEEP_PROCESSED.

Restarts. On start the stored jobs are kept as they are (a job is replaced only when its
trigger changed), so a run that fell due while the bot was down is still in the store:
APScheduler runs it once (coalesce) if it is less than the kind's grace late, otherwise
logs it as missed and sends nothing.

Once and only once, as far as a crash allows. Each push has a unique key. Before sending,
the key is claimed (PushRecord status "claimed") in its own committed transaction; after
the send it becomes "sent" (or "failed", logged). A key already present is never sent
again. This is at-most-once: a crash between the send and the record cannot be told
apart from a crash just before the send (Telegram has no idempotency key), and a second
催报 in an office's group is worse than a missing one the next day's reminder, /missing
and the tally make up for. Claims never confirmed are marked "unsure" and logged at the
next start, so nobody is left guessing.
"""
from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from apscheduler.events import EVENT_JOB_MISSED, JobExecutionEvent
from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger
from sqlalchemy.exc import IntegrityError

from core.clock import CHINA
from handlers import reminders as P
from handlers.base import Reply
from handlers.runner import Deps
from storage import boards, details, outbox, people, updates
from storage import pushes as store

log = logging.getLogger(__name__)

Send = Callable[[Reply], Awaitable[None]]
# How late a run may still be sent: a 催报 after the deadline is useless, a tally or the
# weekly draft still worth having hours later.
GRACE = {"remind": 30 * 60, "tally": 2 * 3600, "chief": 2 * 3600, "escalate": 3 * 3600,
         "hazards": 3 * 3600, "weekly": 6 * 3600}
MINUTE_JOB = "minute"
HOUSEKEEPING_JOB = "housekeeping"     # daily, at a quiet hour: old update keys are forgotten
STALE_CLAIM = timedelta(hours=1)     # longer than any paced send (429 retries included)
JOBSTORE_TABLE = "apscheduler_jobs"


@dataclass
class Pusher:
    """Turns due pushes into sent messages, each key at most once."""
    deps: Deps
    send: Send

    async def run_kind(self, kind: str, chat_id: int, day: date, *, hold: bool = True) -> int:
        now = self.deps.clock.now()
        with self.deps.session_factory() as session:
            group = people.get_group(session=session, chat_id=chat_id)
            if group is None or group.role != "duty":
                return 0
            cfg = P.RemindSettings.of(group)
            if not cfg.enabled or cfg.schedule(kind) is None:
                return 0
            release = P.quiet_until(cfg, now, group.timezone) if hold else None
            if release is not None:
                self._hold(session, kind, chat_id, day, release)
                return 0
            found = P.due(kind, session, group, day, now)
            session.commit()        # a board posted today is known before it is sent
        return await self.deliver(found)

    def _hold(self, session, kind: str, chat_id: int, day: date, release: datetime) -> None:
        try:
            held = store.hold_push(session=session, key=f"held:{kind}:{chat_id}:{day}", chat_id=chat_id,
                                   release_at=release, detail=f"{kind} {chat_id} {day.isoformat()}")
            session.commit()
        except IntegrityError:
            session.rollback()
            held = False
        if held:
            log.info("%s for chat %s held over quiet hours until %s", kind, chat_id, release.isoformat())

    async def deliver(self, found: list[P.Push]) -> int:
        count = 0
        for push in found:
            if not self._claim(push):
                continue
            try:
                await self.send(push.reply)
            except Exception as exc:     # the pacer has retried what can be retried
                log.error("push %s to chat %s failed: %s", push.key, push.reply.chat_id, type(exc).__name__)
                self._mark(push.key, store.FAILED, f"{type(exc).__name__}: {exc}")
                continue
            self._mark(push.key, store.SENT, steps=push.steps)
            count += 1
        return count

    def _claim(self, push: P.Push) -> bool:
        """Claim the key in its own committed transaction, before anything is sent."""
        with self.deps.session_factory() as session:
            try:
                mine = store.claim_push(session=session, key=push.key, chat_id=push.reply.chat_id,
                                        at=self.deps.clock.now())
                session.commit()
            except IntegrityError:      # another runner claimed it at the same moment
                session.rollback()
                return False
        return mine

    def _mark(self, key: str, status: str, detail: str = "", steps: tuple[P.Step, ...] = ()) -> None:
        """The push's outcome, and the ladder's steps it took (who was told, when) with it."""
        now = self.deps.clock.now()
        with self.deps.session_factory() as session:
            store.mark_push(session=session, key=key, status=status, at=now, detail=detail)
            for step in steps:
                boards.record_steps(session=session, group_id=step.group_id, day=step.day, step=step.step,
                                    told=step.told, at=now)
            session.commit()

    async def release_held(self) -> int:
        """Pushes held over quiet hours whose time has come, run for the day they were due."""
        now = self.deps.clock.now()
        with self.deps.session_factory() as session:
            held = [(r.key, r.detail) for r in store.due_held(session=session, now=now)]
        count = 0
        for key, detail in held:
            with self.deps.session_factory() as session:
                taken = store.take_held(session=session, key=key, at=now)
                session.commit()
            if not taken:
                continue
            kind, chat_id, day = detail.split()
            count += await self.run_kind(kind, int(chat_id), date.fromisoformat(day), hold=False)
        return count

    async def drills(self) -> int:
        with self.deps.session_factory() as session:
            found = P.drill_pushes(session, self.deps.clock.now())
        return await self.deliver(found)

    async def notices(self) -> int:
        with self.deps.session_factory() as session:
            found = P.notice_pushes(session, self.deps.clock.now())
        return await self.deliver(found)

    def expire_claims(self) -> None:
        now = self.deps.clock.now()
        with self.deps.session_factory() as session:
            stale = store.expire_claims(session=session, before=now - STALE_CLAIM, at=now)
            session.commit()
        for record in stale:
            log.warning("push %s to chat %s was claimed but never confirmed (a crash?): "
                        "not sent again; it may or may not have arrived", record.key, record.chat_id)


# ---- APScheduler ------------------------------------------------------------------------

@dataclass
class Runtime:
    pusher: Pusher
    scheduler: AsyncIOScheduler


_runtime: Runtime | None = None


def _pusher() -> Pusher | None:
    if _runtime is None:
        log.warning("a scheduled job ran with no scheduler started; ignored")
        return None
    return _runtime.pusher


async def fire(kind: str, chat_id: int) -> None:
    """A (group, kind) cron job: push what is due for the day it was scheduled."""
    pusher = _pusher()
    if pusher is None:
        return
    now = pusher.deps.clock.now()
    with pusher.deps.session_factory() as session:
        group = people.get_group(session=session, chat_id=chat_id)
        cfg = P.RemindSettings.of(group) if group else None
        day = P.occurrence_day(cfg, kind, now, group.timezone, P.working_calendar(session)) if group else None
    if day is None:
        return
    # The weekly trigger fires daily (its day moves off holidays): an occurrence older
    # than its grace was sent, or missed for good, as a cron misfire would be.
    due_at = datetime.combine(day, cfg.schedule(kind)[1], tzinfo=ZoneInfo(group.timezone))
    if (now - due_at).total_seconds() > GRACE.get(kind, 0):
        return
    await pusher.run_kind(kind, chat_id, day)


async def minute() -> None:
    """Every minute: held pushes, drill reminders, jobs brought in line with the settings."""
    pusher = _pusher()
    if pusher is None:
        return
    await pusher.release_held()
    await pusher.drills()
    await pusher.notices()
    reconcile(_runtime.scheduler, pusher.deps)


async def housekeeping() -> int:
    """Forget update keys older than KEEP_PROCESSED, a small batch a transaction, yielding
    to the loop between batches: a first run over years of keys must not stall replies."""
    pusher = _pusher()
    if pusher is None:
        return 0
    deps = pusher.deps
    before = deps.clock.now() - updates.KEEP_PROCESSED
    total = 0
    while True:
        with deps.session_factory() as session:
            gone = updates.forget_processed(session=session, before=before)
            session.commit()
        total += gone
        if gone == 0:
            break
        await asyncio.sleep(0)
    if total:
        log.info("forgot %d update keys processed before %s", total, before.isoformat())
    with deps.session_factory() as session:      # sent replies: of no use once delivered
        outbox.forget_sent(session=session, before=before)
        # 明细 buttons past their time: a press of one is refused whether its row is kept or not
        details.forget_expired_details(session=session, before=deps.clock.now())
        session.commit()
    return total


def desired_jobs(deps: Deps) -> dict[str, tuple[str, int, CronTrigger]]:
    """job id → (kind, chat id, trigger) for every enabled reminder of every duty group."""
    wanted = {}
    with deps.session_factory() as session:
        for group in store.duty_groups(session=session):
            cfg = P.RemindSettings.of(group)
            if not cfg.enabled:
                continue
            for kind in P.JOB_KINDS:
                sched = cfg.schedule(kind)
                if sched is None:
                    continue
                _, at = sched
                trigger = CronTrigger(day_of_week=P.cron_weekday(cfg, kind), hour=at.hour, minute=at.minute,
                                      timezone=group.timezone)
                wanted[f"{kind}:{group.chat_id}"] = (kind, group.chat_id, trigger)
    return wanted


def reconcile(scheduler: AsyncIOScheduler, deps: Deps) -> None:
    """Add, move or drop cron jobs to match the settings. An unchanged job is left alone:
    replacing it would recompute its next run and lose one missed during downtime."""
    wanted = desired_jobs(deps)
    have = {job.id: job for job in scheduler.get_jobs() if job.id not in (MINUTE_JOB, HOUSEKEEPING_JOB)}
    for job_id in have.keys() - wanted.keys():
        scheduler.remove_job(job_id)
    for job_id, (kind, chat_id, trigger) in wanted.items():
        job = have.get(job_id)
        if job is None:
            scheduler.add_job(fire, trigger, args=(kind, chat_id), id=job_id, name=job_id,
                              coalesce=True, max_instances=1, misfire_grace_time=GRACE[kind])
        elif repr(job.trigger) != repr(trigger):
            scheduler.reschedule_job(job_id, trigger=trigger)


def _on_missed(event: JobExecutionEvent) -> None:
    log.warning("reminder job %s due at %s was missed by more than its grace; not sent",
                event.job_id, event.scheduled_run_time.astimezone(CHINA).isoformat())


def request_sync() -> None:
    """Settings changed (/remind): bring the jobs in line soon, on the loop."""
    if _runtime is None:
        return
    runtime = _runtime
    try:
        asyncio.get_running_loop().call_soon(reconcile, runtime.scheduler, runtime.pusher.deps)
    except RuntimeError:
        pass        # no loop (a synchronous caller): the minute job will do it


async def start_scheduler(deps: Deps, send: Send) -> AsyncIOScheduler:
    """Start the reminder scheduler on the running loop; `send(reply)` delivers a push."""
    global _runtime
    from handlers import remind

    scheduler = AsyncIOScheduler(
        timezone=CHINA,
        jobstores={"default": SQLAlchemyJobStore(engine=deps.session_factory.engine,
                                                 tablename=JOBSTORE_TABLE)},
        job_defaults={"coalesce": True, "max_instances": 1})
    scheduler.add_listener(_on_missed, EVENT_JOB_MISSED)
    _runtime = Runtime(Pusher(deps, send), scheduler)
    scheduler.start(paused=True)         # the job store is open; nothing runs yet
    _runtime.pusher.expire_claims()
    reconcile(scheduler, deps)
    # Starting now (the injected clock): held pushes and drills are looked at right away.
    every_minute = IntervalTrigger(minutes=1, start_date=deps.clock.now(), timezone=CHINA)
    scheduler.add_job(minute, every_minute, id=MINUTE_JOB, name=MINUTE_JOB,
                      replace_existing=True, coalesce=True, max_instances=1, misfire_grace_time=60)
    scheduler.add_job(housekeeping, CronTrigger(hour=3, minute=30, timezone=CHINA), id=HOUSEKEEPING_JOB,
                      name=HOUSEKEEPING_JOB, replace_existing=True, coalesce=True, max_instances=1,
                      misfire_grace_time=6 * 3600)
    remind.on_settings_changed.append(request_sync)
    scheduler.resume()                   # now due and missed runs are looked at, once
    log.info("reminder scheduler started with %d jobs", len(scheduler.get_jobs()))
    return scheduler


async def shutdown(scheduler: AsyncIOScheduler) -> None:
    global _runtime
    from handlers import remind

    if request_sync in remind.on_settings_changed:
        remind.on_settings_changed.remove(request_sync)
    if scheduler.running:
        scheduler.shutdown(wait=False)
        await asyncio.sleep(0)           # AsyncIOScheduler shuts down on the loop
    if _runtime is not None and _runtime.scheduler is scheduler:
        _runtime = None


# ---- the console's tick loop ------------------------------------------------------------

class TickLoop:
    """For a clock that runs fast (the console's --speed), where real-time triggers do not
    fit: every tick runs what fell due since the last one, with the same pure functions and
    the same PushRecord keys as the scheduler."""

    def __init__(self, deps: Deps, send: Send):
        self.pusher = Pusher(deps, send)
        self.since = deps.clock.now()

    async def run_due(self, now: datetime | None = None) -> int:
        now = now or self.pusher.deps.clock.now()
        due = []
        with self.pusher.deps.session_factory() as session:
            cal = P.working_calendar(session)
            for group in store.duty_groups(session=session):
                cfg = P.RemindSettings.of(group)
                if not cfg.enabled:
                    continue
                for kind in P.JOB_KINDS:
                    for day in P.occurrences_between(cfg, kind, self.since, now, group.timezone, cal):
                        due.append((kind, group.chat_id, day))
        self.since = now
        count = 0
        for kind, chat_id, day in sorted(due, key=lambda d: (d[2], P.JOB_KINDS.index(d[0]))):
            count += await self.pusher.run_kind(kind, chat_id, day)
        count += await self.pusher.release_held()
        count += await self.pusher.drills()
        count += await self.pusher.notices()
        return count

    async def forever(self, interval: float = 1.0) -> None:
        while True:
            await asyncio.sleep(interval)
            try:
                await self.run_due()
            except Exception:
                log.exception("reminder tick failed")
