"""Resocialization of one recipient of services (paras 27-45), opened from the recipient's admission screen: where
they are (the needs, the plan, the quarters' monitoring, the stay, the end of services) with the deadlines, the needs
assessment step by step (paras 27-28), the stay's events (violations, absence, a health-care facility, readmission),
and the plan and journal as documents (Annexes 6 and 7). The plan and the journal: ``plan.py``; the end:
``ending.py``."""

from __future__ import annotations

import asyncio
from datetime import date
from typing import Any

from aiogram.types import BufferedInputFile, CallbackQuery, Message
from aiogram.utils.i18n import gettext
from aiogram_dialog import DialogManager, ShowMode
from aiogram_dialog.widgets.kbd import Button, Row
from aiogram_dialog.widgets.text import Format

from bot.documents import filename, render
from bot.documents.build import journal_document, plan_document
from bot.standard import N_, clock
from bot.standard.person import check_past_date
from bot.standard.resocialization import MAX_TEXT, PLAN_PROBLEMS, SERVICE_TITLES, SERVICES, Ending, PlanProblem, Service
from bot.standard.sheet import CURRENT_EDITION
from bot.store import Forbidden

from .context import actor, case_id, i18n, locale, start_value, store
from .inputs import InputError, checked, clean_text, text_step, typed_date
from .states import Resocialization
from .widgets import ERROR, MAIN_MENU, Screen, Tr, back, day_text, due_line, go

EVENT_TITLES = {
    "violation": N_("violation of the internal rules"),
    "absence": N_("absent without notice"),
    "suspension": N_("in a health-care facility: services suspended"),
    "resumption": N_("back from the health-care facility: services resumed"),
    "readmission": N_("readmitted"),
}
FORBIDDEN = N_("Your post does not allow recording this, or the recipient's services have ended.")


def recipient_id(manager: DialogManager) -> int:
    return int(manager.dialog_data.get("recipient") or start_value(manager, "recipient"))


async def view_of(manager: DialogManager, *, look: bool = False) -> Any:
    return await store(manager).resocialization(actor(manager), case_id(manager), recipient_id(manager), look=look)


def refused(manager: DialogManager, error: Exception) -> None:
    """A refusal of the store shown on the screen in the user's language; nothing typed before is lost."""
    if isinstance(error, Forbidden):
        manager.dialog_data["error"] = gettext(FORBIDDEN)
        return
    problem, values = getattr(error, "problem", None), getattr(error, "values", {})
    shown = {k: day_text(v) if isinstance(v, date) else v for k, v in values.items()}
    manager.dialog_data["error"] = gettext(PLAN_PROBLEMS[problem]).format(**shown) if problem else str(error)


async def saving(manager: DialogManager, work: Any) -> bool:
    """Run a store call; a refusal is shown (its problem kept in ``dialog_data["problem"]``) and False returned."""
    manager.dialog_data.pop("problem", None)
    try:
        await work
    except (Forbidden, ValueError) as error:
        refused(manager, error)
        problem = getattr(error, "problem", None)
        if isinstance(problem, PlanProblem):
            manager.dialog_data["problem"] = problem.value
        return False
    return True


def _stage_lines(view: Any) -> list[str]:
    plan, draft = view.plan, view.draft
    lines = [
        gettext("Needs assessment (para 27): {state}").format(
            state=gettext("done on {date}").format(date=day_text(view.needs.assessed_on)) if view.needs else "—"
        ),
        gettext("Individual plan (para 29): {state}").format(
            state=gettext("version {version}, approved on {date} by {head}").format(
                version=plan.version, date=day_text(plan.approved_on), head=plan.approver or "—"
            )
            if plan
            else "—"
        ),
    ]
    if draft:
        lines.append(gettext("Draft version {version} awaits the head's approval.").format(version=draft.version))
    quarters = sorted({m.quarter for m in view.monitoring})
    lines.append(
        gettext("Monitoring (para 31): quarters recorded: {quarters}").format(
            quarters=", ".join(map(str, quarters)) or "—"
        )
    )
    return lines


def _stay_lines(view: Any) -> list[str]:
    lines = []
    if view.suspended_since:
        lines.append(
            gettext("🏥 In a health-care facility since {date}: services suspended.").format(
                date=day_text(view.suspended_since)
            )
        )
    if view.absent_since:
        lines.append(gettext("🚪 Absent without notice since {date}.").format(date=day_text(view.absent_since)))
    if view.violations:
        lines.append(gettext("Violations of the internal rules recorded: {n}").format(n=view.violations))
    if view.ending:
        lines.append(
            gettext("🏁 Services ended on {date}, order No. {order} of {order_date}.").format(
                date=day_text(view.ending.ended_on),
                order=view.ending.order_number,
                order_date=day_text(view.ending.order_date),
            )
        )
    return lines


def _readmissible(view: Any, own: bool, head: bool) -> bool:
    """Away for a valid reason (para 43): back at once. While the absence is only recorded, the case's specialist
    records the return; once it led to deduction, the head's order reverses it."""
    ending = view.ending
    deducted = ending is not None and ending.kind is Ending.DEDUCTION and ending.ground == "absence"
    return (head and deducted) or (own and view.absent_since is not None and ending is None)


async def hub_getter(dialog_manager: DialogManager, **_kwargs: Any) -> dict[str, Any]:
    look = not dialog_manager.dialog_data.get("seen")
    view = await view_of(dialog_manager, look=look)
    dialog_manager.dialog_data["seen"] = True
    today = clock.today()
    user = actor(dialog_manager)
    own = view.own_specialist_id == user.id
    return {
        "number": view.number,
        "practice": view.practice,
        "term": f"{day_text(view.signed)} – {day_text(view.ends)}",
        "stages": "\n".join(_stage_lines(view)),
        "stay": "\n".join(_stay_lines(view)),
        "deadlines": "\n".join(due_line(d, today) for d in view.dues),
        "open": not view.read_only,
        "may_assess": not view.read_only and (own or Service.SOCIAL in view.may_record),
        "may_stay": not view.read_only and own,
        "may_readmit": _readmissible(view, own, user.role == "head"),
        "is_head": user.role == "head",
        "ended": view.ending is not None,
        "has_plan": bool(view.plans),
        "has_journal": bool(view.monitoring),
    }


async def _send(manager: DialogManager, kind: str, chat_id: int) -> None:
    view = await view_of(manager)
    lang, catalogs = locale(), i18n()
    await store(manager).case_for_document(actor(manager), case_id(manager), kind, lang)  # the export is audited
    doc = plan_document(view) if kind == "annex6" else journal_document(view)
    pdf = await asyncio.to_thread(render, kind, doc, lang, lambda m: catalogs.gettext(m, locale=lang))
    await manager.middleware_data["bot"].send_document(
        chat_id, BufferedInputFile(pdf, filename(kind, doc, lang)), protect_content=True
    )
    manager.show_mode = ShowMode.SEND


async def on_plan_document(callback: CallbackQuery, _b: Button, manager: DialogManager) -> None:
    await _send(manager, "annex6", callback.from_user.id)


async def on_journal_document(callback: CallbackQuery, _b: Button, manager: DialogManager) -> None:
    await _send(manager, "annex7", callback.from_user.id)


# --- the needs assessment (paras 27-28) ---------------------------------------------------------------


async def needs_getter(dialog_manager: DialogManager, **_kwargs: Any) -> dict[str, Any]:
    view = await view_of(dialog_manager)
    data = dialog_manager.dialog_data
    index = int(data.get("need_index", 0))
    service = SERVICES[min(index, len(SERVICES) - 1)]
    rows = [row.short for row in CURRENT_EDITION.rows if row.id in view.identification]
    return {
        "number": view.number,
        "practice": view.practice,
        "signed": day_text(view.signed),
        "found": "\n".join(f"• {gettext(r)}" for r in rows) or gettext("nothing recorded as present"),
        "service": gettext(SERVICE_TITLES[service]),
        "position": f"{index + 1}/{len(SERVICES)}",
    }


async def _observed(manager: DialogManager, day: date, key: str, then: Any) -> None:
    checked(day, check_past_date)  # not in the future
    manager.dialog_data[key] = day.isoformat()
    await manager.switch_to(then)


async def on_observed_from(message: Message, manager: DialogManager) -> None:
    await _observed(manager, typed_date(message), "observed_from", Resocialization.observed_to)


async def on_observed_to(message: Message, manager: DialogManager) -> None:
    day = typed_date(message)
    if day < date.fromisoformat(manager.dialog_data["observed_from"]):
        raise InputError(N_("The observation cannot end before it began. Please check the date."))
    manager.dialog_data["need_index"] = 0
    manager.dialog_data["needs"] = {}
    await _observed(manager, day, "observed_to", Resocialization.need)


async def on_observed_today(callback: CallbackQuery, button: Button, manager: DialogManager) -> None:
    today = clock.today()
    if button.widget_id == "from_today":
        manager.dialog_data["observed_from"] = today.isoformat()
        await manager.switch_to(Resocialization.observed_to)
    else:
        manager.dialog_data.update(observed_to=today.isoformat(), need_index=0, needs={})
        await manager.switch_to(Resocialization.need)


async def _next_need(manager: DialogManager, text: str) -> None:
    data = manager.dialog_data
    index = int(data.get("need_index", 0))
    data.setdefault("needs", {})[SERVICES[index].value] = text
    data["need_index"] = index + 1
    if index + 1 >= len(SERVICES):
        await manager.switch_to(Resocialization.opinion)


async def on_need(message: Message, manager: DialogManager) -> None:
    await _next_need(manager, clean_text(message, MAX_TEXT, keep_lines=True))


async def on_no_need(callback: CallbackQuery, _b: Button, manager: DialogManager) -> None:
    await _next_need(manager, "")


async def on_opinion(message: Message, manager: DialogManager) -> None:
    data = manager.dialog_data
    ok = await saving(
        manager,
        store(manager).record_needs(
            actor(manager),
            case_id(manager),
            recipient_id(manager),
            observed_from=date.fromisoformat(data["observed_from"]),
            observed_to=date.fromisoformat(data["observed_to"]),
            needs={Service(k): v for k, v in data.get("needs", {}).items()},
            opinion=clean_text(message, MAX_TEXT, keep_lines=True),
        ),
    )
    if ok:
        for key in ("observed_from", "observed_to", "needs", "need_index"):
            data.pop(key, None)
        await manager.switch_to(Resocialization.hub)


# --- the stay (para 43) ------------------------------------------------------------------------------


async def on_event(callback: CallbackQuery, button: Button, manager: DialogManager) -> None:
    manager.dialog_data["event"] = button.widget_id
    await manager.switch_to(Resocialization.event_date)


async def _record_event(manager: DialogManager, day: date) -> None:
    checked(day, check_past_date)  # not in the future
    kind, user, s = manager.dialog_data.get("event"), actor(manager), store(manager)
    calls: dict[str, Any] = {
        "violation": s.record_violation,
        "absence": s.record_absence,
        "suspension": s.suspend,
        "resumption": s.resume,
        "readmission": s.readmit,
    }
    if kind in calls and await saving(manager, calls[kind](user, case_id(manager), recipient_id(manager), day)):
        await manager.switch_to(Resocialization.hub)


async def on_event_typed(message: Message, manager: DialogManager) -> None:
    await _record_event(manager, typed_date(message))


async def on_event_today(callback: CallbackQuery, _b: Button, manager: DialogManager) -> None:
    await _record_event(manager, clock.today())


async def event_getter(dialog_manager: DialogManager, **_kwargs: Any) -> dict[str, Any]:
    view = await view_of(dialog_manager)
    kind = dialog_manager.dialog_data.get("event", "violation")
    return {"number": view.number, "practice": view.practice, "event": gettext(EVENT_TITLES.get(kind, ""))}


TO_HUB = Button(Tr("⬅ To resocialization"), id="to_resoc", on_click=go(Resocialization.hub))
TODAY = N_("Today")

HUB = Screen(
    ERROR,
    Tr("Recipient of services {number} · Resocialization (paras 27-45)\nAgreement: {term}\n\n{stages}"),
    Format("\n{stay}", when="stay"),
    Format("\n{deadlines}", when="deadlines"),
    Button(Tr("📋 Needs assessment"), id="needs", on_click=go(Resocialization.observed_from), when="may_assess"),
    Button(Tr("🗓 Individual plan"), id="plan", on_click=go(Resocialization.plan), when="open"),
    Button(Tr("📓 Monitoring journal"), id="journal", on_click=go(Resocialization.quarter), when="open"),
    Button(Tr("🏥 The stay"), id="stay", on_click=go(Resocialization.stay), when="may_stay"),
    Button(
        Tr("↩ Readmit after an absence for a valid reason"), id="readmission", on_click=on_event, when="may_readmit"
    ),
    Button(Tr("🏁 End of services"), id="end", on_click=go(Resocialization.ending), when="is_head"),
    Row(
        Button(Tr("📄 Plan (Annex 6)"), id="annex6", on_click=on_plan_document, when="has_plan"),
        Button(Tr("📄 Journal (Annex 7)"), id="annex7", on_click=on_journal_document, when="has_journal"),
    ),
    Row(Button(Tr("⬅ Back"), id="back", on_click=back), MAIN_MENU),
    state=Resocialization.hub,
    getter=hub_getter,
)
OBSERVED_FROM = Screen(
    ERROR,
    Tr(
        "Recipient of services {number} · Needs assessment (paras 27-28)\n\nFound at identification:\n{found}\n\n"
        "The specialists observe the recipient within three calendar days after the agreement ({signed}). When did "
        "the observation begin? Type dd.mm.yyyy or tap «Today»."
    ),
    Button(Tr(TODAY), id="from_today", on_click=on_observed_today),
    text_step(on_observed_from),
    TO_HUB,
    state=Resocialization.observed_from,
    getter=needs_getter,
)
OBSERVED_TO = Screen(
    ERROR,
    Tr("Recipient of services {number}\n\nWhen did the observation end? Type dd.mm.yyyy or tap «Today»."),
    Button(Tr(TODAY), id="to_today", on_click=on_observed_today),
    text_step(on_observed_to),
    TO_HUB,
    state=Resocialization.observed_to,
    getter=needs_getter,
)
NEED = Screen(
    ERROR,
    Tr("Recipient of services {number} · need {position}\n\n{service} services: what does the recipient need?"),
    Button(Tr("No need of this type"), id="no_need", on_click=on_no_need),
    text_step(on_need),
    TO_HUB,
    state=Resocialization.need,
    getter=needs_getter,
)
OPINION = Screen(
    ERROR,
    Tr(
        "Recipient of services {number}\n\nThe recipient's own opinion is taken into account (para 28). Type what they "
        "said about their needs, in their words."
    ),
    text_step(on_opinion),
    TO_HUB,
    state=Resocialization.opinion,
    getter=needs_getter,
)
STAY = Screen(
    ERROR,
    Tr("Recipient of services {number} · The stay (para 43)\n\nWhat happened?"),
    Button(Tr("⚠ A violation of the internal rules"), id="violation", on_click=on_event),
    Button(Tr("🚪 Left without notice"), id="absence", on_click=on_event),
    Button(Tr("🏥 Went to a health-care facility"), id="suspension", on_click=on_event),
    Button(Tr("🏠 Back from the health-care facility"), id="resumption", on_click=on_event),
    TO_HUB,
    state=Resocialization.stay,
    getter=event_getter,
)
EVENT_DATE = Screen(
    ERROR,
    Tr("Recipient of services {number}\n\n{event}: on which day? Type dd.mm.yyyy or tap «Today»."),
    Button(Tr(TODAY), id="today", on_click=on_event_today),
    text_step(on_event_typed),
    Button(Tr("⬅ Back"), id="to_stay", on_click=go(Resocialization.stay)),
    state=Resocialization.event_date,
    getter=event_getter,
)
WINDOWS = (HUB, OBSERVED_FROM, OBSERVED_TO, NEED, OPINION, STAY, EVENT_DATE)
