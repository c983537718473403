"""Admission through the bot (paras 15-21), in kk, ru and en: from the permit through the agreement document, a
child's record and registration card, the para 21 notice and the person's card, to the documents; and bad input on
the card (a mistyped IIN, a validity before the issue, a future date of birth) refused with nothing lost."""

from __future__ import annotations

import re

import pytest

from bot.demo.script import (
    CHILD_CARD,
    NOTICE,
    PERSON_CARD,
    agreement_steps,
    child_card_steps,
    forward_steps,
    full_intake,
    officer_steps,
    person_card_steps,
    police_steps,
    send,
    tap,
)
from bot.standard import clock
from bot.standard.admission import Police, RecipientState
from bot.standard.deadlines import POLICE_NOTICE
from bot.store import Actor
from tests.helpers import SPECIALIST_ID, I18N, normalize

OFFICER_ID = 650101


async def permitted(make_bot_client, store, locale: str):
    """A case with accompanying child through the intake, forwarded, and the permit issued by the officer."""
    await store.add_user(OFFICER_ID, "officer", district="Test District A", full_name="Officer Testov", locale=locale)
    specialist = make_bot_client()
    await specialist.run(full_intake(locale), locale)
    number = specialist.number
    await specialist.run(forward_steps(number), locale)
    officer = make_bot_client(user_id=OFFICER_ID)
    await officer.run(officer_steps(number), locale)
    return specialist, number


def t(msgid: str, locale: str, **values) -> str:
    return normalize(I18N.gettext(msgid, locale=locale).format(**values))


async def case_of(store) -> object:
    me: Actor = await store.user_by_telegram(SPECIALIST_ID)
    return await store.case(me, 1)


@pytest.mark.parametrize("locale", ["kk", "ru", "en"])
async def test_a_case_goes_from_the_permit_through_admission(make_bot_client, store, locale):
    specialist, number = await permitted(make_bot_client, store, locale)
    await specialist.run(agreement_steps(number), locale)
    agreement = specialist.bot.documents[0]
    assert agreement.document.filename.startswith("annex3-") and agreement.protect_content
    # the admission screen: the next step first, the person and the child with their own numbers
    assert (
        t("Say for each accompanying child whether the person is their legal representative (paras 17-19).", locale)
        in specialist.text
    )
    assert f"{number}/1" in specialist.text and "T.S." in specialist.text

    await specialist.run(child_card_steps(), locale)
    case = await case_of(store)
    child = case.recipients[1]
    assert child.number == f"{number}/1" and child.state is RecipientState.ADMITTED
    assert (
        child.card.values["iin"] == CHILD_CARD["iin"]
        and child.card.tables["documents"][0]["type"] == "birth_certificate"
    )
    assert child.card_filled_on == clock.today() and child.portal_entered_on == clock.today()
    assert CHILD_CARD["iin"] not in specialist.text  # never whole on a screen

    await specialist.run(police_steps()[:2], locale)
    assert t(POLICE_NOTICE.text, locale) in specialist.text  # the deadline with what is due
    await specialist.run(police_steps()[2:], locale)
    case = await case_of(store)
    assert case.police.state is Police.INFORMED and case.police.body == NOTICE["body"]
    assert case.police.reference == NOTICE["reference"] and case.police.informed_on == clock.today()

    await specialist.run(person_card_steps(), locale)
    assert t("Admission is complete.", locale) in specialist.text
    case = await case_of(store)
    person = case.recipients[0]
    assert person.card.values["iin"] == PERSON_CARD["iin"] and person.card.values["reported"] == "no"
    assert len(person.card.tables["relatives"]) == 1 and person.card.tables["convictions"] == ()
    # admission done: what runs is the needs assessment (para 27) and the agreement's term
    assert [d.rule.id for d in await store.deadlines_of(case)] == ["needs_assessment", "agreement_term"]

    await specialist.run([tap("📄 Documents"), tap("📚 All documents")], locale)
    names = [d.document.filename for d in specialist.bot.documents]
    for kind in ("annex1", "annex2", "annex3", "annex4", "notice21"):
        assert any(n.startswith(kind + "-") for n in names), (kind, names)
    assert sum(n.startswith("annex4-") for n in names) == 2  # the person's card and the child's
    assert all(d.protect_content for d in specialist.bot.documents)
    await specialist.send(f"/status {number}/1")  # the child's own number finds the case they came with
    assert number in specialist.text and t("Resocialization agreement signed", locale) in specialist.text


async def test_the_card_refuses_bad_input_and_keeps_what_was_entered(make_bot_client, store):
    specialist, number = await permitted(make_bot_client, store, "en")
    await specialist.run(agreement_steps(number), "en")
    await specialist.run(child_card_steps()[:6], "en")  # the child admitted, sex and place of birth entered
    good = CHILD_CARD["iin"]
    await specialist.run([send(CHILD_CARD["address"]), tap("➕ Add"), tap("Passport"), send("N0000001")], "en")
    await specialist.send("20.06.2019")
    await specialist.send("19.06.2019")  # valid until a day before the issue
    assert "⚠️" in specialist.text and "before its issue" in specialist.text
    await specialist.send("20.06.2029")
    await specialist.send("Test Office (synthetic)")
    assert re.search(r"1\. Passport · N0000001", specialist.text)
    await specialist.tap("▶ Next field to answer")
    await specialist.send(good[:11] + str((int(good[11]) + 1) % 10))  # one digit mistyped
    assert "⚠️" in specialist.text and "check digit" in specialist.text
    await specialist.send("12345")
    assert "12 digits" in specialist.text
    await specialist.send(good)
    case = await case_of(store)
    card = case.recipients[1].card
    assert card.values["iin"] == good and card.values["birthplace"] == CHILD_CARD["birthplace"]
    assert card.tables["documents"][0]["valid_until"] == "2029-06-20"

    await specialist.tap("⬅ To the card")
    await specialist.tap("✓ 5. Date of birth")
    await specialist.send("01.01.2099")
    assert "⚠️" in specialist.text and "future" in specialist.text
    await specialist.send("13.06.2019")  # not the date the IIN holds
    assert "⚠️" in specialist.text
    case = await case_of(store)
    assert case.recipients[1].card.values["birth_date"] == "2019-06-12"  # nothing lost
