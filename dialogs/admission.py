"""Admission after the agreement (paras 17-21), opened from the case card: the recipients of services (the person
and each accompanying child with their own number), each child's legal representative or referral to guardianship
(para 19), the registration card and its portal entry (para 20), and informing internal affairs (para 21). Lists
show numbers and initials; the card itself is filled in ``card.py``."""

from __future__ import annotations

from datetime import date
from typing import Any

from aiogram.types import CallbackQuery, Message
from aiogram.utils.i18n import gettext
from aiogram_dialog import DialogManager
from aiogram_dialog.widgets.kbd import Button, Row
from aiogram_dialog.widgets.text import Format

from bot.standard import N_, clock
from bot.standard.admission import (
    RECIPIENT_STATES,
    AdmissionFacts,
    CardError,
    Police,
    RecipientState,
    admission_step,
)
from bot.standard.person import initials

from .context import actor, case_id, store
from .inputs import MAX_SHORT, InputError, clean_text, text_step, typed_date
from .states import Admission, CardForm, Documents, Resocialization
from .widgets import ERROR, MAIN_MENU, Screen, Tr, back, choice, day_text, due_line, go, open_with_case

POLICE_STATES = {
    Police.UNKNOWN: N_("not asked yet"),
    Police.APPLIED: N_("the person applies to internal affairs themselves"),
    Police.DECLINED: N_("the person declines to apply: the organization informs internal affairs"),
    Police.INFORMED: N_("informed on {date} ({body}, ref. {reference})"),
}
CENTER = N_("Center for Adaptation of Minors")


def _recipient_id(manager: DialogManager) -> int:
    return int(manager.dialog_data["recipient"])


def _initials(recipient: Any) -> str:
    card = recipient.card.values
    return initials(card.get("surname", ""), card.get("first_name", ""))


def _who(recipient: Any) -> str:
    name = _initials(recipient)
    return gettext("child {initials}").format(initials=name) if recipient.child is not None else name


def _button(recipient: Any) -> str:
    name = _initials(recipient)
    if recipient.child is None:
        return gettext("👤 {number} · {initials}").format(number=recipient.number, initials=name)
    return gettext("🧒 {number} · child {initials}").format(number=recipient.number, initials=name)


def _card_state(recipient: Any) -> str:
    if recipient.state is not RecipientState.ADMITTED:
        return "—"
    if recipient.card_filled_on:
        return gettext("filled on {date}").format(date=day_text(recipient.card_filled_on))
    return gettext("not filled yet: {left} fields to answer").format(left=len(recipient.card.missing()))


def _portal_state(recipient: Any) -> str:
    if recipient.portal_entered_on:
        return gettext("entered on {date} by {who}").format(
            date=day_text(recipient.portal_entered_on), who=recipient.portal_entered_by_name
        )
    return gettext("not entered yet") if recipient.card_filled_on else "—"


def facts(case: Any) -> Any:
    """What the case's admission has so far (for the next step)."""
    admitted = [r for r in case.recipients if r.state is RecipientState.ADMITTED]
    return AdmissionFacts(
        children_pending=sum(r.state is RecipientState.PENDING for r in case.recipients),
        cards_missing=sum(r.card_filled_on is None for r in admitted),
        portal_pending=sum(bool(r.card_filled_on and not r.portal_entered_on) for r in admitted),
        police=case.police.state,
    )


def police_line(case: Any) -> str:
    police = case.police
    return gettext(POLICE_STATES[police.state]).format(
        date=day_text(police.informed_on), body=police.body, reference=police.reference
    )


async def hub_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    look = not dialog_manager.dialog_data.get("seen")
    case = await store(dialog_manager).admission(actor(dialog_manager), case_id(dialog_manager), look=look)
    dialog_manager.dialog_data["seen"] = True  # the bot redrawing the screen is not a person looking again
    step = admission_step(facts(case))
    today = clock.today()
    deadlines = [due_line(d, today) for d in await store(dialog_manager).deadlines_of(case)]
    return {
        "number": case.number,
        "practice": case.practice,
        "step": gettext(step) if step else gettext("Admission is complete."),
        "deadlines": "\n".join(deadlines),
        "lines": "\n".join(
            f"• {r.number} · {_who(r)} · {gettext(RECIPIENT_STATES[r.state])} · "
            + gettext("card: {card}").format(card=_card_state(r))
            for r in case.recipients
        ),
        "recipients": [{"id": r.id, "text": _button(r)} for r in case.recipients],
        "police": police_line(case),
        "mine": case.specialist_id == actor(dialog_manager).id,
    }


async def recipient_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    case = await store(dialog_manager).admission(actor(dialog_manager), case_id(dialog_manager))
    recipient = case.recipient(_recipient_id(dialog_manager))
    mine = case.specialist_id == actor(dialog_manager).id
    referral = ""
    if recipient.state is RecipientState.REFERRED:
        referral = gettext("Referred on {date} by {who} to {guardianship} and {center} (para 19).").format(
            date=day_text(recipient.referred_on),
            who=recipient.referred_by_name,
            guardianship=recipient.referral.get("guardianship", ""),
            center=recipient.referral.get("center", ""),
        )
    return {
        "number": case.number,
        "practice": case.practice,
        "recipient": recipient.number,
        "who": _who(recipient),
        "state": gettext(RECIPIENT_STATES[recipient.state]),
        "card": _card_state(recipient),
        "portal": _portal_state(recipient),
        "referral": referral,
        "pending": mine and recipient.state is RecipientState.PENDING,
        "admitted": recipient.state is RecipientState.ADMITTED,
        "can_enter": mine and bool(recipient.card_filled_on and not recipient.portal_entered_on),
        "child_note": gettext("accompanying child, a recipient of services of their own (para 18)")
        if recipient.child is not None
        else gettext("the person"),
    }


async def on_recipient(callback: CallbackQuery, _w: Any, manager: DialogManager, rid: str) -> None:
    manager.dialog_data["recipient"] = int(rid)
    await manager.switch_to(Admission.recipient)


async def on_resocialization(callback: CallbackQuery, _b: Button, manager: DialogManager) -> None:
    await manager.start(Resocialization.hub, data={"case_id": case_id(manager), "recipient": _recipient_id(manager)})


async def on_representative(callback: CallbackQuery, _b: Button, manager: DialogManager) -> None:
    await store(manager).confirm_representative(actor(manager), case_id(manager), _recipient_id(manager))


async def on_card(callback: CallbackQuery, _b: Button, manager: DialogManager) -> None:
    await manager.start(CardForm.fields, data={"case_id": case_id(manager), "recipient": _recipient_id(manager)})


def kept(key: str, limit: int, then: Any):
    """A typed step of several (the referral, the information): the text is kept until the last step records them
    together, then on to ``then``."""

    async def handler(message: Message, manager: DialogManager) -> None:
        manager.dialog_data[key] = clean_text(message, limit)
        await manager.switch_to(then)

    return handler


on_guardianship = kept("guardianship", MAX_SHORT, Admission.center)
on_center = kept("center", MAX_SHORT, Admission.referral_date)


async def on_center_default(callback: CallbackQuery, _b: Button, manager: DialogManager) -> None:
    manager.dialog_data["center"] = gettext(CENTER)
    await manager.switch_to(Admission.referral_date)


def dated(save: Any):
    """A date step's two ways in, typed or «Today»; a refused date stays on the screen with its reason."""

    async def typed(message: Message, manager: DialogManager) -> None:
        await _save_dated(save, manager, typed_date(message))

    async def today(callback: CallbackQuery, _b: Button, manager: DialogManager) -> None:
        try:
            await _save_dated(save, manager, clock.today())
        except InputError as error:
            manager.dialog_data["error"] = gettext(error.msgid).format(**error.values)

    return typed, today


async def _save_dated(save: Any, manager: DialogManager, day: date) -> None:
    try:
        await save(manager, day)
    except CardError as error:
        raise InputError(error.msgid, **error.values) from None


async def _refer(manager: DialogManager, day: date) -> None:
    data = manager.dialog_data
    await store(manager).refer_child(
        actor(manager),
        case_id(manager),
        _recipient_id(manager),
        guardianship=data.pop("guardianship"),
        center=data.pop("center"),
        on=day,
    )
    await manager.switch_to(Admission.recipient)


async def _enter(manager: DialogManager, day: date) -> None:
    await store(manager).record_portal_entry(actor(manager), case_id(manager), _recipient_id(manager), day)
    await manager.switch_to(Admission.recipient)


on_referral_typed, on_referral_today = dated(_refer)
on_portal_typed, on_portal_today = dated(_enter)


TO_HUB = Button(Tr("⬅ To admission"), id="hub", on_click=go(Admission.hub))
TO_RECIPIENT = Button(Tr("⬅ To the recipient"), id="to_recipient", on_click=go(Admission.recipient))
TODAY_TEXT = Tr("Type the date as dd.mm.yyyy, or tap «Today».")


def date_step(text: str, typed: Any, today: Any, state: Any, back_to: Button, getter: Any) -> Screen:
    return Screen(
        ERROR,
        Tr(text),
        TODAY_TEXT,
        Button(Tr("Today"), id="today", on_click=today),
        text_step(typed),
        back_to,
        state=state,
        getter=getter,
    )


HUB = Screen(
    ERROR,
    Tr("Case {number} · Admission (paras 17-21)\n\n{step}\n"),
    Format("{deadlines}\n", when="deadlines"),
    Tr("Recipients of services:\n{lines}\n\nInternal affairs (para 21): {police}"),
    choice("recipient", "recipients", on_recipient),
    Button(Tr("🚓 Internal affairs (para 21)"), id="police", on_click=go(Admission.police)),
    Button(Tr("📄 Documents"), id="documents", on_click=open_with_case(Documents.main)),
    Row(Button(Tr("⬅ Back"), id="back", on_click=back), MAIN_MENU),
    state=Admission.hub,
    getter=hub_getter,
)
RECIPIENT = Screen(
    ERROR,
    Tr("Recipient of services {recipient} ({child_note}) · {who}\nStatus: {state}"),
    Tr("Registration card (Annex 4): {card}\nSocial services portal (para 20): {portal}", when="admitted"),
    Format("\n{referral}", when="referral"),
    Tr("\nIs the person the child's legal representative (para 17)?", when="pending"),
    Button(Tr("✅ Yes: admitted with the parent"), id="representative", on_click=on_representative, when="pending"),
    Button(
        Tr("🏛 No: refer to the guardianship authority (para 19)"),
        id="refer",
        on_click=go(Admission.guardianship),
        when="pending",
    ),
    Button(Tr("🗂 Registration card (Annex 4)"), id="card", on_click=on_card, when="admitted"),
    Button(Tr("💻 Record the portal entry"), id="portal", on_click=go(Admission.portal_date), when="can_enter"),
    Button(Tr("🌱 Resocialization"), id="resoc", on_click=on_resocialization, when="admitted"),
    TO_HUB,
    state=Admission.recipient,
    getter=recipient_getter,
)
GUARDIANSHIP = Screen(
    ERROR,
    Tr(
        "Recipient of services {recipient}\n\nThe child has no legal representative here: the organization refers the "
        "child to the guardianship authority and the Center for Adaptation of Minors (para 19).\n\n"
        "Type the guardianship authority the child is referred to."
    ),
    text_step(on_guardianship),
    TO_RECIPIENT,
    state=Admission.guardianship,
    getter=recipient_getter,
)
CENTER_STEP = Screen(
    ERROR,
    Tr("Recipient of services {recipient}\n\nType the name of the Center for Adaptation of Minors, or tap the button."),
    Button(Tr(CENTER), id="center", on_click=on_center_default),
    text_step(on_center),
    TO_RECIPIENT,
    state=Admission.center,
    getter=recipient_getter,
)
REFERRAL_DATE = date_step(
    N_("Recipient of services {recipient}\n\nWhen was the child referred?"),
    on_referral_typed,
    on_referral_today,
    Admission.referral_date,
    TO_RECIPIENT,
    recipient_getter,
)
PORTAL_DATE = date_step(
    N_(
        "Recipient of services {recipient}\n\nWhen were the registration card's data entered into the social services "
        "portal (para 20)? You are recorded as the one who entered them."
    ),
    on_portal_typed,
    on_portal_today,
    Admission.portal_date,
    TO_RECIPIENT,
    recipient_getter,
)
WINDOWS = (
    HUB,
    RECIPIENT,
    GUARDIANSHIP,
    CENTER_STEP,
    REFERRAL_DATE,
    PORTAL_DATE,
)

__all__ = ["WINDOWS", "facts", "police_line"]
