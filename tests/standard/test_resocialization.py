"""Resocialization as rules (paras 27-45): the deadlines of paras 27 (three calendar days), 29 (three working days; one
working day after the previous plan expired) and 31 (each quarter of the agreement and its extension) on real Kazakh
dates, a suspension moving them, deduction's thresholds, what each post records, and the case's deadline built from
them (lifecycle)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from bot.standard.deadlines import AGREEMENT_TERM, WorkingCalendar, add_months
from bot.standard.lifecycle import (
    NEXT_STEPS,
    RESOCIALIZATION_RULES,
    STATUS_TITLES,
    Dates,
    Status,
    check_transition,
    open_deadlines,
    schedule,
)
from bot.standard.resocialization import (
    INDIVIDUAL_PLAN,
    MONITORING,
    NEEDS_ASSESSMENT,
    PLAN_RENEWAL,
    POSITION_SERVICES,
    SERVICES,
    Position,
    Progress,
    Service,
    may_deduct,
    may_record,
    open_dues,
    quarter_ends,
)
from bot.standard.statistics import PERMIT_STATE, Outcome, outcome_of

KZ = WorkingCalendar()
SIGNED = date(2027, 3, 18)  # Thursday; Nauryz 2027: 22-24 March (Mon-Wed) are days off
ENDS = add_months(SIGNED, 6)  # 2027-09-18, a Saturday


def test_para_27_the_needs_are_assessed_within_three_calendar_days_of_the_agreement():
    dues = open_dues(Progress(SIGNED, ENDS), KZ)
    assert [(d.rule, d.due) for d in dues] == [(NEEDS_ASSESSMENT, date(2027, 3, 21))]  # a Sunday: calendar days


def test_para_29_the_plan_follows_within_three_working_days_across_a_weekend_and_nauryz():
    dues = open_dues(Progress(SIGNED, ENDS, assessed_on=date(2027, 3, 19)), KZ)  # Friday
    # 20-21 March the weekend, 22-24 Nauryz: Thursday 25, Friday 26, Monday 29
    assert [(d.rule, d.due) for d in dues] == [(INDIVIDUAL_PLAN, date(2027, 3, 29))]


def test_para_29_a_new_plan_within_one_working_day_after_the_previous_one_expired():
    extended = add_months(ENDS, 3)  # 2027-12-18
    progress = Progress(
        SIGNED,
        extended,
        assessed_on=date(2027, 3, 19),
        plan_approved_on=date(2027, 3, 25),
        plan_ends=ENDS,  # the first plan ran for the six months: Saturday 18 September
        monitored=frozenset({1}),
    )
    dues = {d.rule.id: d.due for d in open_dues(progress, KZ)}
    assert dues[PLAN_RENEWAL.id] == date(2027, 9, 20)  # the Monday after
    renewed = Progress(**{**progress.__dict__, "plan_ends": extended, "new_plan_approved": True})
    assert PLAN_RENEWAL.id not in {d.rule.id for d in open_dues(renewed, KZ)}


def test_quarterly_monitoring_across_six_months_and_a_three_month_extension():
    assert quarter_ends(SIGNED, ENDS) == [date(2027, 6, 18), date(2027, 9, 18)]
    assert quarter_ends(SIGNED, add_months(ENDS, 3)) == [date(2027, 6, 18), date(2027, 9, 18), date(2027, 12, 18)]
    assert quarter_ends(SIGNED, add_months(ENDS, 2)) == [date(2027, 6, 18), date(2027, 9, 18), date(2027, 11, 18)]
    # the end of a month: 31 August + 3 months is the last day of November
    assert quarter_ends(date(2026, 8, 31), add_months(date(2026, 8, 31), 6)) == [date(2026, 11, 30), date(2027, 2, 28)]


@pytest.mark.parametrize(
    ("monitored", "quarter", "day"),
    [(frozenset(), 1, date(2027, 6, 18)), (frozenset({1}), 2, date(2027, 9, 18)), (frozenset({1, 2}), None, None)],
)
def test_only_the_next_unrecorded_quarter_is_due(monitored, quarter, day):
    progress = Progress(
        SIGNED, ENDS, assessed_on=date(2027, 3, 19), plan_approved_on=date(2027, 3, 25), plan_ends=ENDS,
        monitored=monitored,
    )  # fmt: skip
    dues = [d for d in open_dues(progress, KZ) if d.rule is MONITORING]
    assert [(d.quarter, d.due) for d in dues] == ([(quarter, day)] if quarter else [])


def test_monitoring_is_due_only_once_a_plan_is_approved():
    assert MONITORING not in {d.rule for d in open_dues(Progress(SIGNED, ENDS, assessed_on=SIGNED), KZ)}


def test_a_suspension_moves_the_dues_by_its_days_and_a_running_one_keeps_them_standing():
    approved = {"assessed_on": date(2027, 3, 19), "plan_approved_on": date(2027, 3, 25), "plan_ends": ENDS}
    ten_days = ((date(2027, 4, 1), date(2027, 4, 11)),)
    dues = open_dues(Progress(SIGNED, ENDS, pauses=ten_days, **approved), KZ)
    assert [(d.rule, d.due) for d in dues] == [(MONITORING, date(2027, 6, 28))]
    running = ((date(2027, 4, 1), None),)
    for today in (date(2027, 4, 5), date(2027, 5, 20)):
        (due,) = open_dues(Progress(SIGNED, ENDS, pauses=running, today=today, **approved), KZ)
        assert due.due == date(2027, 6, 18) + (today - date(2027, 4, 1))  # as far off as when it began
    # a suspension that began after a due date does not move it
    late = ((date(2027, 3, 25), date(2027, 4, 5)),)
    assert open_dues(Progress(SIGNED, ENDS, pauses=late), KZ)[0].due == date(2027, 3, 21)


def test_nothing_is_due_once_services_ended():
    assert open_dues(Progress(SIGNED, ENDS, ended=True), KZ) == []


def test_may_deduct_only_when_systematic_or_absent_for_more_than_three_days():
    today = date(2027, 4, 10)
    assert not may_deduct("violations", 3, None, today)
    assert may_deduct("violations", 4, None, today)
    assert not may_deduct("absence", 0, None, today)
    assert not may_deduct("absence", 0, today - timedelta(days=3), today)
    assert may_deduct("absence", 0, today - timedelta(days=4), today)
    assert may_deduct("insults", 0, None, today)


def test_may_record_per_post():
    assert {s for s in SERVICES if may_record(Position.PSYCHOLOGIST, s, own_case=False)} == {Service.PSYCHOLOGICAL}
    assert {s for s in SERVICES if may_record(Position.LAWYER, s, own_case=False)} == {Service.LEGAL}
    assert {s for s in SERVICES if may_record(Position.NURSE, s, own_case=False)} == {Service.MEDICAL}
    assert all(may_record(Position.SOCIAL_WORK_SPECIALIST, s, own_case=False) for s in SERVICES)
    assert all(may_record(None, s, own_case=True) for s in SERVICES)  # the case's own specialist
    assert not any(may_record(None, s, own_case=False) for s in SERVICES)
    assert set(POSITION_SERVICES) == set(Position)


def test_the_case_carries_its_earliest_resocialization_deadline_from_the_agreement():
    dates = Dates(
        agreement_signed_on=SIGNED,
        agreement_ends_on=ENDS,
        resocialization_due=date(2027, 3, 29),
        resocialization_rule=INDIVIDUAL_PLAN.id,
    )
    running = open_deadlines(Status.AGREEMENT_SIGNED, dates, KZ)
    assert [(d.rule, d.start, d.due) for d in running] == [
        (INDIVIDUAL_PLAN, SIGNED, date(2027, 3, 29)),
        (AGREEMENT_TERM, SIGNED, ENDS),
    ]
    assert schedule(Status.AGREEMENT_SIGNED, dates, practice=False, calendar=KZ).due_on == date(2027, 3, 29)
    assert open_deadlines(Status.SERVICES_ENDED, dates, KZ) == ()  # read-only: nothing runs
    unknown = Dates(agreement_signed_on=SIGNED, agreement_ends_on=ENDS, resocialization_due=SIGNED)
    assert [d.rule for d in open_deadlines(Status.AGREEMENT_SIGNED, unknown, KZ)] == [AGREEMENT_TERM]
    assert set(RESOCIALIZATION_RULES) == {NEEDS_ASSESSMENT.id, INDIVIDUAL_PLAN.id, PLAN_RENEWAL.id, MONITORING.id}


def test_services_ended_follows_the_agreement_and_counts_as_an_agreement():
    check_transition(Status.AGREEMENT_SIGNED, Status.SERVICES_ENDED)
    check_transition(Status.SERVICES_ENDED, Status.AGREEMENT_SIGNED)  # a readmission after a deduction (para 43)
    assert NEXT_STEPS[Status.SERVICES_ENDED] == "Special social services have ended; the case is read-only."
    assert Status.SERVICES_ENDED in STATUS_TITLES
    assert PERMIT_STATE[Status.SERVICES_ENDED] == "agreement"
    assert outcome_of(Status.SERVICES_ENDED) is Outcome.IDENTIFIED
