"""Resocialization through the bot (paras 27-45), in kk, ru and en: a recipient from the agreement through the needs
assessment, the plan with the head's approval and a revision, two quarters of monitoring, a stay in a health-care
facility and the return, and each way services end (completion, termination, deduction for violations, deduction for
absence and readmission), with the hand-back; bad input refused with nothing lost (a plan date outside the term,
monitoring before approval, an order number typed twice)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from bot.demo.script import Step, send, tap, tap_literal
from bot.standard import clock
from bot.standard.resocialization import Ending, Service
from bot.store import Forbidden
from tests.helpers import normalize
from tests.store.test_admission import signed_case

SPECIALIST, HEAD, PSYCHOLOGIST = 1001, 1009, 1010  # 1001: the case's own specialist (signed_case)
SPECIALIST_NAME = "Synthetic Psychologist"  # named responsible for the measures


def day(d: date) -> str:
    return f"{d:%d.%m.%Y}"


def t(user, msgid: str, locale: str, **values) -> str:
    return user.t(msgid, locale, **values)


def to_recipient(number: str, button: str = "👤 {number} · {initials}") -> list[Step]:
    return [
        send("/start"),
        tap("🗂 Recent cases"),
        Step("tap", number + "{rest}", translate=False),
        tap("🏠 Admission (paras 17-21)"),
        tap(button) if button.startswith("👤") else Step("tap", button + "{rest}", translate=False),
        tap("🌱 Resocialization"),
    ]


def needs() -> list[Step]:
    steps = [tap("📋 Needs assessment"), tap("Today"), tap("Today")]
    for n in range(8):
        steps.append(send(f"Synthetic need {n}") if n % 3 == 0 else tap("No need of this type"))
    return [*steps, send("Synthetic opinion of the recipient")]


def measure(service: str, text: str, on: date) -> list[Step]:
    """A measure of a type of service (the button is "➕ " and the type's title)."""
    return [Step("tap", service, prefix="➕ "), send(text), tap_literal(SPECIALIST_NAME), send(day(on))]


def quarter(positive: str) -> list[Step]:
    return [
        Step("tap", "Quarter {n}, until {date}", prefix="▫ "),
        tap("Socio-psychological"),
        send(positive),
        Step("tap", "somatic, mental, emotional states", prefix="☐ "),
        tap("Next ▶"),
        tap("None"),
        tap("No adjustment"),
        tap("Today"),
        tap("⬅ To the quarters"),
    ]


def end(kind: str, ground: str, order: str, on: date, referral: str | None = None) -> list[Step]:
    return [
        tap("🏁 End of services"),
        tap(kind),
        tap(ground),
        *([send(referral)] if referral else []),
        send(order),
        send(day(on)),
    ]


async def setting(store, fake_clock, make_bot_client, locale):
    specialist, _stranger, case = await signed_case(store, fake_clock, children=3)
    await store.add_user(
        PSYCHOLOGIST,
        "specialist",
        org="Test Org A",
        district="Test District A",
        full_name=SPECIALIST_NAME,
        locale=locale,
        position="psychologist",
    )
    await store.set_locale(specialist, locale)
    await store.add_user(
        HEAD, "head", org="Test Org A", district="Test District A", full_name="Headova Synthetic", locale=locale
    )
    for child in case.recipients[1:]:
        await store.confirm_representative(specialist, case.id, child.id)
    return case, make_bot_client(user_id=SPECIALIST), make_bot_client(user_id=HEAD)


@pytest.mark.parametrize("locale", ["kk", "ru", "en"])
async def test_a_recipient_from_the_agreement_to_the_end_of_services(make_bot_client, store, fake_clock, locale):
    case, me, head = await setting(store, fake_clock, make_bot_client, locale)
    today = clock.today()
    number = case.number
    await me.run([*to_recipient(number), *needs()], locale)
    assert normalize(t(me, "done on {date}", locale, date="")) in me.text

    # the plan: a date outside the term is refused, the measure typed is kept, fixed and saved
    await me.run([tap("🗓 Individual plan"), tap("✏ Draw up or revise the plan")], locale)
    await me.run(measure("Social", "Synthetic measure social", today + timedelta(days=400)), locale)
    await me.run([tap("💾 Save the plan for approval")], locale)
    assert "Synthetic measure social" in me.text
    assert (
        normalize(
            t(
                me,
                "The date is outside the plan's period ({start} – {end}). Type another date.",
                locale,
                start="",
                end="",
            )
        ).split("(")[0]
        in me.text
    )
    await me.run([tap("🗑 Remove the last measure"), *measure("Social", "Synthetic measure social", today)], locale)
    await me.run([*measure("Socio-psychological", "Synthetic counselling", today)], locale)
    await me.run([tap("💾 Save the plan for approval")], locale)
    assert (
        normalize(t(me, "Draft version {version} awaits the head's approval.", locale, version=1)) in me.text
        or "1" in me.text
    )
    # monitoring before approval is refused
    await me.run(
        [
            tap("⬅ To resocialization"),
            tap("📓 Monitoring journal"),
            Step("tap", "Quarter {n}, until {date}", prefix="▫ "),
        ],
        locale,
    )
    assert (
        normalize(t(me, "Monitoring is recorded against an approved plan: the head has not approved it yet.", locale))
        in me.text
    )

    await head.run([*to_recipient(number), tap("🗓 Individual plan"), tap("✅ Approve the plan")], locale)
    assert "Headova Synthetic" in head.text
    # a revision (para 32) with its reason, approved again: version 2 in force
    await me.run(
        [
            *to_recipient(number),
            tap("🗓 Individual plan"),
            tap("✏ Draw up or revise the plan"),
            send("Synthetic reason: the recipient found work"),
            *measure("Socio-labour", "Synthetic job search", today),
            tap("💾 Save the plan for approval"),
        ],
        locale,
    )
    await head.run([*to_recipient(number), tap("🗓 Individual plan"), tap("✅ Approve the plan")], locale)
    view = await store.resocialization(await store.user_by_telegram(HEAD), case.id, case.recipients[0].id)
    assert [p.state for p in view.plans] == ["superseded", "approved"] and len(view.plan.items) == 3

    # two quarters of monitoring; a stay in a health-care facility and the return
    await me.run(
        [
            *to_recipient(number),
            tap("📓 Monitoring journal"),
            *quarter("Synthetic better sleep"),
            *quarter("Synthetic goes out alone"),
            tap("⬅ To resocialization"),
        ],
        locale,
    )
    await me.run([tap("🏥 The stay"), tap("🏥 Went to a health-care facility"), tap("Today")], locale)
    since = me.t("🏥 In a health-care facility since {date}: services suspended.", locale, date="{date}")
    before, after = since.split("{date}")
    assert before in me.text and after in me.text  # the screen says so, with the day
    fake_clock.set(fake_clock() + timedelta(days=5))
    await me.run([tap("🏥 The stay"), tap("🏠 Back from the health-care facility"), tap("Today")], locale)
    view = await store.resocialization(await store.user_by_telegram(HEAD), case.id, case.recipients[0].id)
    assert {m.quarter for m in view.monitoring} == {1, 2} and view.suspended_since is None

    # completion by the head's order, and the hand-back
    await head.run(
        [
            *to_recipient(number),
            *end("Completion of services (para 41)", "The recipient's written application", "ORD-1", clock.today()),
        ],
        locale,
    )
    for item in (
        "Personal belongings",
        "Clothes and shoes for the season",
        "Valuables kept by the organization",
        "Documents kept by the organization",
    ):
        await head.run([Step("tap", item, prefix="☐ ")], locale)
    assert me.text and all("☐" not in b for b in head.buttons if "⬅" not in b)

    # a child: termination for a contraindication, the order number typed twice is refused and asked again
    await head.run(
        [
            *to_recipient(number, f"🧒 {number}/1"),
            *end(
                "Termination for a medical contraindication (para 42)",
                "A medical contraindication of para 6",
                "ORD-1",
                clock.today(),
                "Synthetic clinic",
            ),
        ],
        locale,
    )
    assert (
        normalize(
            t(head, "An order with this number is already recorded in the organization. Check the number.", locale)
        )
        in head.text
    )
    await head.run([send("ORD-2"), send(day(clock.today()))], locale)
    view = await store.resocialization(await store.user_by_telegram(HEAD), case.id, case.recipients[1].id)
    assert view.ending and view.ending.kind.value == "termination" and view.ending.referral == "Synthetic clinic"


@pytest.mark.parametrize("locale", ["kk", "ru", "en"])
async def test_deduction_for_violations_and_for_absence_then_readmission(make_bot_client, store, fake_clock, locale):
    case, me, head = await setting(store, fake_clock, make_bot_client, locale)
    fake_clock.set(fake_clock() + timedelta(days=10))  # ten days into the agreement
    number, today = case.number, clock.today()
    own, boss = await store.user_by_telegram(SPECIALIST), await store.user_by_telegram(HEAD)
    second, third = case.recipients[2], case.recipients[3]
    # three violations are not yet systematic (para 43 1): the deduction is refused; the fourth makes it so
    for n in range(3):
        await store.record_violation(own, case.id, second.id, today - timedelta(days=n))
    await head.run(
        [
            *to_recipient(number, f"🧒 {number}/2"),
            tap("🏁 End of services"),
            tap("Deduction from the organization (para 43)"),
            tap("Systematic violation of the internal rules (more than three times)"),
        ],
        locale,
    )
    refusal = (
        "Deduction for violations needs them to be systematic: more than three recorded (para 43). {n} recorded so far."
    )
    assert head.t(refusal, locale, n=3) in head.text
    with pytest.raises(Forbidden):
        await store.end_services(
            boss, case.id, second.id, kind=Ending.DEDUCTION, ground="violations", order_number="ORD-V", order_date=today
        )
    await store.record_violation(own, case.id, second.id, today - timedelta(days=3))
    await head.run(
        [
            *to_recipient(number, f"🧒 {number}/2"),
            *end(
                "Deduction from the organization (para 43)",
                "Systematic violation of the internal rules (more than three times)",
                "ORD-V",
                today,
            ),
        ],
        locale,
    )
    assert (await store.resocialization(boss, case.id, second.id)).read_only
    # the third child: away without notice for five days, deducted; back for a valid reason: readmitted at once
    await store.record_absence(own, case.id, third.id, today - timedelta(days=5))
    await store.end_services(
        boss, case.id, third.id, kind=Ending.DEDUCTION, ground="absence", order_number="ORD-A", order_date=today
    )
    await me.run([*to_recipient(number, f"🧒 {number}/3")], locale)
    assert not any(b.startswith("↩") for b in me.buttons)  # a deduction is reversed by the head's order (para 44)
    await head.run(
        [
            *to_recipient(number, f"🧒 {number}/3"),
            tap("↩ Readmit after an absence for a valid reason"),
            tap("Today"),
        ],
        locale,
    )
    view = await store.resocialization(boss, case.id, third.id)
    assert view.ending is None and view.absent_since is None


async def test_the_head_sets_posts_and_sees_what_waits_for_them(make_bot_client, store, fake_clock):
    locale = "en"
    case, _me, head = await setting(store, fake_clock, make_bot_client, locale)
    today = clock.today()
    own, boss = await store.user_by_telegram(SPECIALIST), await store.user_by_telegram(HEAD)
    person = case.recipients[0]
    # the head gives the psychologist the post of a lawyer, then back: the post decides what they record
    await head.run(
        [send("/start"), tap("👥 Team"), tap_literal(SPECIALIST_NAME + "{rest}"), tap("🎓 Post"), tap("Lawyer")], locale
    )
    assert (await store.user_by_telegram(PSYCHOLOGIST)).position == "lawyer"
    await head.run([tap("🎓 Post"), tap("Psychologist")], locale)
    psychologist = await store.user_by_telegram(PSYCHOLOGIST)
    assert psychologist.position == "psychologist"
    await store.record_needs(
        own,
        case.id,
        person.id,
        observed_from=today,
        observed_to=today,
        needs={Service.PSYCHOLOGICAL: "Synthetic need"},
        opinion="Synthetic opinion",
    )
    await store.save_plan(
        own,
        case.id,
        person.id,
        period_from=case.agreement_signed_on,
        period_to=case.agreement_ends_on,
        items=[(Service.PSYCHOLOGICAL, "Synthetic counselling", psychologist.id, today)],
    )
    await head.run([send("/start"), tap("🌱 Recipients of services")], locale)
    assert any(b.startswith(f"✅ {person.number}") for b in head.buttons)
    await head.run(
        [tap_literal(f"✅ {person.number}" + "{rest}"), tap("🗓 Individual plan"), tap("✅ Approve the plan")], locale
    )
    # /status shows where each recipient of services is
    await head.run([send(f"/status {case.number}")], locale)
    assert (
        f"{person.number}: "
        + head.t("plan version {version} in force; quarters recorded: {quarters}", locale, version=1, quarters="—")
        in head.text
    )
    assert f"{case.recipients[1].number}: " + head.t("the needs assessment is to be done", locale) in head.text
    # the psychologist sees the journal with their own type of service only
    other = make_bot_client(user_id=PSYCHOLOGIST)
    await other.run(
        [
            send("/start"),
            tap("🌱 Recipients of services"),
            tap_literal(f"🌱 {person.number}"),
            tap("📓 Monitoring journal"),
            Step("tap", "Quarter {n}, until {date}", prefix="▫ "),
        ],
        locale,
    )
    assert [b for b in other.buttons if not b.startswith("⬅")] == [other.t("Socio-psychological", locale)]
    view = await store.resocialization(boss, case.id, person.id)
    assert view.plan is not None and view.plan.items[0].specialist == SPECIALIST_NAME
