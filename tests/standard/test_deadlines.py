"""The deadlines on real Kazakh calendar dates: the 2025 transfer, Nauryz 2025, the administrator's
overrides, para 15 across a weekend, para 16's months, overdue from the day after, and reminders."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from pathlib import Path

import holidays
import pytest
from babel.messages.extract import extract_from_file

from bot.standard import deadlines as module
from bot.standard.clock import TZ
from bot.standard.deadlines import (
    AGREEMENT,
    AGREEMENT_EXTENSION,
    AGREEMENT_TERM,
    EXTENSION_GROUNDS,
    IDENTIFICATION,
    PERMIT_DECISION,
    PERMIT_TO_ORGANIZATION,
    RULES,
    RULES_BY_ID,
    SEND_TO_AUTHORIZED_BODY,
    Deadline,
    WorkingCalendar,
    add_months,
    deadline,
    due,
    package_year,
    reminder_times,
)

KZ = WorkingCalendar()


def d(text: str) -> date:
    return date.fromisoformat(text)


# --- the calendar: what the package knows -------------------------------------------------------


def test_the_2025_new_year_transfer_comes_from_the_package():
    # Government decree: Friday 3 January 2025 off, Sunday 5 January 2025 a working day instead.
    assert d("2025-01-03").weekday() == 4 and d("2025-01-05").weekday() == 6
    assert not KZ.is_working_day(d("2025-01-03"))
    assert KZ.is_working_day(d("2025-01-05"))
    assert not KZ.is_working_day(d("2025-01-04"))  # the Saturday between stays off
    days_off, working = package_year(2025)
    assert d("2025-01-03") in days_off and working == {d("2025-01-05")}


def test_identified_on_new_years_eve_2024_is_due_on_the_working_sunday():
    # 1, 2 January: New Year; 3 January: transferred day off; 4: Saturday; 5: the working Sunday.
    assert due(SEND_TO_AUTHORIZED_BODY, d("2024-12-31"), KZ) == d("2025-01-05")


def test_nauryz_2025_is_five_days_off():
    # 21 March (Friday), 22-23 March (the weekend), and 24-25 March in place of 22 and 23.
    off = [d(f"2025-03-{day}") for day in (21, 22, 23, 24, 25)]
    assert all(not KZ.is_working_day(day) for day in off)
    assert KZ.is_working_day(d("2025-03-20")) and KZ.is_working_day(d("2025-03-26"))
    assert d("2025-03-20").strftime("%A") == "Thursday" and d("2025-03-26").strftime("%A") == "Wednesday"


@pytest.mark.parametrize("identified", ["2025-03-20", "2025-03-21", "2025-03-23", "2025-03-25"])
def test_a_case_identified_before_or_during_nauryz_is_due_on_the_first_working_day_after(identified):
    # Thursday 20 March is the last working day before Nauryz; the day of identification never counts.
    assert due(SEND_TO_AUTHORIZED_BODY, d(identified), KZ) == d("2025-03-26")


def test_para_15_three_working_days_across_nauryz():
    # Received on Thursday 20 March 2025: 26, 27, 28 March.
    assert due(PERMIT_DECISION, d("2025-03-20"), KZ) == d("2025-03-28")


def test_para_15_three_working_days_across_a_weekend():
    # Received on Thursday 16 April 2026: Friday 17, Monday 20, Tuesday 21 April.
    assert due(PERMIT_DECISION, d("2026-04-16"), KZ) == d("2026-04-21")
    # The permit approved that Tuesday goes to the organization on Wednesday; the agreement follows on Thursday.
    assert due(PERMIT_TO_ORGANIZATION, d("2026-04-21"), KZ) == d("2026-04-22")
    assert due(AGREEMENT, d("2026-04-22"), KZ) == d("2026-04-23")


def test_para_10_identification_within_one_working_day_of_the_application():
    assert due(IDENTIFICATION, d("2026-04-17"), KZ) == d("2026-04-20")  # Friday -> Monday


# --- the administrator's overrides --------------------------------------------------------------


def _without_transfers(year: int):
    """The package's data with the year's transfers taken out: a year the package does not know yet."""
    days_off, _ = package_year(year)
    transferred = {
        day
        for day in days_off
        if "substituted" in (holidays.country_holidays("KZ", years=year, language="en_US").get(day) or "")
    }
    return frozenset(days_off - transferred), frozenset()


def test_overrides_produce_a_transfer_the_package_does_not_know():
    bare = WorkingCalendar(source=_without_transfers)
    assert bare.is_working_day(d("2025-01-03")) and not bare.is_working_day(d("2025-01-05"))
    admin = WorkingCalendar(
        extra_days_off={d("2025-01-03")}, extra_working_days={d("2025-01-05")}, source=_without_transfers
    )
    assert not admin.is_working_day(d("2025-01-03")) and admin.is_working_day(d("2025-01-05"))
    assert due(SEND_TO_AUTHORIZED_BODY, d("2024-12-31"), admin) == d("2025-01-05")
    start = d("2024-12-01")
    for offset in range(90):
        day = start + timedelta(days=offset)
        assert admin.is_working_day(day) == KZ.is_working_day(day), day


def test_an_added_day_off_moves_a_deadline():
    # Identified on Wednesday 15 April 2026: due Thursday 16 April, or Friday 17 if the 16th is made a day off.
    assert due(SEND_TO_AUTHORIZED_BODY, d("2026-04-15"), KZ) == d("2026-04-16")
    with_day_off = KZ.with_overrides(days_off=[d("2026-04-16")])
    assert due(SEND_TO_AUTHORIZED_BODY, d("2026-04-15"), with_day_off) == d("2026-04-17")
    assert due(PERMIT_DECISION, d("2026-04-15"), with_day_off) == d("2026-04-21")


def test_an_added_working_saturday_shortens_a_deadline():
    # Identified on Friday 17 April 2026: due Monday 20 April, or Saturday 18 April if it is a working day.
    assert due(SEND_TO_AUTHORIZED_BODY, d("2026-04-17"), KZ) == d("2026-04-20")
    with_saturday = WorkingCalendar(extra_working_days={d("2026-04-18")})
    assert due(SEND_TO_AUTHORIZED_BODY, d("2026-04-17"), with_saturday) == d("2026-04-18")
    assert due(PERMIT_DECISION, d("2026-04-16"), with_saturday) == d("2026-04-20")


def test_an_explicit_working_day_wins_over_a_package_holiday():
    assert not KZ.is_working_day(d("2025-03-25"))
    assert WorkingCalendar(extra_working_days={d("2025-03-25")}).is_working_day(d("2025-03-25"))
    assert due(SEND_TO_AUTHORIZED_BODY, d("2025-03-20"), WorkingCalendar(extra_working_days={d("2025-03-25")})) == d(
        "2025-03-25"
    )


def test_a_date_cannot_be_both_a_day_off_and_a_working_day():
    with pytest.raises(ValueError, match="2026-04-18"):
        WorkingCalendar(extra_days_off={d("2026-04-18")}, extra_working_days={d("2026-04-18")})
    moved = WorkingCalendar(extra_working_days={d("2026-04-18")}).with_overrides(days_off=[d("2026-04-18")])
    assert not moved.is_working_day(d("2026-04-18")) and moved.extra_working_days == frozenset()


# --- counting -----------------------------------------------------------------------------------


def test_the_start_day_never_counts_and_zero_is_the_start():
    assert KZ.add_working_days(d("2026-04-16"), 1) == d("2026-04-17")
    assert KZ.add_working_days(d("2026-04-18"), 1) == d("2026-04-20")  # from a Saturday
    assert KZ.add_working_days(d("2026-04-18"), 0) == d("2026-04-18")


def test_counting_agrees_with_the_package_over_three_years():
    package = holidays.country_holidays("KZ", years=range(2023, 2028))
    day = d("2024-01-01")
    while day < d("2027-01-01"):
        for n in (1, 3, 10, 40):
            assert KZ.add_working_days(day, n) == package.get_nth_working_day(day, n), (day, n)
            assert KZ.working_days_between(day, KZ.add_working_days(day, n)) == n
        assert KZ.is_working_day(day) == package.is_working_day(day), day
        day += timedelta(days=1)


def test_backwards_and_across_years():
    assert KZ.add_working_days(d("2025-03-26"), -1) == d("2025-03-20")
    assert KZ.add_working_days(d("2025-01-05"), -1) == d("2024-12-31")
    assert KZ.add_working_days(d("2024-12-31"), 1) == d("2025-01-05")
    assert KZ.add_working_days(d("2024-12-31"), 500) > d("2026-12-01")
    assert KZ.working_days_between(d("2025-03-26"), d("2025-03-20")) == -1
    assert KZ.working_days_between(d("2024-12-31"), d("2025-12-31")) == 246  # Kazakhstan's 2025, 5-day week


# --- para 16: months ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "signed, expires",
    [
        ("2026-03-10", "2026-09-10"),
        ("2026-08-31", "2027-02-28"),  # no 31 February: the month's last day
        ("2027-08-31", "2028-02-29"),  # leap year
        ("2025-12-31", "2026-06-30"),
        ("2026-09-12", "2027-03-12"),
    ],
)
def test_the_agreement_is_valid_six_months_clamped_to_month_end(signed, expires):
    assert due(AGREEMENT_TERM, d(signed), KZ) == d(expires)


def test_an_extension_is_three_months_at_most_from_the_end_of_the_term():
    end = due(AGREEMENT_TERM, d("2026-08-31"), KZ)
    assert due(AGREEMENT_EXTENSION, end, KZ) == d("2027-05-28")
    assert add_months(d("2026-11-30"), 3) == d("2027-02-28")


def test_a_month_term_is_not_moved_off_a_day_off():
    assert due(AGREEMENT_TERM, d("2025-09-21"), KZ) == d("2026-03-21")  # Nauryz, a Saturday


def test_extension_grounds_are_the_two_of_para_16():
    assert [g.id for g in EXTENSION_GROUNDS] == ["criminal_case", "inpatient_treatment"]
    assert all(g.paragraph == "16" and g.text for g in EXTENSION_GROUNDS)


# --- deadlines and overdue ----------------------------------------------------------------------


def test_overdue_the_day_after_the_due_date_not_on_it():
    case = deadline(SEND_TO_AUTHORIZED_BODY, d("2025-03-20"), KZ)
    assert case == Deadline(SEND_TO_AUTHORIZED_BODY, d("2025-03-20"), d("2025-03-26"))
    assert not case.is_overdue(d("2025-03-25"))
    assert not case.is_overdue(d("2025-03-26"))
    assert case.is_overdue(d("2025-03-27"))
    assert [case.days_left(d(f"2025-03-{day}")) for day in (20, 26, 27)] == [6, 0, -1]
    assert case.working_days_left(d("2025-03-20"), KZ) == 1
    assert case.working_days_left(d("2025-03-27"), KZ) == -1


# --- reminders ----------------------------------------------------------------------------------


def at10(text: str) -> datetime:
    return datetime.combine(d(text), time(10), tzinfo=TZ)


def test_reminders_the_working_day_before_on_the_day_and_after():
    case = deadline(PERMIT_DECISION, d("2025-03-20"), KZ)  # due Friday 28 March 2025
    reminders = reminder_times(case, KZ)
    assert [(r.kind, r.at) for r in reminders] == [
        ("before", at10("2025-03-27")),
        ("due", at10("2025-03-28")),
        ("overdue", at10("2025-03-31")),
    ]
    assert all(r.at.utcoffset() == timedelta(hours=5) for r in reminders)


def test_no_reminder_on_the_start_day():
    case = deadline(SEND_TO_AUTHORIZED_BODY, d("2025-03-20"), KZ)  # the working day before is the 20th
    assert [(r.kind, r.at) for r in reminder_times(case, KZ)] == [
        ("due", at10("2025-03-26")),
        ("overdue", at10("2025-03-27")),
    ]


def test_reminders_of_an_agreement_ending_on_a_saturday_fall_on_working_days():
    case = deadline(AGREEMENT_TERM, d("2026-03-12"), KZ)
    assert case.due == d("2026-09-12")  # a Saturday
    assert [(r.kind, r.at) for r in reminder_times(case, KZ, at=time(9, 30), before=5)] == [
        ("before", datetime(2026, 9, 4, 9, 30, tzinfo=TZ)),
        ("due", datetime(2026, 9, 11, 9, 30, tzinfo=TZ)),
        ("overdue", datetime(2026, 9, 14, 9, 30, tzinfo=TZ)),
    ]


# --- the rules as data --------------------------------------------------------------------------


def test_every_rule_names_its_paragraph_and_has_an_msgid():
    source = Path(module.__file__)
    msgids = {message for _, message, *_ in extract_from_file("python", source, keywords={"N_": None})}
    assert len(RULES_BY_ID) == len(RULES)
    for rule in RULES:
        assert rule.paragraph.strip() and rule.paragraph in {"10", "14", "15", "16", "20", "21"}, rule
        assert rule.text and rule.text in msgids, rule
        assert rule.days > 0 and rule.kind in {"working", "calendar", "months"}, rule
    for ground in EXTENSION_GROUNDS:
        assert ground.text in msgids
    assert {r.paragraph for r in RULES} == {"10", "14", "15", "16", "20", "21"}


def test_the_rules_time_limits():
    assert {r.id: (r.days, r.kind) for r in RULES} == {
        "identification": (1, "working"),
        "send_to_authorized_body": (1, "working"),
        "permit_decision": (3, "working"),
        "permit_to_organization": (1, "working"),
        "agreement": (1, "working"),
        "agreement_term": (6, "months"),
        "agreement_extension": (3, "months"),
        "portal_entry": (1, "working"),
        "police_notice": (3, "working"),
    }


def test_calendar_days_are_plain_dates():
    rule = module.Rule("example", "16", "example", 10, "calendar")
    assert due(rule, d("2025-03-20"), KZ) == d("2025-03-30")
