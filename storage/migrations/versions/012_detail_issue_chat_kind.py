"""detail_issue (chat_id, kind) index: a drill card's or a notice tally's edit finds its
明细 row by chat and kind without reading the whole table

Revision ID: 012
Revises: 011
Create Date: 2026-12-07 14:40:00
"""
from alembic import op


revision = '012'
down_revision = '011'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index('ix_detail_issue_chat_kind', 'detail_issue', ['chat_id', 'kind'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_detail_issue_chat_kind', table_name='detail_issue')
