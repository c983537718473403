"""The one assembly point: Bot, Dispatcher, storage, middlewares, dialogs, error handlers."""

from __future__ import annotations

import asyncio
import contextlib
import gc
import logging
import secrets
from dataclasses import dataclass
from typing import Any

from aiogram import Bot, Dispatcher
from aiogram.client.default import DefaultBotProperties
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.exceptions import TelegramBadRequest
from aiogram.filters import ExceptionTypeFilter
from aiogram.fsm.storage.base import BaseStorage
from aiogram.types import BotCommand, ErrorEvent, Message
from aiogram.utils.i18n import I18n
from aiogram_dialog import DialogManager, ShowMode, StartMode, setup_dialogs
from aiogram_dialog.api.entities import stack as dialog_stack
from aiogram_dialog.api.exceptions import OutdatedIntent, UnknownIntent, UnknownState

from dialogs import build_router
from dialogs.states import Menu

from .access import AccessMiddleware
from .chats import PrivateChatsOnly, private_router, warn_if_groups_allowed
from .config import LOCALES, Settings
from .i18n import make_i18n, pick_locale
from .logs import UpdateContext
from .notify import RetryAfter, Sender, SharedBudget
from .reminders import reminder_loop
from .standard import N_
from .store import Forbidden, NotFound, Store
from .store.columns import check_key_fits
from .store.db import install_keyring, make_engine, migrate
from .store.fsm import SQLStorage, redis_storage

log = logging.getLogger(__name__)

COMMANDS = (
    ("start", N_("Main menu")),
    ("status", N_("Status of cases")),
    ("drafts", N_("Unfinished intakes")),
    ("help", N_("Help")),
    ("language", N_("Change the language")),
)


@dataclass
class App:
    settings: Settings
    store: Store
    i18n: I18n
    storage: BaseStorage
    dispatcher: Dispatcher

    async def close(self) -> None:
        await self.storage.close()
        await self.store.close()


def make_bot(settings: Settings) -> Bot:
    session = None
    if settings.telegram_api_url:
        session = AiohttpSession(api=TelegramAPIServer.from_base(settings.telegram_api_url))
    # No parse mode: everything typed is shown as plain text, never as markup.
    bot = Bot(settings.bot_token or "", session=session, default=DefaultBotProperties(parse_mode=None))
    bot.session.middleware(RetryAfter())  # a screen meeting a 429 waits and goes out (notify.py)
    return bot


def make_storage(settings: Settings, store: Store) -> BaseStorage:
    if settings.redis_url:
        return redis_storage(settings.redis_url)
    return SQLStorage(store.engine)


async def open_store(settings: Settings) -> Store:
    keyring = install_keyring(settings)
    engine = make_engine(settings.database_url)
    try:
        await migrate(engine)
        await check_key_fits(engine, keyring)
    except BaseException:
        await engine.dispose()
        raise
    store = Store(engine, verdict_rule=settings.verdict_rule)
    await store.ensure_statistics()  # once: the plain facts of the cases older than the statistics
    await store.ensure_resocialization_deadlines()  # once: agreements signed before resocialization existed
    return store


INTENT_ID_SPACE = 62**6  # six letters or digits, as aiogram-dialog's own ids: the callback data keeps its length


def _unique_intent_id() -> str:
    return dialog_stack.id_to_str(secrets.randbelow(INTENT_ID_SPACE))


def unique_intent_ids() -> None:
    """aiogram-dialog names each opened dialog by the current second plus one of only 100 random numbers, so two
    dialogs opened in the same second (a case card and the documents opened from it, a report giving way to the
    documents) share their id once in a hundred. The child's state then overwrites its parent's, and closing the child
    deletes both: "⬅ Back" meets "This button is no longer active". Ids drawn from 62⁶ random values make that
    about one in fifty billion."""
    dialog_stack.new_id = _unique_intent_id


def build_dispatcher(
    settings: Settings, store: Store, i18n: I18n, storage: BaseStorage, message_manager: Any = None
) -> Dispatcher:
    unique_intent_ids()
    dp = Dispatcher(storage=storage, store=store, i18n=i18n)
    dp.update.outer_middleware(UpdateContext())  # log lines name the update
    dp.update.outer_middleware(PrivateChatsOnly(store, i18n, settings.default_locale))  # before anything else
    dp.update.outer_middleware(AccessMiddleware(store, i18n, settings))
    dp.include_router(private_router())
    dp.include_router(build_router())
    dp.errors.register(on_stale_button, ExceptionTypeFilter(UnknownIntent, UnknownState, OutdatedIntent))
    dp.errors.register(on_not_available, ExceptionTypeFilter(NotFound, Forbidden))
    setup_dialogs(dp, message_manager=message_manager)
    return dp


async def build_app(settings: Settings) -> App:
    store = await open_store(settings)
    i18n = make_i18n(settings.default_locale)
    storage = make_storage(settings, store)
    app = App(settings, store, i18n, storage, build_dispatcher(settings, store, i18n, storage))
    # aiogram's types, the dialogs and the catalogs are hundreds of thousands of long-lived objects: move them
    # out of the collector's sight, so that a full collection no longer pauses a step for ~0.1 s
    gc.collect()
    gc.freeze()
    return app


async def _back_to_menu(event: ErrorEvent, dialog_manager: DialogManager, i18n: I18n, msgid: str) -> None:
    actor = getattr(dialog_manager, "middleware_data", {}).get("actor")
    update = event.update
    user = update.event.from_user if hasattr(update.event, "from_user") else None
    locale = pick_locale(actor.locale if actor else None, user.language_code if user else None, i18n.default_locale)
    with i18n.context(), i18n.use_locale(locale):
        text = i18n.gettext(msgid)
        if update.callback_query:
            await update.callback_query.answer(text, show_alert=True)
            message = update.callback_query.message
            if isinstance(message, Message):
                with contextlib.suppress(TelegramBadRequest):
                    await message.delete()
        elif update.message:
            await update.message.answer(text)
        if actor is not None:
            await dialog_manager.start(Menu.main, mode=StartMode.RESET_STACK, show_mode=ShowMode.SEND)


async def on_stale_button(event: ErrorEvent, dialog_manager: DialogManager, i18n: I18n) -> None:
    log.info("stale dialog event: %s", type(event.exception).__name__)
    await _back_to_menu(event, dialog_manager, i18n, N_("This button is no longer active. Here is the main menu."))


async def on_not_available(event: ErrorEvent, dialog_manager: DialogManager, i18n: I18n) -> None:
    log.warning("refused access to a case: %s", type(event.exception).__name__)
    await _back_to_menu(event, dialog_manager, i18n, N_("This case is not available to you, or it is already closed."))


async def set_commands(bot: Bot, i18n: I18n) -> None:
    """The command menu in each interface language."""
    for code in LOCALES:
        commands = [BotCommand(command=name, description=i18n.gettext(text, locale=code)) for name, text in COMMANDS]
        await bot.set_my_commands(commands, language_code=code)
    await bot.set_my_commands(
        [
            BotCommand(command=name, description=i18n.gettext(text, locale=i18n.default_locale))
            for name, text in COMMANDS
        ]
    )


async def housekeeping(store: Store, settings: Settings, every: float = 3600) -> None:
    """Erase intakes left unfinished longer than RETENTION_DAYS, at start and then hourly."""
    while True:
        try:
            erased = await store.purge_stale_drafts(settings.retention_days)
            if erased:
                log.info("erased %d unfinished intake(s) older than %d days", len(erased), settings.retention_days)
        except Exception:
            log.exception("housekeeping failed")
        await asyncio.sleep(every)


def start_background(app: App, bot: Bot) -> list[asyncio.Task[None]]:
    """The throttled sender for notifications, the reminder loop and the hourly housekeeping. With Redis the
    sender shares Telegram's budget (30 a second for the bot, 1 a second per chat, 429 pauses) with every other
    process of the bot; alone, it keeps its own."""
    redis = getattr(app.storage, "redis", None)
    sender = Sender(bot, shared=SharedBudget(redis, bot.id) if redis is not None else None)
    app.dispatcher["sender"] = sender
    return [
        asyncio.create_task(housekeeping(app.store, app.settings)),
        asyncio.create_task(reminder_loop(app.store, sender, app.i18n)),
    ]


async def run_polling(settings: Settings) -> None:
    app = await build_app(settings)
    bot = make_bot(settings)
    chores = start_background(app, bot)
    try:
        await warn_if_groups_allowed(bot)
        await set_commands(bot, app.i18n)
        log.info("polling Telegram for updates")
        await app.dispatcher.start_polling(bot, handle_signals=True, close_bot_session=True)
    finally:
        for task in chores:
            task.cancel()
        await app.close()
