"""detail_issue: what a 明细 button was issued for (kind, period, scope, chat, to whom)

Revision ID: 010
Revises: 009
Create Date: 2026-12-07 02:30:00
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel
import storage.types


revision = '010'
down_revision = '009'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'detail_issue',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('token', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column('chat_id', sa.BigInteger(), nullable=False),
        sa.Column('issued_to', sa.BigInteger(), nullable=False),
        sa.Column('start', sa.Date(), nullable=False),
        sa.Column('end', sa.Date(), nullable=False),
        sa.Column('scope', sa.JSON(), nullable=False),
        sa.Column('title', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column('issued_at', storage.types.UTCDateTime(), nullable=False),
        sa.Column('expires_at', storage.types.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint('id'),
    )
    with op.batch_alter_table('detail_issue', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_detail_issue_token'), ['token'], unique=True)


def downgrade() -> None:
    with op.batch_alter_table('detail_issue', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_detail_issue_token'))
    op.drop_table('detail_issue')
