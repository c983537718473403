"""Admission after the permit (paras 17-21): the recipients of services of a case (the person and each accompanying
child, with their own number and registration card), and informing internal affairs (para 21).

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01
"""
import sqlalchemy as sa
from alembic import op

revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'recipients',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('case_id', sa.Integer(), nullable=False),
        sa.Column('child_id', sa.Integer(), nullable=True),
        sa.Column('number', sa.String(length=24), nullable=False),
        sa.Column('state', sa.String(length=10), nullable=False),
        sa.Column('admitted_on', sa.Date(), nullable=False),
        sa.Column('card', sa.Text(), nullable=True),
        sa.Column('card_filled_on', sa.Date(), nullable=True),
        sa.Column('card_filled_by', sa.Integer(), nullable=True),
        sa.Column('portal_entered_on', sa.Date(), nullable=True),
        sa.Column('portal_entered_by', sa.Integer(), nullable=True),
        sa.Column('referral', sa.Text(), nullable=True),
        sa.Column('referred_on', sa.Date(), nullable=True),
        sa.Column('referred_by', sa.Integer(), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_recipients_case_id_cases'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['child_id'], ['children.id'], name=op.f('fk_recipients_child_id_children'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['card_filled_by'], ['users.id'], name=op.f('fk_recipients_card_filled_by_users')),
        sa.ForeignKeyConstraint(['portal_entered_by'], ['users.id'],
                                name=op.f('fk_recipients_portal_entered_by_users')),
        sa.ForeignKeyConstraint(['referred_by'], ['users.id'], name=op.f('fk_recipients_referred_by_users')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_recipients')),
        sa.UniqueConstraint('child_id', name=op.f('uq_recipients_child_id')),
        sa.UniqueConstraint('number', name=op.f('uq_recipients_number')),
    )
    with op.batch_alter_table('recipients', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_recipients_case_id'), ['case_id'], unique=False)
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.add_column(sa.Column('portal_from', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('police', sa.String(length=10), nullable=True))
        batch_op.add_column(sa.Column('police_from', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('police_declined_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('police_informed_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('police_informed_by', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('police_notice', sa.Text(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_cases_police_informed_by_users'), 'users',
                                    ['police_informed_by'], ['id'])


def downgrade() -> None:
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_cases_police_informed_by_users'), type_='foreignkey')
        for column in ('police_notice', 'police_informed_by', 'police_informed_on', 'police_declined_on',
                       'police_from', 'police', 'portal_from'):
            batch_op.drop_column(column)
    op.drop_table('recipients')
