"""groups are enrolled by the organisation's admins

Revision ID: 006
Revises: 005
Create Date: 2026-12-06 23:00:00

Every group that already exists is enrolled (rule 10: existing data survives): it took part
before, and its roles, bindings and reports stay as they are.
"""
from alembic import op
import sqlalchemy as sa
import storage.types


revision = '006'
down_revision = '005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('chat_group', schema=None) as batch_op:
        batch_op.add_column(sa.Column('enrolled_at', storage.types.UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column('enrolled_by', sa.BigInteger(), nullable=True))
    op.execute("UPDATE chat_group SET enrolled_at = created_at")


def downgrade() -> None:
    with op.batch_alter_table('chat_group', schema=None) as batch_op:
        batch_op.drop_column('enrolled_by')
        batch_op.drop_column('enrolled_at')
