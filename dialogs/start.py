"""/start, /language and the main menu."""

from __future__ import annotations

from typing import Any

from aiogram import Router
from aiogram.filters import Command, CommandStart
from aiogram.types import CallbackQuery, Message
from aiogram.utils.i18n import gettext
from aiogram_dialog import Dialog, DialogManager, ShowMode, StartMode, Window
from aiogram_dialog.widgets.kbd import Button, Column, Select
from aiogram_dialog.widgets.text import Format

from bot.config import LOCALES
from bot.i18n import AUTONYMS, format_datetime
from bot.standard import N_
from bot.standard.roles import Role

from .context import actor, i18n, locale, store
from .inputs import NO_FILES, forget_message, is_media
from .intake import resume_intake
from .states import Cases, CaseStatus, HeadOverview, Intake, Menu, Permit, Start, Statistics, Team
from .widgets import ERROR, STRAY, Tr

HELP = {
    Role.SPECIALIST: N_(
        "/start — the menu: a new intake, unfinished intakes, recent cases\n"
        "/status — your organization's cases, overdue first; /status NUMBER — one case\n"
        "/language — the language of the bot\n\n"
        "In an intake, ⬅ Back goes one step back and ⏸ Pause keeps everything for later: continue from the "
        "menu on any device. What you type is removed from the chat once it is saved."
    ),
    Role.HEAD: N_(
        "/start — the menu: recent cases, your team, invitations, the audit trail\n"
        "/status — your organization's cases, overdue first; /status NUMBER — one case\n"
        "/language — the language of the bot"
    ),
    Role.OFFICER: N_(
        "/start — the menu: cases waiting for your decision on the permit\n"
        "/status — your district's cases, overdue first; /status NUMBER — one case\n"
        "/language — the language of the bot\n\n"
        "You are notified of each case forwarded to your district; decide within three working days (para 15)."
    ),
    Role.POLICE: N_(
        "/start — the menu: reports shared with you\n/language — the language of the bot\n\n"
        "A report is shared with you only on your written request and with the person's written consent."
    ),
    Role.ADMIN: N_(
        "/start — the menu\n/language — the language of the bot\n\n"
        "Users, invitations, the audit trail, retention and keys are managed with the intake-bot command line."
    ),
}


def commands_router() -> Router:
    router = Router(name="commands")

    @router.message(CommandStart())
    async def start(message: Message, dialog_manager: DialogManager, actor: Any) -> None:
        await store(dialog_manager).log_login(actor)
        target = Menu.main if actor.locale else Start.language
        await dialog_manager.start(target, mode=StartMode.RESET_STACK)

    @router.message(Command("language"))
    async def language(message: Message, dialog_manager: DialogManager) -> None:
        await dialog_manager.start(Start.language, mode=StartMode.RESET_STACK)

    @router.message(Command("help"))
    async def help_(message: Message, actor: Any) -> None:
        await forget_message(message)
        await message.answer(gettext(HELP[actor.role]))

    @router.message(Command("menu", "cancel"))
    async def menu(message: Message, dialog_manager: DialogManager) -> None:
        await dialog_manager.start(Menu.main, mode=StartMode.RESET_STACK)

    return router


def fallback_router() -> Router:
    """What no screen expects: a message where buttons are awaited, or a button that no screen owns
    (an old or forged one), or any message when no screen is open: a short answer and the main menu.
    Messages on an open screen are answered by the screen itself (``widgets.STRAY``)."""
    router = Router(name="fallback")

    @router.message()
    async def no_screen(message: Message, dialog_manager: DialogManager) -> None:
        await forget_message(message)  # it may hold personal data typed at the wrong moment
        if not is_media(message):
            await dialog_manager.start(Menu.main, mode=StartMode.RESET_STACK, show_mode=ShowMode.SEND)
            return
        await dialog_manager.start(Menu.main, mode=StartMode.RESET_STACK, show_mode=ShowMode.NO_UPDATE)
        dialog_manager.dialog_data["error"] = gettext(NO_FILES)  # the menu says why the file is gone
        dialog_manager.show_mode = ShowMode.SEND
        await dialog_manager.show()

    @router.callback_query()
    async def unknown_button(callback: CallbackQuery, dialog_manager: DialogManager) -> None:
        await callback.answer(gettext("This button is no longer active. Here is the main menu."), show_alert=True)
        await dialog_manager.start(Menu.main, mode=StartMode.RESET_STACK, show_mode=ShowMode.SEND)

    return router


# --- language ------------------------------------------------------------------------------------


async def language_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    catalogs = i18n()
    prompt = "\n".join(catalogs.gettext("Choose the language of the bot.", locale=code) for code in LOCALES)
    return {"prompt": prompt, "languages": [(code, AUTONYMS[code]) for code in LOCALES]}


async def on_language(callback: CallbackQuery, _widget: Any, manager: DialogManager, code: str) -> None:
    if code not in LOCALES:
        return
    await store(manager).set_locale(actor(manager), code)
    i18n().current_locale = code
    await manager.start(Menu.main, mode=StartMode.RESET_STACK)


# --- menu ------------------------------------------------------------------------------------------


async def menu_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    user = actor(dialog_manager)
    drafts = await store(dialog_manager).drafts(user) if user.role == Role.SPECIALIST else []
    return {
        "role": gettext(Role(user.role).label),
        "organization": user.organization_name or "—",
        "is_specialist": user.role == Role.SPECIALIST,
        "is_head": user.role == Role.HEAD,
        "is_police": user.role == Role.POLICE,
        "has_cases": Role(user.role).is_staff,
        "is_officer": user.role == Role.OFFICER,
        "sees_status": user.role in (Role.SPECIALIST, Role.HEAD, Role.OFFICER),
        "is_other": user.role == Role.ADMIN,
        "sees_statistics": user.role in (Role.HEAD, Role.OFFICER, Role.ADMIN),
        "has_drafts": bool(drafts),
        "drafts": [
            {"id": d.id, "number": d.number, "when": format_datetime(d.updated_at, locale(), "short")}
            for d in drafts[:6]
        ],
    }


async def on_new_intake(callback: CallbackQuery, _button: Button, manager: DialogManager) -> None:
    await manager.start(Intake.basis, mode=StartMode.RESET_STACK)


async def on_practice(callback: CallbackQuery, _button: Button, manager: DialogManager) -> None:
    await manager.start(Intake.basis, data={"practice": True}, mode=StartMode.RESET_STACK)


async def on_draft(callback: CallbackQuery, _widget: Any, manager: DialogManager, case_id: str) -> None:
    await resume_intake(manager, int(case_id))


async def on_recent(callback: CallbackQuery, _button: Button, manager: DialogManager) -> None:
    await manager.start(Cases.recent, mode=StartMode.RESET_STACK)


async def on_waiting(callback: CallbackQuery, _button: Button, manager: DialogManager) -> None:
    await manager.start(Permit.waiting, mode=StartMode.RESET_STACK)


async def on_status(callback: CallbackQuery, _button: Button, manager: DialogManager) -> None:
    await manager.start(CaseStatus.list, mode=StartMode.RESET_STACK)


async def on_team(callback: CallbackQuery, _button: Button, manager: DialogManager) -> None:
    await manager.start(Team.members, mode=StartMode.RESET_STACK)


async def on_audit(callback: CallbackQuery, _button: Button, manager: DialogManager) -> None:
    await manager.start(Team.audit, mode=StartMode.RESET_STACK)


async def on_plans(callback: CallbackQuery, _button: Button, manager: DialogManager) -> None:
    await manager.start(HeadOverview.main, mode=StartMode.RESET_STACK)


async def on_statistics(callback: CallbackQuery, _button: Button, manager: DialogManager) -> None:
    await manager.start(Statistics.main, mode=StartMode.RESET_STACK)


async def on_language_button(callback: CallbackQuery, _button: Button, manager: DialogManager) -> None:
    await manager.start(Start.language, mode=StartMode.RESET_STACK)


def dialogs() -> list[Dialog]:
    language_dialog = Dialog(
        Window(
            Format("{prompt}"),
            Column(
                Select(
                    Format("{item[1]}"),
                    id="lang",
                    item_id_getter=lambda item: item[0],
                    items="languages",
                    on_click=on_language,
                )
            ),
            STRAY,
            state=Start.language,
            getter=language_getter,
        ),
    )
    menu_dialog = Dialog(
        Window(
            ERROR,
            Tr("Main menu\n{role} · {organization}"),
            Tr("\nYou have unfinished intakes; tap one to continue.", when="has_drafts"),
            Tr("\nNothing needs your attention here yet.", when="is_other"),
            Button(Tr("📝 New intake"), id="new", on_click=on_new_intake, when="is_specialist"),
            Button(Tr("🎓 Practice intake"), id="practice", on_click=on_practice, when="is_specialist"),
            Column(
                Select(
                    Tr("▶ Continue {item[number]} ({item[when]})"),
                    id="draft",
                    item_id_getter=lambda item: item["id"],
                    items="drafts",
                    on_click=on_draft,
                )
            ),
            Button(Tr("📥 Waiting for a decision"), id="waiting", on_click=on_waiting, when="is_officer"),
            Button(Tr("🗂 Recent cases"), id="recent", on_click=on_recent, when="has_cases"),
            Button(Tr("📊 Status of cases"), id="status", on_click=on_status, when="sees_status"),
            Button(Tr("📂 Shared with me"), id="shared", on_click=on_recent, when="is_police"),
            Button(Tr("👥 Team"), id="team", on_click=on_team, when="is_head"),
            Button(Tr("📜 Audit trail"), id="audit", on_click=on_audit, when="is_head"),
            Button(Tr("🌱 Recipients of services"), id="plans", on_click=on_plans, when="has_cases"),
            Button(Tr("📈 Statistics"), id="statistics", on_click=on_statistics, when="sees_statistics"),
            Button(Tr("🌐 Language"), id="language", on_click=on_language_button),
            STRAY,
            state=Menu.main,
            getter=menu_getter,
        ),
    )
    return [language_dialog, menu_dialog]


__all__ = ["commands_router", "dialogs"]
