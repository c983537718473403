"""Each case's schedule: the next due date and the next reminder, kept by the store, with the indexes of the
lists (overdue first, then by due date) and of the reminder pass; existing cases are scheduled here.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01
"""
from datetime import timezone

import sqlalchemy as sa
from alembic import op

from bot.standard.deadlines import WorkingCalendar
from bot.standard.lifecycle import NO_DEADLINE, RESPONSIBLE, Dates, Status, schedule

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None

cases = sa.table('cases', sa.column('id', sa.Integer), sa.column('status', sa.String),
                 sa.column('practice', sa.Boolean), sa.column('identified_on', sa.Date),
                 sa.column('forwarded_on', sa.Date), sa.column('decided_on', sa.Date),
                 sa.column('agreement_signed_on', sa.Date), sa.column('agreement_ends_on', sa.Date),
                 sa.column('next_due_on', sa.Date), sa.column('next_reminder_at', sa.DateTime(timezone=True)))
sent = sa.table('reminders_sent', sa.column('case_id', sa.Integer), sa.column('rule_id', sa.String),
                sa.column('kind', sa.String), sa.column('due_on', sa.Date))
days = sa.table('calendar_days', sa.column('day', sa.Date), sa.column('kind', sa.String))


def upgrade() -> None:
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.add_column(sa.Column('next_due_on', sa.Date(), server_default=NO_DEADLINE.isoformat(),
                                      nullable=False))
        batch_op.add_column(sa.Column('next_reminder_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.create_index(batch_op.f('ix_cases_next_reminder_at'), ['next_reminder_at'], unique=False)
        batch_op.create_index('ix_cases_organization_due', ['organization_id', 'next_due_on', 'number'])
        batch_op.create_index('ix_cases_district_due', ['district_id', 'next_due_on', 'number'])
        batch_op.create_index('ix_cases_district_status_due', ['district_id', 'status', 'next_due_on', 'number'])

    bind = op.get_bind()
    overrides = bind.execute(sa.select(days.c.day, days.c.kind)).all()
    calendar = WorkingCalendar(extra_days_off={d for d, k in overrides if k == 'off'},
                               extra_working_days={d for d, k in overrides if k == 'working'})
    done: dict[int, set] = {}
    for case_id, rule_id, kind, due_on in bind.execute(sa.select(sent.c.case_id, sent.c.rule_id, sent.c.kind,
                                                                 sent.c.due_on)):
        done.setdefault(case_id, set()).add((rule_id, kind, due_on))
    running = bind.execute(sa.select(cases).where(cases.c.status.in_([s.value for s in RESPONSIBLE]))).all()
    for row in running:
        dates = Dates(identified_on=row.identified_on, forwarded_on=row.forwarded_on, decided_on=row.decided_on,
                      agreement_signed_on=row.agreement_signed_on, agreement_ends_on=row.agreement_ends_on)
        plan = schedule(Status(row.status), dates, practice=bool(row.practice), calendar=calendar,
                        sent=done.get(row.id, set()))
        bind.execute(sa.update(cases).where(cases.c.id == row.id).values(
            next_due_on=plan.due_on,
            next_reminder_at=plan.next_reminder_at.astimezone(timezone.utc) if plan.next_reminder_at else None))


def downgrade() -> None:
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.drop_index('ix_cases_district_status_due')
        batch_op.drop_index('ix_cases_district_due')
        batch_op.drop_index('ix_cases_organization_due')
        batch_op.drop_index(batch_op.f('ix_cases_next_reminder_at'))
        batch_op.drop_column('next_reminder_at')
        batch_op.drop_column('next_due_on')
