"""Every table of the assistant. Times are aware UTC (UTCDateTime); days (duty date,
deadlines) are plain dates already computed in the group's timezone."""
from __future__ import annotations

from datetime import date, datetime, timezone
from typing import Any, Optional

from sqlalchemy import JSON, BigInteger, Column, Index, LargeBinary, UniqueConstraint, text
from sqlmodel import Field, SQLModel

from storage.types import UTCDateTime


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


def _when(*, index: bool = False, nullable: bool = True) -> Any:
    return Field(default=None, sa_column=Column(UTCDateTime(), nullable=nullable, index=index))


def _chat_id(*, index: bool = True, nullable: bool = False) -> Any:
    return Field(default=None, sa_column=Column(BigInteger, nullable=nullable, index=index))


# ---- people and places -----------------------------------------------------------

class Unit(SQLModel, table=True):
    """单位: a town, street office, department or company that reports once a day."""
    id: Optional[int] = Field(default=None, primary_key=True)
    name: str = Field(index=True, unique=True, max_length=100)
    aliases: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    kind: str = Field(default="部门", max_length=10)       # 镇 / 街道 / 部门 / 企业
    active: bool = True


class Group(SQLModel, table=True):
    __tablename__ = "chat_group"
    id: Optional[int] = Field(default=None, primary_key=True)
    chat_id: int = Field(sa_column=Column(BigInteger, unique=True, nullable=False))
    title: str = Field(default="", max_length=200)
    role: str = Field(default="duty", max_length=10)        # duty | leaders
    deadline: str = Field(default="12:00", max_length=5)    # HH:MM in the group's timezone
    timezone: str = Field(default="Asia/Shanghai", max_length=50)
    # reminder settings: {"remind_at": "11:00", "tally_at": "12:00", "weekly": "fri 16:00",
    #  "quiet": "22:00-07:00", "enabled": true, "leaders_chat_id": null}
    settings: dict = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    created_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False))
    # Enrolment lives on the row, so a supergroup migration that moves the chat id keeps it.
    # Unset: the group takes no part (the bot writes nothing there and reveals nothing).
    enrolled_at: Optional[datetime] = _when()
    enrolled_by: Optional[int] = Field(default=None, sa_column=Column(BigInteger, nullable=True))


class RosterEntry(SQLModel, table=True):
    """A unit on a group's roster: it owes that group a daily report."""
    __table_args__ = (UniqueConstraint("group_id", "unit_id"),)
    id: Optional[int] = Field(default=None, primary_key=True)
    group_id: int = Field(foreign_key="chat_group.id", index=True)
    unit_id: int = Field(foreign_key="unit.id", index=True)


class Member(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    user_id: int = Field(sa_column=Column(BigInteger, unique=True, nullable=False))
    name: str = Field(default="", max_length=100)
    username: Optional[str] = Field(default=None, max_length=100, index=True)
    unit_id: Optional[int] = Field(default=None, foreign_key="unit.id", index=True)
    role: str = Field(default="duty", max_length=10)        # duty | inspector | chief | leader | admin
    created_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False))


class BindRequest(SQLModel, table=True):
    """/bind from someone who is not a group admin waits here for an admin's button."""
    id: Optional[int] = Field(default=None, primary_key=True)
    user_id: int = Field(sa_column=Column(BigInteger, nullable=False, index=True))
    name: str = Field(default="", max_length=100)
    username: Optional[str] = Field(default=None, max_length=100)
    unit_id: int = Field(foreign_key="unit.id")
    chat_id: int = Field(sa_column=Column(BigInteger, nullable=False))
    status: str = Field(default="pending", max_length=10)   # pending | approved | rejected
    decided_by: Optional[int] = Field(default=None, sa_column=Column(BigInteger, nullable=True))
    created_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False))


# ---- duty ----------------------------------------------------------------------------

class DutyReport(SQLModel, table=True):
    """值班报告. An edit or re-report supersedes (superseded_by), never deletes."""
    __table_args__ = (Index("ix_duty_unit_date", "unit_id", "duty_date"),
                      Index("ix_duty_date_live", "duty_date", "superseded_by", "withdrawn"),
                      # period statistics read only the index (storage/stats.py, migration 004)
                      Index("ix_duty_unit_cover", "unit_id", "duty_date", "late", "zero",
                            "superseded_by", "withdrawn"),
                      # the few reports with events, quoted in drafts (partial: tiny)
                      Index("ix_duty_events", "duty_date", sqlite_where=text("zero = 0"),
                            postgresql_where=text("zero = false")),
                      # a period for every unit (a half year: 540,000 reports) read from the
                      # index alone, by date range (migration 005)
                      Index("ix_duty_date_cover", "duty_date", "unit_id", "late", "zero",
                            "superseded_by", "withdrawn"))
    id: Optional[int] = Field(default=None, primary_key=True)
    unit_id: int = Field(foreign_key="unit.id")
    group_id: int = Field(foreign_key="chat_group.id", index=True)
    duty_date: date
    reporter_id: Optional[int] = Field(default=None, foreign_key="member.id")
    sent_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))
    zero: bool = True
    events: str = ""
    late: bool = False
    source_chat_id: int = Field(sa_column=Column(BigInteger, nullable=False))
    source_message_id: Optional[int] = Field(default=None, sa_column=Column(BigInteger, nullable=True))
    superseded_by: Optional[int] = Field(default=None, foreign_key="dutyreport.id")
    withdrawn: bool = False


# ---- hazards ---------------------------------------------------------------------------

class Hazard(SQLModel, table=True):
    """隐患. Status: 待整改 → 整改中 → 已整改 → 已销号."""
    __table_args__ = (Index("ix_hazard_found", "found_date"),
                      Index("ix_hazard_status_deadline", "status", "deadline"),
                      # open and overdue hazards counted from the index alone (migration 004)
                      Index("ix_hazard_open_cover", "status", "deadline", "category", "level",
                            "unit_id", "group_id"),
                      # open at a past cut-off: only those rectified after it, not every
                      # rectified hazard ever (migration 005)
                      Index("ix_hazard_rectified_cover", "status", "rectified_at", "found_date", "deadline",
                            "category", "level", "unit_id", "group_id"))
    id: Optional[int] = Field(default=None, primary_key=True)
    code: str = Field(unique=True, max_length=20)            # YH-YYYYMMDD-NNN
    group_id: int = Field(foreign_key="chat_group.id", index=True)
    unit_id: Optional[int] = Field(default=None, foreign_key="unit.id", index=True)
    place: str = Field(default="", max_length=200)
    description: str = ""
    category: str = Field(default="其他", max_length=10)
    categories: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    level: str = Field(default="一般", max_length=4)
    responsible: str = Field(default="", max_length=50)
    found_date: date
    deadline: Optional[date] = None
    status: str = Field(default="待整改", max_length=4)
    reporter_id: Optional[int] = Field(default=None, foreign_key="member.id")
    photos: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    source_chat_id: int = Field(sa_column=Column(BigInteger, nullable=False))
    source_message_id: Optional[int] = Field(default=None, sa_column=Column(BigInteger, nullable=True))
    created_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))
    rectified_at: Optional[datetime] = _when()
    closed_at: Optional[datetime] = _when()


class HazardEvent(SQLModel, table=True):
    """The audit trail: every status change with who, when, note and photo."""
    id: Optional[int] = Field(default=None, primary_key=True)
    hazard_id: int = Field(foreign_key="hazard.id", index=True)
    actor_id: Optional[int] = Field(default=None, foreign_key="member.id")
    at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))
    from_status: str = Field(default="", max_length=4)
    to_status: str = Field(default="", max_length=4)
    note: str = ""
    photo: Optional[str] = None


# ---- drills ----------------------------------------------------------------------------

class Drill(SQLModel, table=True):
    """应急演练. Status: planned | held | cancelled."""
    id: Optional[int] = Field(default=None, primary_key=True)
    group_id: int = Field(foreign_key="chat_group.id", index=True)
    title: str = Field(default="", max_length=200)
    drill_type: str = Field(default="综合", max_length=10)
    organiser_unit_id: Optional[int] = Field(default=None, foreign_key="unit.id")
    organiser_id: Optional[int] = Field(default=None, foreign_key="member.id")
    planned_at: Optional[datetime] = _when(index=True, nullable=True)
    drill_date: date = Field(index=True)
    place: str = Field(default="", max_length=200)
    status: str = Field(default="planned", max_length=10)
    declared_participants: Optional[int] = None        # "参演200余人" in an after-the-fact report
    card_chat_id: Optional[int] = Field(default=None, sa_column=Column(BigInteger, nullable=True))
    card_message_id: Optional[int] = Field(default=None, sa_column=Column(BigInteger, nullable=True))
    created_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))
    ended_at: Optional[datetime] = _when()


class Attendance(SQLModel, table=True):
    """A sign-in: one member (count 1) or one unit's head count. A later figure for the
    same unit supersedes the earlier one."""
    # One sign-in per member and drill, decided by the database even for two presses in
    # flight at once (unit figures have no member: NULLs never collide).
    __table_args__ = (Index("uq_attendance_drill_member", "drill_id", "member_id", unique=True),)
    id: Optional[int] = Field(default=None, primary_key=True)
    drill_id: int = Field(foreign_key="drill.id", index=True)
    member_id: Optional[int] = Field(default=None, foreign_key="member.id")
    unit_id: Optional[int] = Field(default=None, foreign_key="unit.id")
    head_count: int = 1
    signed_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))
    superseded_by: Optional[int] = Field(default=None, foreign_key="attendance.id")


# ---- dialogue, delivery and bookkeeping ------------------------------------------------------

class Conversation(SQLModel, table=True):
    """A question the assistant is waiting on (a hazard missing its place); survives restarts."""
    __table_args__ = (UniqueConstraint("chat_id", "user_id"),)
    id: Optional[int] = Field(default=None, primary_key=True)
    chat_id: int = Field(sa_column=Column(BigInteger, nullable=False))
    user_id: int = Field(sa_column=Column(BigInteger, nullable=False))
    kind: str = Field(max_length=30)                       # e.g. "hazard.place"
    partial: dict = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    expires_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))


class BotMessage(SQLModel, table=True):
    """A message the assistant sent that stands for a record (a hazard card, a drill card),
    so a reply to it or a button under it finds the record."""
    __table_args__ = (UniqueConstraint("chat_id", "message_id"),
                      Index("ix_botmessage_ref", "kind", "ref_id"))
    id: Optional[int] = Field(default=None, primary_key=True)
    chat_id: int = Field(sa_column=Column(BigInteger, nullable=False))
    message_id: int = Field(sa_column=Column(BigInteger, nullable=False))
    kind: str = Field(max_length=20)
    ref_id: int


class PlatformIdentity(SQLModel, table=True):
    """A platform's string id (a DingTalk conversation id or staff id) and the integer the
    assistant knows it by, so records keep integer ids and sends can find the string again."""
    __tablename__ = "platform_identity"
    __table_args__ = (UniqueConstraint("platform", "kind", "external"),
                      UniqueConstraint("platform", "kind", "number"))
    id: Optional[int] = Field(default=None, primary_key=True)
    platform: str = Field(max_length=20)
    kind: str = Field(max_length=10)              # chat | user
    external: str = Field(max_length=200)
    number: int = Field(sa_column=Column(BigInteger, nullable=False))


class ProcessedUpdate(SQLModel, table=True):
    """An update handled; committed in the same transaction as what it wrote."""
    id: Optional[int] = Field(default=None, primary_key=True)
    update_key: str = Field(unique=True, max_length=64)
    processed_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))


class OutboxMessage(SQLModel, table=True):
    """A reply stored in the transaction of the update that caused it, sent after commit.
    Whoever sends it first holds it until lease_until (a claim), so the inline sender, a
    redelivery and the sweep of another replica never send it twice; sent_at ends it."""
    __tablename__ = "outbox"
    __table_args__ = (Index("ix_outbox_unsent", "sent_at", "lease_until"),)
    id: Optional[int] = Field(default=None, primary_key=True)
    update_key: Optional[str] = Field(default=None, max_length=64, index=True)
    chat_id: int = Field(sa_column=Column(BigInteger, nullable=False))    # the chat it answers
    thread_id: Optional[int] = Field(default=None, sa_column=Column(BigInteger, nullable=True))
    reply: dict = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    file_content: Optional[bytes] = Field(default=None, sa_column=Column(LargeBinary, nullable=True))
    created_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))
    lease_until: Optional[datetime] = _when()
    sent_at: Optional[datetime] = _when()
    attempts: int = 0
    error: str = ""


class Summary(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    kind: str = Field(max_length=10)
    start: date
    end: date
    scope: str = Field(default="", max_length=200)
    facts: dict = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    text: str = ""
    source: str = Field(default="template", max_length=100)
    asked_by: Optional[int] = Field(default=None, sa_column=Column(BigInteger, nullable=True))
    created_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))


class PushRecord(SQLModel, table=True):
    """A scheduled push claimed or sent, keyed so a restart never sends it twice."""
    id: Optional[int] = Field(default=None, primary_key=True)
    key: str = Field(unique=True, max_length=120)          # e.g. "remind:-100123:2026-06-18"
    chat_id: int = Field(sa_column=Column(BigInteger, nullable=False))
    status: str = Field(default="claimed", max_length=10)  # claimed | sent | failed | skipped
    detail: str = ""
    at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))


class Holiday(SQLModel, table=True):
    """Admin-filled calendar days beyond the chinese-calendar package's years."""
    day: date = Field(primary_key=True)
    name: str = Field(default="", max_length=20)
    workday: bool = False                                  # a 调休 working weekend


# ---- the live board, the escalation ladder, inspections (issue 20) -----------------------

class DayBoard(SQLModel, table=True):
    """A duty group's live status board of one day: one message, posted once, edited in
    place. The message is known after sending (BotMessage kind "board"); the first lookup
    copies it here, as a drill's card is."""
    __table_args__ = (UniqueConstraint("group_id", "day"),)
    id: Optional[int] = Field(default=None, primary_key=True)
    group_id: int = Field(foreign_key="chat_group.id")
    day: date
    chat_id: Optional[int] = Field(default=None, sa_column=Column(BigInteger, nullable=True))
    message_id: Optional[int] = Field(default=None, sa_column=Column(BigInteger, nullable=True))
    created_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))
    # The board's 明细 button (DetailIssue.token): issued once, sent with every post and edit
    detail_token: Optional[str] = Field(default=None, max_length=16)


class Escalation(SQLModel, table=True):
    """One step of the escalation ladder for one unit and day (remind | overdue | chief |
    leaders): who was told (platform user ids, or the chat told) and when. Once per step."""
    __table_args__ = (UniqueConstraint("group_id", "unit_id", "day", "step"),
                      Index("ix_escalation_day", "day", "unit_id"))
    id: Optional[int] = Field(default=None, primary_key=True)
    group_id: int = Field(foreign_key="chat_group.id")
    unit_id: int = Field(foreign_key="unit.id")
    day: date
    step: str = Field(max_length=10)
    told: list[int] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))


class Inspection(SQLModel, table=True):
    """检查记录: a unit's inspector checked `sites` enterprises or sites on `day` and found
    `hazards_found` hazards. The inspector's hazards of that day belong to it (read by
    reporter and day, storage/inspections.py)."""
    __table_args__ = (Index("ix_inspection_day", "day", "group_id"),)
    id: Optional[int] = Field(default=None, primary_key=True)
    group_id: int = Field(foreign_key="chat_group.id")
    unit_id: Optional[int] = Field(default=None, foreign_key="unit.id")
    inspector_id: Optional[int] = Field(default=None, foreign_key="member.id")
    sites: int = 0
    hazards_found: int = 0
    day: date
    source_chat_id: int = Field(sa_column=Column(BigInteger, nullable=False))
    source_message_id: Optional[int] = Field(default=None, sa_column=Column(BigInteger, nullable=True))
    superseded_by: Optional[int] = Field(default=None, foreign_key="inspection.id")
    created_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))


class Notice(SQLModel, table=True):
    """通知 (上传下达): sent by an admin or leader to groups, each member taps 收到 once."""
    id: Optional[int] = Field(default=None, primary_key=True)
    sender_user_id: int = Field(sa_column=Column(BigInteger, nullable=False))
    sender_chat_id: int = Field(sa_column=Column(BigInteger, nullable=False))
    text: str = ""
    created_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False, index=True))
    # The default delay of the one reminder when it was sent (kept for the record); each
    # group's own /remind 通知催收 setting decides when, or whether, it is reminded.
    remind_after: int = 120


class NoticeDelivery(SQLModel, table=True):
    """A notice sent to one group: only a 收到 from that group's chat counts."""
    __table_args__ = (UniqueConstraint("notice_id", "group_id"),)
    id: Optional[int] = Field(default=None, primary_key=True)
    notice_id: int = Field(foreign_key="notice.id", index=True)
    group_id: int = Field(foreign_key="chat_group.id")
    chat_id: int = Field(sa_column=Column(BigInteger, nullable=False))


class NoticeReceipt(SQLModel, table=True):
    """A member's first 收到 of a notice (later taps change nothing)."""
    __table_args__ = (UniqueConstraint("notice_id", "member_id"),)
    id: Optional[int] = Field(default=None, primary_key=True)
    notice_id: int = Field(foreign_key="notice.id", index=True)
    group_id: int = Field(foreign_key="chat_group.id")
    member_id: int = Field(foreign_key="member.id")
    unit_id: Optional[int] = Field(default=None, foreign_key="unit.id")
    at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))


class DetailIssue(SQLModel, table=True):
    """A 明细 button as it was issued under an answer: what the answer covered (its kind,
    period and scope) and where (its chat, to whom). The button carries only `token`, never
    the query; a press is refused unless its chat is this row's and it has not expired."""
    __tablename__ = "detail_issue"
    # a card's or a tally's edit finds its row again by chat and kind (storage.details.detail_for)
    __table_args__ = (Index("ix_detail_issue_chat_kind", "chat_id", "kind"),)
    id: Optional[int] = Field(default=None, primary_key=True)
    token: str = Field(max_length=16, unique=True, index=True)   # unguessable, in the callback data
    kind: str = Field(max_length=20)                # handlers/detail_pages.SECTIONS: duty | notice | all | summary …
    chat_id: int = Field(sa_column=Column(BigInteger, nullable=False))
    issued_to: int = Field(sa_column=Column(BigInteger, nullable=False))
    start: date
    end: date
    # the answer's scope (storage.stats.Scope): {"roster": group id, "units": [ids], "group": group id}
    scope: dict = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    title: str = Field(default="", max_length=200)  # the answer's heading, repeated above each page
    issued_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))
    expires_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))
