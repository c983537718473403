"""For the officer of the authorized body: the cases waiting for a decision on the permit, overdue
first; one case with its sheet's totals and verdict, its report and documents; issue or refuse (para 15).
The first decision stands; an officer who comes second is told who decided."""

from __future__ import annotations

from typing import Any

from aiogram.types import CallbackQuery, Message
from aiogram.utils.i18n import gettext
from aiogram_dialog import Dialog, DialogManager
from aiogram_dialog.widgets.kbd import Button, Row
from aiogram_dialog.widgets.text import Format

from bot.i18n import format_date
from bot.standard import N_, clock
from bot.standard.lifecycle import STATUS_TITLES, Basis, Status
from bot.standard.sheet import block_totals, total_result
from bot.standard.verdict import RULES
from bot.store import AlreadyDecided

from .context import actor, locale, notify, store
from .evaluation import VERDICT_TITLES
from .inputs import MAX_REASON, clean_text, text_step
from .states import Documents, Permit
from .widgets import ERROR, MAIN_MENU, Screen, Tr, case_button_text, choice, due_line, go, page_after, page_data, pager


def _case_id(manager: DialogManager) -> int:
    return int(manager.dialog_data["case"])


async def waiting_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    page = await store(dialog_manager).status_page(
        actor(dialog_manager), after=page_after(dialog_manager), waiting=True
    )
    today = clock.today()
    return {
        "cases": [{"id": line.id, "text": case_button_text(line, today, line.organization)} for line in page.lines],
        "none": not page.lines,
        **page_data(dialog_manager, page),
    }


async def case_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    case = await store(dialog_manager).open_case(actor(dialog_manager), _case_id(dialog_manager))
    if case.basis is Basis.INVESTIGATION:
        sheet = gettext("Identified on the basis of a pre-trial investigation (para 13-1): no evaluation sheet.")
    else:
        totals = block_totals(case.edition, case.answers)
        sheet = gettext(
            "Evaluation sheet: purpose {purpose}, actions {actions}, means {means}, harm {harm}; "
            "total result {total}.\nVerdict: {verdict} (rule «{rule}»)."
        ).format(
            **totals,
            total=total_result(case.edition, case.answers),
            verdict=gettext(VERDICT_TITLES[bool(case.verdict)]),
            rule=gettext(RULES[case.verdict_rule].title),
        )
        if case.override_reason:
            sheet += "\n" + gettext("The specialist overrode the suggested verdict; the reason is on the sheet.")
    return {
        "number": case.number,
        "organization": case.organization_name,
        "identified": format_date(case.identified_on, locale()) if case.identified_on else "—",
        "status": gettext(STATUS_TITLES[case.status]),
        "sheet": sheet,
        "report": gettext(
            N_("The report (Annex 8) is written.")
            if case.report and case.report.completed
            else N_("The report (Annex 8) is not written yet.")
        ),
        "due": due_line(await store(dialog_manager).deadline_of(case), clock.today()),
        "open": case.status is Status.FORWARDED,
    }


async def on_case(callback: CallbackQuery, _w: Any, manager: DialogManager, cid: str) -> None:
    manager.dialog_data["case"] = int(cid)
    await manager.switch_to(Permit.case)


async def _decide(event: Any, manager: DialogManager, issue: bool, reason: str | None) -> None:
    try:
        case = await store(manager).decide_permit(actor(manager), _case_id(manager), issue, reason)
    except AlreadyDecided as other:
        manager.dialog_data["result"] = gettext("This case was already decided by {who} on {date}.").format(
            who=other.who, date=format_date(other.on, locale()) if other.on else "—"
        )
    else:
        specialist = await store(manager).user_by_id(case.specialist_id)
        if issue:
            dl = await store(manager).deadline_of(case)
            await notify(
                manager,
                [specialist] if specialist else [],
                N_(
                    "Case {number}: the authorized body issued the permit. Sign the "
                    "resocialization agreement by {due} (para 15) and record it."
                ),
                number=case.number,
                due=dl.due if dl else "",
            )
            manager.dialog_data["result"] = gettext("The permit is issued. The organization has been told.")
        else:
            await notify(
                manager,
                [specialist] if specialist else [],
                N_("Case {number}: the authorized body refused the permit. The reason is on the case."),
                number=case.number,
            )
            manager.dialog_data["result"] = gettext("The permit is refused. The organization has been told.")
    await manager.switch_to(Permit.done)


async def on_issue(callback: CallbackQuery, _b: Button, manager: DialogManager) -> None:
    await _decide(callback, manager, True, None)


async def on_refuse_reason(message: Message, manager: DialogManager) -> None:
    await _decide(message, manager, False, clean_text(message, MAX_REASON))


async def on_documents(callback: CallbackQuery, _b: Button, manager: DialogManager) -> None:
    """The case's documents open on top of the decision screen: their «⬅ Back» returns to it."""
    await manager.start(Documents.main, data={"case_id": _case_id(manager)})


TO_LIST = Button(Tr("⬅ Back to the list"), id="list", on_click=go(Permit.waiting))
TO_CASE = Button(Tr("⬅ To the case"), id="case", on_click=go(Permit.case))
CASE_TEXT = Tr("Case {number} · {organization}\nIdentified on {identified} · {status}\n\n{sheet}\n{report}\n\n{due}")


WAITING = Screen(
    ERROR,
    Tr("Cases waiting for your decision on the permit, overdue first:"),
    Tr("\nNone at the moment.", when="none"),
    choice("case", "cases", on_case),
    pager(),
    MAIN_MENU,
    state=Permit.waiting,
    getter=waiting_getter,
)
CASE = Screen(
    ERROR,
    CASE_TEXT,
    Button(Tr("📄 Documents"), id="documents", on_click=on_documents),
    Button(Tr("✅ Issue the permit"), id="issue", on_click=go(Permit.confirm_issue), when="open"),
    Button(Tr("❌ Refuse the permit"), id="refuse", on_click=go(Permit.refuse_reason), when="open"),
    Row(TO_LIST, MAIN_MENU),
    state=Permit.case,
    getter=case_getter,
)
CONFIRM_ISSUE = Screen(
    ERROR,
    CASE_TEXT,
    Tr("\nIssue the permit to provide special social services for this case?"),
    Button(Tr("✅ Yes, issue the permit"), id="yes", on_click=on_issue),
    TO_CASE,
    state=Permit.confirm_issue,
    getter=case_getter,
)
REFUSE_REASON = Screen(
    ERROR,
    Tr("Case {number}\n\nType the reason for refusing the permit. The organization will see it."),
    text_step(on_refuse_reason),
    TO_CASE,
    state=Permit.refuse_reason,
    getter=case_getter,
)
DONE = Screen(ERROR, Format("{dialog_data[result]}"), Row(TO_LIST, MAIN_MENU), state=Permit.done)
WINDOWS = (
    WAITING,
    CASE,
    CONFIRM_ISSUE,
    REFUSE_REASON,
    DONE,
)


def dialog() -> Dialog:
    return Dialog(*WINDOWS)


__all__ = ["dialog"]
