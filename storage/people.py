"""Units, groups, rosters, members and binding. Functions flush, never commit: the
session-per-update wrapper commits once."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import bindparam
from sqlmodel import Session, col, select

from storage.models import BindRequest, Group, Member, RosterEntry, Unit
from storage.unit_names import INFO_KEY, UnitName
from storage.unit_names import read as read_unit_names

# "chief" (issue 20, features branch — MERGE NOTE for the trust boundary): a unit's
# responsible person, told privately by the escalation ladder; otherwise a unit member.
ROLES = ("duty", "inspector", "chief", "leader", "admin")

# Statements asked on nearly every message are built once: building one (and its cache
# key) costs more than running it on SQLite.
_GROUP = select(Group).where(Group.chat_id == bindparam("chat_id"))
_MEMBER = select(Member).where(Member.user_id == bindparam("user_id"))
_UNIT_BY_NAME = select(Unit).where(Unit.name == bindparam("name"))
_ON_ROSTER = select(RosterEntry.id).where(RosterEntry.group_id == bindparam("group_id"),
                                         RosterEntry.unit_id == bindparam("unit_id"))


def get_group(*, session: Session, chat_id: int) -> Group | None:
    return session.exec(_GROUP, params={"chat_id": chat_id}).first()


def ensure_group(*, session: Session, chat_id: int, title: str = "") -> Group:
    group = get_group(session=session, chat_id=chat_id)
    if group is None:
        group = Group(chat_id=chat_id, title=title or str(chat_id))
        session.add(group)
        session.flush()
    elif title and group.title != title:
        group.title = title
    return group


def find_group_by_title(*, session: Session, title: str) -> Group | None:
    return session.exec(select(Group).where(Group.title == title)).first()


def enrolled_groups(*, session: Session, title: str | None = None) -> list[Group]:
    """Enrolled groups, oldest first; with a title, those carrying exactly that title."""
    stmt = select(Group).where(Group.enrolled_at != None)  # noqa: E711
    if title is not None:
        stmt = stmt.where(Group.title == title)
    return list(session.exec(stmt.order_by(Group.id)))


def enrol_group(*, session: Session, chat_id: int, title: str, by: int, at: datetime) -> Group:
    """The group takes part from now on (its row is made if new; roster and settings kept)."""
    group = ensure_group(session=session, chat_id=chat_id, title=title)
    group.enrolled_at, group.enrolled_by = at, by
    session.flush()
    return group


def disenrol_group(*, group: Group) -> None:
    """The group stops taking part; its roster, settings and records stay for a re-enrolment."""
    group.enrolled_at = group.enrolled_by = None


def name_taken(*, session: Session, name: str, unit_id: int | None) -> Unit | None:
    """Another unit (not unit_id) whose name or alias is `name`: an alias must never shadow it."""
    # read fresh, inactive units too (not the cached gazetteer): /addunit is rare
    for uid, uname, aliases in session.exec(select(Unit.id, Unit.name, Unit.aliases)).all():
        if uid != unit_id and (name == uname or name in (aliases or ())):
            return session.get(Unit, uid)
    return None


def all_units(*, session: Session) -> list[Unit]:
    return list(session.exec(select(Unit).where(Unit.active == True).order_by(Unit.id)))  # noqa: E712


def unit_gazetteer(*, session: Session) -> tuple[UnitName, ...]:
    """Active units' names and aliases: from the session factory's cache (storage/unit_names.py),
    read afresh for a session made without one."""
    cache = session.info.get(INFO_KEY)
    return cache.of(session) if cache is not None else read_unit_names(session)


def forget_units(*, session: Session) -> None:
    """A unit changed: the next message reads the names again."""
    cache = session.info.get(INFO_KEY)
    if cache is not None:
        cache.forget()


def unit_kind(name: str) -> str:
    for suffix, kind in (("街道", "街道"), ("镇", "镇"), ("乡", "镇"), ("公司", "企业"), ("厂", "企业")):
        if name.endswith(suffix):
            return kind
    return "部门"


def add_unit_to_roster(*, session: Session, group: Group, name: str, aliases: list[str]) -> tuple[Unit, bool]:
    """Create the unit if new (merging aliases) and put it on the group's roster.
    Returns (unit, newly_on_roster)."""
    unit = find_unit(session=session, name=name)
    forget_units(session=session)
    if unit is None:
        unit = Unit(name=name, aliases=list(dict.fromkeys(aliases)), kind=unit_kind(name))
        session.add(unit)
        session.flush()
    else:
        merged = list(dict.fromkeys([*unit.aliases, *aliases]))
        if merged != unit.aliases:
            unit.aliases = merged
        unit.active = True
    exists = session.exec(select(RosterEntry).where(
        RosterEntry.group_id == group.id, RosterEntry.unit_id == unit.id)).first()
    if exists:
        return unit, False
    session.add(RosterEntry(group_id=group.id, unit_id=unit.id))
    session.flush()
    return unit, True


def find_unit(*, session: Session, name: str) -> Unit | None:
    """By exact name, then by alias."""
    name = name.strip()
    unit = session.exec(_UNIT_BY_NAME, params={"name": name}).first()
    if unit:
        return unit
    for candidate in unit_gazetteer(session=session):
        if name in candidate.aliases:
            return session.get(Unit, candidate.id)
    return None


def on_roster(*, session: Session, group: Group, unit_id: int) -> bool:
    if group.role == "leaders":
        return True
    return session.exec(_ON_ROSTER, params={"group_id": group.id, "unit_id": unit_id}).first() is not None


def roster(*, session: Session, group: Group) -> list[Unit]:
    """The units a group expects a report from; a leaders' group sees every unit."""
    if group.role == "leaders":
        return all_units(session=session)
    stmt = (select(Unit).join(RosterEntry, RosterEntry.unit_id == Unit.id)
            .where(RosterEntry.group_id == group.id, Unit.active == True)  # noqa: E712
            .order_by(RosterEntry.id))
    return list(session.exec(stmt))


def groups_of_unit(*, session: Session, unit_id: int) -> list[Group]:
    stmt = (select(Group).join(RosterEntry, RosterEntry.group_id == Group.id)
            .where(RosterEntry.unit_id == unit_id))
    return list(session.exec(stmt))


def get_member(*, session: Session, user_id: int) -> Member | None:
    return session.exec(_MEMBER, params={"user_id": user_id}).first()


def find_member_by_handle(*, session: Session, handle: str) -> Member | None:
    """@username, a numeric id, or a registered name."""
    handle = handle.strip().lstrip("@")
    if handle.lstrip("-").isdigit():
        return get_member(session=session, user_id=int(handle))
    return session.exec(select(Member).where(
        (Member.username == handle) | (Member.name == handle))).first()


def bind_member(*, session: Session, user_id: int, name: str, username: str | None,
                unit: Unit, role: str | None = None) -> Member:
    member = get_member(session=session, user_id=user_id)
    if member is None:
        member = Member(user_id=user_id, name=name, username=username, unit_id=unit.id,
                        role=role or "duty")
        session.add(member)
    else:
        member.unit_id = unit.id
        member.name = name or member.name
        member.username = username or member.username
        if role:
            member.role = role
    session.flush()
    return member


def ensure_admin_member(*, session: Session, user_id: int, name: str, username: str | None) -> Member:
    """A BOT_ADMINS user acting for the first time gets a member row (no unit yet)."""
    member = get_member(session=session, user_id=user_id)
    if member is None:
        member = Member(user_id=user_id, name=name, username=username, role="admin")
        session.add(member)
        session.flush()
    return member


def set_role(*, member: Member, role: str) -> None:
    if role not in ROLES:
        raise ValueError(role)
    member.role = role


def members_of_unit(*, session: Session, unit_id: int) -> list[Member]:
    return list(session.exec(select(Member).where(Member.unit_id == unit_id).order_by(Member.id)))


def open_bind_request(*, session: Session, user_id: int, name: str, username: str | None,
                      unit: Unit, chat_id: int) -> BindRequest:
    pending = session.exec(select(BindRequest).where(
        BindRequest.user_id == user_id, BindRequest.status == "pending")).all()
    for old in pending:
        old.status = "rejected"       # a new request replaces an unanswered one
    req = BindRequest(user_id=user_id, name=name, username=username, unit_id=unit.id, chat_id=chat_id)
    session.add(req)
    session.flush()
    return req


def get_bind_request(*, session: Session, request_id: int) -> BindRequest | None:
    return session.get(BindRequest, request_id)


def unit_names(*, session: Session, ids: list[int]) -> dict[int, str]:
    if not ids:
        return {}
    return dict(session.exec(select(Unit.id, Unit.name).where(col(Unit.id).in_(ids))).all())


def member_names(*, session: Session, user_ids: list[int]) -> dict[int, str]:
    """Display names for @-mentions."""
    rows = session.exec(select(Member.user_id, Member.name).where(col(Member.user_id).in_(user_ids))).all()
    return {uid: name or str(uid) for uid, name in rows}
