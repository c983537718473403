"""Admission as rules (paras 15-21): the IIN and its check digit, the registration card's checks, the order of the
steps, and the deadlines of paras 15, 20 and 21 across a weekend and a public holiday."""

from __future__ import annotations

from datetime import date

import pytest

from bot.standard import iin
from bot.standard.admission import (
    FIELDS,
    AdmissionFacts,
    Card,
    CardError,
    Police,
    admission_step,
    check_cell,
    check_row,
    check_value,
    prefill,
)
from bot.standard.deadlines import AGREEMENT, POLICE_NOTICE, PORTAL_ENTRY, WorkingCalendar, due, reminder_times
from bot.standard.lifecycle import Dates, Status, open_deadlines

KZ = WorkingCalendar()
TODAY = date(2026, 12, 1)
NEVER_ISSUED = "98030540087"


def make(prefix11: str) -> str:
    digit = iin.check_digit(prefix11)
    assert digit is not None
    return prefix11 + str(digit)


def test_the_check_digit_uses_the_second_weights_when_the_first_give_ten():
    # 98030540001: 9*1+8*2+0*3+3*4+0*5+5*6+4*7+0*8+0*9+0*10+1*11 = 106; 106 % 11 = 7
    assert iin.check_digit("98030540001") == 7
    # 98030540080: the first sum is 175 = 10 (mod 11), so the second weights count: 161 = 7 (mod 11)
    assert iin.check_digit("98030540080") == 7
    # 98030540087: the first sum is 252, the second 175, both 10 (mod 11): no IIN starts with these digits
    assert iin.check_digit(NEVER_ISSUED) is None
    assert iin.check(NEVER_ISSUED + "0") is iin.Problem.CHECK_DIGIT


def test_an_iin_is_checked_whole_and_against_the_card():
    good = make("98030540001")
    assert iin.check(good) is None and iin.check(f"{good[:6]} {good[6:]}") is None  # spaces as people type them
    assert iin.check(good[:11] + str((int(good[11]) + 1) % 10)) is iin.Problem.CHECK_DIGIT
    assert iin.check("12345") is iin.Problem.FORMAT and iin.check("９８０３０５４０００１７") is iin.Problem.FORMAT
    assert iin.check(make("98023040001")) is iin.Problem.BIRTH_DATE  # 30 February
    assert iin.check(good, born=date(1998, 3, 6)) is iin.Problem.OTHER_BIRTH_DATE
    assert iin.check(good, born=date(1998, 3, 5), of_sex="male") is iin.Problem.OTHER_SEX
    assert iin.check(good, born=date(1998, 3, 5), of_sex="female") is None
    assert iin.birth_date(make("19061260001")) == date(2019, 6, 12) and iin.sex(make("19061250001")) == "male"
    assert iin.masked(good) == "••••••••" + good[-4:] and good not in iin.masked(good)


def test_the_card_refuses_what_the_form_cannot_hold():
    card = prefill(surname="Testova", first_name="Synthia", patronymic=None, sex="female", birth_date=date(1998, 3, 5))
    assert card.values["surname"] == "Testova" and "patronymic" in card.unknown
    with pytest.raises(CardError, match="future"):
        check_value(card, "birth_date", date(2027, 1, 1), TODAY)
    with pytest.raises(CardError, match="check digit"):
        good = make("98030540001")
        check_value(card, "iin", good[:11] + str((int(good[11]) + 1) % 10), TODAY)
    with pytest.raises(CardError):
        check_value(card, "sex", "other", TODAY)
    with pytest.raises(CardError, match="longer than"):
        check_value(card, "birthplace", "x" * 301, TODAY)
    assert check_value(card, "health", "line one\nline two", TODAY) == "line one\nline two"  # long texts keep lines
    row = {"type": "passport", "number": "N0000001", "issued_on": "2020-05-01"}
    with pytest.raises(CardError, match="before its issue"):
        check_cell("documents", "valid_until", date(2020, 4, 30), row, TODAY)
    assert check_cell("documents", "valid_until", date(2030, 5, 1), row, TODAY) == "2030-05-01"
    with pytest.raises(CardError, match="future"):
        check_cell("documents", "issued_on", date(2027, 1, 1), {}, TODAY)
    with pytest.raises(CardError, match="not complete"):
        check_row("documents", row)  # "issued by" is missing
    assert check_row("relatives", {"kinship": "mother", "name": "Testova M."}) == {
        "kinship": "mother",
        "name": "Testova M.",
    }


def test_a_card_is_filled_when_every_field_but_nationality_is_answered():
    card = Card()
    assert [f.number for f in card.missing()] == [f.number for f in FIELDS if f.number != 6]
    for field in FIELDS:
        card = card.with_rows(field.id, ()) if field.kind == "table" else card.with_unknown(field.id)
    assert card.missing() == () and Card.from_json(card.to_json()) == card


def test_admission_steps_come_in_the_order_the_specialist_takes_them():
    assert "child" in admission_step(AdmissionFacts(children_pending=1, cards_missing=2))
    assert "(para 21)" in admission_step(AdmissionFacts(cards_missing=2))
    assert "Annex 4" in admission_step(AdmissionFacts(cards_missing=1, police=Police.APPLIED))
    assert "portal" in admission_step(AdmissionFacts(portal_pending=1, police=Police.DECLINED))
    assert "three working days" in admission_step(AdmissionFacts(police=Police.DECLINED))
    assert admission_step(AdmissionFacts(police=Police.INFORMED)) is None


def test_paras_15_20_and_21_across_a_weekend_and_a_public_holiday():
    # para 15: permit on Friday 4 December 2026 -> the agreement by Monday 7 December (the weekend does not count)
    assert due(AGREEMENT, date(2026, 12, 4), KZ) == date(2026, 12, 7)
    # para 20: a card filled on Tuesday 15 December 2026 -> the portal by Thursday 17 December (16 December,
    # Independence Day, is a public holiday)
    assert due(PORTAL_ENTRY, date(2026, 12, 15), KZ) == date(2026, 12, 17)
    # para 21: declined on Friday 4 December -> informed by Wednesday 9 December (7, 8, 9 December)
    assert due(POLICE_NOTICE, date(2026, 12, 4), KZ) == date(2026, 12, 9)
    # para 21 over the weekend and the holiday: declined on Monday 14 December -> 15, 17, 18 December
    assert due(POLICE_NOTICE, date(2026, 12, 14), KZ) == date(2026, 12, 18)


def test_after_the_agreement_every_running_deadline_is_listed_earliest_first():
    running = open_deadlines(
        Status.AGREEMENT_SIGNED,
        Dates(
            agreement_signed_on=date(2026, 12, 14),
            agreement_ends_on=date(2027, 6, 14),
            portal_from=date(2026, 12, 15),
            police_from=date(2026, 12, 14),
        ),
        KZ,
    )
    assert [(d.rule.id, d.due) for d in running] == [
        ("portal_entry", date(2026, 12, 17)),
        ("police_notice", date(2026, 12, 18)),
        ("agreement_term", date(2027, 6, 14)),
    ]
    # reminders on working days only: the "before" of para 21 is 17 December, not the holiday
    police = running[1]
    assert [r.at.date() for r in reminder_times(police, KZ)] == [
        date(2026, 12, 17),
        date(2026, 12, 18),
        date(2026, 12, 21),
    ]
