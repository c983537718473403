"""Anonymized statistics: the plain facts of each case (case_facts) and their monthly totals per organization
(stat_counts). The facts of existing cases are written by `intake-bot db upgrade` after the migration (they are read
from the encrypted data once, which a migration cannot do without the key): `Store.rebuild_statistics`.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-01
"""
import sqlalchemy as sa
from alembic import op

revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None

DEADLINES = ('forward', 'decision', 'agreement', 'portal', 'police')


def upgrade() -> None:
    op.create_table(
        'case_facts',
        sa.Column('case_id', sa.Integer(), nullable=False),
        sa.Column('organization_id', sa.Integer(), nullable=False),
        sa.Column('district_id', sa.Integer(), nullable=False),
        sa.Column('opened_on', sa.Date(), nullable=False),
        sa.Column('status', sa.String(length=30), nullable=False),
        sa.Column('basis', sa.String(length=20), nullable=True),
        sa.Column('edition', sa.String(length=40), nullable=False),
        sa.Column('verdict', sa.Boolean(), nullable=True),
        sa.Column('suggested', sa.Boolean(), nullable=True),
        sa.Column('sex', sa.String(length=10), nullable=True),
        sa.Column('minor', sa.Boolean(), nullable=True),
        sa.Column('citizenship', sa.String(length=20), nullable=True),
        sa.Column('present', sa.Text(), nullable=False),
        *(sa.Column(f'{name}_{part}', sa.Date(), nullable=True) for name in DEADLINES for part in ('due', 'done')),
        sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_case_facts_case_id_cases'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('case_id', name=op.f('pk_case_facts')),
    )
    op.create_index('ix_case_facts_opened', 'case_facts', ['opened_on'])
    op.create_index('ix_case_facts_district_opened', 'case_facts', ['district_id', 'opened_on'])
    op.create_index('ix_case_facts_organization_opened', 'case_facts', ['organization_id', 'opened_on'])
    for name in DEADLINES:
        where = sa.text(f'{name}_done IS NULL AND {name}_due IS NOT NULL')
        op.create_index(f'ix_case_facts_{name}_running', 'case_facts', [f'{name}_due'], sqlite_where=where,
                        postgresql_where=where)
    op.create_table(
        'stat_counts',
        sa.Column('month', sa.Integer(), nullable=False),
        sa.Column('organization_id', sa.Integer(), nullable=False),
        sa.Column('item', sa.String(length=80), nullable=False),
        sa.Column('district_id', sa.Integer(), nullable=False),
        sa.Column('n', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint('month', 'organization_id', 'item', name=op.f('pk_stat_counts')),
    )
    op.create_index('ix_stat_counts_district_month', 'stat_counts', ['district_id', 'month'])


def downgrade() -> None:
    op.drop_table('stat_counts')
    op.drop_table('case_facts')
