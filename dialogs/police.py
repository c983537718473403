"""Informing internal affairs (para 21), a part of the admission: whether the recipient applies to internal affairs
themselves; if they decline, the information the organization sends within three working days (to which body,
under what reference, when), keeping the person's data confidential. Its document is among the case's."""

from __future__ import annotations

from datetime import date
from typing import Any

from aiogram.types import CallbackQuery
from aiogram_dialog import DialogManager
from aiogram_dialog.widgets.kbd import Button
from aiogram_dialog.widgets.text import Format

from bot.standard import N_, clock
from bot.standard.admission import Police

from .admission import TO_HUB, date_step, dated, kept, police_line
from .context import actor, case_id, store
from .inputs import MAX_SHORT, text_step
from .states import Admission
from .widgets import ERROR, Screen, Tr, due_line, go

MAX_REFERENCE = 60


async def police_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    case = await store(dialog_manager).admission(actor(dialog_manager), case_id(dialog_manager))
    state, mine = case.police.state, case.specialist_id == actor(dialog_manager).id
    notice = next((d for d in await store(dialog_manager).deadlines_of(case) if d.rule.id == "police_notice"), None)
    return {
        "number": case.number,
        "practice": case.practice,
        "police": police_line(case),
        "due": due_line(notice, clock.today()),
        "ask": mine and state is not Police.INFORMED,
        "declined": mine and state is Police.DECLINED,
    }


async def on_applies(callback: CallbackQuery, _b: Button, manager: DialogManager) -> None:
    await store(manager).record_police_answer(actor(manager), case_id(manager), applies=True)


async def on_declines(callback: CallbackQuery, _b: Button, manager: DialogManager) -> None:
    await store(manager).record_police_answer(actor(manager), case_id(manager), applies=False)


on_body = kept("body", MAX_SHORT, Admission.notice_reference)
on_reference = kept("reference", MAX_REFERENCE, Admission.notice_date)


async def _inform(manager: DialogManager, day: date) -> None:
    data = manager.dialog_data
    await store(manager).record_police_notice(
        actor(manager), case_id(manager), body=data.pop("body"), reference=data.pop("reference"), on=day
    )
    await manager.switch_to(Admission.police)


on_notice_typed, on_notice_today = dated(_inform)
TO_POLICE = Button(Tr("⬅ To internal affairs"), id="to_police", on_click=go(Admission.police))

POLICE = Screen(
    ERROR,
    Tr("Case {number} · Internal affairs (para 21)\n\n{police}"),
    Format("\n{due}", when="due"),
    Tr(
        "\nAsk the person: do they apply to internal affairs themselves? If they decline, the organization informs "
        "internal affairs within three working days of the fact that the person turned to it, and gives no "
        "personal data (para 21). The information is among the case's documents.",
        when="ask",
    ),
    Button(Tr("✅ The person applies themselves"), id="applies", on_click=on_applies, when="ask"),
    Button(Tr("🚫 The person declines to apply"), id="declines", on_click=on_declines, when="ask"),
    Button(Tr("📨 Record the information sent"), id="inform", on_click=go(Admission.notice_body), when="declined"),
    TO_HUB,
    state=Admission.police,
    getter=police_getter,
)
NOTICE_BODY = Screen(
    ERROR,
    Tr("Case {number}\n\nType the internal affairs body that was informed."),
    text_step(on_body),
    TO_POLICE,
    state=Admission.notice_body,
    getter=police_getter,
)
NOTICE_REFERENCE = Screen(
    ERROR,
    Tr("Case {number}\n\nType the outgoing reference of the information."),
    text_step(on_reference),
    TO_POLICE,
    state=Admission.notice_reference,
    getter=police_getter,
)
NOTICE_DATE = date_step(
    N_("Case {number}\n\nWhen was the information sent?"),
    on_notice_typed,
    on_notice_today,
    Admission.notice_date,
    TO_POLICE,
    police_getter,
)
WINDOWS = (POLICE, NOTICE_BODY, NOTICE_REFERENCE, NOTICE_DATE)

__all__ = ["WINDOWS"]
