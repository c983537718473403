"""Medical contraindications (para 6), judged before anything personal is asked; consent (Annex 1) in plain words
with a check that it was understood; the person (para 5). Screens of the Intake dialog (see intake.py); the
accompanying children are in children.py."""

from __future__ import annotations

from datetime import date
from typing import Any

from aiogram.types import CallbackQuery, Message
from aiogram.utils.i18n import gettext
from aiogram_dialog import DialogManager, StartMode
from aiogram_dialog.widgets.kbd import Button, Column, Row
from aiogram_dialog.widgets.text import Format

from bot.standard import guide
from bot.standard.conversation import CONTRAINDICATIONS
from bot.standard.person import Citizenship, Sex, check_birth_date

from .context import actor, case_id, store
from .inputs import InputError, checked, clean_name, typed_date
from .intake import current_case, header_getter, next_step, step, typed
from .states import Intake, Saved
from .widgets import PastDateCalendar, Screen, Tr, choice, for_person, go

CONTRAINDICATION_IDS = frozenset(item.id for item in CONTRAINDICATIONS)


async def to_saved(manager: DialogManager, cid: int, language: str | None = None) -> None:
    """The saved case; ``language``: the interview language of an intake whose record of it was erased (consent
    refused), so that the person still hears where else to get help in their language."""
    data = {"case_id": cid} | ({"language": language} if language else {})
    await manager.start(Saved.case, data=data, mode=StartMode.RESET_STACK)


# --- consent (Annex 1) -------------------------------------------------------------------------------------------


async def on_consent(callback: CallbackQuery, _b: Button, manager: DialogManager) -> None:
    await next_step(manager, await store(manager).set_consent(actor(manager), case_id(manager), True))


async def on_consent_refused(callback: CallbackQuery, _b: Button, manager: DialogManager) -> None:
    language = (await current_case(manager)).interview_language
    await to_saved(manager, (await store(manager).set_consent(actor(manager), case_id(manager), False)).id, language)


async def consent_getter(dialog_manager: DialogManager, **kwargs: Any) -> dict[str, Any]:
    data = await header_getter(dialog_manager, **kwargs)
    card = [*guide.CONSENT_PLAIN, "", guide.CONSENT_STATEMENT]
    data["consent_card"] = for_person(card, data["case"].interview_language)
    data["minor"] = data["case"].minor
    return data


# --- the person (para 5) -----------------------------------------------------------------------------------------


async def save_person(manager: DialogManager, typed: bool = False, **values: Any) -> None:
    """One detail of the person; ``typed``: the next screen says it was saved and removed from the chat."""
    case = await store(manager).set_person(actor(manager), case_id(manager), **values)
    manager.dialog_data["saved"] = typed
    await next_step(manager, case)


def name_step(field: str) -> Any:
    async def handler(message: Message, manager: DialogManager) -> None:
        await save_person(manager, True, **{field: clean_name(message)})

    return handler


async def on_no_patronymic(callback: CallbackQuery, _b: Button, manager: DialogManager) -> None:
    await save_person(manager, patronymic="")


async def on_birth_date(message: Message, manager: DialogManager) -> None:
    await save_person(manager, True, birth_date=checked(typed_date(message), check_birth_date))


async def on_birth_calendar(callback: CallbackQuery, _w: Any, manager: DialogManager, day: date) -> None:
    try:
        await save_person(manager, True, birth_date=checked(day, check_birth_date))
    except InputError as exc:
        manager.dialog_data["error"] = gettext(exc.msgid)


async def on_sex(callback: CallbackQuery, button: Button, manager: DialogManager) -> None:
    await save_person(manager, sex=Sex(button.widget_id).value)


async def on_citizenship(callback: CallbackQuery, button: Button, manager: DialogManager) -> None:
    status = Citizenship(button.widget_id)
    if status.eligible:
        await save_person(manager, citizenship=status.value)
    else:
        await manager.switch_to(Intake.not_eligible)


async def on_not_eligible(callback: CallbackQuery, _b: Button, manager: DialogManager) -> None:
    await to_saved(manager, (await store(manager).record_not_eligible(actor(manager), case_id(manager))).id)


async def on_documents(callback: CallbackQuery, button: Button, manager: DialogManager) -> None:
    await save_person(manager, has_documents=button.widget_id)


async def person_getter(dialog_manager: DialogManager, **kwargs: Any) -> dict[str, Any]:
    data = await header_getter(dialog_manager, **kwargs)
    saved = dialog_manager.dialog_data.pop("saved", None)
    data["saved_line"] = gettext("✓ Saved and removed from the chat.\n") if saved else ""
    return data


# --- medical contraindications (para 6) ------------------------------------------------------------------------


async def on_no_contraindications(callback: CallbackQuery, _b: Button, manager: DialogManager) -> None:
    await next_step(manager, await store(manager).record_no_contraindications(actor(manager), case_id(manager)))


async def on_toggle_contraindication(callback: CallbackQuery, _w: Any, manager: DialogManager, item_id: str) -> None:
    if item_id in CONTRAINDICATION_IDS:
        manager.dialog_data["contraindications"] = sorted(
            set(manager.dialog_data.get("contraindications", [])) ^ {item_id}
        )


async def on_referral(callback: CallbackQuery, _b: Button, manager: DialogManager) -> None:
    chosen = manager.dialog_data.get("contraindications", [])
    if not chosen:
        manager.dialog_data["error"] = gettext("Mark at least one contraindication, or go back.")
    else:
        case = await store(manager).refer_for_contraindications(actor(manager), case_id(manager), chosen)
        await to_saved(manager, case.id)


async def referral_getter(dialog_manager: DialogManager, **kwargs: Any) -> dict[str, Any]:
    data = await header_getter(dialog_manager, **kwargs)
    chosen = set(dialog_manager.dialog_data.get("contraindications", []))
    data["contraindication_items"] = [
        {"id": item.id, "text": ("☑️ " if item.id in chosen else "☐ ") + gettext(item.text)}
        for item in CONTRAINDICATIONS
    ]
    return data


def person_step(*widgets: Any, state: Any, handler: Any) -> Screen:
    return typed(*widgets, state=state, handler=handler, getter=person_getter)


SAVED_LINE = Format("{saved_line}")
CONSENT = step(
    Tr("Consent to the collection and processing of personal data (Annex 1)\n"),
    Format("{consent_card}"),
    Tr("\nAsk the person to say in their own words what they agree to. If they cannot, explain again."),
    Tr("\n🧒 A person under 18: their legal representative consents too.", when="minor"),
    Tr("\nDoes the person consent?"),
    Column(
        Button(Tr("✅ Consents, and has said in their own words to what"), id="given", on_click=on_consent),
        Button(Tr("❌ The person refuses"), id="refused", on_click=go(Intake.consent_refused)),
    ),
    state=Intake.consent,
    getter=consent_getter,
)
CONSENT_REFUSED = step(
    Tr(
        "Without consent the intake stops here and nothing personal is kept: only the "
        "outcome is recorded. Record the refusal?"
    ),
    Button(Tr("Record the refusal"), id="confirm", on_click=on_consent_refused),
    state=Intake.consent_refused,
)
SURNAME = person_step(
    Tr("The person (para 5)\n\nType the person's surname."), state=Intake.surname, handler=name_step("surname")
)
FIRST_NAME = person_step(
    SAVED_LINE, Tr("Type the person's first name."), state=Intake.first_name, handler=name_step("first_name")
)
PATRONYMIC = person_step(
    SAVED_LINE,
    Tr("Type the person's patronymic, or tap «No patronymic»."),
    Button(Tr("No patronymic"), id="none", on_click=on_no_patronymic),
    state=Intake.patronymic,
    handler=name_step("patronymic"),
)
BIRTH_DATE = person_step(
    SAVED_LINE,
    Tr("Type the date of birth as dd.mm.yyyy, or pick it on the calendar."),
    Button(Tr("📅 Pick on a calendar"), id="calendar", on_click=go(Intake.birth_calendar)),
    state=Intake.birth_date,
    handler=on_birth_date,
)
BIRTH_CALENDAR = person_step(
    Tr("Pick the date of birth (tap the month to choose a year), or type it as dd.mm.yyyy."),
    PastDateCalendar("dob", on_click=on_birth_calendar),  # type: ignore[arg-type]
    state=Intake.birth_calendar,
    handler=on_birth_date,
)
SEX = step(
    SAVED_LINE,
    Tr("Sex of the person:"),
    Row(
        Button(Tr("Female"), id=Sex.FEMALE.value, on_click=on_sex),
        Button(Tr("Male"), id=Sex.MALE.value, on_click=on_sex),
    ),
    state=Intake.sex,
    getter=person_getter,
)
CITIZENSHIP = step(
    Tr("Citizenship status (para 5):"),
    Column(
        Button(Tr("Citizen of Kazakhstan"), id=Citizenship.CITIZEN.value, on_click=on_citizenship),
        Button(
            Tr("Foreigner permanently residing in Kazakhstan"),
            id=Citizenship.PERMANENT_RESIDENT.value,
            on_click=on_citizenship,
        ),
        Button(Tr("Stateless person"), id=Citizenship.STATELESS.value, on_click=on_citizenship),
        Button(Tr("Other (not covered by para 5)"), id=Citizenship.OTHER.value, on_click=on_citizenship),
    ),
    state=Intake.citizenship,
)
NOT_ELIGIBLE = step(
    Tr(
        "Para 5 covers citizens of Kazakhstan, foreigners permanently residing in Kazakhstan "
        "and stateless persons. Record that the person is not eligible for these services? "
        "The intake ends here."
    ),
    Button(Tr("Record: not eligible"), id="confirm", on_click=on_not_eligible),
    state=Intake.not_eligible,
)
DOCUMENTS = step(
    Tr("Does the person hold identity documents? Persons without documents are accepted too (para 5)."),
    Row(
        Button(Tr("Holds documents"), id="yes", on_click=on_documents),
        Button(Tr("No documents"), id="no", on_click=on_documents),
    ),
    state=Intake.documents,
)
CONTRAINDICATIONS_SCREEN = step(
    Tr(
        "Medical contraindications (para 6). Does any of these apply?\n\n{contraindication_list}\n\n"
        "Do not read this list to the person. Judge from what you see and from any medical papers; if unsure, ask "
        "a doctor or nurse."
    ),
    Column(
        Button(Tr("None of these"), id="none", on_click=on_no_contraindications),
        Button(Tr("One or more apply"), id="some", on_click=go(Intake.referral)),
    ),
    state=Intake.contraindications,
)
REFERRAL = step(
    Tr(
        "Mark what applies. The person is then referred to a healthcare organization (para 6) and "
        "the intake ends with that outcome."
    ),
    choice("contra", "contraindication_items", on_toggle_contraindication),
    Button(Tr("Record the referral"), id="confirm", on_click=on_referral),
    state=Intake.referral,
    getter=referral_getter,
)
WINDOWS = (
    CONTRAINDICATIONS_SCREEN,
    REFERRAL,
    CONSENT,
    CONSENT_REFUSED,
    SURNAME,
    FIRST_NAME,
    PATRONYMIC,
    BIRTH_DATE,
    BIRTH_CALENDAR,
    SEX,
    CITIZENSHIP,
    NOT_ELIGIBLE,
    DOCUMENTS,
)
