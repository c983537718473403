"""Resocialization (paras 27-45, Annexes 5-7): the staff's posts, the needs assessment, the versions of the
individual plan, the monitoring journal, the events of the stay, the end of services on each recipient, and the
case's earliest resocialization deadline for its schedule.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-15
"""
import sqlalchemy as sa
from alembic import op

revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None

RECIPIENT_COLUMNS = (
    ('ended_kind', sa.String(length=20)),
    ('ended_ground', sa.String(length=30)),
    ('order_number', sa.String(length=40)),
    ('order_date', sa.Date()),
    ('ended_on', sa.Date()),
    ('ended_by', sa.Integer()),
    ('ended_referral', sa.Text()),
    ('handed_back', sa.Text()),
    ('suspended_since', sa.Date()),
    ('absent_since', sa.Date()),
)


def _recipient_fk(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(['recipient_id'], ['recipients.id'],
                                   name=op.f(f'fk_{table}_recipient_id_recipients'), ondelete='CASCADE')


def _user_fk(table: str, column: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint([column], ['users.id'], name=op.f(f'fk_{table}_{column}_users'))


def upgrade() -> None:
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('position', sa.String(length=30), nullable=True))
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.add_column(sa.Column('resoc_due', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('resoc_rule', sa.String(length=40), nullable=True))
    with op.batch_alter_table('recipients', schema=None) as batch_op:
        for name, kind in RECIPIENT_COLUMNS:
            batch_op.add_column(sa.Column(name, kind, nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_recipients_ended_by_users'), 'users', ['ended_by'], ['id'])
    op.create_table(
        'needs_assessments',
        sa.Column('recipient_id', sa.Integer(), nullable=False),
        sa.Column('observed_from', sa.Date(), nullable=False),
        sa.Column('observed_to', sa.Date(), nullable=False),
        sa.Column('needs', sa.Text(), nullable=False),
        sa.Column('opinion', sa.Text(), nullable=False),
        sa.Column('assessed_on', sa.Date(), nullable=False),
        sa.Column('assessed_by', sa.Integer(), nullable=False),
        _recipient_fk('needs_assessments'),
        _user_fk('needs_assessments', 'assessed_by'),
        sa.PrimaryKeyConstraint('recipient_id', name=op.f('pk_needs_assessments')),
    )
    op.create_table(
        'plans',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('recipient_id', sa.Integer(), nullable=False),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.Column('period_from', sa.Date(), nullable=False),
        sa.Column('period_to', sa.Date(), nullable=False),
        sa.Column('items', sa.Text(), nullable=False),
        sa.Column('state', sa.String(length=12), nullable=False),
        sa.Column('reason', sa.Text(), nullable=True),
        sa.Column('created_on', sa.Date(), nullable=False),
        sa.Column('created_by', sa.Integer(), nullable=False),
        sa.Column('approved_on', sa.Date(), nullable=True),
        sa.Column('approved_by', sa.Integer(), nullable=True),
        sa.Column('approver_name', sa.Text(), nullable=True),
        _recipient_fk('plans'),
        _user_fk('plans', 'created_by'),
        _user_fk('plans', 'approved_by'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_plans')),
        sa.UniqueConstraint('recipient_id', 'version', name=op.f('uq_plans_recipient_id')),
    )
    op.create_index(op.f('ix_plans_recipient_id'), 'plans', ['recipient_id'], unique=False)
    op.create_table(
        'monitoring_entries',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('recipient_id', sa.Integer(), nullable=False),
        sa.Column('quarter', sa.Integer(), nullable=False),
        sa.Column('service', sa.String(length=20), nullable=False),
        sa.Column('positive', sa.Text(), nullable=False),
        sa.Column('no_change', sa.Text(), nullable=False),
        sa.Column('decision', sa.Text(), nullable=False),
        sa.Column('areas', sa.Text(), nullable=False),
        sa.Column('on', sa.Date(), nullable=False),
        sa.Column('specialist_id', sa.Integer(), nullable=False),
        _recipient_fk('monitoring_entries'),
        _user_fk('monitoring_entries', 'specialist_id'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_monitoring_entries')),
        sa.UniqueConstraint('recipient_id', 'quarter', 'service', name=op.f('uq_monitoring_entries_recipient_id')),
    )
    op.create_index(op.f('ix_monitoring_entries_recipient_id'), 'monitoring_entries', ['recipient_id'], unique=False)
    op.create_table(
        'recipient_events',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('recipient_id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=20), nullable=False),
        sa.Column('on', sa.Date(), nullable=False),
        sa.Column('by', sa.Integer(), nullable=False),
        sa.Column('note', sa.Text(), nullable=True),
        _recipient_fk('recipient_events'),
        _user_fk('recipient_events', 'by'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_recipient_events')),
    )
    op.create_index(op.f('ix_recipient_events_recipient_id'), 'recipient_events', ['recipient_id'], unique=False)


def downgrade() -> None:
    op.drop_table('recipient_events')
    op.drop_table('monitoring_entries')
    op.drop_table('plans')
    op.drop_table('needs_assessments')
    with op.batch_alter_table('recipients', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_recipients_ended_by_users'), type_='foreignkey')
        for name, _kind in reversed(RECIPIENT_COLUMNS):
            batch_op.drop_column(name)
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.drop_column('resoc_rule')
        batch_op.drop_column('resoc_due')
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('position')
