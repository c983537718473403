"""The individual plan (para 29, Annex 6) drawn up, revised (para 32) and approved by the head, and the quarterly
monitoring journal (paras 30-31, 35, Annex 7), one type of service at a time. What is typed stays in the dialog until
it is saved; a refusal (a date outside the plan's period, monitoring before approval) keeps it."""

from __future__ import annotations

from datetime import date
from typing import Any

from aiogram.types import CallbackQuery, Message
from aiogram.utils.i18n import gettext
from aiogram_dialog import DialogManager
from aiogram_dialog.widgets.kbd import Button, Row
from aiogram_dialog.widgets.text import Format

from bot.standard import N_, clock
from bot.standard.person import check_past_date
from bot.standard.resocialization import (
    CHANGE_AREAS,
    MAX_TEXT,
    PLAN_PROBLEMS,
    SERVICE_TITLES,
    SERVICES,
    PlanProblem,
    Service,
    quarter_ends,
)

from .context import actor, case_id, store
from .inputs import InputError, clean_text, text_step, typed_date
from .resocialization import TO_HUB, TODAY, recipient_id, saving, view_of
from .states import Resocialization
from .widgets import ERROR, Screen, Tr, choice, day_text, go


def _plan_lines(plan: Any) -> str:
    lines = []
    for service in SERVICES:
        for item in plan.items_of(service):
            lines.append(
                f"• {gettext(SERVICE_TITLES[service])}: {item.measure} — {item.specialist}, {day_text(item.on)}"
            )
    return "\n".join(lines) or gettext("no measures yet")


def _editing_lines(manager: DialogManager, names: dict[int, str]) -> str:
    items = manager.dialog_data.get("plan", {}).get("items", [])
    return "\n".join(
        f"{n}. {gettext(SERVICE_TITLES[Service(i['service'])])}: {i['measure']} — "
        f"{names.get(i['specialist_id'], '—')}, {day_text(date.fromisoformat(i['on']))}"
        for n, i in enumerate(items, start=1)
    ) or gettext("no measures yet")


async def plan_getter(dialog_manager: DialogManager, **_kwargs: Any) -> dict[str, Any]:
    view = await view_of(dialog_manager)
    plan, draft = view.plan, view.draft
    staff = await store(dialog_manager).staff(actor(dialog_manager))
    names = {member.id: member.name for member in staff}
    editing = dialog_manager.dialog_data.get("plan", {})
    period = " – ".join(day_text(date.fromisoformat(editing[k])) for k in ("from", "to")) if editing else ""
    return {
        "number": view.number,
        "practice": view.practice,
        "term": f"{day_text(view.signed)} – {day_text(view.ends)}",
        "in_force": gettext("Version {version} ({start} – {end}), approved on {date} by {head}:\n{items}").format(
            version=plan.version,
            start=day_text(plan.period_from),
            end=day_text(plan.period_to),
            date=day_text(plan.approved_on),
            head=plan.approver or "—",
            items=_plan_lines(plan),
        )
        if plan
        else gettext("No plan is approved yet."),
        "draft_text": gettext("Draft version {version}, awaiting approval:\n{items}").format(
            version=draft.version, items=_plan_lines(draft)
        )
        if draft
        else "",
        "may_draw": view.needs is not None and not view.read_only,
        "may_approve": draft is not None and actor(dialog_manager).role == "head",
        "period": period,
        "items": _editing_lines(dialog_manager, names),
        "services": [
            {"id": s.value, "text": "➕ " + gettext(SERVICE_TITLES[s])} for s in SERVICES if s in view.may_record
        ],
        "staff": [{"id": m.id, "text": m.name} for m in staff],
        "has_items": bool(editing.get("items")),
    }


async def on_draw(callback: CallbackQuery, _b: Button, manager: DialogManager) -> None:
    """Start from the draft, or from the plan in force (a revision), or from nothing."""
    view = await view_of(manager)
    base = view.draft or view.plan
    manager.dialog_data["plan"] = {
        "from": (base.period_from if base else view.signed).isoformat(),
        "to": (base.period_to if base else view.ends).isoformat(),
        "items": [
            {"service": i.service.value, "measure": i.measure, "specialist_id": i.specialist_id, "on": i.on.isoformat()}
            for i in (base.items if base else ())
        ],
        "revision": view.draft is None and view.plan is not None,
    }
    await manager.switch_to(
        Resocialization.plan_reason if manager.dialog_data["plan"]["revision"] else Resocialization.plan_items
    )


async def on_reason(message: Message, manager: DialogManager) -> None:
    manager.dialog_data["plan"]["reason"] = clean_text(message, 1000)
    await manager.switch_to(Resocialization.plan_items)


async def on_period(message: Message, manager: DialogManager) -> None:
    parts = (message.text or "").replace("–", "-").split("-")
    if len(parts) != 2:
        raise InputError(N_("Type the period as two dates, dd.mm.yyyy - dd.mm.yyyy."))
    start, end = (typed_date(message.model_copy(update={"text": p.strip()})) for p in parts)
    manager.dialog_data["plan"].update({"from": start.isoformat(), "to": end.isoformat()})
    await manager.switch_to(Resocialization.plan_items)


async def on_service(callback: CallbackQuery, _w: Any, manager: DialogManager, service: str) -> None:
    manager.dialog_data["item"] = {"service": Service(service).value}
    await manager.switch_to(Resocialization.plan_measure)


async def on_measure(message: Message, manager: DialogManager) -> None:
    manager.dialog_data["item"]["measure"] = clean_text(message, MAX_TEXT, keep_lines=True)
    await manager.switch_to(Resocialization.plan_specialist)


async def on_specialist(callback: CallbackQuery, _w: Any, manager: DialogManager, user_id: str) -> None:
    manager.dialog_data["item"]["specialist_id"] = int(user_id)
    await manager.switch_to(Resocialization.plan_date)


async def on_item_date(message: Message, manager: DialogManager) -> None:
    item = {**manager.dialog_data.pop("item"), "on": typed_date(message).isoformat()}
    manager.dialog_data["plan"]["items"].append(item)
    await manager.switch_to(Resocialization.plan_items)


async def on_remove_last(callback: CallbackQuery, _b: Button, manager: DialogManager) -> None:
    items = manager.dialog_data["plan"]["items"]
    if items:
        items.pop()


async def on_save_plan(callback: CallbackQuery, _b: Button, manager: DialogManager) -> None:
    plan = manager.dialog_data["plan"]
    items = [
        (Service(i["service"]), i["measure"], i["specialist_id"], date.fromisoformat(i["on"])) for i in plan["items"]
    ]
    ok = await saving(manager, store(manager).save_plan(
        actor(manager), case_id(manager), recipient_id(manager),
        period_from=date.fromisoformat(plan["from"]), period_to=date.fromisoformat(plan["to"]),
        items=items, reason=plan.get("reason"),
    ))  # fmt: skip
    if ok:
        manager.dialog_data.pop("plan")
        await manager.switch_to(Resocialization.plan)


async def on_approve(callback: CallbackQuery, _b: Button, manager: DialogManager) -> None:
    await saving(manager, store(manager).approve_plan(actor(manager), case_id(manager), recipient_id(manager)))


# --- the monitoring journal --------------------------------------------------------------------------


async def journal_getter(dialog_manager: DialogManager, **_kwargs: Any) -> dict[str, Any]:
    view = await view_of(dialog_manager)
    data = dialog_manager.dialog_data
    ends = quarter_ends(view.signed, view.ends)
    quarter = int(data.get("quarter", 1))
    done = {m.service for m in view.quarter(quarter)}
    entry = data.get("entry", {})
    return {
        "number": view.number,
        "practice": view.practice,
        "quarters": [
            {
                "id": n,
                "text": ("✅ " if view.quarter(n) else "▫ ")
                + gettext("Quarter {n}, until {date}").format(n=n, date=day_text(end)),
            }
            for n, end in enumerate(ends, start=1)
        ],
        "quarter": quarter,
        "services": [
            {"id": s.value, "text": ("✅ " if s in done else "") + gettext(SERVICE_TITLES[s])}
            for s in SERVICES
            if s in view.may_record
        ],
        "service": gettext(SERVICE_TITLES[Service(entry["service"])]) if entry.get("service") else "",
        "areas": [
            {"id": a, "text": ("☑ " if a in entry.get("areas", []) else "☐ ") + gettext(t)} for a, t in CHANGE_AREAS
        ],
    }


async def on_quarter(callback: CallbackQuery, _w: Any, manager: DialogManager, quarter: str) -> None:
    if (await view_of(manager)).plan is None:  # said before anything is typed, not after
        manager.dialog_data["error"] = gettext(PLAN_PROBLEMS[PlanProblem.NOT_APPROVED])
        return
    manager.dialog_data["quarter"] = int(quarter)
    await manager.switch_to(Resocialization.journal_service)


async def on_journal_service(callback: CallbackQuery, _w: Any, manager: DialogManager, service: str) -> None:
    manager.dialog_data["entry"] = {"service": Service(service).value, "areas": []}
    await manager.switch_to(Resocialization.positive)


def entry_step(key: str, then: Any):
    """A text of the entry (typed, or the button for "none"), kept until the entry is saved."""

    async def typed(message: Message, manager: DialogManager) -> None:
        manager.dialog_data["entry"][key] = clean_text(message, MAX_TEXT, keep_lines=True)
        await manager.switch_to(then)

    async def none(callback: CallbackQuery, _b: Button, manager: DialogManager) -> None:
        manager.dialog_data["entry"][key] = ""
        await manager.switch_to(Resocialization.no_change if key == "positive" else then)

    return typed, none


on_positive, on_no_positive = entry_step("positive", Resocialization.areas)
on_no_change, on_no_change_none = entry_step("no_change", Resocialization.decision)
on_decision, on_no_decision = entry_step("decision", Resocialization.journal_date)


async def on_area(callback: CallbackQuery, _w: Any, manager: DialogManager, area: str) -> None:
    areas = manager.dialog_data["entry"].setdefault("areas", [])
    if area in dict(CHANGE_AREAS):
        areas.remove(area) if area in areas else areas.append(area)


async def _save_entry(manager: DialogManager, day: date) -> None:
    data, entry = manager.dialog_data, manager.dialog_data["entry"]
    ok = await saving(manager, store(manager).record_monitoring(
        actor(manager), case_id(manager), recipient_id(manager), int(data.get("quarter", 1)),
        Service(entry["service"]), positive=entry.get("positive", ""), areas=tuple(entry.get("areas", [])),
        no_change=entry.get("no_change", ""), decision=entry.get("decision", ""), on=day,
    ))  # fmt: skip
    if ok:
        data.pop("entry")
        await manager.switch_to(Resocialization.journal_service)


async def on_entry_date(message: Message, manager: DialogManager) -> None:
    await _save_entry(manager, typed_date(message, check_past_date))  # not in the future


async def on_entry_today(callback: CallbackQuery, _b: Button, manager: DialogManager) -> None:
    await _save_entry(manager, clock.today())


TO_PLAN = Button(Tr("⬅ To the plan"), id="to_plan", on_click=go(Resocialization.plan_items))
TO_JOURNAL = Button(Tr("⬅ To the quarter"), id="to_quarter", on_click=go(Resocialization.journal_service))

PLAN = Screen(
    ERROR,
    Tr("Recipient of services {number} · Individual plan (para 29)\nAgreement: {term}\n\n{in_force}"),
    Format("\n{draft_text}", when="draft_text"),
    Button(Tr("✏ Draw up or revise the plan"), id="draw", on_click=on_draw, when="may_draw"),
    Button(Tr("✅ Approve the plan"), id="approve", on_click=on_approve, when="may_approve"),
    TO_HUB,
    state=Resocialization.plan,
    getter=plan_getter,
)
PLAN_REASON = Screen(
    ERROR,
    Tr("Recipient of services {number}\n\nThe plan is revised (para 32). Type why: what changed?"),
    text_step(on_reason),
    Button(Tr("⬅ To the plan"), id="back_plan", on_click=go(Resocialization.plan)),
    state=Resocialization.plan_reason,
    getter=plan_getter,
)
PLAN_ITEMS = Screen(
    ERROR,
    Tr("Recipient of services {number} · the plan for {period}\n\n{items}\n\nAdd a measure to a type of service:"),
    choice("service", "services", on_service),
    Button(Tr("📆 Change the plan's period"), id="period", on_click=go(Resocialization.plan_period)),
    Row(
        Button(Tr("🗑 Remove the last measure"), id="remove", on_click=on_remove_last, when="has_items"),
        Button(Tr("💾 Save the plan for approval"), id="save", on_click=on_save_plan, when="has_items"),
    ),
    Button(Tr("⬅ To the plan"), id="back_plan", on_click=go(Resocialization.plan)),
    state=Resocialization.plan_items,
    getter=plan_getter,
)
PLAN_PERIOD = Screen(
    ERROR,
    Tr(
        "Recipient of services {number}\n\nThe plan is for the agreement's term ({term}). Type its period as "
        "dd.mm.yyyy - dd.mm.yyyy."
    ),
    text_step(on_period),
    TO_PLAN,
    state=Resocialization.plan_period,
    getter=plan_getter,
)
PLAN_MEASURE = Screen(
    ERROR,
    Tr("Recipient of services {number}\n\nType the measure: what is done for the recipient, and how often."),
    text_step(on_measure),
    TO_PLAN,
    state=Resocialization.plan_measure,
    getter=plan_getter,
)
PLAN_SPECIALIST = Screen(
    ERROR,
    Tr("Recipient of services {number}\n\nWho is responsible for this measure?"),
    choice("specialist", "staff", on_specialist),
    TO_PLAN,
    state=Resocialization.plan_specialist,
    getter=plan_getter,
)
PLAN_DATE = Screen(
    ERROR,
    Tr("Recipient of services {number}\n\nBy which date (within the plan's period {period})? Type dd.mm.yyyy."),
    text_step(on_item_date),
    TO_PLAN,
    state=Resocialization.plan_date,
    getter=plan_getter,
)
QUARTER = Screen(
    ERROR,
    Tr("Recipient of services {number} · Monitoring journal (para 31)\n\nWhich quarter?"),
    choice("quarter", "quarters", on_quarter),
    TO_HUB,
    state=Resocialization.quarter,
    getter=journal_getter,
)
JOURNAL_SERVICE = Screen(
    ERROR,
    Tr("Recipient of services {number} · quarter {quarter}\n\nWhich type of service? ✅ marks those recorded."),
    choice("jservice", "services", on_journal_service),
    Button(Tr("⬅ To the quarters"), id="to_quarters", on_click=go(Resocialization.quarter)),
    state=Resocialization.journal_service,
    getter=journal_getter,
)
POSITIVE = Screen(
    ERROR,
    Tr("Recipient of services {number} · quarter {quarter} · {service}\n\nWhat positive changes do you see? Describe."),
    Button(Tr("No positive changes"), id="no_positive", on_click=on_no_positive),
    text_step(on_positive),
    TO_JOURNAL,
    state=Resocialization.positive,
    getter=journal_getter,
)
AREAS = Screen(
    ERROR,
    Tr("Recipient of services {number} · {service}\n\nIn which areas are the positive changes (Annex 7)?"),
    choice("area", "areas", on_area),
    Button(Tr("Next ▶"), id="areas_done", on_click=go(Resocialization.no_change)),
    TO_JOURNAL,
    state=Resocialization.areas,
    getter=journal_getter,
)
NO_CHANGE = Screen(
    ERROR,
    Tr(
        "Recipient of services {number} · {service}\n\nWhere are there no changes or a deterioration? Type the reasons."
    ),
    Button(Tr("None"), id="no_change_none", on_click=on_no_change_none),
    text_step(on_no_change),
    TO_JOURNAL,
    state=Resocialization.no_change,
    getter=journal_getter,
)
DECISION = Screen(
    ERROR,
    Tr("Recipient of services {number} · {service}\n\nThe decision on adjusting the plan: which measures change?"),
    Button(Tr("No adjustment"), id="no_decision", on_click=on_no_decision),
    text_step(on_decision),
    TO_JOURNAL,
    state=Resocialization.decision,
    getter=journal_getter,
)
JOURNAL_DATE = Screen(
    ERROR,
    Tr("Recipient of services {number} · {service}\n\nThe date of the monitoring: type dd.mm.yyyy or tap «Today»."),
    Button(Tr(TODAY), id="today", on_click=on_entry_today),
    text_step(on_entry_date),
    TO_JOURNAL,
    state=Resocialization.journal_date,
    getter=journal_getter,
)
WINDOWS = (
    PLAN, PLAN_REASON, PLAN_ITEMS, PLAN_PERIOD, PLAN_MEASURE, PLAN_SPECIALIST, PLAN_DATE,
    QUARTER, JOURNAL_SERVICE, POSITIVE, AREAS, NO_CHANGE, DECISION, JOURNAL_DATE,
)  # fmt: skip
