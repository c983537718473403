"""The end of an intake: the saved case with its number, outcome and next step; at every way out without services,
what to tell the person and where else they can get help."""

from __future__ import annotations

from typing import Any

from aiogram.utils.i18n import gettext
from aiogram_dialog import Dialog, DialogManager
from aiogram_dialog.widgets.kbd import Button
from aiogram_dialog.widgets.text import Format

from bot.documents.build import available
from bot.standard.lifecycle import EXITS, NEXT_STEPS, STATUS_TITLES, may_write_report

from .context import actor, case_id, start_value, store
from .states import Cases, Documents, ReportForm, Saved
from .widgets import MAIN_MENU, Screen, Tr, contacts_card, open_with_case


async def saved_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    case = await store(dialog_manager).case(actor(dialog_manager), case_id(dialog_manager))
    return {
        "number": case.number,
        "practice": case.practice,
        "status": gettext(STATUS_TITLES[case.status]),
        "next_step": gettext(NEXT_STEPS[case.status]),
        "can_report": may_write_report(case.status, case.basis),
        "has_documents": bool(available(case)),
        "exit": case.status in EXITS,
        # every way out without services: where else the person can get help, in the interview language (kept
        # in the dialog's start data when consent was refused and the case's record of the language is erased)
        "contacts": contacts_card(case.contacts, case.interview_language or start_value(dialog_manager, "language"))
        if case.status in EXITS
        else "",
        "override": gettext("\nThe specialist overrode the suggested verdict; the reason is recorded.")
        if case.override_reason
        else "",
    }


on_report = open_with_case(ReportForm.held_at)


on_documents = open_with_case(Documents.main)


on_card = open_with_case(Cases.card)


CASE = Screen(
    Tr("Case {number} is saved.\n\nOutcome: {status}{override}\n\n{next_step}"),
    Format("\n📇 {contacts}", when="exit"),
    Button(Tr("📝 Write the report (Annex 8)"), id="report", on_click=on_report, when="can_report"),
    Button(Tr("📄 Documents"), id="documents", on_click=on_documents, when="has_documents"),
    Button(Tr("🗂 Open the case"), id="card", on_click=on_card, when="has_documents"),
    MAIN_MENU,
    state=Saved.case,
    getter=saved_getter,
)
WINDOWS = (CASE,)


def dialog() -> Dialog:
    return Dialog(*WINDOWS)
