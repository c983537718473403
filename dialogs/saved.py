"""The end of an intake: the saved case with its number, outcome and next step."""

from __future__ import annotations

from typing import Any

from aiogram.utils.i18n import gettext
from aiogram_dialog import Dialog, DialogManager
from aiogram_dialog.widgets.kbd import Button

from bot.documents.build import available
from bot.standard import N_
from bot.standard.lifecycle import STATUS_TITLES, Basis, Status
from bot.store.api import REPORTABLE

from .states import Cases, Documents, ReportForm, Saved
from .widgets import MAIN_MENU, Screen, Tr, actor, case_id, open_with_case, store

NEXT_STEPS = {
    Status.IDENTIFIED: N_(
        "Next: the report (Annex 8), then the evaluation sheet and the application go to the "
        "authorized body within one working day (para 14)."
    ),
    Status.NOT_IDENTIFIED: N_("Special social services are refused (para 14). The case is closed."),
    Status.CONSENT_REFUSED: N_("Nothing personal was kept. The case is closed."),
    Status.MEDICAL_REFERRAL: N_("Refer the person to a healthcare organization (para 6). The case is closed."),
    Status.NOT_ELIGIBLE: N_("The person is not eligible under para 5. The case is closed."),
    Status.CANCELLED: N_("The intake was cancelled."),
    Status.DRAFT: N_("The intake is not finished yet."),
    Status.FORWARDED: N_("The authorized body decides on the permit within three working days (para 15)."),
    Status.PERMIT_ISSUED: N_(
        "Sign the resocialization agreement with the person within one working day (para 15), then record it here."
    ),
    Status.PERMIT_REFUSED: N_("The authorized body refused the permit; the reason is recorded on the case."),
    Status.AGREEMENT_SIGNED: N_(
        "The resocialization agreement runs; it can be extended once, by up to three months (para 16)."
    ),
}


async def saved_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    case = await store(dialog_manager).case(actor(dialog_manager), case_id(dialog_manager))
    return {
        "number": case.number,
        "practice": case.practice,
        "status": gettext(STATUS_TITLES[case.status]),
        "next_step": gettext(NEXT_STEPS[case.status]),
        "can_report": case.status.value in REPORTABLE and case.basis is not Basis.INVESTIGATION,
        "has_documents": bool(available(case)),
        "override": gettext("\nThe specialist overrode the suggested verdict; the reason is recorded.")
        if case.override_reason
        else "",
    }


on_report = open_with_case(ReportForm.held_at)


on_documents = open_with_case(Documents.main)


on_card = open_with_case(Cases.card)


def dialog() -> Dialog:
    return Dialog(
        Screen(
            Tr("Case {number} is saved.\n\nOutcome: {status}{override}\n\n{next_step}"),
            Button(Tr("📝 Write the report (Annex 8)"), id="report", on_click=on_report, when="can_report"),
            Button(Tr("📄 Documents"), id="documents", on_click=on_documents, when="has_documents"),
            Button(Tr("🗂 Open the case"), id="card", on_click=on_card, when="has_documents"),
            MAIN_MENU,
            state=Saved.case,
            getter=saved_getter,
        ),
    )
