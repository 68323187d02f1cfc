"""dayboard.detail_token: the day's board carries one 明细 button through every edit

Revision ID: 011
Revises: 010
Create Date: 2026-12-07 06:20:00

Existing boards keep working: their token is issued at their next post or edit.
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = '011'
down_revision = '010'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('dayboard', schema=None) as batch_op:
        batch_op.add_column(sa.Column('detail_token', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('dayboard', schema=None) as batch_op:
        batch_op.drop_column('detail_token')
