"""For the head of an organization: the team (deactivate, reactivate), invitations, the referral contacts shown
to the person at every end of an intake, and the audit trail of the organization. The trail is read-only: nothing
here changes it."""

from __future__ import annotations

from typing import Any

from aiogram.types import CallbackQuery
from aiogram.utils.i18n import gettext
from aiogram_dialog import Dialog, DialogManager
from aiogram_dialog.widgets.kbd import Button, Row
from aiogram_dialog.widgets.text import Format

from bot.i18n import AUTONYMS, format_datetime
from bot.standard import N_
from bot.standard.contacts import LANGUAGES, ContactsError, check_contacts
from bot.standard.resocialization import POSITION_TITLES, Position
from bot.standard.roles import Role

from .context import actor, locale, store
from .inputs import InputError, clean_name, clean_text, text_step
from .states import Team
from .widgets import ERROR, MAIN_MENU, Screen, Tr, choice, go

AUDIT_PAGE = 15


async def members_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    members = await store(dialog_manager).team(actor(dialog_manager))
    head = await store(dialog_manager).head_name(actor(dialog_manager))
    return {
        "head": head or "—",
        "members": [
            {
                "id": m.telegram_id,
                "text": ("" if m.active else "⛔ ")
                + (m.full_name or str(m.telegram_id))
                + " · "
                + gettext(Role(m.role).label),
            }
            for m in members
        ],
    }


async def member_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    telegram_id = dialog_manager.dialog_data["member"]
    members = {m.telegram_id: m for m in await store(dialog_manager).team(actor(dialog_manager))}
    member = members[telegram_id]
    return {
        "name": member.full_name or str(member.telegram_id),
        "active": member.active,
        "inactive": not member.active,
        "self": telegram_id == actor(dialog_manager).telegram_id,
        "can_switch": telegram_id != actor(dialog_manager).telegram_id,
        "state": gettext(N_("active") if member.active else N_("deactivated")),
        "post": gettext(POSITION_TITLES[Position(member.position)]) if member.position else "—",
        "staff": Role(member.role).is_staff,
        "positions": [
            {"id": p.value, "text": ("• " if member.position == p.value else "") + gettext(t)}
            for p, t in POSITION_TITLES.items()
        ],
    }


async def on_member(callback: CallbackQuery, _w: Any, manager: DialogManager, telegram_id: str) -> None:
    manager.dialog_data["member"] = int(telegram_id)
    await manager.switch_to(Team.member)


async def on_position(callback: CallbackQuery, _w: Any, manager: DialogManager, position: str) -> None:
    """The post of Annex 5 decides what of a recipient's plan and monitoring the person records."""
    if position in {p.value for p in Position}:
        await store(manager).set_position(actor(manager), manager.dialog_data["member"], Position(position))
        await manager.switch_to(Team.member)


async def on_switch(callback: CallbackQuery, button: Button, manager: DialogManager) -> None:
    await store(manager).set_active(actor(manager), manager.dialog_data["member"], button.widget_id == "activate")


async def on_invite_role(callback: CallbackQuery, button: Button, manager: DialogManager) -> None:
    code, expires = await store(manager).create_invite(actor(manager), button.widget_id or "")
    me = await manager.middleware_data["bot"].me()
    manager.dialog_data["invite"] = {
        "link": f"https://t.me/{me.username}?start={code}",
        "until": format_datetime(expires, locale(), "short"),
        "role": button.widget_id,
    }
    await manager.switch_to(Team.invite)


async def invite_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    invite = dict(dialog_manager.dialog_data["invite"])
    role = invite.pop("role")
    return {**invite, "role": gettext(Role(role).label)}


async def audit_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    page = int(dialog_manager.dialog_data.get("audit_page", 0))
    lines = await store(dialog_manager).organization_audit(
        actor(dialog_manager), limit=AUDIT_PAGE + 1, offset=page * AUDIT_PAGE
    )
    shown = lines[:AUDIT_PAGE]
    return {
        "trail": "\n".join(
            f"{format_datetime(line.at, locale(), 'short')} · {line.user} · {line.action}"
            + (f" · {line.case_number}" if line.case_number else "")
            for line in shown
        )
        or gettext(N_("Nothing recorded yet.")),
        "page": page + 1,
        "has_older": len(lines) > AUDIT_PAGE,
        "has_newer": page > 0,
    }


async def on_audit_page(callback: CallbackQuery, button: Button, manager: DialogManager) -> None:
    page = int(manager.dialog_data.get("audit_page", 0))
    manager.dialog_data["audit_page"] = max(0, page + (1 if button.widget_id == "older" else -1))


async def on_head_name(message: Any, manager: DialogManager) -> None:
    name = clean_name(message)  # letters only, at most MAX_NAME characters
    await store(manager).set_head_name(actor(manager), name)
    await manager.switch_to(Team.members)


async def contacts_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    contacts = await store(dialog_manager).contacts(actor(dialog_manager))
    return {
        "contacts": "\n\n".join(f"{AUTONYMS[code]}:\n{contacts.get(code) or '—'}" for code in LANGUAGES),
        "languages": [{"id": code, "text": "✏ " + AUTONYMS[code]} for code in LANGUAGES],
    }


async def on_contacts_language(callback: CallbackQuery, _w: Any, manager: DialogManager, language: str) -> None:
    if language in LANGUAGES:
        manager.dialog_data["contacts_language"] = language
        await manager.switch_to(Team.contacts_edit)


async def contacts_edit_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    language = dialog_manager.dialog_data["contacts_language"]
    current = (await store(dialog_manager).contacts(actor(dialog_manager))).get(language)
    return {"language": AUTONYMS[language], "current": current or "—"}


async def on_contacts(message: Any, manager: DialogManager) -> None:
    """A list typed in one language, one contact per line; «-» clears it. A refused list changes nothing kept."""
    typed = clean_text(message, None, keep_lines=True)
    try:
        text = None if typed in {"-", "—", "–"} else check_contacts(typed)
    except ContactsError as error:
        raise InputError(error.msgid, **error.values) from None
    await store(manager).set_contacts(actor(manager), manager.dialog_data["contacts_language"], text)
    await manager.switch_to(Team.contacts)


TO_TEAM = Button(Tr("⬅ Team"), id="team", on_click=go(Team.members))


MEMBERS = Screen(
    ERROR,
    Tr("Your team. Tap a person to close or restore their access. ⛔ marks closed access."),
    Tr("\nHead of the organization on the application (Annex 1): {head}"),
    choice("member", "members", on_member),
    Button(Tr("➕ Invite someone"), id="invite", on_click=go(Team.invite_role)),
    Button(Tr("✍ The head's name on documents"), id="head", on_click=go(Team.head_name)),
    Button(Tr("📇 Referral contacts"), id="contacts", on_click=go(Team.contacts)),
    MAIN_MENU,
    state=Team.members,
    getter=members_getter,
)
HEAD_NAME = Screen(
    ERROR,
    Tr(
        "Type the surname, first name and patronymic (if any) of the head of the organization, as "
        "the application (Annex 1) is to name them."
    ),
    text_step(on_head_name),
    Row(TO_TEAM, MAIN_MENU),
    state=Team.head_name,
)
CONTACTS = Screen(
    ERROR,
    Tr(
        "📇 Referral contacts\n\nWhere else the person can get help: shown to the person at every end of an intake "
        "and at the closing of the conversation, in the interview language. One contact per line, e.g. «Crisis "
        "centre (24 h) — +7 …»."
    ),
    Format("\n{contacts}"),
    choice("contacts_language", "languages", on_contacts_language),
    Row(Button(Tr("⬅ Back"), id="to_team", on_click=go(Team.members)), MAIN_MENU),
    state=Team.contacts,
    getter=contacts_getter,
)
CONTACTS_EDIT = Screen(
    ERROR,
    Tr("Type the contacts in {language}, one per line. Send «-» to clear."),
    Tr("\nNow:\n{current}"),
    text_step(on_contacts),
    Row(Button(Tr("⬅ Back"), id="to_contacts", on_click=go(Team.contacts)), MAIN_MENU),
    state=Team.contacts_edit,
    getter=contacts_edit_getter,
)
MEMBER = Screen(
    ERROR,
    Tr("{name}\nAccess: {state}"),
    Tr("Post (Annex 5): {post}", when="staff"),
    Tr("\nThis is you.", when="self"),
    Button(
        Tr("⛔ Close access"),
        id="deactivate",
        on_click=on_switch,
        when=lambda d, *_: d["active"] and d["can_switch"],
    ),
    Button(
        Tr("✅ Restore access"),
        id="activate",
        on_click=on_switch,
        when=lambda d, *_: d["inactive"] and d["can_switch"],
    ),
    Button(Tr("🎓 Post"), id="post", on_click=go(Team.position), when="staff"),
    Row(TO_TEAM, MAIN_MENU),
    state=Team.member,
    getter=member_getter,
)
POSITION = Screen(
    ERROR,
    Tr(
        "{name}\nPost (Annex 5): {post}\n\nThe post decides which types of service of a recipient's plan and "
        "monitoring they record."
    ),
    choice("position", "positions", on_position),
    Row(Button(Tr("⬅ Back"), id="to_member", on_click=go(Team.member)), MAIN_MENU),
    state=Team.position,
    getter=member_getter,
)
INVITE_ROLE = Screen(
    ERROR,
    Tr("Whom do you invite? The invitation is a link for one person, valid for 72 hours."),
    Button(Tr(Role.SPECIALIST.label), id=Role.SPECIALIST.value, on_click=on_invite_role),
    Button(Tr(Role.HEAD.label), id=Role.HEAD.value, on_click=on_invite_role),
    Row(TO_TEAM, MAIN_MENU),
    state=Team.invite_role,
)
INVITE = Screen(
    ERROR,
    Tr("Invitation for a {role}, valid until {until}. Send this link to that person only; it works once:\n\n{link}"),
    Row(TO_TEAM, MAIN_MENU),
    state=Team.invite,
    getter=invite_getter,
)
AUDIT = Screen(
    ERROR,
    Tr("Audit trail of your organization · page {page}\n\n{trail}"),
    Row(
        Button(Tr("◀ Newer"), id="newer", on_click=on_audit_page, when="has_newer"),
        Button(Tr("Older ▶"), id="older", on_click=on_audit_page, when="has_older"),
    ),
    MAIN_MENU,
    state=Team.audit,
    getter=audit_getter,
)
WINDOWS = (
    MEMBERS,
    HEAD_NAME,
    CONTACTS,
    CONTACTS_EDIT,
    MEMBER,
    POSITION,
    INVITE_ROLE,
    INVITE,
    AUDIT,
)


def dialog() -> Dialog:
    return Dialog(*WINDOWS)
