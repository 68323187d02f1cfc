"""outbox: replies stored with the update's records, sent after commit

Revision ID: 009
Revises: 008
Create Date: 2026-12-06 23:20:00
"""
from alembic import op
import sqlalchemy as sa
import storage.types


revision = '009'
down_revision = '008'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'outbox',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('update_key', sa.String(length=64), nullable=True),
        sa.Column('chat_id', sa.BigInteger(), nullable=False),
        sa.Column('thread_id', sa.BigInteger(), nullable=True),
        sa.Column('reply', sa.JSON(), nullable=False),
        sa.Column('file_content', sa.LargeBinary(), nullable=True),
        sa.Column('created_at', storage.types.UTCDateTime(), nullable=False),
        sa.Column('lease_until', storage.types.UTCDateTime(), nullable=True),
        sa.Column('sent_at', storage.types.UTCDateTime(), nullable=True),
        sa.Column('attempts', sa.Integer(), nullable=False),
        sa.Column('error', sa.String(), nullable=False),
        sa.PrimaryKeyConstraint('id'),
    )
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.create_index('ix_outbox_unsent', ['sent_at', 'lease_until'], unique=False)
        batch_op.create_index(batch_op.f('ix_outbox_update_key'), ['update_key'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_outbox_update_key'))
        batch_op.drop_index('ix_outbox_unsent')
    op.drop_table('outbox')
