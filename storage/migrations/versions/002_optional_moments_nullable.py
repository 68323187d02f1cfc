"""rectified_at, closed_at and ended_at are NULL until the moment happens

Revision ID: 002
Revises: 003
Create Date: 2026-11-25 03:10:00

001 declared these columns NOT NULL, so no open hazard (or planned drill) could be
stored. Revision ids are labels: 003 (attendance) was written first, this follows it.
"""
from alembic import op
import storage.types


revision = '002'
down_revision = '003'
branch_labels = None
depends_on = None

COLUMNS = (("hazard", "rectified_at"), ("hazard", "closed_at"), ("drill", "ended_at"))


def upgrade() -> None:
    for table, column in COLUMNS:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.alter_column(column, existing_type=storage.types.UTCDateTime(timezone=True),
                                  nullable=True)


def downgrade() -> None:
    for table, column in COLUMNS:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.alter_column(column, existing_type=storage.types.UTCDateTime(timezone=True),
                                  nullable=False)
