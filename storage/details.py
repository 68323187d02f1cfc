"""What a 明细 button was issued for (DetailIssue): written when an answer is given, read
when its button is pressed. The button's data holds only the row's random token, so the
query cannot be forged or widened from the chat. Functions flush, never commit."""
from __future__ import annotations

import secrets
from datetime import date, datetime

from sqlalchemy import delete
from sqlmodel import Session, col, select

from storage.models import DetailIssue

TOKEN_BYTES = 9         # 72 random bits, 12 URL-safe characters


def issue_detail(*, session: Session, kind: str, chat_id: int, issued_to: int, start: date, end: date,
                 scope: dict, title: str, at: datetime, expires_at: datetime) -> DetailIssue:
    row = DetailIssue(token=secrets.token_urlsafe(TOKEN_BYTES), kind=kind, chat_id=chat_id, issued_to=issued_to,
                      start=start, end=end, scope=scope, title=title[:200], issued_at=at, expires_at=expires_at)
    session.add(row)
    session.flush()
    return row


def detail_by_token(*, session: Session, token: str) -> DetailIssue | None:
    return session.exec(select(DetailIssue).where(DetailIssue.token == token)).first()


def detail_for(*, session: Session, kind: str, chat_id: int, key: str, ref: int,
               valid_after: datetime | None = None) -> DetailIssue | None:
    """The newest row of `kind` in a chat issued for one record (its scope's `key`, e.g.
    "drill" or "notice", is `ref`), still valid after `valid_after` (None: any row still
    kept): a card's or a tally's button found again for its edit. A chat holds few such rows
    at once (they are forgotten once expired)."""
    stmt = select(DetailIssue).where(DetailIssue.kind == kind, DetailIssue.chat_id == chat_id)
    if valid_after is not None:
        stmt = stmt.where(DetailIssue.expires_at > valid_after)
    rows = session.exec(stmt.order_by(col(DetailIssue.id).desc()))
    return next((r for r in rows if r.scope.get(key) == ref), None)


def forget_expired_details(*, session: Session, before: datetime) -> int:
    """Rows whose buttons expired before `before` (a press finds nothing and is refused)."""
    return session.connection().execute(delete(DetailIssue).where(DetailIssue.expires_at < before)).rowcount
