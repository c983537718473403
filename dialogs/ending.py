"""The end of services (chapter 7), for the head: completion on a ground of para 41, termination for a medical
contraindication with the referral (para 42), or deduction on a ground of para 43, each by the head's order (para 44,
its number and date), then what is handed back to the recipient (para 45), ticked off one by one."""

from __future__ import annotations

from typing import Any

from aiogram.types import CallbackQuery, Message
from aiogram.utils.i18n import gettext
from aiogram_dialog import DialogManager
from aiogram_dialog.widgets.kbd import Button

from bot.standard import N_, clock
from bot.standard.person import check_past_date
from bot.standard.resocialization import ENDING_TITLES, GROUNDS, HAND_BACK, MAX_ORDER, Ending, PlanProblem, may_deduct

from .context import actor, case_id, store
from .inputs import MAX_SHORT, checked, clean_text, text_step, typed_date
from .resocialization import TO_HUB, recipient_id, saving, view_of
from .states import HeadOverview, Resocialization
from .widgets import ERROR, MAIN_MENU, Screen, Tr, choice, day_text, go

NOT_YET = {
    "violations": N_(
        "Deduction for violations needs them to be systematic: more than three recorded (para 43). {n} recorded so far."
    ),
    "absence": N_("Deduction for absence needs more than three days away without notice (para 43)."),
}


async def ending_getter(dialog_manager: DialogManager, **_kwargs: Any) -> dict[str, Any]:
    view = await view_of(dialog_manager)
    data = dialog_manager.dialog_data.get("ending", {})
    kind = Ending(data["kind"]) if data.get("kind") else None
    handed = view.ending.handed_back if view.ending else frozenset()
    return {
        "number": view.number,
        "practice": view.practice,
        "kinds": [{"id": k.value, "text": gettext(ENDING_TITLES[k])} for k in Ending],
        "kind": gettext(ENDING_TITLES[kind]) if kind else "",
        "grounds": [{"id": g, "text": gettext(t)} for g, t in GROUNDS[kind]] if kind else [],
        "ended": view.ending is not None,
        "ended_text": gettext("{kind}: order No. {order} of {date}.").format(
            kind=gettext(ENDING_TITLES[view.ending.kind]),
            order=view.ending.order_number,
            date=day_text(view.ending.order_date),
        )
        if view.ending
        else "",
        "hand_back": [{"id": i, "text": ("☑ " if i in handed else "☐ ") + gettext(t)} for i, t in HAND_BACK],
    }


async def on_kind(callback: CallbackQuery, _w: Any, manager: DialogManager, kind: str) -> None:
    manager.dialog_data["ending"] = {"kind": Ending(kind).value}
    await manager.switch_to(Resocialization.ground)


async def on_ground(callback: CallbackQuery, _w: Any, manager: DialogManager, ground: str) -> None:
    ending = manager.dialog_data["ending"]
    if ground not in dict(GROUNDS[Ending(ending["kind"])]):
        return
    view = await view_of(manager)
    if Ending(ending["kind"]) is Ending.DEDUCTION and not may_deduct(
        ground, view.violations, view.absent_since, clock.today()
    ):
        manager.dialog_data["error"] = gettext(NOT_YET[ground]).format(n=view.violations)
        return
    ending["ground"] = ground
    termination = ending["kind"] == Ending.TERMINATION.value
    await manager.switch_to(Resocialization.referral if termination else Resocialization.order_number)


async def on_referral(message: Message, manager: DialogManager) -> None:
    manager.dialog_data["ending"]["referral"] = clean_text(message, MAX_SHORT)
    await manager.switch_to(Resocialization.order_number)


async def on_order_number(message: Message, manager: DialogManager) -> None:
    manager.dialog_data["ending"]["order"] = clean_text(message, MAX_ORDER)
    await manager.switch_to(Resocialization.order_date)


async def on_order_date(message: Message, manager: DialogManager) -> None:
    day = typed_date(message)
    checked(day, check_past_date)  # not in the future
    ending = manager.dialog_data["ending"]
    ok = await saving(manager, store(manager).end_services(
        actor(manager), case_id(manager), recipient_id(manager), kind=Ending(ending["kind"]),
        ground=ending["ground"], order_number=ending["order"], order_date=day, referral=ending.get("referral"),
    ))  # fmt: skip
    if ok:
        manager.dialog_data.pop("ending")
        await manager.switch_to(Resocialization.hand_back)
    elif manager.dialog_data.get("problem") == PlanProblem.ORDER_TAKEN.value:
        await manager.switch_to(Resocialization.order_number)  # the number again; the kind and ground are kept


async def on_hand_back(callback: CallbackQuery, _w: Any, manager: DialogManager, item: str) -> None:
    if item in dict(HAND_BACK):
        await saving(manager, store(manager).hand_back(actor(manager), case_id(manager), recipient_id(manager), item))


# --- the head's overview -------------------------------------------------------------------------------


async def overview_getter(dialog_manager: DialogManager, **_kwargs: Any) -> dict[str, Any]:
    user = actor(dialog_manager)
    lines = await store(dialog_manager).head_overview(user) if user.role == "head" else []
    items = []
    for line in lines:
        text = (
            gettext("✅ {number}: a plan awaits your approval").format(number=line.number)
            if line.what == "approval"
            else gettext("📓 {number}: monitoring due {date}").format(number=line.number, date=day_text(line.due))
        )
        items.append({"id": f"{line.case_id}:{line.recipient_id}", "text": text})
    for case, recipient, number in await store(dialog_manager).in_service(user):
        items.append({"id": f"{case}:{recipient}", "text": "🌱 " + number})
    return {"items": items, "none": not items, "is_head": user.role == "head", "not_head": user.role != "head"}


async def on_overview_item(callback: CallbackQuery, _w: Any, manager: DialogManager, item: str) -> None:
    case, _, recipient = item.partition(":")
    if case.isdigit() and recipient.isdigit():
        await manager.start(Resocialization.hub, data={"case_id": int(case), "recipient": int(recipient)})


OVERVIEW = Screen(
    ERROR,
    Tr(
        "🌱 Recipients of services\n\nPlans awaiting your approval come first, then the monitoring due this month, "
        "then every recipient whose services run.",
        when="is_head",
    ),
    Tr("🌱 Recipients of services whose services run in your organization:", when="not_head"),
    Tr("\nNothing is waiting.", when="none"),
    choice("item", "items", on_overview_item),
    MAIN_MENU,
    state=HeadOverview.main,
    getter=overview_getter,
)


ENDING = Screen(
    ERROR,
    Tr(
        "Recipient of services {number} · End of services (chapter 7)\n\nHow do services end? The head's order "
        "decides it (para 44)."
    ),
    choice("kind", "kinds", on_kind),
    Button(
        Tr("🧳 What is handed back (para 45)"), id="hand_back", on_click=go(Resocialization.hand_back), when="ended"
    ),
    TO_HUB,
    state=Resocialization.ending,
    getter=ending_getter,
)
GROUND = Screen(
    ERROR,
    Tr("Recipient of services {number} · {kind}\n\nOn which ground?"),
    choice("ground", "grounds", on_ground),
    Button(Tr("⬅ Back"), id="to_ending", on_click=go(Resocialization.ending)),
    state=Resocialization.ground,
    getter=ending_getter,
)
REFERRAL = Screen(
    ERROR,
    Tr(
        "Recipient of services {number} · {kind}\n\nThe recipient is referred or transferred to a medical or social "
        "protection organization (para 42). Type which."
    ),
    text_step(on_referral),
    Button(Tr("⬅ Back"), id="to_ending", on_click=go(Resocialization.ending)),
    state=Resocialization.referral,
    getter=ending_getter,
)
ORDER_NUMBER = Screen(
    ERROR,
    Tr("Recipient of services {number} · {kind}\n\nType the number of the head's order (para 44)."),
    text_step(on_order_number),
    Button(Tr("⬅ Back"), id="to_ending", on_click=go(Resocialization.ending)),
    state=Resocialization.order_number,
    getter=ending_getter,
)
ORDER_DATE = Screen(
    ERROR,
    Tr("Recipient of services {number} · {kind}\n\nThe order's date: type dd.mm.yyyy."),
    text_step(on_order_date),
    Button(Tr("⬅ Back"), id="to_ending", on_click=go(Resocialization.ending)),
    state=Resocialization.order_date,
    getter=ending_getter,
)
HAND_BACK_SCREEN = Screen(
    ERROR,
    Tr(
        "Recipient of services {number}\n{ended_text}\n\nHanded back to the recipient (para 45): tap each as it is "
        "handed over."
    ),
    choice("item", "hand_back", on_hand_back),
    TO_HUB,
    state=Resocialization.hand_back,
    getter=ending_getter,
)
WINDOWS = (ENDING, GROUND, REFERRAL, ORDER_NUMBER, ORDER_DATE, HAND_BACK_SCREEN)
