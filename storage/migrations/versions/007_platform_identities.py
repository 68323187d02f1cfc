"""platform identities: string ids of DingTalk (and later platforms) to integer ids

Revision ID: 007
Revises: 006
Create Date: 2026-12-06 23:30:00
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = '007'
down_revision = '006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A new table: no existing row changes.
    op.create_table('platform_identity',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('platform', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
    sa.Column('external', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('number', sa.BigInteger(), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('platform', 'kind', 'external'),
    sa.UniqueConstraint('platform', 'kind', 'number')
    )


def downgrade() -> None:
    op.drop_table('platform_identity')
