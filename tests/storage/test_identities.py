"""platform_identity: a platform's string ids and the integers records keep, both ways."""
from __future__ import annotations

from sqlmodel import Session

from storage import identities


def test_remembered_once_and_found_both_ways(engine):
    with Session(engine) as session:
        for _ in range(2):      # a redelivery, or a second replica, records it again: no error
            identities.remember_identity(session=session, platform="dingtalk", kind="chat",
                                         external="cidA==", number=-77)
        session.commit()
        assert identities.external_id(session=session, platform="dingtalk", kind="chat", number=-77) == "cidA=="
        assert identities.number_of(session=session, platform="dingtalk", kind="chat", external="cidA==") == -77
        assert identities.external_id(session=session, platform="dingtalk", kind="user", number=-77) is None
        assert identities.external_id(session=session, platform="feishu", kind="chat", number=-77) is None


def test_a_number_taken_by_another_id_keeps_its_first_owner(engine):
    with Session(engine) as session:
        identities.remember_identity(session=session, platform="dingtalk", kind="user", external="a", number=5)
        identities.remember_identity(session=session, platform="dingtalk", kind="user", external="b", number=5)
        session.commit()
        assert identities.external_id(session=session, platform="dingtalk", kind="user", number=5) == "a"
