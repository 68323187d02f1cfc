"""The permission matrix (issue 16): every command and every button, tried by ten kinds of
person in three kinds of chat. Who may, gets what the action is for; who may not, gets a
polite refusal, and the database is compared table by table: nothing changed. Outsiders
(an unenrolled group, an anonymous sender, a stranger, a private chat with a non-member)
are not even recorded as a processed update, and are told nothing of the organisation.

One organisation is built once per session (its rows kept in memory); each action gets a
fresh database loaded with those rows, and every case that changed something reloads them.
"""
from __future__ import annotations

import asyncio
import itertools
from datetime import date
from dataclasses import dataclass, field
from typing import Callable

import pytest
from sqlalchemy import event, text
from sqlmodel import SQLModel

from handlers.runner import SETUP_COMMANDS, HintMemory
from storage.models import (Attendance, BindRequest, Conversation, DetailIssue, Drill, DutyReport, Group, Hazard,
                            Holiday, Inspection, Member, Notice, NoticeReceipt, Summary, Unit)
from tests.helpers import ADMIN, GROUP, LEADERS_GROUP, Harness, texts

OUTSIDER = -100666              # a group its creator (外人) added the bot to; never enrolled
ANONYMOUS_BOT = 1087968824      # Telegram's GroupAnonymousBot, the from_user of anonymous admins

PEOPLE = {  # kind of person -> who plays it
    "root": ADMIN,              # BOT_ADMINS, bound to 青石镇, Telegram admin of GROUP too
    "org_admin": "刘洋",        # 永安镇, role admin (appointed by the root admin)
    "leader": "陈刚",           # 双桥镇
    "inspector": "张芳",        # 白沙街道
    "reporter": "李明",         # 青石镇, duty officer
    "unbound": "闲人",          # a member row without a unit
    "stranger": "路人",
    "chat_admin": "群管",       # Telegram administrator of the enrolled GROUP, no role
    "outsider": "外人",         # creator of OUTSIDER, not a member
    "anonymous": "匿名",        # posts as the group (sender_chat): nobody
}
CHATS = ("enrolled", "unenrolled", "private")
NAMES = [ADMIN, "李明", "张芳", "陈刚", "刘洋", "周敏", "白沙员", "双桥员", "永安员", "新人", "闲人", "路人",
         "群管", "外人", "匿名"]

ROOT = {"root"}
ORG = {"root", "org_admin"}
LEAD = ORG | {"leader"}
MEMBERS = LEAD | {"inspector", "reporter"}
EVERYONE = set(PEOPLE) - {"anonymous"}
HAZARD_EDITORS = LEAD           # 周敏 reported it for 市住建局; none of the ten is of that unit
SECRETS = ("白沙街道", "双桥镇", "永安镇", "市住建局", "YH-2026", "消防疏散演练", f"群{GROUP}")  # not 青石镇: help quotes it


# ---- the organisation ------------------------------------------------------------------

@dataclass
class World:
    rows: dict[str, list[tuple]]
    hazard_id: int
    drill_id: int
    request_id: int
    unit_ids: dict[str, int]


_WORLD: list[World] = []
_UPDATES, _MESSAGES = itertools.count(10**6), itertools.count(10**6)


def _rows(deps) -> dict[str, list[tuple]]:
    with deps.session_factory.engine.connect() as conn:
        return {t.name: [tuple(r) for r in conn.execute(t.select().order_by(*t.primary_key.columns))]
                for t in SQLModel.metadata.sorted_tables}


def _load(deps, rows: dict[str, list[tuple]]) -> None:
    """Replace every table's rows (PostgreSQL's sequences follow the ids loaded)."""
    tables = SQLModel.metadata.sorted_tables
    with deps.session_factory.engine.begin() as conn:
        for table in reversed(tables):
            conn.execute(table.delete())
        for table in tables:
            if rows[table.name]:
                keys = table.columns.keys()
                conn.execute(table.insert(), [dict(zip(keys, r)) for r in rows[table.name]])
        if conn.dialect.name == "postgresql":
            for table in tables:
                if "id" in table.columns and table.columns["id"].autoincrement in (True, "auto"):
                    conn.execute(text(f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                                      f"coalesce((SELECT max(id) FROM {table.name}), 0) + 1, false)"))
    deps.session_factory.unit_names.forget()


def _cast(h: Harness) -> None:
    for name in NAMES:          # the same user ids in every database
        h.uid(name)
    h.make_root(ADMIN)
    # update keys and message ids never reused across the session's databases (the loaded
    # rows hold the world's: a reused key would be a redelivery)
    h._upd, h._msg = _UPDATES, _MESSAGES


async def _build(h: Harness) -> World:
    await h.setup_town()
    h.deps.platform.admins = {GROUP: {h.uid(ADMIN), h.uid("群管")}, OUTSIDER: {h.uid("外人")}}
    await h.send(ADMIN, "/role 张芳 inspector")
    await h.send(ADMIN, "/role 陈刚 leader")
    await h.send(ADMIN, "/role 刘洋 admin")
    await h.send(ADMIN, "/enable", chat=LEADERS_GROUP)
    h.at("09:00")
    await h.send("周敏", "隐患：市住建局办公楼消防通道堵塞，责任人周敏，限期3天整改")
    await h.send("周敏", "/drill 消防疏散演练 6月18日 15:00 市住建局大楼")
    await h.send("新人", "/bind 青石镇")
    with h.deps.session_factory() as session:
        session.add(Member(user_id=h.uid("闲人"), name="闲人"))       # bound once, its unit since gone
        session.commit()
    [hazard] = h.rows(Hazard)
    [drill] = h.rows(Drill)
    [request] = h.rows(BindRequest, BindRequest.status == "pending")
    units = {u.name: u.id for u in h.rows(Unit)}
    return World(_rows(h.deps), hazard.id, drill.id, request.id, units)


COMMITS = [0]


@pytest.fixture
async def world(h) -> tuple[Harness, World]:
    event.listen(h.deps.session_factory.engine, "commit", lambda conn: COMMITS.__setitem__(0, COMMITS[0] + 1))
    _cast(h)
    h.deps.platform.admins = {GROUP: {h.uid(ADMIN), h.uid("群管")}, LEADERS_GROUP: {h.uid(ADMIN)},
                              OUTSIDER: {h.uid("外人")}}
    if not _WORLD:
        _WORLD.append(await _build(h))
    else:
        _load(h.deps, _WORLD[0].rows)
    h.at("09:00")
    return h, _WORLD[0]


# ---- the actions ------------------------------------------------------------------------

def chat_of(h: Harness, kind: str, who: str) -> int:
    return {"enrolled": GROUP, "unenrolled": OUTSIDER}.get(kind) or h.uid(who)


def _say(words: str | Callable):
    async def run(h, w, who, chat, anonymous):
        said = words(w) if callable(words) else words
        return await h.send(who, said, chat=chat, anonymous=anonymous)
    run.command = not callable(words) and words.startswith("/")
    return run


def _press(data: Callable):
    async def run(h, w, who, chat, anonymous):
        return await h.press(who, data(w), message_id=1, chat=chat, anonymous=anonymous)
    run.command = False
    run.data = data
    return run


def one(h, model, ident):
    with h.deps.session_factory() as session:
        return session.get(model, ident)


def settings_of(h, chat_id):
    return h.rows(Group, Group.chat_id == chat_id)[0].settings


def shows(*words):
    return lambda h, w, replies: any(word in texts(replies) for word in words)


def changed_anything(h, w, replies):
    return bool(_compare(w.rows, _rows(h.deps), "root", "enrolled"))


@dataclass(frozen=True)
class Action:
    name: str
    run: Callable
    done: Callable                              # (harness, world, replies) -> it did what it is for
    enrolled: set = field(default_factory=set)  # who may, in the enrolled group
    private: set = field(default_factory=set)   # who may, in a private chat
    unenrolled: set = field(default_factory=set)
    prepare: Callable | None = None

    def allowed(self, person: str, chat: str) -> bool:
        return person in {"enrolled": self.enrolled, "private": self.private,
                          "unenrolled": self.unenrolled}[chat]


def rectified(h, w):
    with h.deps.session_factory() as session:
        session.get(Hazard, w.hazard_id).status = "已整改"
        session.commit()


async def a_notice_first(h, w):
    await h.send("陈刚", "/notice 明日起进入主汛期")


def a_notice(h) -> int:
    return h.rows(Notice)[0].id


# 明细 buttons as issued under real answers (their data is a random token), by `prepare`
_DETAIL: dict[str, str] = {}


def _issued(key: str, who: str, words: str, chat: Callable[[Harness], int] = lambda h: GROUP):
    async def ask(h, w):
        replies = await h.send(who, words, chat=chat(h))
        _DETAIL[key] = next(b.data for r in replies for row in r.buttons for b in row if b.data.startswith("dt:"))
    return ask


def detail(key: str, suffix: str = ""):
    return _press(lambda w: _DETAIL.get(key, "dt:never-issued") + suffix)


async def weekly_pushed(h, w):
    """GROUP's leaders' group set, and the week's draft pushed there by the scheduler."""
    from handlers import reminders
    from storage import people
    await h.send(ADMIN, f"/remind 领导群 {LEADERS_GROUP}")
    with h.deps.session_factory() as session:
        group = people.get_group(session=session, chat_id=GROUP)
        found = reminders.due("weekly", session, group, h.deps.clock.now().date(), h.deps.clock.now())
        session.commit()
    _DETAIL["weekly"] = next(b.data for p in found for row in p.reply.buttons for b in row)


def leaders_pushed(kind: str, hhmm: str):
    """GROUP's leaders' group set, and the scheduler's `kind` push for today sent there at
    hhmm (the tally, the escalation line, the overdue list: each with its 明细)."""
    async def prepare(h, w):
        from handlers import reminders
        from storage import people
        await h.send(ADMIN, f"/remind 领导群 {LEADERS_GROUP}")
        with h.deps.session_factory() as session:
            session.get(Hazard, w.hazard_id).deadline = date(2026, 6, 10)       # overdue by the 18th
            session.commit()
        h.at(hhmm)
        with h.deps.session_factory() as session:
            group = people.get_group(session=session, chat_id=GROUP)
            found = reminders.due(kind, session, group, date(2026, 6, 18), h.deps.clock.now())
            session.commit()
        _DETAIL[kind] = next(b.data for p in found if p.reply.chat_id == LEADERS_GROUP
                             for row in p.reply.buttons for b in row if b.data.startswith("dt:"))
    return prepare


async def leaders_hazards(h, w):
    """GROUP's leaders' group set, and /hazards asked there (every group's open hazards)."""
    await h.send(ADMIN, f"/remind 领导群 {LEADERS_GROUP}")
    await _issued("hazards_leaders", ADMIN, "/hazards", lambda h: LEADERS_GROUP)(h, w)


def drill_card_detail(h, w):
    """The 🔍 明细 beside 签到 on the world's open drill card (its stored row: the card's
    buttons are not kept)."""
    [row] = [r for r in h.rows(DetailIssue) if r.kind == "drill_one" and r.scope.get("drill") == w.drill_id]
    _DETAIL["drill_card"] = f"dt:{row.token}"


def in_leaders_group(action):
    """The action with "the enrolled group" played by the leaders' group (where the weekly
    draft was pushed); private and unenrolled chats stay as they are."""
    async def run(h, w, who, chat, anonymous):
        return await action(h, w, who, LEADERS_GROUP if chat == GROUP else chat, anonymous)
    run.command, run.data = action.command, action.data
    return run


def chart(key: str):
    """The 📊 图表 button of the answer whose 明细 was issued under `key`."""
    return _press(lambda w: "askc:" + _DETAIL.get(key, "dt:never-issued").split(":")[1])


def hz(action):
    return _press(lambda w: f"hz:{action}:{w.hazard_id}")


def status_is(status):
    return lambda h, w, r: one(h, Hazard, w.hazard_id).status == status


_LEADERS_PUSHES = (("noon tally", "tally", "12:30"), ("escalation line", "escalate", "15:00"),
                   ("overdue list", "hazards", "09:30"))

ACTIONS = [
    # commands that change something
    Action("/addunit", _say("/addunit 新城镇"), lambda h, w, r: bool(h.rows(Unit, Unit.name == "新城镇")),
           enrolled=ORG),
    Action("/addunit alias shadowing a unit", _say("/addunit 新城镇 白沙街道"),
           lambda h, w, r: bool(h.rows(Unit, Unit.name == "新城镇"))),
    Action("/role leader", _say("/role 周敏 leader"),
           lambda h, w, r: h.rows(Member, Member.name == "周敏")[0].role == "leader", enrolled=ORG, private=ORG),
    Action("/role admin", _say("/role 周敏 admin"),
           lambda h, w, r: h.rows(Member, Member.name == "周敏")[0].role == "admin", enrolled=ROOT, private=ROOT),
    Action("/role demote an admin", _say("/role 刘洋 duty"),
           lambda h, w, r: h.rows(Member, Member.name == "刘洋")[0].role == "duty", enrolled=ROOT, private=ROOT),
    Action("/bind", _say("/bind 白沙街道"), changed_anything, enrolled=EVERYONE),
    Action("/enable", _say("/enable"),
           lambda h, w, r: any(g.enrolled_at for g in h.rows(Group, Group.chat_id == OUTSIDER)), unenrolled=ORG),
    Action("/disable", _say("/disable"),
           lambda h, w, r: h.rows(Group, Group.chat_id == GROUP)[0].enrolled_at is None, enrolled=ORG),
    Action("/remind change", _say("/remind 催报 10:30"),
           lambda h, w, r: settings_of(h, GROUP).get("remind_at") == "10:30", enrolled=ORG),
    Action("/remind deadline", _say("/remind 截止 18:00"),
           lambda h, w, r: h.rows(Group, Group.chat_id == GROUP)[0].deadline == "18:00", enrolled=ORG),
    Action("/holiday", _say("/holiday 2027-02-05至2027-02-08 春节"),
           lambda h, w, r: len(h.rows(Holiday)) == 4, enrolled=ORG, private=ORG),
    Action("/workday", _say("/workday 2027-02-20 春节调休"),
           lambda h, w, r: bool(h.rows(Holiday, Holiday.workday == True)), enrolled=ORG, private=ORG),  # noqa: E712
    Action("/remind leaders' group", _say(f"/remind 领导群 群{LEADERS_GROUP}"),
           lambda h, w, r: settings_of(h, GROUP).get("leaders_chat_id") == LEADERS_GROUP, enrolled=ORG),
    Action("/drill announce", _say("/drill 防汛演练 6月20日 9:00 青石镇水库"),
           lambda h, w, r: len(h.rows(Drill)) == 2, enrolled=MEMBERS),
    Action("/drill cancel", _say("/drill cancel"),
           lambda h, w, r: one(h, Drill, w.drill_id).status == "cancelled", enrolled=LEAD),
    Action("/hazard", _say("/hazard 青石镇农贸市场 灭火器过期"), changed_anything, enrolled=MEMBERS),
    Action("/summary weekly", _say("/summary weekly"), lambda h, w, r: bool(h.rows(Summary)),
           enrolled=LEAD, private=LEAD),
    Action("/notice", _say("/notice 今晚8点视频调度会"), lambda h, w, r: bool(h.rows(Notice)),
           enrolled=LEAD, private=LEAD),
    Action("/inspection", _say("/inspection 5 8"), lambda h, w, r: bool(h.rows(Inspection)), enrolled=MEMBERS),
    # free text that changes something
    Action("duty report naming 青石镇", _say("青石镇今日无突发事件，零报告"),
           lambda h, w, r: bool(h.rows(DutyReport)), enrolled={"root", "reporter"}),
    Action("duty report of one's own unit", _say("今日无突发事件，零报告"),
           lambda h, w, r: bool(h.rows(DutyReport)), enrolled=MEMBERS),
    Action("hazard report", _say("隐患：青石镇农贸市场灭火器过期，责任人李明，限期5天"),
           lambda h, w, r: len(h.rows(Hazard)) == 2, enrolled=MEMBERS),
    Action("drill figure", _say("青石镇参演12人"), lambda h, w, r: bool(h.rows(Attendance)),
           enrolled={"root", "org_admin", "leader", "reporter"}),
    # reading
    Action("/start", _say("/start"), shows("值守助手可以帮您"), enrolled=EVERYONE, private=EVERYONE),
    Action("/help", _say("/help"), shows("值守助手可以帮您"), enrolled=EVERYONE, private=EVERYONE),
    Action("/units", _say("/units"), shows("市住建局"), enrolled=MEMBERS),
    Action("/today", _say("/today"), shows("市住建局"), enrolled=MEMBERS),
    Action("/missing", _say("/missing"), shows("市住建局"), enrolled=MEMBERS),
    Action("/hazards", _say("/hazards"), shows("YH-"), enrolled=MEMBERS),
    Action("/hazard by code", _say(lambda w: "/hazard YH-20260618-001"), shows("消防通道"), enrolled=MEMBERS),
    Action("/ledger", _say("/ledger"), lambda h, w, r: any(x.file for x in r), enrolled=MEMBERS),
    Action("/drills", _say("/drills"), shows("消防疏散演练"), enrolled=MEMBERS),
    Action("/inspections", _say("/inspections"), shows("没有检查记录", "检查情况"), enrolled=MEMBERS),
    Action("/groups", _say("/groups"), shows(f"群{GROUP}"), enrolled=ORG, private=ORG),
    Action("/remind", _say("/remind"), shows("⏰"), enrolled=MEMBERS),
    Action("question", _say("本周隐患整改情况"), shows("截至6月18日"), enrolled=MEMBERS, private=MEMBERS),
    Action("/summary", _say("/summary"), shows("（草稿）"), enrolled=LEAD, private=LEAD),
    # buttons
    Action("bind approve", _press(lambda w: f"bind:ok:{w.request_id}"),
           lambda h, w, r: bool(h.rows(Member, Member.name == "新人")), enrolled=ORG | {"chat_admin"}),
    Action("bind reject", _press(lambda w: f"bind:no:{w.request_id}"),
           lambda h, w, r: one(h, BindRequest, w.request_id).status == "rejected", enrolled=ORG | {"chat_admin"}),
    Action("hazard 整改中", hz("prog"), status_is("整改中"), enrolled=HAZARD_EDITORS),
    Action("hazard 已整改", hz("done"), status_is("已整改"), enrolled=HAZARD_EDITORS),
    Action("hazard photo", hz("photo"), lambda h, w, r: bool(h.rows(Conversation)), enrolled=HAZARD_EDITORS),
    Action("hazard pick", hz("pick"), status_is("已整改"), enrolled=HAZARD_EDITORS),
    Action("hazard 销号", hz("close"), status_is("已销号"), enrolled=LEAD, prepare=rectified),
    Action("hazard reopen", hz("reopen"), status_is("待整改"), enrolled=LEAD, prepare=rectified),
    Action("hazard of a forged id", _press(lambda w: "hz:done:99999"), status_is("已整改")),
    Action("drill 签到", _press(lambda w: f"dr:sign:{w.drill_id}"), lambda h, w, r: bool(h.rows(Attendance)),
           enrolled=MEMBERS),
    Action("drill 结束", _press(lambda w: f"dr:end:{w.drill_id}"),
           lambda h, w, r: one(h, Drill, w.drill_id).status == "held", enrolled=LEAD),
    Action("drill cancel button", _press(lambda w: f"dr:cancel:{w.drill_id}"),
           lambda h, w, r: one(h, Drill, w.drill_id).status == "cancelled", enrolled=LEAD),
    # the pick and confirm buttons carry only the drill: the figure waits in its sender's
    # conversation, so a press by anyone without one (a forged or another's) writes nothing
    Action("drill figure button", _press(lambda w: f"dr:fig:{w.drill_id}"), lambda h, w, r: bool(h.rows(Attendance))),
    Action("drill big figure confirmed", _press(lambda w: f"dr:ok:{w.drill_id}"),
           lambda h, w, r: bool(h.rows(Attendance))),
    # 📊 图表 holds the answer's stored row (the 明细 token), re-checked as 明细 is; a query
    # written into the data (the old form, widened or forged) is refused to everybody
    Action("chart of the group's answer", chart("group"), lambda h, w, r: any(x.file for x in r),
           enrolled=MEMBERS, prepare=_issued("group", ADMIN, "本周隐患整改情况")),
    Action("chart of a leader's private answer", chart("private"), lambda h, w, r: any(x.file for x in r),
           private={"leader"}, prepare=_issued("private", "陈刚", "本周隐患整改情况", lambda h: h.uid("陈刚"))),
    Action("chart with a query in its data", _press(lambda w: "askc:h:20260615:20260621:a"),
           lambda h, w, r: any(x.file or "新发现" in x.text for x in r)),
    # 明细: only in the chat it was issued in, for whoever may ask that question there now
    # with the same scope (a leader's draft: leaders); never issued, or a page forged onto a
    # message that is not its 明细 page: nobody
    Action("明细 of the group's answer", detail("group"), shows("🔍 明细｜"), enrolled=MEMBERS,
           prepare=_issued("group", ADMIN, "本周隐患整改情况")),
    Action("明细 of a leader's draft", detail("draft"), shows("🔍 明细｜"), enrolled=LEAD,
           prepare=_issued("draft", ADMIN, "/summary weekly")),
    Action("明细 issued in a leader's private chat", detail("private"), shows("🔍 明细｜"), private={"leader"},
           prepare=_issued("private", "陈刚", "本周隐患整改情况", lambda h: h.uid("陈刚"))),
    # /hazards' 明细 (every open hazard it counted): whoever may ask /hazards there; the
    # leaders' group's (every group's hazards) only there
    Action("明细 of /hazards", detail("hazards"), shows("🔍 明细｜"), enrolled=MEMBERS,
           prepare=_issued("hazards", ADMIN, "/hazards")),
    Action("明细 of /hazards in the leaders' group", in_leaders_group(detail("hazards_leaders")),
           shows("🔍 明细｜"), enrolled=MEMBERS, prepare=leaders_hazards),
    Action("明细 of /hazards in the leaders' group pressed in a duty group", detail("hazards_leaders"),
           shows("🔍 明细｜"), prepare=leaders_hazards),
    # the open drill card's 明细 (its sign-ins so far), issued when 周敏 posted the card
    Action("明细 of an open drill's card", detail("drill_card"), shows("🔍 明细｜"), enrolled=MEMBERS,
           prepare=drill_card_detail),
    Action("明细 page forged onto another message", detail("group", ":1"), shows("🔍 明细｜"),
           prepare=_issued("group", ADMIN, "本周隐患整改情况")),
    Action("明细 never issued", _press(lambda w: "dt:AAAAAAAAAAAA"), shows("🔍 明细｜")),
    # the weekly draft pushed to the leaders' group: leaders there now (their scope, every
    # unit, contains the group's); its data forwarded or replayed into any other chat: nobody
    Action("明细 of the weekly draft in the leaders' group", in_leaders_group(detail("weekly")),
           shows("🔍 明细｜"), enrolled=LEAD, prepare=weekly_pushed),
    Action("明细 of the weekly draft pressed in a duty group", detail("weekly"), shows("🔍 明细｜"),
           prepare=weekly_pushed),
    # the scheduler's other lines to the leaders' group (the noon tally, the escalation
    # line, the overdue list): leaders there now; anywhere else: nobody
    *[Action(f"明细 of the {name} in the leaders' group", in_leaders_group(detail(kind)), shows("🔍 明细｜"),
             enrolled=LEAD, prepare=leaders_pushed(kind, hhmm)) for name, kind, hhmm in _LEADERS_PUSHES],
    *[Action(f"明细 of the {name} pressed in a duty group", detail(kind), shows("🔍 明细｜"),
             prepare=leaders_pushed(kind, hhmm)) for name, kind, hhmm in _LEADERS_PUSHES],
    # the tally a notice's sender gets: leaders, in the chat it was sent to
    Action("明细 of a notice's tally in the group", detail("notice"), shows("🔍 明细｜"), enrolled=LEAD,
           prepare=_issued("notice", "陈刚", "/notice 明日起进入主汛期")),
    Action("明细 of a notice's tally in a leader's private chat", detail("notice_private"), shows("🔍 明细｜"),
           private={"leader"}, prepare=_issued("notice_private", "陈刚", "/notice 明日起进入主汛期",
                                               lambda h: h.uid("陈刚"))),
    Action("notice 收到 button", _press(lambda w: "nt:1"), lambda h, w, r: bool(h.rows(NoticeReceipt)),
           enrolled=MEMBERS, prepare=a_notice_first),
    Action("notice 收到 of a notice never sent", _press(lambda w: "nt:99999"),
           lambda h, w, r: bool(h.rows(NoticeReceipt))),
    # 是 / 不是 under "这是XX的值班报告吗？" answers only its asker's own pending question:
    # a press by anyone without one files nothing (the asked path: tests/handlers/test_duty_confirm.py)
    Action("duty question 是 pressed by another", _press(lambda w: "dq:yes"),
           lambda h, w, r: bool(h.rows(DutyReport))),
    Action("button never issued", _press(lambda w: "nonsense:1"), lambda h, w, r: False),
]

OUTSIDE_TABLES = {"processedupdate", "outbox"}    # members' refusals: the update's own id and replies


def _outside(person: str, chat: str) -> bool:
    """Someone the bot must not even record: nothing at all may be written for them."""
    return chat == "unenrolled" or person in ("stranger", "chat_admin", "outsider", "anonymous")


def _compare(before, after, person, chat) -> list[str]:
    skip = set() if _outside(person, chat) else OUTSIDE_TABLES
    return [name for name in before if name not in skip and before[name] != after[name]]


@pytest.mark.parametrize("action", ACTIONS, ids=[a.name for a in ACTIONS])
async def test_matrix(world, action: Action):
    h, w = world
    if action.prepare:
        prepared = action.prepare(h, w)
        if asyncio.iscoroutine(prepared):
            await prepared
    base = _rows(h.deps)
    w = World(base, w.hazard_id, w.drill_id, w.request_id, w.unit_ids)
    failures = []
    for person, who in PEOPLE.items():
        for chat in CHATS:
            h.deps.hints = HintMemory()          # every refusal may speak once
            anonymous = person == "anonymous"
            commits = COMMITS[0]
            replies = await action.run(h, w, who if not anonymous else "匿名", chat_of(h, chat, who), anonymous)
            # nothing committed, nothing changed: the tables are read only after a commit
            after = _rows(h.deps) if COMMITS[0] != commits else base
            root_enrols = person == "root" and chat == "unenrolled" \
                and action.name.split()[0] in SETUP_COMMANDS
            case = f"{action.name} by {person} in {chat}: {texts(replies)[:120]!r}"
            if root_enrols:         # a root admin's setup command enrols the group
                if not any(g.enrolled_at for g in h.rows(Group, Group.chat_id == OUTSIDER)):
                    failures.append(f"did not enrol: {case}")
            elif action.allowed(person, chat):
                if not action.done(h, w, replies):
                    failures.append(f"should be allowed: {case}")
            else:
                changed = _compare(base, after, person, chat)
                if changed or action.done(h, w, replies):
                    failures.append(f"should be refused, changed {changed}: {case}")
                if not texts(replies).strip() and chat != "enrolled":
                    failures.append(f"refused in silence: {case}")
                if _outside(person, chat) and any(s in texts(replies) for s in SECRETS):
                    failures.append(f"revealed the organisation: {case}")
            if after != base:
                _load(h.deps, base)
    assert not failures, "\n".join(failures)


def test_every_command_and_button_is_in_the_matrix():
    from handlers.router import features
    tried = {a.name.split()[0] for a in ACTIONS if a.name.startswith("/")}
    commands = {c for f in features() for c in f.commands}
    assert commands <= tried, commands - tried
    stub = World({}, 1, 1, 1, {"青石镇": 1})
    pressed = {a.run.data(stub).split(":")[0] for a in ACTIONS if hasattr(a.run, "data")}
    prefixes = {p for f in features() for p in f.callbacks}
    assert prefixes <= pressed, prefixes - pressed
