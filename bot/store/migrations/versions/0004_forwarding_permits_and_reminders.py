"""Forwarding to the authorized body, the permit, the agreement; calendar corrections; reminders sent.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-24
"""
import sqlalchemy as sa
from alembic import op

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('calendar_days',
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('day', name=op.f('pk_calendar_days'))
    )
    op.create_table('reminders_sent',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('rule_id', sa.String(length=40), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=False),
    sa.Column('claimed_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('sent_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_reminders_sent_case_id_cases'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reminders_sent')),
    sa.UniqueConstraint('case_id', 'rule_id', 'kind', 'due_on', name=op.f('uq_reminders_sent_case_id'))
    )
    with op.batch_alter_table('reminders_sent', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_reminders_sent_case_id'), ['case_id'], unique=False)

    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.add_column(sa.Column('identified_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('forwarded_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('decided_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('decided_by', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('decision_reason', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('agreement_signed_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('agreement_ends_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('extension_ground', sa.String(length=40), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_cases_decided_by_users'), 'users', ['decided_by'], ['id'])



def downgrade() -> None:
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_cases_decided_by_users'), type_='foreignkey')
        batch_op.drop_column('extension_ground')
        batch_op.drop_column('agreement_ends_on')
        batch_op.drop_column('agreement_signed_on')
        batch_op.drop_column('decision_reason')
        batch_op.drop_column('decided_by')
        batch_op.drop_column('decided_on')
        batch_op.drop_column('forwarded_on')
        batch_op.drop_column('identified_on')

    with op.batch_alter_table('reminders_sent', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_reminders_sent_case_id'))

    op.drop_table('reminders_sent')
    op.drop_table('calendar_days')
