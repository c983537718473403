"""The conversation as practitioners run it: the case's record of the conversation (the needs and safety check,
the minors path, the opening read out, the conversation closed), and the referral contacts each organization shows
to the person at every exit, per language.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-01
"""
import sqlalchemy as sa
from alembic import op

revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.add_column(sa.Column('talk', sa.Text(), nullable=True))
    with op.batch_alter_table('organizations', schema=None) as batch_op:
        batch_op.add_column(sa.Column('contacts', sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('organizations', schema=None) as batch_op:
        batch_op.drop_column('contacts')
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.drop_column('talk')
