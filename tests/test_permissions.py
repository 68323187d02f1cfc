"""The permissions matrix: every command and button that changes something, tried by
every role. Who may, changes what the action is for; who may not, gets a polite refusal
and changes nothing at all (every table compared row by row)."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import pytest
from sqlmodel import SQLModel

from storage.models import (Attendance, BindRequest, Drill, DutyReport, Group, Hazard, Member, Summary,
                            Unit)
from tests.helpers import ADMIN, GROUP, texts

ROLES = {  # role -> who plays it in the town
    "stranger": "路人",
    "duty": "李明",           # 青石镇 officer
    "inspector": "张芳",      # 白沙街道, role inspector
    "leader": "陈刚",         # 双桥镇, role leader
    "admin": "刘洋",          # 永安镇, role admin
    "group_admin": ADMIN,     # Telegram administrator of the group, role duty
}
MEMBERS = {"duty", "inspector", "leader", "admin", "group_admin"}
MANAGERS = {"leader", "admin", "group_admin"}
ADMINS = {"admin", "group_admin"}


@dataclass
class World:
    town: object
    hazard_id: int
    drill_id: int
    bind_request_id: int

    def one(self, model, ident):
        with self.town.deps.session_factory() as session:
            return session.get(model, ident)


async def build_world(town) -> World:
    await town.send(ADMIN, "/role 张芳 inspector")
    await town.send(ADMIN, "/role 陈刚 leader")
    await town.send(ADMIN, "/role 刘洋 admin")
    town.at("09:00")
    await town.send("周敏", "隐患：市住建局办公楼消防通道堵塞，责任人周敏，限期3天整改")
    await town.send("周敏", "/drill 消防疏散演练 6月18日 15:00 市住建局大楼")
    await town.send("新人", "/bind 青石镇")
    [hazard] = town.rows(Hazard)
    [drill] = town.rows(Drill)
    [request] = town.rows(BindRequest, BindRequest.status == "pending")
    return World(town, hazard.id, drill.id, request.id)


async def rectified_first(w: World) -> None:
    await w.town.press("周敏", f"hz:done:{w.hazard_id}", message_id=1)


@dataclass(frozen=True)
class Action:
    name: str
    allowed: frozenset[str]
    run: Callable
    changed: Callable           # (world) -> bool: the action did what it is for
    prepare: Callable | None = None


def _say(text_):
    return lambda w, who: w.town.send(who, text_)


def _press(data):
    return lambda w, who: w.town.press(who, data(w), message_id=1)


ACTIONS = [
    Action("/addunit", frozenset(ADMINS), _say("/addunit 新城镇"),
           lambda w: bool(w.town.rows(Unit, Unit.name == "新城镇"))),
    Action("/role", frozenset(ADMINS), _say("/role 周敏 leader"),
           lambda w: w.town.rows(Member, Member.name == "周敏")[0].role == "leader"),
    Action("bind approve button", frozenset(ADMINS), _press(lambda w: f"bind:ok:{w.bind_request_id}"),
           lambda w: bool(w.town.rows(Member, Member.name == "新人"))),
    Action("/remind change", frozenset(ADMINS), _say("/remind 催报 10:30"),
           lambda w: w.town.rows(Group, Group.chat_id == GROUP)[0].settings.get("remind_at") == "10:30"),
    Action("duty report", frozenset(MEMBERS), _say("今日无突发事件，零报告"),
           lambda w: bool(w.town.rows(DutyReport))),
    Action("hazard report", frozenset(MEMBERS), _say("隐患：青石镇农贸市场灭火器过期，责任人李明，限期5天"),
           lambda w: len(w.town.rows(Hazard)) == 2),
    Action("hazard 整改中 button", frozenset(MANAGERS), _press(lambda w: f"hz:prog:{w.hazard_id}"),
           lambda w: w.one(Hazard, w.hazard_id).status == "整改中"),
    Action("hazard 已整改 button", frozenset(MANAGERS), _press(lambda w: f"hz:done:{w.hazard_id}"),
           lambda w: w.one(Hazard, w.hazard_id).status == "已整改"),
    Action("hazard 销号 button", frozenset(MANAGERS), _press(lambda w: f"hz:close:{w.hazard_id}"),
           lambda w: w.one(Hazard, w.hazard_id).status == "已销号", prepare=rectified_first),
    Action("hazard reopen button", frozenset(MANAGERS), _press(lambda w: f"hz:reopen:{w.hazard_id}"),
           lambda w: w.one(Hazard, w.hazard_id).status == "待整改", prepare=rectified_first),
    Action("drill 签到 button", frozenset(MEMBERS), _press(lambda w: f"dr:sign:{w.drill_id}"),
           lambda w: bool(w.town.rows(Attendance))),
    Action("drill 结束 button", frozenset(MANAGERS), _press(lambda w: f"dr:end:{w.drill_id}"),
           lambda w: w.one(Drill, w.drill_id).status == "held" and w.one(Drill, w.drill_id).ended_at is not None),
    Action("/drill cancel", frozenset(MANAGERS), _say("/drill cancel"),
           lambda w: w.one(Drill, w.drill_id).status == "cancelled"),
    Action("/summary weekly", frozenset(MANAGERS), _say("/summary weekly"),
           lambda w: bool(w.town.rows(Summary))),
]

SKIP_TABLES = {"processedupdate", "outbox"}   # bookkeeping of the update itself (its id, its replies), not a change


def snapshot(deps) -> dict[str, list]:
    with deps.session_factory() as session:
        conn = session.connection()
        return {name: sorted(map(tuple, conn.execute(table.select()).all()), key=repr)
                for name, table in SQLModel.metadata.tables.items() if name not in SKIP_TABLES}


@pytest.mark.parametrize("role", list(ROLES))
@pytest.mark.parametrize("action", ACTIONS, ids=[a.name for a in ACTIONS])
async def test_matrix(town, action: Action, role: str):
    world = await build_world(town)
    if action.prepare:
        await action.prepare(world)
    before = snapshot(town.deps)
    replies = await action.run(world, ROLES[role])
    if role in action.allowed:
        assert action.changed(world), f"{role} should be able to: {action.name}: {texts(replies)}"
    else:
        assert snapshot(town.deps) == before, f"{role} changed something with {action.name}"
        assert not action.changed(world)
        if role != "stranger" or action.name.endswith("button"):
            assert texts(replies).strip(), f"{role} got no answer to {action.name}"


def test_every_command_is_in_the_matrix_or_read_only():
    from handlers.router import features
    covered = {a.name.split()[0] for a in ACTIONS if a.name.startswith("/")}
    read_only = {"/start", "/help", "/units", "/today", "/missing", "/hazards", "/ledger", "/drills",
                 "/bind", "/hazard", "/drill", "/summary", "/remind"}
    commands = {c for f in features() for c in f.commands}
    assert commands <= covered | read_only, commands - covered - read_only
