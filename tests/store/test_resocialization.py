"""Resocialization in the store (paras 27-45), on SQLite and PostgreSQL: a recipient walked from the agreement through
the needs, the plan with the head's approval and a revision, two quarters of monitoring, and each way services end;
the posts' and the organizations' limits; refusals with their problem; the audit trail without typed text; the case's
schedule following the dues; the case read-only once every admitted recipient's services ended."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
import sqlalchemy as sa

from bot.standard import clock
from bot.standard.lifecycle import NO_DEADLINE, Basis, Status
from bot.standard.resocialization import Ending, PlanProblem, Position, Service
from bot.store import Forbidden, NotFound, PlanRefused
from bot.store.models import Case
from tests.store.test_admission import signed_case

ORG, DISTRICT = "Test Org A", "Test District A"
SIGNED, ENDS = date(2027, 3, 18), date(2027, 9, 18)  # the agreement of signed_case: Thursday 18 March 2027
SOCIAL, PSYCHOLOGICAL, LEGAL = Service.SOCIAL, Service.PSYCHOLOGICAL, Service.LEGAL


def at(day: date, hour: int = 11) -> datetime:
    return datetime(day.year, day.month, day.day, hour, 0, tzinfo=clock.TZ)


async def team(store):
    head = await store.add_user(1010, "head", org=ORG, district=DISTRICT, full_name="Synthetic Head Testov")
    psychologist = await store.add_user(1020, "specialist", org=ORG, district=DISTRICT, full_name="Synthetic Psy")
    psychologist = await store.set_position(head, 1020, Position.PSYCHOLOGIST)
    return head, psychologist


async def schedule_of(store, case_id: int) -> date:
    """The due date the store keeps on the case for its lists and reminders."""
    async with store.engine.connect() as connection:
        return await connection.scalar(sa.select(Case.next_due_on).where(Case.id == case_id))


async def audit_rows(store) -> list[tuple[str, str | None]]:
    async with store.engine.connect() as connection:
        return [tuple(row) for row in await connection.execute(sa.text("select action, detail from audit"))]


async def needs(store, actor, case_id, recipient_id):
    return await store.record_needs(
        actor, case_id, recipient_id, observed_from=SIGNED, observed_to=clock.today(),
        needs={SOCIAL: "Synthetic need for housing", PSYCHOLOGICAL: "Synthetic need for counselling"},
        opinion="Synthetic opinion of the recipient",
    )  # fmt: skip


def items(specialist, psychologist, *, social: str = "Synthetic measure social"):
    return [
        (SOCIAL, social, specialist.id, date(2027, 4, 1)),
        (PSYCHOLOGICAL, "Synthetic measure psy", psychologist.id, date(2027, 4, 15)),
    ]


async def approved(store, fake_clock, children: int = 0):
    """A case whose person has the needs assessed and the plan approved (Friday 19 March 2027)."""
    specialist, stranger, case = await signed_case(store, fake_clock, children=children)
    head, psychologist = await team(store)
    fake_clock.set(at(date(2027, 3, 19)))
    person = case.recipients[0].id
    await needs(store, specialist, case.id, person)
    await store.save_plan(
        specialist, case.id, person, period_from=SIGNED, period_to=ENDS, items=items(specialist, psychologist)
    )
    view = await store.approve_plan(head, case.id, person)  # fmt: skip
    return specialist, stranger, head, psychologist, case, view


async def test_needs_plan_approval_revision_and_two_quarters_of_monitoring(any_store, fake_clock):
    specialist, _, case = await signed_case(any_store, fake_clock, children=0)
    head, psychologist = await team(any_store)
    person = case.recipients[0].id
    view = await any_store.resocialization(specialist, case.id, person, look=True)
    assert [(d.rule.id, d.due) for d in view.dues] == [("needs_assessment", date(2027, 3, 21))]  # para 27
    assert view.name == "Testova Synthia" and view.signed == SIGNED and view.ends == ENDS
    assert view.may_record == frozenset(Service) and not view.read_only
    assert (await any_store.deadline_of(await any_store.case(specialist, case.id))).rule.id == "needs_assessment"
    assert await schedule_of(any_store, case.id) == date(2027, 3, 21)

    fake_clock.set(at(date(2027, 3, 19)))  # Friday
    view = await needs(any_store, specialist, case.id, person)
    assert view.needs.needs[SOCIAL] == "Synthetic need for housing" and view.needs.needs[LEGAL] == ""
    assert view.needs.assessed_on == date(2027, 3, 19) and view.needs.opinion == "Synthetic opinion of the recipient"
    assert [(d.rule.id, d.due) for d in view.dues] == [("individual_plan", date(2027, 3, 29))]  # para 29, Nauryz
    assert await schedule_of(any_store, case.id) == date(2027, 3, 29)

    view = await any_store.save_plan(
        specialist, case.id, person, period_from=SIGNED, period_to=ENDS, items=items(specialist, psychologist)
    )
    assert view.draft.version == 1 and view.plan is None
    assert [(i.service, i.specialist) for i in view.draft.items] == [(SOCIAL, "1001"), (PSYCHOLOGICAL, "Synthetic Psy")]
    with pytest.raises(PlanRefused) as refused:
        await any_store.record_monitoring(
            specialist, case.id, person, 1, SOCIAL, positive="Synthetic progress", areas=(), no_change="",
            decision="", on=clock.today(),
        )  # fmt: skip
    assert refused.value.problem is PlanProblem.NOT_APPROVED
    with pytest.raises(Forbidden):
        await any_store.approve_plan(specialist, case.id, person)  # the head approves
    view = await any_store.approve_plan(head, case.id, person)
    assert view.plan.version == 1 and view.plan.approver == "Synthetic Head Testov"
    assert view.plan.approved_on == date(2027, 3, 19) and view.draft is None
    assert (await any_store.approve_plan(head, case.id, person)).plans == view.plans  # a double tap: nothing new
    assert [(d.rule.id, d.quarter, d.due) for d in view.dues] == [("monitoring", 1, date(2027, 6, 18))]
    assert await schedule_of(any_store, case.id) == date(2027, 6, 18)

    fake_clock.set(at(date(2027, 4, 20)))
    with pytest.raises(ValueError, match="reason"):  # a revision (para 32) has its reason
        await any_store.save_plan(
            specialist, case.id, person, period_from=SIGNED, period_to=ENDS, items=items(specialist, psychologist)
        )
    view = await any_store.save_plan(
        specialist, case.id, person, period_from=SIGNED, period_to=ENDS,
        items=items(specialist, psychologist, social="Synthetic measure social revised"),
        reason="Synthetic reason for the revision",
    )  # fmt: skip
    assert view.draft.version == 2 and view.plan.version == 1  # the approved version stays in force
    view = await any_store.approve_plan(head, case.id, person)
    assert [(p.version, p.state) for p in view.plans] == [(1, "superseded"), (2, "approved")]
    assert view.plan.reason == "Synthetic reason for the revision"
    assert view.plan.items_of(SOCIAL)[0].measure == "Synthetic measure social revised"
    assert view.plans[0].items_of(SOCIAL)[0].measure == "Synthetic measure social"  # the history is kept

    fake_clock.set(at(date(2027, 6, 18)))
    for service in (SOCIAL, PSYCHOLOGICAL):
        view = await any_store.record_monitoring(
            specialist, case.id, person, 1, service, positive="Synthetic progress", areas=("states", "skills"),
            no_change="Synthetic no change", decision="", on=clock.today(),
        )  # fmt: skip
        if service is SOCIAL:  # a quarter is recorded once every type of service of the plan is
            assert [(d.quarter, d.due) for d in view.dues] == [(1, date(2027, 6, 18))]
    assert [(d.quarter, d.due) for d in view.dues] == [(2, date(2027, 9, 18))]
    view = await any_store.record_monitoring(
        specialist, case.id, person, 1, SOCIAL, positive="Synthetic progress again", areas=("functions",),
        no_change="", decision="Synthetic decision", on=clock.today(),
    )  # fmt: skip
    assert len(view.quarter(1)) == 2 and view.quarter(1)[0].positive == "Synthetic progress again"
    assert view.quarter(1)[0].areas == ("functions",)
    fake_clock.set(at(date(2027, 9, 17)))
    for service in (SOCIAL, PSYCHOLOGICAL):
        view = await any_store.record_monitoring(
            specialist, case.id, person, 2, service, positive="Synthetic progress", areas=(), no_change="",
            decision="", on=clock.today(),
        )  # fmt: skip
    assert view.dues == () and await schedule_of(any_store, case.id) == ENDS  # only the agreement's term is left

    await any_store.extend_agreement(specialist, case.id, "criminal_case", 3)  # to 18 December: a third quarter
    view = await any_store.resocialization(specialist, case.id, person)
    assert [(d.rule.id, d.due) for d in view.dues] == [
        ("plan_renewal", date(2027, 9, 20)),  # one working day after the plan's Saturday 18 September (para 29)
        ("monitoring", date(2027, 12, 18)),
    ]
    assert await schedule_of(any_store, case.id) == date(2027, 9, 20)
    renewal = [
        (SOCIAL, "Synthetic measure after the extension", specialist.id, date(2027, 10, 1)),
        (LEGAL, "Synthetic legal measure", None, date(2027, 11, 2)),  # a specialist on contract (para 34)
    ]
    await any_store.save_plan(  # the new plan after the previous one's period needs no reason for a revision
        specialist, case.id, person, period_from=date(2027, 9, 19), period_to=date(2027, 12, 18), items=renewal
    )
    view = await any_store.approve_plan(head, case.id, person)
    assert [(p.version, p.state) for p in view.plans] == [(1, "superseded"), (2, "superseded"), (3, "approved")]
    # the quarters monitored against the earlier versions stay recorded: the new measures are of the third quarter
    assert [(d.rule.id, d.quarter, d.due) for d in view.dues] == [("monitoring", 3, date(2027, 12, 18))]
    assert view.plan.items_of(LEGAL)[0].specialist == ""
    with pytest.raises(ValueError):
        await any_store.record_monitoring(
            specialist, case.id, person, 4, SOCIAL, positive="", areas=(), no_change="", decision="", on=clock.today()
        )


async def test_refusals_name_their_problem_and_keep_nothing(any_store, fake_clock):
    specialist, _, _head, psychologist, case, view = await approved(any_store, fake_clock)
    person = view.recipient_id
    with pytest.raises(PlanRefused) as refused:  # a plan date outside the agreement's term
        await any_store.save_plan(
            specialist, case.id, person, period_from=SIGNED, period_to=date(2027, 12, 1),
            items=items(specialist, psychologist), reason="Synthetic reason",
        )  # fmt: skip
    assert refused.value.problem is PlanProblem.PERIOD and refused.value.values == {"start": SIGNED, "end": ENDS}
    with pytest.raises(PlanRefused) as refused:  # a measure outside the plan's period
        await any_store.save_plan(
            specialist, case.id, person, period_from=date(2027, 4, 1), period_to=ENDS,
            items=[(SOCIAL, "Synthetic measure", None, date(2027, 3, 25))], reason="Synthetic reason",
        )  # fmt: skip
    assert refused.value.problem is PlanProblem.OUTSIDE_TERM and refused.value.values["start"] == date(2027, 4, 1)
    with pytest.raises(PlanRefused) as refused:
        await any_store.save_plan(
            specialist, case.id, person, period_from=SIGNED, period_to=ENDS, items=[], reason="Synthetic reason"
        )
    assert refused.value.problem is PlanProblem.EMPTY
    with pytest.raises(PlanRefused) as refused:
        await any_store.record_violation(specialist, case.id, person, date(2027, 3, 30))
    assert refused.value.problem is PlanProblem.FUTURE
    with pytest.raises(ValueError):  # the responsible specialist is another organization's
        await any_store.save_plan(
            specialist, case.id, person, period_from=SIGNED, period_to=ENDS, reason="Synthetic reason",
            items=[(SOCIAL, "Synthetic measure", 1003, date(2027, 4, 1))],
        )  # fmt: skip
    after = await any_store.resocialization(specialist, case.id, person)
    assert after.plans == view.plans and after.events == ()


async def test_a_psychologist_records_only_socio_psychological_items_and_monitoring(any_store, fake_clock):
    specialist, _, case = await signed_case(any_store, fake_clock, children=0)
    head, psychologist = await team(any_store)
    person = case.recipients[0].id
    with pytest.raises(Forbidden):  # a specialist sets no posts
        await any_store.set_position(specialist, 1020, Position.LAWYER)
    with pytest.raises(Forbidden):  # nor a head another organization's staff
        await any_store.set_position(head, 1003, Position.LAWYER)
    fake_clock.set(at(date(2027, 3, 19)))
    with pytest.raises(Forbidden):  # the needs: the case's specialist or a social work specialist
        await needs(any_store, psychologist, case.id, person)
    view = await needs(any_store, specialist, case.id, person)
    assert (await any_store.resocialization(psychologist, case.id, person)).may_record == {PSYCHOLOGICAL}
    assert (await any_store.resocialization(head, case.id, person)).may_record == frozenset()
    await any_store.save_plan(
        specialist, case.id, person, period_from=SIGNED, period_to=ENDS,
        items=[(SOCIAL, "Synthetic measure social", specialist.id, date(2027, 4, 1))],
    )  # fmt: skip
    with pytest.raises(Forbidden):
        await any_store.save_plan(
            psychologist, case.id, person, period_from=SIGNED, period_to=ENDS,
            items=[(LEGAL, "Synthetic measure legal", psychologist.id, date(2027, 4, 2))],
        )  # fmt: skip
    with pytest.raises(Forbidden):  # the period is the case's specialist's
        await any_store.save_plan(
            psychologist, case.id, person, period_from=SIGNED, period_to=date(2027, 8, 1),
            items=[(PSYCHOLOGICAL, "Synthetic measure psy", psychologist.id, date(2027, 4, 2))],
        )  # fmt: skip
    view = await any_store.save_plan(
        psychologist, case.id, person, period_from=SIGNED, period_to=ENDS,
        items=[(PSYCHOLOGICAL, "Synthetic measure psy", psychologist.id, date(2027, 4, 2))],
    )  # fmt: skip
    assert [(i.service, i.measure) for i in view.draft.items] == [
        (SOCIAL, "Synthetic measure social"),  # the specialist's item stays as it was
        (PSYCHOLOGICAL, "Synthetic measure psy"),
    ]
    await any_store.approve_plan(head, case.id, person)
    with pytest.raises(Forbidden):
        await any_store.record_monitoring(
            psychologist, case.id, person, 1, SOCIAL, positive="Synthetic", areas=(), no_change="", decision="",
            on=clock.today(),
        )  # fmt: skip
    view = await any_store.record_monitoring(
        psychologist, case.id, person, 1, PSYCHOLOGICAL, positive="Synthetic calmer", areas=("states",),
        no_change="", decision="", on=clock.today(),
    )  # fmt: skip
    assert view.quarter(1)[0].specialist == "Synthetic Psy"
    with pytest.raises(Forbidden):  # the end of services is the head's order
        await any_store.end_services(
            psychologist, case.id, person, kind=Ending.COMPLETION, ground="application", order_number="P-1",
            order_date=clock.today(),
        )  # fmt: skip


async def test_another_organization_and_the_authorized_body_see_none_of_it(any_store, fake_clock):
    specialist, stranger, _head, _psy, case, view = await approved(any_store, fake_clock)
    officer = await any_store.user_by_telegram(1004)
    person, today = view.recipient_id, clock.today()
    calls = [
        lambda who: any_store.resocialization(who, case.id, person, look=True),
        lambda who: needs(any_store, who, case.id, person),
        lambda who: any_store.save_plan(
            who, case.id, person, period_from=SIGNED, period_to=ENDS, items=items(who, who), reason="Synthetic"
        ),
        lambda who: any_store.approve_plan(who, case.id, person),
        lambda who: any_store.record_monitoring(
            who, case.id, person, 1, SOCIAL, positive="", areas=(), no_change="", decision="", on=today
        ),
        lambda who: any_store.record_violation(who, case.id, person, today),
        lambda who: any_store.record_absence(who, case.id, person, today),
        lambda who: any_store.suspend(who, case.id, person, today),
        lambda who: any_store.resume(who, case.id, person, today),
        lambda who: any_store.readmit(who, case.id, person, today),
        lambda who: any_store.end_services(
            who, case.id, person, kind=Ending.COMPLETION, ground="application", order_number="X-1", order_date=today
        ),
        lambda who: any_store.hand_back(who, case.id, person, "documents"),
    ]
    for who in (stranger, officer):
        for call in calls:
            with pytest.raises(NotFound):
                await call(who)
    assert (await any_store.resocialization(specialist, case.id, person)).events == ()


async def test_suspension_moves_the_due_and_readmission_after_an_absence(any_store, fake_clock):
    specialist, _, case = await signed_case(any_store, fake_clock, children=0)
    person = case.recipients[0].id
    fake_clock.set(at(date(2027, 3, 19)))
    view = await any_store.suspend(specialist, case.id, person, date(2027, 3, 19))
    assert view.suspended_since == date(2027, 3, 19)
    assert await schedule_of(any_store, case.id) == ENDS  # a suspended recipient's deadlines stand: none runs
    with pytest.raises(Forbidden):
        await any_store.suspend(specialist, case.id, person, date(2027, 3, 19))
    fake_clock.set(at(date(2027, 3, 25)))
    assert (await any_store.resocialization(specialist, case.id, person)).dues[0].due == date(2027, 3, 27)
    view = await any_store.resume(specialist, case.id, person, date(2027, 3, 25))
    assert view.suspended_since is None and [e.kind for e in view.events] == ["suspension", "resumption"]
    assert [(d.rule.id, d.due) for d in view.dues] == [("needs_assessment", date(2027, 3, 27))]  # 21 March + 6 days
    assert await schedule_of(any_store, case.id) == date(2027, 3, 27)
    with pytest.raises(Forbidden):
        await any_store.resume(specialist, case.id, person, date(2027, 3, 25))

    view = await any_store.record_absence(specialist, case.id, person, date(2027, 3, 25))
    assert view.absent_since == date(2027, 3, 25)
    view = await any_store.readmit(specialist, case.id, person, date(2027, 3, 25))  # back for a valid reason
    assert view.absent_since is None and view.events[-1].kind == "readmission" and view.ending is None
    with pytest.raises(Forbidden):  # nothing to readmit from
        await any_store.readmit(specialist, case.id, person, date(2027, 3, 25))


async def test_completion_hand_back_and_the_case_read_only_afterwards(any_store, fake_clock):
    specialist, _, head, psychologist, case, view = await approved(any_store, fake_clock)
    person = view.recipient_id
    with pytest.raises(Forbidden):  # the head's order (para 44)
        await any_store.end_services(
            specialist, case.id, person, kind=Ending.COMPLETION, ground="application", order_number="S-1",
            order_date=clock.today(),
        )  # fmt: skip
    with pytest.raises(ValueError):  # not a ground of para 41
        await any_store.end_services(
            head, case.id, person, kind=Ending.COMPLETION, ground="violations", order_number="S-1",
            order_date=clock.today(),
        )  # fmt: skip
    view = await any_store.end_services(
        head, case.id, person, kind=Ending.COMPLETION, ground="plan_fulfilled", order_number=" S-1 ",
        order_date=clock.today(),
    )  # fmt: skip
    assert view.ending.kind is Ending.COMPLETION and view.ending.order_number == "S-1" and view.read_only
    assert view.ending.decided_by == "Synthetic Head Testov" and view.dues == () and view.may_record == frozenset()
    case_now = await any_store.case(specialist, case.id)
    assert case_now.status is Status.SERVICES_ENDED and await schedule_of(any_store, case.id) == NO_DEADLINE
    for item in ("belongings", "documents", "belongings"):
        view = await any_store.hand_back(specialist, case.id, person, item)
    assert view.ending.handed_back == {"belongings", "documents"}
    with pytest.raises(ValueError):
        await any_store.hand_back(specialist, case.id, person, "jewels")
    for change in (
        any_store.record_violation(specialist, case.id, person, clock.today()),
        any_store.save_plan(
            specialist, case.id, person, period_from=SIGNED, period_to=ENDS, items=items(specialist, psychologist),
            reason="Synthetic",
        ),
        needs(any_store, specialist, case.id, person),
        any_store.suspend(specialist, case.id, person, clock.today()),
        any_store.readmit(head, case.id, person, clock.today()),
        any_store.extend_agreement(specialist, case.id, "criminal_case", 3),
    ):  # fmt: skip
        with pytest.raises(Forbidden):
            await change
    assert (await any_store.resocialization(specialist, case.id, person, look=True)).read_only


async def test_termination_needs_the_referral(any_store, fake_clock):
    _, _, head, _psy, case, view = await approved(any_store, fake_clock)
    person = view.recipient_id
    with pytest.raises(ValueError):
        await any_store.end_services(
            head, case.id, person, kind=Ending.TERMINATION, ground="contraindication", order_number="T-1",
            order_date=clock.today(),
        )  # fmt: skip
    view = await any_store.end_services(
        head, case.id, person, kind=Ending.TERMINATION, ground="contraindication", order_number="T-1",
        order_date=clock.today(), referral="Synthetic regional clinic",
    )  # fmt: skip
    assert view.ending.kind is Ending.TERMINATION and view.ending.referral == "Synthetic regional clinic"


async def test_deductions_each_recipient_and_order_numbers_once_per_organization(any_store, fake_clock):
    specialist, stranger, head, _psy, case, view = await approved(any_store, fake_clock, children=1)
    person, child = case.recipients[0].id, case.recipients[1].id
    await any_store.confirm_representative(specialist, case.id, child)  # the child is admitted with the parent
    assert await schedule_of(any_store, case.id) == date(2027, 3, 21)  # and their needs are assessed (para 27)
    fake_clock.set(at(date(2027, 4, 10)))
    for day in (1, 2, 3):
        await any_store.record_violation(specialist, case.id, person, date(2027, 4, day), note="Synthetic note")

    def deduct(who, recipient, ground, number):
        return any_store.end_services(
            who, case.id, recipient, kind=Ending.DEDUCTION, ground=ground, order_number=number,
            order_date=clock.today(),
        )  # fmt: skip

    with pytest.raises(Forbidden):  # three violations are not systematic yet
        await deduct(head, person, "violations", "D-1")
    view = await any_store.record_violation(specialist, case.id, person, date(2027, 4, 9))
    assert view.violations == 4
    view = await deduct(head, person, "violations", "D-1")
    assert view.ending.ground == "violations"
    assert (await any_store.case(specialist, case.id)).status is Status.AGREEMENT_SIGNED  # the child's run on

    await any_store.record_absence(specialist, case.id, child, date(2027, 4, 7))
    with pytest.raises(Forbidden):  # three days of absence only
        await deduct(head, child, "absence", "D-2")
    fake_clock.set(at(date(2027, 4, 11)))
    with pytest.raises(PlanRefused) as refused:  # the same number twice in the organization
        await deduct(head, child, "absence", "D-1")
    assert refused.value.problem is PlanProblem.ORDER_TAKEN
    view = await deduct(head, child, "absence", "D-2")
    assert view.ending.kind is Ending.DEDUCTION
    assert (await any_store.case(specialist, case.id)).status is Status.SERVICES_ENDED
    assert await schedule_of(any_store, case.id) == NO_DEADLINE

    with pytest.raises(Forbidden):  # a deduction is reversed by the head
        await any_store.readmit(specialist, case.id, child, clock.today())
    with pytest.raises(Forbidden):  # and only one for absence
        await any_store.readmit(head, case.id, person, clock.today())
    view = await any_store.readmit(head, case.id, child, clock.today())  # away for a valid reason (para 43)
    assert view.ending is None and view.absent_since is None and not view.read_only
    assert (await any_store.case(specialist, case.id)).status is Status.AGREEMENT_SIGNED
    assert view.dues[0].rule.id == "needs_assessment"  # the child's own resocialization runs again

    other_head, other_case = await other_organization(any_store, stranger)
    other = await deduct_elsewhere(any_store, other_head, other_case, "D-1")  # another organization's numbering
    assert other.ending.order_number == "D-1"


async def other_organization(store, stranger):
    officer = await store.add_user(1005, "officer", district="Test District B")
    head = await store.add_user(1011, "head", org="Test Org B", district="Test District B", full_name="Synthetic B")
    case = await store.create_case(stranger, Basis.APPLICATION)
    await store.set_consent(stranger, case.id, True)
    await store.set_person(stranger, case.id, surname="Testova", first_name="Other", sex="female")
    await store.close_case(stranger, case.id, Status.IDENTIFIED, suggested=True, verdict=True)
    await store.forward(stranger, case.id)
    await store.decide_permit(officer, case.id, True)
    return head, await store.record_agreement(stranger, case.id, clock.today())


async def deduct_elsewhere(store, head, case, number):
    return await store.end_services(
        head, case.id, case.recipients[0].id, kind=Ending.DEDUCTION, ground="insults", order_number=number,
        order_date=clock.today(),
    )  # fmt: skip


async def test_every_change_is_audited_without_the_text_typed(any_store, fake_clock):
    specialist, _, head, psychologist, case, view = await approved(any_store, fake_clock)
    person = view.recipient_id
    await any_store.record_monitoring(
        psychologist, case.id, person, 1, PSYCHOLOGICAL, positive="Synthetic calmer", areas=("states",),
        no_change="Synthetic no change", decision="Synthetic decision", on=clock.today(),
    )  # fmt: skip
    await any_store.record_violation(specialist, case.id, person, clock.today(), note="Synthetic violation note")
    await any_store.suspend(specialist, case.id, person, clock.today())
    await any_store.resume(specialist, case.id, person, clock.today())
    await any_store.record_absence(specialist, case.id, person, clock.today())
    await any_store.readmit(specialist, case.id, person, clock.today())
    await any_store.end_services(
        head, case.id, person, kind=Ending.TERMINATION, ground="contraindication", order_number="Synthetic-7",
        order_date=clock.today(), referral="Synthetic referral clinic",
    )  # fmt: skip
    await any_store.hand_back(head, case.id, person, "clothes")
    await any_store.resocialization(head, case.id, person, look=True)
    rows = await audit_rows(any_store)
    actions = {action for action, _detail in rows}
    assert {
        "staff.position", "needs.record", "plan.save", "plan.approve", "monitoring.record", "stay.violation",
        "stay.suspend", "stay.resume", "stay.absence", "stay.readmit", "services.end", "services.hand_back",
        "case.read",
    } <= actions  # fmt: skip
    assert ("plan.approve", f"{view.number} v1") in rows
    assert ("monitoring.record", f"{view.number} q1 psychological") in rows
    assert not [row for row in rows if "synthetic" in (row[1] or "").lower()]  # no typed text, no order number


async def test_reminders_include_the_resocialization_deadline(any_store, fake_clock):
    await signed_case(any_store, fake_clock, children=0)
    now = at(date(2027, 3, 19), hour=10).replace(minute=5)  # Friday: the last working day before Sunday 21 March
    fake_clock.set(now)
    due = [(line.deadline.rule.id, kind) for line, kind, _people in await any_store.reminders_due(now)]
    assert ("needs_assessment", "due") in due


async def test_users_add_with_a_position_and_no_resocialization_before_the_agreement(any_store, fake_clock):
    user = await any_store.add_user(1030, "specialist", org=ORG, district=DISTRICT, position="lawyer")
    assert user.position == Position.LAWYER.value
    with pytest.raises(ValueError):
        await any_store.add_user(1031, "officer", district=DISTRICT, position="lawyer")
    case = await any_store.create_case(user, Basis.APPLICATION)
    with pytest.raises(Forbidden):
        await any_store.resocialization(user, case.id, 1)


async def test_agreements_signed_before_resocialization_get_its_deadline_once(any_store, fake_clock):
    """A database upgraded from before resocialization: its running agreements are scheduled with the needs
    assessment (para 27) at the next start, once."""
    _specialist, _stranger, case = await signed_case(any_store, fake_clock, children=0)
    async with any_store.engine.begin() as connection:
        await connection.execute(sa.text("update cases set resoc_due = null, resoc_rule = null"))
        await connection.execute(sa.text("delete from counters where name = 'resocialization-deadlines'"))
    assert await any_store.ensure_resocialization_deadlines() == 1
    assert await any_store.ensure_resocialization_deadlines() == 0  # once
    async with any_store.engine.connect() as connection:
        rule, due = (await connection.execute(sa.text("select resoc_rule, resoc_due from cases"))).one()
    assert rule == "needs_assessment" and str(due) == str(case.agreement_signed_on + timedelta(days=3))
