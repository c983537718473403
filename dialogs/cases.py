"""The specialist's recent cases and one case's card: number, status, next step, and the way to the
report and the documents. No personal data is shown here."""

from __future__ import annotations

from datetime import date
from typing import Any

from aiogram.types import CallbackQuery, Message
from aiogram.utils.i18n import gettext
from aiogram_dialog import Dialog, DialogManager
from aiogram_dialog.widgets.kbd import Button, Row
from aiogram_dialog.widgets.text import Format

from bot.documents.build import available
from bot.i18n import format_date, format_datetime
from bot.standard import N_, clock
from bot.standard.admission import admission_step
from bot.standard.conversation import MINOR_NOTES
from bot.standard.deadlines import EXTENSION_GROUNDS
from bot.standard.lifecycle import (
    NEXT_STEPS,
    STATUS_TITLES,
    Status,
    may_extend,
    may_forward,
    may_share,
    may_sign,
    may_write_report,
)
from bot.standard.roles import Role

from .admission import facts as admission_facts
from .context import actor, case_id, locale, notify, store
from .inputs import InputError, text_step, typed_date
from .states import Admission, Cases, Documents, ReportForm, ShareForm
from .widgets import ERROR, MAIN_MENU, Screen, Tr, back, choice, due_line, open_with_case

REPORT_STATES = {"written": N_("written"), "started": N_("started, not finished"), "none": N_("not written yet")}


async def recent_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    user = actor(dialog_manager)
    if user.role == Role.POLICE:
        cases = await store(dialog_manager).shared_with(user)
    else:
        cases = await store(dialog_manager).recent_cases(user)
    return {
        "title": gettext(N_("Shared with you:") if user.role == Role.POLICE else N_("Your recent cases:")),
        "cases": [
            {
                "id": c.id,
                "text": f"{c.number} · {gettext(STATUS_TITLES[c.status])} · "
                f"{format_datetime(c.updated_at, locale(), 'short')}",
            }
            for c in cases
        ],
        "none": not cases,
    }


async def card_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    case = await store(dialog_manager).open_case(actor(dialog_manager), case_id(dialog_manager))
    user = actor(dialog_manager)
    mine, role = case.specialist_id == user.id, Role(user.role)
    reportable = mine and may_write_report(case.status, case.basis)
    report = case.report
    report_state = "written" if report and report.completed else "started" if report else "none"
    return {
        "number": case.number,
        "practice": case.practice,
        "status": gettext(STATUS_TITLES[case.status]),
        "next_step": gettext(_next_step(case)),
        "report_state": gettext(REPORT_STATES[report_state]),
        "can_write": reportable and not (report and report.completed),
        "can_edit": reportable and bool(report and report.completed),
        "has_documents": bool(available(case)),
        "can_share": may_share(role, bool(report and report.completed), case.practice),
        "can_forward": may_forward(role, case.status, case.practice),
        "can_sign": may_sign(mine, case.status),
        "can_extend": may_extend(mine, case.status, bool(case.extension_ground)),
        "can_admit": case.status in (Status.AGREEMENT_SIGNED, Status.SERVICES_ENDED) and not case.practice,
        "due": due_line(await store(dialog_manager).deadline_of(case), clock.today()),
        "decision": _decision(case),
        "minor_note": gettext(MINOR_NOTES[case.talk.representative]) if case.talk.representative else "",
    }


def _next_step(case: Any) -> str:
    """The msgid of what comes next: after the agreement, the next step of admission (paras 17-21) first."""
    if case.status is Status.AGREEMENT_SIGNED and case.recipients:
        return admission_step(admission_facts(case)) or NEXT_STEPS[case.status]
    return NEXT_STEPS[case.status]


def _decision(case: Any) -> str:
    if case.status is Status.PERMIT_REFUSED:
        return gettext("Refused by {who} on {date}. Reason: {reason}").format(
            who=case.decided_by_name, date=format_date(case.decided_on, locale()), reason=case.decision_reason
        )
    if case.status is Status.AGREEMENT_SIGNED:
        return gettext("Agreement signed on {signed}; it runs until {ends}.").format(
            signed=format_date(case.agreement_signed_on, locale()), ends=format_date(case.agreement_ends_on, locale())
        )
    return ""


# --- forwarding, the agreement and its extension (paras 14-16) ----------------------------------------


async def on_forward(callback: CallbackQuery, _b: Button, manager: DialogManager) -> None:
    case, officers = await store(manager).forward(actor(manager), case_id(manager))
    dl = await store(manager).deadline_of(case)
    if officers:
        await notify(
            manager,
            officers,
            N_(
                "New case {number} from {organization} is waiting for your decision on "
                "the permit: due {due} (para 15). Open «📥 Waiting for a decision»."
            ),
            number=case.number,
            organization=case.organization_name,
            due=dl.due if dl else "",
        )
    manager.dialog_data["notice"] = (
        gettext("Forwarded to the authorized body of the district.")
        if officers
        else gettext("The case was already forwarded.")
        if case.status is not Status.IDENTIFIED
        else ""
    )


async def _save_agreement(manager: DialogManager, day: date) -> None:
    try:
        await store(manager).record_agreement(actor(manager), case_id(manager), day)
    except ValueError:
        raise InputError("The signing date cannot be before the permit or in the future.") from None
    await manager.switch_to(Cases.card)


async def on_agreement_date(message: Message, manager: DialogManager) -> None:
    await _save_agreement(manager, typed_date(message))


async def on_agreement_today(callback: CallbackQuery, _b: Button, manager: DialogManager) -> None:
    try:
        await _save_agreement(manager, clock.today())
    except InputError as error:
        manager.dialog_data["error"] = gettext(error.msgid)


async def on_ground(callback: CallbackQuery, _w: Any, manager: DialogManager, ground: str) -> None:
    manager.dialog_data["ground"] = ground
    await manager.switch_to(Cases.extension_months)


async def on_months(callback: CallbackQuery, button: Button, manager: DialogManager) -> None:
    await store(manager).extend_agreement(
        actor(manager), case_id(manager), manager.dialog_data["ground"], int((button.widget_id or "m1")[1:])
    )
    await manager.switch_to(Cases.card)


async def steps_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    case = await store(dialog_manager).case(actor(dialog_manager), case_id(dialog_manager))
    return {
        "number": case.number,
        "practice": case.practice,
        "grounds": [{"id": g.id, "text": gettext(g.text)} for g in EXTENSION_GROUNDS],
    }


async def on_case(callback: CallbackQuery, _w: Any, manager: DialogManager, cid: str) -> None:
    """The card opens on top of the list: its «⬅ Back» returns to the list."""
    await manager.start(Cases.card, data={"case_id": int(cid)})


on_report = open_with_case(ReportForm.held_at)


on_documents = open_with_case(Documents.main)


on_share = open_with_case(ShareForm.police)


on_admission = open_with_case(Admission.hub)


def _to(state: Any):
    async def handler(callback: CallbackQuery, _b: Button, manager: DialogManager) -> None:
        manager.dialog_data.pop("notice", None)
        await manager.switch_to(state)

    return handler


TO_CARD = Button(Tr("⬅ To the case"), id="card", on_click=_to(Cases.card))


RECENT = Screen(
    ERROR,
    Format("{title}"),
    Tr("\nThere are none yet.", when="none"),
    choice("case", "cases", on_case),
    MAIN_MENU,
    state=Cases.recent,
    getter=recent_getter,
)
CARD = Screen(
    ERROR,
    Tr("Case {number}\nStatus: {status}\nReport (Annex 8): {report_state}\n\n{next_step}"),
    Format("\n🧒 {minor_note}", when="minor_note"),
    Format("\n{decision}", when="decision"),
    Format("\n{due}", when="due"),
    Format("\n✓ {dialog_data[notice]}", when=lambda d, *_: d["dialog_data"].get("notice")),
    Button(Tr("📤 Forward to the authorized body"), id="forward", on_click=on_forward, when="can_forward"),
    Button(Tr("✍ Record the signed agreement"), id="sign", on_click=_to(Cases.agreement_date), when="can_sign"),
    Button(Tr("🏠 Admission (paras 17-21)"), id="admission", on_click=on_admission, when="can_admit"),
    Button(Tr("⏩ Extend the agreement"), id="extend", on_click=_to(Cases.extension_ground), when="can_extend"),
    Button(Tr("📝 Write the report (Annex 8)"), id="report", on_click=on_report, when="can_write"),
    Button(Tr("✏ Edit the report (Annex 8)"), id="edit", on_click=on_report, when="can_edit"),
    Button(Tr("📄 Documents"), id="documents", on_click=on_documents, when="has_documents"),
    Button(Tr("🚓 Share with law enforcement"), id="share", on_click=on_share, when="can_share"),
    Row(Button(Tr("⬅ Back"), id="back", on_click=back), MAIN_MENU),
    state=Cases.card,
    getter=card_getter,
)
AGREEMENT_DATE = Screen(
    ERROR,
    Tr("Case {number}\n\nType the date the resocialization agreement was signed, as dd.mm.yyyy, or tap «Today»."),
    Button(Tr("Today"), id="today", on_click=on_agreement_today),
    text_step(on_agreement_date),
    TO_CARD,
    state=Cases.agreement_date,
    getter=steps_getter,
)
EXTENSION_GROUND = Screen(
    ERROR,
    Tr("Case {number}\n\nThe agreement can be extended once, by at most three months (para 16). On which ground?"),
    choice("ground", "grounds", on_ground),
    TO_CARD,
    state=Cases.extension_ground,
    getter=steps_getter,
)
EXTENSION_MONTHS = Screen(
    ERROR,
    Tr("Case {number}\n\nBy how many months?"),
    Row(*(Button(Format(str(n)), id=f"m{n}", on_click=on_months) for n in (1, 2, 3))),
    TO_CARD,
    state=Cases.extension_months,
    getter=steps_getter,
)
WINDOWS = (
    RECENT,
    CARD,
    AGREEMENT_DATE,
    EXTENSION_GROUND,
    EXTENSION_MONTHS,
)


def dialog() -> Dialog:
    return Dialog(*WINDOWS)
