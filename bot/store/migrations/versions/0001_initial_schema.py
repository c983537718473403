"""Initial schema: organizations, districts, users, cases, persons, sheet answers, audit, dialog state.

Revision ID: 0001
Revises: 
Create Date: 2026-11-24
"""
import sqlalchemy as sa
from alembic import op

revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('counters',
    sa.Column('name', sa.String(length=40), nullable=False),
    sa.Column('value', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('name', name=op.f('pk_counters'))
    )
    op.create_table('dialog_state',
    sa.Column('key', sa.String(length=250), nullable=False),
    sa.Column('state', sa.String(length=200), nullable=True),
    sa.Column('data', sa.Text(), nullable=True),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_dialog_state'))
    )
    op.create_table('districts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_districts')),
    sa.UniqueConstraint('name', name=op.f('uq_districts_name'))
    )
    op.create_table('organizations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=300), nullable=False),
    sa.Column('district_id', sa.Integer(), nullable=False),
    sa.Column('address', sa.String(length=500), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['district_id'], ['districts.id'], name=op.f('fk_organizations_district_id_districts')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_organizations')),
    sa.UniqueConstraint('name', name=op.f('uq_organizations_name'))
    )
    op.create_table('users',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('telegram_id', sa.BigInteger(), nullable=False),
    sa.Column('role', sa.String(length=20), nullable=False),
    sa.Column('organization_id', sa.Integer(), nullable=True),
    sa.Column('district_id', sa.Integer(), nullable=True),
    sa.Column('full_name', sa.Text(), nullable=True),
    sa.Column('locale', sa.String(length=5), nullable=True),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['district_id'], ['districts.id'], name=op.f('fk_users_district_id_districts')),
    sa.ForeignKeyConstraint(['organization_id'], ['organizations.id'], name=op.f('fk_users_organization_id_organizations')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_users')),
    sa.UniqueConstraint('telegram_id', name=op.f('uq_users_telegram_id'))
    )
    op.create_table('cases',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('number', sa.String(length=20), nullable=False),
    sa.Column('organization_id', sa.Integer(), nullable=False),
    sa.Column('district_id', sa.Integer(), nullable=False),
    sa.Column('specialist_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=30), nullable=False),
    sa.Column('edition', sa.String(length=40), nullable=False),
    sa.Column('verdict_rule', sa.String(length=20), nullable=False),
    sa.Column('basis', sa.String(length=20), nullable=True),
    sa.Column('investigation', sa.Text(), nullable=True),
    sa.Column('checklist', sa.Text(), nullable=True),
    sa.Column('interview_language', sa.Text(), nullable=True),
    sa.Column('interpreter', sa.Text(), nullable=True),
    sa.Column('consent', sa.Boolean(), nullable=True),
    sa.Column('consent_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('contraindications', sa.Text(), nullable=True),
    sa.Column('suggested_verdict', sa.Boolean(), nullable=True),
    sa.Column('verdict', sa.Boolean(), nullable=True),
    sa.Column('override_reason', sa.Text(), nullable=True),
    sa.Column('sheet_position', sa.Integer(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('closed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['district_id'], ['districts.id'], name=op.f('fk_cases_district_id_districts')),
    sa.ForeignKeyConstraint(['organization_id'], ['organizations.id'], name=op.f('fk_cases_organization_id_organizations')),
    sa.ForeignKeyConstraint(['specialist_id'], ['users.id'], name=op.f('fk_cases_specialist_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_cases')),
    sa.UniqueConstraint('number', name=op.f('uq_cases_number'))
    )
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_cases_district_id'), ['district_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_cases_organization_id'), ['organization_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_cases_specialist_id'), ['specialist_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_cases_status'), ['status'], unique=False)

    op.create_table('audit',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('action', sa.String(length=60), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=True),
    sa.Column('detail', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_audit_case_id_cases'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_audit_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit'))
    )
    with op.batch_alter_table('audit', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_audit_at'), ['at'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_case_id'), ['case_id'], unique=False)

    op.create_table('persons',
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('surname', sa.Text(), nullable=True),
    sa.Column('first_name', sa.Text(), nullable=True),
    sa.Column('patronymic', sa.Text(), nullable=True),
    sa.Column('birth_date', sa.Text(), nullable=True),
    sa.Column('sex', sa.Text(), nullable=True),
    sa.Column('citizenship', sa.Text(), nullable=True),
    sa.Column('has_documents', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_persons_case_id_cases'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('case_id', name=op.f('pk_persons'))
    )
    op.create_table('sheet_answers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('row_id', sa.String(length=40), nullable=False),
    sa.Column('answer', sa.Text(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_sheet_answers_case_id_cases'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sheet_answers')),
    sa.UniqueConstraint('case_id', 'row_id', name=op.f('uq_sheet_answers_case_id'))
    )
    with op.batch_alter_table('sheet_answers', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sheet_answers_case_id'), ['case_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('sheet_answers', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_sheet_answers_case_id'))

    op.drop_table('sheet_answers')
    op.drop_table('persons')
    with op.batch_alter_table('audit', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_audit_case_id'))
        batch_op.drop_index(batch_op.f('ix_audit_at'))

    op.drop_table('audit')
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_cases_status'))
        batch_op.drop_index(batch_op.f('ix_cases_specialist_id'))
        batch_op.drop_index(batch_op.f('ix_cases_organization_id'))
        batch_op.drop_index(batch_op.f('ix_cases_district_id'))

    op.drop_table('cases')
    op.drop_table('users')
    op.drop_table('organizations')
    op.drop_table('districts')
    op.drop_table('dialog_state')
    op.drop_table('counters')
