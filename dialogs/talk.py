"""The conversation with the person, in a practitioner's order: the immediate needs and safety check (an urgent
answer leads to what to do now), the minors path (para 19), the opening with the limits of confidentiality, and,
after consent and the person's details, the conversation itself (their own account, the topics in the order of a
story) and its closing, before the evaluation sheet. What the person hears is in ``bot.standard.guide``; screens
of the Intake dialog (see intake.py)."""

from __future__ import annotations

from typing import Any

from aiogram.types import CallbackQuery
from aiogram.utils.i18n import gettext
from aiogram_dialog import DialogManager
from aiogram_dialog.widgets.kbd import Button, Row
from aiogram_dialog.widgets.text import Format

from bot.standard import N_, guide
from bot.standard.conversation import MINOR_WAYS, NEED_ACTIONS, NEEDS

from .breaks import take_break
from .context import actor, case_id, store
from .intake import current_case, header_getter, next_step, step
from .states import Intake
from .widgets import Tr, choice, contacts_card, for_person, go

NEED_IDS = frozenset(item.id for item in NEEDS)
WAY_IDS = frozenset(item.id for item in MINOR_WAYS)


# --- the immediate needs and safety ---------------------------------------------------------------------------


async def on_need(callback: CallbackQuery, _w: Any, manager: DialogManager, need: str) -> None:
    if need in NEED_IDS:
        await store(manager).tick_need(actor(manager), case_id(manager), need)


async def on_needs_done(callback: CallbackQuery, _b: Button, manager: DialogManager) -> None:
    """An urgent answer leads to what to do now; otherwise on (to the minors path when the person may be a child)."""
    case = await store(manager).confirm_needs(actor(manager), case_id(manager))
    if case.talk.urgent:
        await manager.switch_to(Intake.needs_action)
    else:
        await next_step(manager, case)


async def on_acted(callback: CallbackQuery, _b: Button, manager: DialogManager) -> None:
    await next_step(manager, await current_case(manager))


async def needs_getter(dialog_manager: DialogManager, **kwargs: Any) -> dict[str, Any]:
    data = await header_getter(dialog_manager, **kwargs)
    talk = data["case"].talk
    data["needs_card"] = for_person(guide.NEEDS, data["case"].interview_language, ask=True)
    data["need_items"] = [
        {"id": i.id, "text": ("✅ " if talk.marks.get(i.id) else "☐ ") + gettext(i.text)} for i in NEEDS
    ]
    data["actions"] = "\n\n".join(gettext(NEED_ACTIONS[need]) for need in talk.urgent)
    return data


# --- the minors path (para 19) ------------------------------------------------------------------------------------


async def on_way(callback: CallbackQuery, button: Button, manager: DialogManager) -> None:
    if button.widget_id in WAY_IDS:
        await next_step(
            manager, await store(manager).stand_by_minor(actor(manager), case_id(manager), button.widget_id)
        )


# --- the opening ----------------------------------------------------------------------------------------------------


async def on_opening_read(callback: CallbackQuery, button: Button, manager: DialogManager) -> None:
    """The opening is read in two parts: the rights first, then confidentiality and what happens next."""
    if button.widget_id == "more":
        manager.dialog_data["opening_part"] = 1
    elif button.widget_id == "earlier":
        manager.dialog_data["opening_part"] = 0
    else:
        manager.dialog_data.pop("opening_part", None)
        await next_step(manager, await store(manager).read_opening(actor(manager), case_id(manager)))


async def opening_getter(dialog_manager: DialogManager, **kwargs: Any) -> dict[str, Any]:
    data = await header_getter(dialog_manager, **kwargs)
    case = data["case"]
    parts = guide.opening_parts(minor=case.minor, interpreter=bool(case.interpreter and case.interpreter.present))
    second = dialog_manager.dialog_data.get("opening_part") == 1
    names = {"name": case.specialist_name or "…", "organization": case.organization_name}
    data["opening_card"] = for_person(parts[second], case.interview_language, values=names)
    data.update(minor=case.minor, first_part=not second, second_part=second, part=2 if second else 1)
    return data


# --- the conversation, its topics and the closing -----------------------------------------------------------------


def topic_index(manager: DialogManager) -> int:
    return min(max(int(manager.dialog_data.get("topic", 0)), 0), len(guide.TOPICS) - 1)


async def on_topics(callback: CallbackQuery, _b: Button, manager: DialogManager) -> None:
    manager.dialog_data["topic"] = 0
    await manager.switch_to(Intake.topic)


async def on_next_topic(callback: CallbackQuery, button: Button, manager: DialogManager) -> None:
    index = topic_index(manager) + (1 if button.widget_id == "next" else -1)
    if index < 0:
        await manager.switch_to(Intake.conversation)
    elif index >= len(guide.TOPICS):
        await manager.switch_to(Intake.closing)
    else:
        manager.dialog_data["topic"] = index


async def on_closed(callback: CallbackQuery, _b: Button, manager: DialogManager) -> None:
    await next_step(manager, await store(manager).close_conversation(actor(manager), case_id(manager)))


async def conversation_getter(dialog_manager: DialogManager, **kwargs: Any) -> dict[str, Any]:
    """The person's own account (with the child version first for a minor)."""
    data = await header_getter(dialog_manager, **kwargs)
    case, language = data["case"], data["case"].interview_language
    child = for_person(guide.CHILD, language) + "\n\n" if case.minor else ""
    data["narrative_card"] = child + for_person([*guide.NARRATIVE, "", *guide.PROMPTS], language, ask=True)
    return data


async def topic_getter(dialog_manager: DialogManager, **kwargs: Any) -> dict[str, Any]:
    data = await header_getter(dialog_manager, **kwargs)
    language, index = data["case"].interview_language, topic_index(dialog_manager)
    topic = guide.TOPICS[index]
    data.update(
        topic_no=index + 1,
        topics=len(guide.TOPICS),
        topic_title=gettext(topic.title),
        topic_card=for_person(topic.questions, language, ask=True, hint=not topic.follow_ups),
        follow_ups=for_person(topic.follow_ups, language, ask=True) if topic.follow_ups else "",
        has_follow_ups=bool(topic.follow_ups),
        topic_note=gettext(topic.note) if topic.note else "",
        has_note=topic.note is not None,
    )
    return data


async def closing_getter(dialog_manager: DialogManager, **kwargs: Any) -> dict[str, Any]:
    data = await header_getter(dialog_manager, **kwargs)
    case, language = data["case"], data["case"].interview_language
    data.update(
        closing_card=for_person(guide.CLOSING[:-1], language),
        contacts=contacts_card(case.contacts, language, intro=False),
        thanks=for_person(guide.CLOSING[-1], language),
    )
    return data


MINOR_CARD = N_(
    "🧒 The person is under 18, or may be. Before you go on:\n"
    "• A legal representative (parent or guardian) should be present and consent, unless they may be involved "
    "in the exploitation; if they may be, or there is none, inform the guardianship authority (para 19) and do "
    "not interview the child alone.\n"
    "• If possible, have a psychologist or teacher present.\n"
    "• The opening and the conversation show the child version: keep it short, with breaks.\n"
    "• Tell the child it is fine to say «I don't know» or «I don't understand», and to correct you.\n"
    "• If the age is unknown and the person may be a child, treat them as a child.\n\n"
    "Who stands by the person?"
)
TO_CLOSING = Button(Tr("🏁 Closing"), id="closing", on_click=go(Intake.closing))
BREAK_BUTTON = Button(Tr("🫶 Break"), id="break", on_click=take_break)

NEEDS_SCREEN = step(
    Tr(
        "The person's immediate needs and safety: the first thing to ask, before the opening. Closed questions "
        "are right here.\n"
    ),
    Format("{needs_card}"),
    Tr("\nTap what the person's answers show, then Continue. Nothing is said to anyone outside."),
    choice("need", "need_items", on_need),
    Button(Tr("Continue ➡"), id="done", on_click=on_needs_done),
    state=Intake.needs,
    getter=needs_getter,
)
NEEDS_ACTION = step(
    Tr("Act on this now, before the conversation goes on:\n\n{actions}"),
    Button(Tr("✅ Done: the conversation can go on"), id="acted", on_click=on_acted),
    state=Intake.needs_action,
    getter=needs_getter,
)
MINOR = step(
    Tr(MINOR_CARD),
    *(Button(Tr(way.text), id=way.id, on_click=on_way) for way in MINOR_WAYS),
    state=Intake.minor,
)
OPENING = step(
    Tr(
        "The opening: read it in parts; after each, pause and ask the person to say in their own words what "
        "will happen. Say who else is in the room and why.\n"
    ),
    Tr("Part {part} of 2\n"),
    Format("{opening_card}"),
    Tr("\n🧒 A child: the child version is included; the legal representative stays.", when="minor"),
    Button(
        Tr("Part 2: confidentiality and what happens next ➡"), id="more", on_click=on_opening_read, when="first_part"
    ),
    Button(Tr("✅ Read out; the person has understood"), id="read", on_click=on_opening_read, when="second_part"),
    Button(Tr("◀ Part 1"), id="earlier", on_click=on_opening_read, when="second_part"),
    BREAK_BUTTON,
    state=Intake.opening,
    getter=opening_getter,
)
CONVERSATION = step(
    Tr(
        "The conversation. Have the conversation first and fill in the rows afterwards. Ask in your own words, one "
        "question at a time; let the person finish.\n"
    ),
    Format("{narrative_card}"),
    Tr("\nLet the person finish; do not interrupt; silence is fine; fill in the rows later."),
    Button(Tr("🗺 Topics to cover ➡"), id="topics", on_click=on_topics),
    TO_CLOSING,
    BREAK_BUTTON,
    state=Intake.conversation,
    getter=conversation_getter,
)
TOPIC = step(
    Tr(
        "Topic {topic_no} of {topics}: {topic_title}\n"
        "A list of what to cover, not an order: the person may tell it in any order.\n"
    ),
    Format("{topic_card}"),
    Tr(
        "\nFollow-up questions, only once the person has spoken of it; pair each with «Tell me more about that»:",
        when="has_follow_ups",
    ),
    Format("{follow_ups}", when="has_follow_ups"),
    Format("\n{topic_note}", when="has_note"),
    Row(
        Button(Tr("◀ Previous topic"), id="previous", on_click=on_next_topic),
        Button(Tr("Next topic ▶"), id="next", on_click=on_next_topic),
    ),
    TO_CLOSING,
    BREAK_BUTTON,
    state=Intake.topic,
    getter=topic_getter,
)
CLOSING = step(
    Tr("The closing, before the person leaves:\n"),
    Format("{closing_card}"),
    Format("📇 {contacts}\n"),
    Format("{thanks}"),
    Tr("\nThe person may leave now: you score the evaluation sheet afterwards."),
    Button(Tr("✅ Closed: to the evaluation sheet"), id="closed", on_click=on_closed),
    Button(Tr("🗺 Back to the topics"), id="topics", on_click=go(Intake.topic)),
    BREAK_BUTTON,
    state=Intake.closing,
    getter=closing_getter,
)
WINDOWS = (NEEDS_SCREEN, NEEDS_ACTION, MINOR, OPENING, CONVERSATION, TOPIC, CLOSING)
