"""Sharing the report with law enforcement agencies (Annex 8 note): only on their written request and with the
person's written consent; a refusal says why and is recorded like a grant. The agencies' representatives are
the users of the role ``police`` (the role keeps its name in the code)."""

from __future__ import annotations

from datetime import date
from typing import Any

from aiogram.types import CallbackQuery, Message
from aiogram.utils.i18n import gettext
from aiogram_dialog import Dialog, DialogManager
from aiogram_dialog.widgets.kbd import Button, Column, Row
from aiogram_dialog.widgets.text import Format

from bot.standard import N_
from bot.standard.person import check_past_date
from bot.store import ShareRefused

from .context import actor, case_id, notify, store
from .inputs import clean_text, text_step, typed_date
from .states import ShareForm
from .widgets import ERROR, Screen, Tr, back, choice, go

REFUSALS = {
    "no written request": N_("Not shared: there is no written request from the law enforcement agency."),
    "no written consent of the person": N_(
        "Not shared: without the person's written consent the report goes to no one (Annex 8)."
    ),
}


async def share_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    cid = case_id(dialog_manager)
    case = await store(dialog_manager).case(actor(dialog_manager), cid)
    police = await store(dialog_manager).police_of_case(actor(dialog_manager), cid)
    return {
        "number": case.number,
        "practice": case.practice,
        "police": [{"id": p.id, "text": p.full_name or str(p.telegram_id)} for p in police],
        "no_police": not police,
        "result": dialog_manager.dialog_data.get("result", ""),
    }


async def on_police(callback: CallbackQuery, _w: Any, manager: DialogManager, police_id: str) -> None:
    manager.dialog_data["police"] = int(police_id)
    await manager.switch_to(ShareForm.request_number)


async def on_request_number(message: Message, manager: DialogManager) -> None:
    manager.dialog_data["request_number"] = clean_text(message, 60)
    await manager.switch_to(ShareForm.request_date)


def _past_date(message: Message) -> str:
    return typed_date(message, check_past_date).isoformat()


async def on_request_date(message: Message, manager: DialogManager) -> None:
    manager.dialog_data["request_date"] = _past_date(message)
    await manager.switch_to(ShareForm.consent)


async def _share(callback_or_message: Any, manager: DialogManager, consent_date: str | None) -> None:
    data = manager.dialog_data
    try:
        await store(manager).share_with_police(
            actor(manager),
            case_id(manager),
            data["police"],
            request_number=data.get("request_number"),
            request_date=date.fromisoformat(data["request_date"]) if data.get("request_date") else None,
            consent_date=date.fromisoformat(consent_date) if consent_date else None,
        )
    except ShareRefused as refusal:
        data["result"] = gettext(REFUSALS[refusal.reason]) + "\n" + gettext("The refusal is recorded.")
    else:
        data["result"] = gettext(
            "The report is shared. The representative of the law enforcement agency sees it "
            "in the bot; the sharing is recorded."
        )
        await _notify_police(callback_or_message, manager)
    await manager.switch_to(ShareForm.result)


async def _notify_police(event: Any, manager: DialogManager) -> None:
    """Tell the representative, in their language, through the rate-limited sender (like every notice)."""
    police = {p.id: p for p in await store(manager).police_of_case(actor(manager), case_id(manager))}
    target = police.get(manager.dialog_data["police"])
    if target is None:
        return
    case = await store(manager).case(actor(manager), case_id(manager))
    await notify(
        manager,
        [target],
        N_("A report has been shared with you: case {number}. Open «📂 Shared with me» in the menu."),
        number=case.number,
    )


async def on_no_consent(callback: CallbackQuery, _b: Button, manager: DialogManager) -> None:
    await _share(callback, manager, None)


async def on_consent_date(message: Message, manager: DialogManager) -> None:
    await _share(message, manager, _past_date(message))


TO_CASE = Button(Tr("⬅ To the case"), id="case", on_click=back)  # the card it was opened from
HEADER = Tr("Sharing the report of case {number} with a law enforcement agency\n")


POLICE = Screen(
    ERROR,
    HEADER,
    Tr(
        "The report is confidential. It goes to law enforcement agencies only on their written request and "
        "with the person's written consent (Annex 8). Who made the request?"
    ),
    Tr(
        "\nNo representative of a law enforcement agency of this district is registered in the bot.",
        when="no_police",
    ),
    choice("police", "police", on_police),
    TO_CASE,
    state=ShareForm.police,
    getter=share_getter,
)
REQUEST_NUMBER = Screen(
    ERROR,
    HEADER,
    Tr("Type the number of the written request."),
    text_step(on_request_number),
    TO_CASE,
    state=ShareForm.request_number,
    getter=share_getter,
)
REQUEST_DATE = Screen(
    ERROR,
    HEADER,
    Tr("Type the date of the written request, as dd.mm.yyyy."),
    text_step(on_request_date),
    TO_CASE,
    state=ShareForm.request_date,
    getter=share_getter,
)
CONSENT = Screen(
    ERROR,
    HEADER,
    Tr("Has the person given written consent to share the report?"),
    Column(
        Button(Tr("✅ Yes, in writing"), id="yes", on_click=go(ShareForm.consent_date)),
        Button(Tr("❌ No written consent"), id="no", on_click=on_no_consent),
    ),
    TO_CASE,
    state=ShareForm.consent,
    getter=share_getter,
)
CONSENT_DATE = Screen(
    ERROR,
    HEADER,
    Tr("Type the date of the person's written consent, as dd.mm.yyyy."),
    text_step(on_consent_date),
    TO_CASE,
    state=ShareForm.consent_date,
    getter=share_getter,
)
RESULT = Screen(ERROR, HEADER, Format("{result}"), Row(TO_CASE), state=ShareForm.result, getter=share_getter)
WINDOWS = (
    POLICE,
    REQUEST_NUMBER,
    REQUEST_DATE,
    CONSENT,
    CONSENT_DATE,
    RESULT,
)


def dialog() -> Dialog:
    return Dialog(*WINDOWS)
