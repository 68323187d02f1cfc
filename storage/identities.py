"""Platform string ids ↔ the integers records keep (chat ids, user ids are BigIntegers).

The adapter derives the integer itself (a stable function of the string) and records the
pair here once something about that chat or person is worth keeping, so a push to a group
or a mention of a member finds the platform's id again."""
from __future__ import annotations

import functools

from sqlalchemy import bindparam
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, select

from storage.models import PlatformIdentity


def remember_identity(*, session: Session, platform: str, kind: str, external: str, number: int) -> None:
    """Record the pair once (a second replica recording it at the same moment is fine)."""
    session.execute(_insert_for(session.get_bind().dialect.name),
                    {"platform": platform, "kind": kind, "external": external, "number": number})
    session.info["flushed"] = True


@functools.cache
def _insert_for(dialect: str):
    insert_ = postgresql.insert if dialect == "postgresql" else sqlite.insert
    return (insert_(PlatformIdentity)
            .values(platform=bindparam("platform"), kind=bindparam("kind"),
                    external=bindparam("external"), number=bindparam("number"))
            .on_conflict_do_nothing())


def external_id(*, session: Session, platform: str, kind: str, number: int) -> str | None:
    """The platform's own id for an integer the assistant knows, or None if never recorded."""
    return session.exec(select(PlatformIdentity.external).where(
        PlatformIdentity.platform == platform, PlatformIdentity.kind == kind,
        PlatformIdentity.number == number)).first()


def number_of(*, session: Session, platform: str, kind: str, external: str) -> int | None:
    """The integer recorded for a platform id (None if never recorded)."""
    return session.exec(select(PlatformIdentity.number).where(
        PlatformIdentity.platform == platform, PlatformIdentity.kind == kind,
        PlatformIdentity.external == external)).first()
