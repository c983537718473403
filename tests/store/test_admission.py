"""Admission in the store (paras 17-21): recipients with their own numbers, the registration card's checks, the
portal entry and the para 21 notice with their deadlines and reminders, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from bot.standard import clock
from bot.standard.admission import FIELDS, CardError, Police, RecipientState
from bot.standard.iin import check_digit
from bot.standard.lifecycle import Basis, Status
from bot.store import Forbidden

THURSDAY = datetime(2027, 3, 18, 11, 0, tzinfo=clock.TZ)  # Nauryz: 22-24 March 2027 are days off (Mon-Wed)


def iin_for(born: date, female: bool, serial: str = "0001") -> str:
    century = {18: 1, 19: 3, 20: 5}[born.year // 100] + (1 if female else 0)
    first11 = f"{born:%y%m%d}{century}{serial}"
    digit = check_digit(first11)
    assert digit is not None, "pick another serial"
    return first11 + str(digit)


async def signed_case(store, fake_clock, children: int = 1):
    """A case through the intake, the permit and the agreement, on Thursday 18 March 2027."""
    fake_clock.set(THURSDAY)
    specialist = await store.add_user(1001, "specialist", org="Test Org A", district="Test District A")
    officer = await store.add_user(1004, "officer", district="Test District A")
    stranger = await store.add_user(1003, "specialist", org="Test Org B", district="Test District B")
    case = await store.create_case(specialist, Basis.APPLICATION)
    await store.set_consent(specialist, case.id, True)
    await store.set_person(
        specialist, case.id, surname="Testova", first_name="Synthia", sex="female", birth_date="1998-03-05"
    )
    for place in range(children):
        await store.set_child(
            specialist, case.id, place, surname="Testov", first_name=f"Child{place}", birth_date="2019-06-12"
        )
    await store.close_case(specialist, case.id, Status.IDENTIFIED, suggested=True, verdict=True)
    await store.forward(specialist, case.id)
    await store.decide_permit(officer, case.id, True)
    view = await store.record_agreement(specialist, case.id, clock.today())
    return specialist, stranger, view


async def fill_card(store, specialist, case_id, recipient, iin: str | None):
    for field in FIELDS:
        if recipient.card.answered(field.id) or field.optional:
            continue
        if field.kind == "table":
            await store.set_table_none(specialist, case_id, recipient.id, field.id)
        elif field.id == "sex":
            await store.set_card_value(specialist, case_id, recipient.id, "sex", "female")
        elif field.id == "iin":
            await store.set_card_value(specialist, case_id, recipient.id, "iin", iin)  # None: not known
        elif field.kind == "date":
            await store.set_card_value(specialist, case_id, recipient.id, field.id, date(1990, 1, 1))
        elif field.kind == "choice":
            await store.set_card_value(specialist, case_id, recipient.id, field.id, field.choices[0].id)
        else:
            await store.set_card_value(specialist, case_id, recipient.id, field.id, f"synthetic {field.id}")


async def test_admission_gives_each_recipient_a_number_and_a_prefilled_card(any_store, fake_clock):
    specialist, stranger, case = await signed_case(any_store, fake_clock, children=2)
    numbers = [r.number for r in case.recipients]
    assert numbers == [case.number, f"{case.number}/1", f"{case.number}/2"]
    person, first, second = case.recipients
    assert person.state is RecipientState.ADMITTED and first.state is RecipientState.PENDING
    assert person.card.values["surname"] == "Testova" and person.card.values["birth_date"] == "1998-03-05"
    assert first.card.values["first_name"] == "Child0" and "sex" not in first.card.values
    case = await any_store.confirm_representative(specialist, case.id, first.id)
    case = await any_store.refer_child(
        specialist, case.id, second.id, guardianship="Synthetic guardianship", center="Synthetic CAM", on=clock.today()
    )
    assert [r.state for r in case.recipients] == [
        RecipientState.ADMITTED,
        RecipientState.ADMITTED,
        RecipientState.REFERRED,
    ]
    assert case.recipients[2].referral["guardianship"] == "Synthetic guardianship"
    assert case.recipients[2].referred_on == clock.today()
    with pytest.raises(Forbidden):  # a referred child gets no card here
        await any_store.set_card_value(specialist, case.id, second.id, "education", "none")
    with pytest.raises(Exception):  # another organization's specialist sees nothing
        await any_store.admission(stranger, case.id)


async def test_the_card_refuses_bad_values_and_keeps_what_was_entered(any_store, fake_clock):
    specialist, _, case = await signed_case(any_store, fake_clock, children=0)
    person = case.recipients[0]
    good = iin_for(date(1998, 3, 5), female=True)
    wrong_digit = good[:11] + str((int(good[11]) + 1) % 10)
    await any_store.set_card_value(specialist, case.id, person.id, "birthplace", "Synthetic town")
    with pytest.raises(CardError) as error:
        await any_store.set_card_value(specialist, case.id, person.id, "iin", wrong_digit)
    assert "check digit" in error.value.msgid
    with pytest.raises(CardError):  # another person's date of birth
        await any_store.set_card_value(specialist, case.id, person.id, "iin", iin_for(date(1999, 3, 5), True))
    with pytest.raises(CardError):
        await any_store.set_card_value(specialist, case.id, person.id, "birth_date", date(2030, 1, 1))
    with pytest.raises(CardError):  # a row without its number
        await any_store.add_card_row(
            specialist, case.id, person.id, "documents", {"type": "passport", "issued_on": "2020-05-01"}
        )
    view = await any_store.set_card_value(specialist, case.id, person.id, "iin", good)
    assert view.recipients[0].card.values == {**person.card.values, "birthplace": "Synthetic town", "iin": good}
    with pytest.raises(CardError):
        await any_store.complete_card(specialist, case.id, person.id)  # not complete yet


async def test_portal_and_police_deadlines_run_across_nauryz_and_are_reminded_once(any_store, fake_clock):
    specialist, _, case = await signed_case(any_store, fake_clock, children=0)
    person = case.recipients[0]
    await fill_card(any_store, specialist, case.id, person, iin_for(date(1998, 3, 5), True))
    case = await any_store.record_police_answer(specialist, case.id, applies=False)
    assert case.police.state is Police.DECLINED and case.recipients[0].card.values["reported"] == "no"
    fake_clock.set(datetime(2027, 3, 19, 16, 0, tzinfo=clock.TZ))  # Friday
    case = await any_store.complete_card(specialist, case.id, person.id)
    deadlines = {d.rule.id: d.due for d in await any_store.deadlines_of(case)}
    # para 20: one working day after Friday 19 March is Thursday 25 March (the weekend and Nauryz in between)
    assert deadlines["portal_entry"] == date(2027, 3, 25)
    # para 21: three working days after Thursday 18 March: 19, 25, 26 March
    assert deadlines["police_notice"] == date(2027, 3, 26)
    # para 27: the needs assessment, three calendar days after the agreement (Sunday 21 March), comes first
    assert deadlines["needs_assessment"] == date(2027, 3, 21)
    assert (await any_store.deadline_of(case)).rule.id == "needs_assessment"

    sent = []
    for day in (22, 25, 26, 29, 30):
        now = datetime(2027, 3, day, 10, 5, tzinfo=clock.TZ)
        fake_clock.set(now)
        for line, kind, recipients in await any_store.reminders_due(now):
            assert await any_store.mark_reminder(line.id, line.deadline.rule.id, kind, line.deadline.due)
            await any_store.confirm_reminder(line.id, line.deadline.rule.id, kind, line.deadline.due)
            sent.append((line.deadline.rule.id, kind, now.date()))
            assert [r.telegram_id for r in recipients] == [1001]
    assert sorted(sent) == [
        ("needs_assessment", "due", date(2027, 3, 22)),  # its reminder of Friday 19 March, sent at the first pass
        ("needs_assessment", "overdue", date(2027, 3, 25)),
        ("police_notice", "before", date(2027, 3, 25)),
        ("police_notice", "due", date(2027, 3, 26)),
        ("police_notice", "overdue", date(2027, 3, 29)),
        ("portal_entry", "due", date(2027, 3, 25)),
        ("portal_entry", "overdue", date(2027, 3, 26)),
    ]  # on working days only, nothing during Nauryz (22 March), the "before" of para 20 would be its start day
    assert len(sent) == len(set((rule, kind) for rule, kind, _ in sent))  # each reminder once

    case = await any_store.record_portal_entry(specialist, case.id, person.id, date(2027, 3, 30))
    case = await any_store.record_police_notice(
        specialist, case.id, body="Synthetic district police", reference="OUT-1", on=date(2027, 3, 30)
    )
    assert case.recipients[0].portal_entered_on == date(2027, 3, 30)
    assert case.police.state is Police.INFORMED and case.police.reference == "OUT-1"
    assert [d.rule.id for d in await any_store.deadlines_of(case)] == ["needs_assessment", "agreement_term"]
    with pytest.raises(CardError):  # in the future
        await any_store.record_portal_entry(specialist, case.id, person.id, date(2027, 4, 30))


async def test_the_heads_overview_lists_an_overdue_portal_entry_first(any_store, fake_clock):
    specialist, _, earlier = await signed_case(any_store, fake_clock, children=0)
    head = await any_store.add_user(1010, "head", org="Test Org A", district="Test District A")
    officer = await any_store.user_by_telegram(1004)
    late = await any_store.create_case(specialist, Basis.APPLICATION)  # the organization's second case
    await any_store.set_consent(specialist, late.id, True)
    await any_store.close_case(specialist, late.id, Status.IDENTIFIED, suggested=True, verdict=True)
    await any_store.forward(specialist, late.id)
    await any_store.decide_permit(officer, late.id, True)
    late = await any_store.record_agreement(specialist, late.id, clock.today())
    await fill_card(any_store, specialist, late.id, late.recipients[0], None)
    await any_store.complete_card(specialist, late.id, late.recipients[0].id)  # Thursday 18 March: due 19 March
    fake_clock.set(datetime(2027, 3, 26, 11, 0, tzinfo=clock.TZ))  # the portal entry is a week overdue
    page = await any_store.status_page(head)
    assert [line.number for line in page.lines] == [late.number, earlier.number] and page.overdue == 2
    assert page.lines[0].deadline.rule.id == "portal_entry" and page.lines[0].deadline.rule.paragraph == "20"
    assert page.lines[1].deadline.rule.id == "needs_assessment"  # para 27: both needs assessments are overdue too
