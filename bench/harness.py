"""Drives a Dispatcher in-process, the way the dialog tests do, but lean enough for thousands of chats.

* :class:`FakeBot` answers every Bot API call a dialog makes (send, edit, delete, answer) with what Telegram
  would return, without any network, and keeps each chat's latest screen (the newest message with an inline
  keyboard) so that a player can tap its buttons. aiogram-dialog's own ``MessageManager`` is used, as in
  production, so each step pays for the same calls it would make to Telegram.
* :class:`Player` plays one Telegram user: ``send`` a text or ``tap`` a button of the current screen; each is one
  update fed to the Dispatcher, i.e. one *step*, and its latency is recorded.

Nothing here imports from ``tests/``.
"""

from __future__ import annotations

import itertools
import re
import statistics
import time
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from aiogram import Dispatcher
from aiogram.methods import (
    EditMessageCaption,
    EditMessageReplyMarkup,
    EditMessageText,
    SendDocument,
    SendMessage,
    TelegramMethod,
)
from aiogram.types import (
    CallbackQuery,
    Chat,
    Document,
    InlineKeyboardMarkup,
    Message,
    Update,
    User,
)
from aiogram_dialog.test_tools.bot_client import FakeBot as _StubBot

BOT_USER = User(id=1, is_bot=True, first_name="Intake bot (bench)", username="intake_bench_bot")


class FakeBot(_StubBot):
    """A Bot that never leaves the process. ``screens[chat_id]`` is the chat's current screen."""

    def __init__(self) -> None:  # like aiogram-dialog's stub: no token, no session
        self.screens: dict[int, Message] = {}
        self.calls = 0
        self._ids = itertools.count(1_000_000)

    async def me(self) -> User:
        return BOT_USER

    def _message(self, chat_id: Any, message_id: int, text: str | None, markup: Any, protect: Any,
                 **extra: Any) -> Message:
        message = Message(message_id=message_id, date=datetime.now(), chat=Chat(id=int(chat_id), type="private"),
                          from_user=BOT_USER, text=text, reply_markup=markup,
                          has_protected_content=True if protect is True else None, **extra)
        if isinstance(markup, InlineKeyboardMarkup):
            self.screens[int(chat_id)] = message
        return message

    async def __call__(self, method: TelegramMethod[Any], request_timeout: int | None = None) -> Any:
        self.calls += 1
        if isinstance(method, SendMessage):
            return self._message(method.chat_id, next(self._ids), method.text, method.reply_markup,
                                 method.protect_content)
        if isinstance(method, EditMessageText):
            return self._message(method.chat_id, method.message_id, method.text, method.reply_markup,
                                 None if method.chat_id is None else self._protected(method.chat_id))
        if isinstance(method, (EditMessageReplyMarkup, EditMessageCaption)):
            return True
        if isinstance(method, SendDocument):
            return self._message(method.chat_id, next(self._ids), None, method.reply_markup, method.protect_content,
                                 document=Document(file_id="bench", file_unique_id="bench"),
                                 caption=method.caption)
        return True  # answerCallbackQuery, deleteMessage, setMyCommands...

    def _protected(self, chat_id: Any) -> bool | None:
        screen = self.screens.get(int(chat_id))
        return screen.has_protected_content if screen else None

    def __hash__(self) -> int:
        return id(self)


class NoScreen(AssertionError):
    pass


class Player:
    """One Telegram user feeding updates to ``dp``; ``latencies`` collects each step's seconds."""

    _update_ids = itertools.count(1)

    def __init__(self, dp: Dispatcher, bot: FakeBot, user_id: int, latencies: list[float] | None = None,
                 language_code: str | None = None):
        self.dp, self.bot, self.user_id = dp, bot, user_id
        self.user = User(id=user_id, is_bot=False, first_name=f"Bench{user_id}", language_code=language_code)
        self.chat = Chat(id=user_id, type="private")
        self.latencies = latencies if latencies is not None else []
        self._message_ids = itertools.count(1)

    @property
    def screen(self) -> Message | None:
        return self.bot.screens.get(self.user_id)

    async def _feed(self, update: Update) -> None:
        started = time.perf_counter()
        await self.dp.feed_update(self.bot, update)
        self.latencies.append(time.perf_counter() - started)

    async def send(self, text: str) -> None:
        message = Message(message_id=next(self._message_ids), date=datetime.now(), chat=self.chat,
                          from_user=self.user, text=text)
        await self._feed(Update(update_id=next(self._update_ids), message=message))

    def button(self, pattern: re.Pattern[str]) -> Any:
        screen = self.screen
        markup = screen.reply_markup if screen else None
        for row in (markup.inline_keyboard if markup else ()):
            for button in row:
                if pattern.fullmatch(button.text):
                    return button
        labels = [b.text for row in (markup.inline_keyboard if markup else ()) for b in row]
        raise NoScreen(f"user {self.user_id}: no button {pattern.pattern!r} on {screen.text if screen else None!r}: "
                       f"{labels}")

    async def tap(self, pattern: re.Pattern[str]) -> None:
        button = self.button(pattern)
        callback = CallbackQuery(id=f"{self.user_id}-{next(self._message_ids)}", from_user=self.user,
                                 chat_instance="bench", message=self.screen, data=button.callback_data)
        await self._feed(Update(update_id=next(self._update_ids), callback_query=callback))


def percentile(values: Sequence[float], q: float) -> float:
    """The q-quantile (0..1) by linear interpolation; values need not be sorted."""
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    position = (len(ordered) - 1) * q
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def summary(latencies: Sequence[float], elapsed: float) -> dict[str, Any]:
    """Steps per second over the wall time, and the p50/p99/mean of one step in milliseconds."""
    return {
        "steps": len(latencies),
        "seconds": round(elapsed, 3),
        "steps_per_second": round(len(latencies) / elapsed, 1) if elapsed else None,
        "p50_ms": round(1000 * percentile(latencies, 0.50), 2),
        "p99_ms": round(1000 * percentile(latencies, 0.99), 2),
        "mean_ms": round(1000 * statistics.fmean(latencies), 2) if latencies else None,
    }
