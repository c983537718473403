"""What the tests share besides fixtures: clearly synthetic people, the moment tests run at, a harness that plays
a user of the bot through aiogram-dialog's BotClient with a fake bot recording what was asked of Telegram, the
reading of case numbers from the screen, and the throwaway PostgreSQL databases and Redis."""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import subprocess
import sys
import unicodedata
from datetime import datetime
from pathlib import Path
from collections.abc import Iterator
from typing import Any

import pytest
from aiogram.methods import (
    AnswerCallbackQuery,
    DeleteMessage,
    SendDocument,
    SendMessage,
    TelegramMethod,
)
from aiogram.types import Chat, Message, Sticker, Update, User
from aiogram_dialog.test_tools import BotClient, MockMessageManager
from aiogram_dialog.test_tools.bot_client import FakeBot
from aiogram_dialog.test_tools.keyboard import InlineButtonTextLocator

from bot.demo.fake_telegram import FakeTelegram
from bot.demo.script import Step
from bot.i18n import make_i18n
from bot.standard import clock

# Clearly synthetic people and places: nothing here resembles a real person.

SPECIALIST_ID = 700001
OTHER_ORG_SPECIALIST_ID = 700002
ORG = "Test Shelter No. 1"
DISTRICT = "Test District A"


I18N = make_i18n()

# The moment every test runs at, unless it sets the clock itself: Wednesday 25 November 2026, 11:00 in Almaty.
# The bot's legal day comes from bot.standard.clock, so no test depends on the machine's date.
TEST_NOW = datetime(2026, 11, 25, 11, 0, tzinfo=clock.TZ)


CASE_NUMBER = re.compile(r"\b(?:T-)?\d{4}-\d{4,}\b")


def shown_number(text: str) -> str:
    """The case number a screen or a message shows (tests never write a year's number themselves)."""
    found = CASE_NUMBER.search(text)
    assert found, f"no case number in {text!r}"
    return found.group(0)


def normalize(text: str) -> str:
    """Babel's dates carry non-breaking spaces; compare text as a person reads it."""
    return " ".join(unicodedata.normalize("NFKC", text).split())


class RecordingBot(FakeBot):
    """Accepts the few calls the handlers make directly (answers, deletions) and records them."""

    def __init__(self) -> None:
        self.calls: list[TelegramMethod[Any]] = []
        self._me = None

    async def me(self) -> User:
        return User(id=1, is_bot=True, first_name="Intake bot", username="intake_test_bot")

    async def __call__(self, method: TelegramMethod[Any], request_timeout: int | None = None) -> Any:
        self.calls.append(method)
        if isinstance(method, (AnswerCallbackQuery, DeleteMessage)):
            return True
        if isinstance(method, SendMessage):
            return Message(
                message_id=10_000 + len(self.calls),
                date=datetime.now(),
                chat=Chat(id=method.chat_id, type="private"),
                text=method.text,
            )
        return True

    @property
    def deleted(self) -> list[int]:
        return [m.message_id for m in self.calls if isinstance(m, DeleteMessage)]

    @property
    def texts(self) -> list[str]:
        return [m.text for m in self.calls if isinstance(m, SendMessage)]

    @property
    def documents(self) -> list[SendDocument]:
        return [m for m in self.calls if isinstance(m, SendDocument)]

    @property
    def alerts(self) -> list[str]:
        return [m.text for m in self.calls if isinstance(m, AnswerCallbackQuery) and m.text]


class RecordingMessageManager(MockMessageManager):
    def __init__(self) -> None:
        super().__init__()
        self.protected: list[bool | None] = []

    async def show_message(self, bot, new_message, old_message):
        self.protected.append(new_message.protect_content)
        return await super().show_message(bot, new_message, old_message)


class Specialist:
    """Plays a user of the bot through aiogram-dialog's BotClient."""

    def __init__(self, dp: Any, user_id: int, messages: RecordingMessageManager, bot: RecordingBot):
        self.client = BotClient(dp, user_id=user_id, chat_id=user_id, bot=bot)
        self.messages = messages
        self.bot = bot

    @property
    def screen(self) -> Message:
        return self.messages.last_message()

    @property
    def text(self) -> str:
        return normalize(self.screen.text or "")

    @property
    def number(self) -> str:
        """The case number on the current screen."""
        return shown_number(self.text)

    @property
    def buttons(self) -> list[str]:
        markup = self.screen.reply_markup
        return [b.text for row in markup.inline_keyboard for b in row] if markup else []

    async def send(self, text: str) -> None:
        await self.client.send(text)

    async def tap(self, label: str) -> None:
        """Tap the button whose text starts with ``label`` (exact catalog text, no regex needed)."""
        await self.client.click(self.screen, InlineButtonTextLocator(re.escape(label) + ".*"))

    async def tap_pattern(self, pattern: re.Pattern[str]) -> None:
        button = next(
            (
                b
                for row in (self.screen.reply_markup.inline_keyboard if self.screen.reply_markup else [])
                for b in row
                if pattern.fullmatch(b.text)
            ),
            None,
        )
        if button is None:
            raise AssertionError(f"no button {pattern.pattern!r} on the screen {self.text!r}: {self.buttons}")
        await self.client.click(self.screen, InlineButtonTextLocator(re.escape(button.text)))

    async def run(self, steps: list[Step], locale: str) -> None:
        """Play scripted steps, tapping buttons by their text in ``locale``."""
        for step in steps:
            if step.kind == "send":
                await self.send(step.value)
            else:
                await self.tap_pattern(step.label_pattern(I18N, locale))

    def t(self, msgid: str, locale: str, **values: Any) -> str:
        return normalize(I18N.gettext(msgid, locale=locale).format(**values))

    async def send_media(self, kind: str) -> int:
        """Send a photo, document, voice, video, contact or location message; returns its message id."""
        file = {"file_id": f"{kind}-1", "file_unique_id": f"{kind}-u1"}
        content = {
            "photo": {"photo": [{**file, "width": 800, "height": 600}]},
            "document": {"document": {**file, "file_name": "passport-scan.pdf"}},
            "voice": {"voice": {**file, "duration": 4}},
            "video": {"video": {**file, "width": 320, "height": 240, "duration": 4}},
            "contact": {"contact": {"phone_number": "+77000000000", "first_name": "Synthetic"}},
            "location": {"location": {"latitude": 43.238, "longitude": 76.889}},
        }[kind]
        client = self.client
        message = Message.model_validate(
            {
                "message_id": client._new_message_id(),
                "date": datetime.now(),
                "chat": client.chat,
                "from": client.user,
                **content,
            }
        )
        await client.dp.feed_update(client.bot, Update(update_id=client._new_update_id(), message=message))
        return message.message_id

    async def send_text(self, text: str) -> int:
        """Type ``text``; returns the message's id (for an edit later)."""
        message = self.client._new_message(text, None)
        await self.client.dp.feed_update(
            self.client.bot, Update(update_id=self.client._new_update_id(), message=message)
        )
        return message.message_id

    async def edit(self, message_id: int, text: str) -> None:
        """Edit a message typed earlier (Telegram sends ``edited_message``)."""
        client = self.client
        message = Message(
            message_id=message_id,
            date=datetime.now(),
            edit_date=int(datetime.now().timestamp()),
            chat=client.chat,
            from_user=client.user,
            text=text,
        )
        await client.dp.feed_update(client.bot, Update(update_id=client._new_update_id(), edited_message=message))

    async def send_sticker(self) -> None:
        client = self.client
        message = Message(
            message_id=client._new_message_id(),
            date=datetime.now(),
            chat=client.chat,
            from_user=client.user,
            sticker=Sticker(
                file_id="sticker",
                file_unique_id="s1",
                type="regular",
                width=1,
                height=1,
                is_animated=False,
                is_video=False,
            ),
        )
        await client.dp.feed_update(client.bot, Update(update_id=client._new_update_id(), message=message))


PG_ADMIN_DSN = os.environ.get("TEST_POSTGRES_DSN", "postgresql://postgres@127.0.0.1:5432/test")
DATABASES = ("sqlite", "postgresql")


async def pg_admin():
    """A connection to the PostgreSQL server for creating throwaway databases, or a skip (a failure in CI)."""
    import asyncpg

    try:
        return await asyncpg.connect(PG_ADMIN_DSN, timeout=3)
    except (OSError, asyncpg.PostgresError) as exc:
        if os.environ.get("CI"):
            pytest.fail(f"PostgreSQL must run in CI ({PG_ADMIN_DSN}): {exc}")
        pytest.skip(f"PostgreSQL is not reachable at {PG_ADMIN_DSN} ({exc}); these tests run in CI")


async def redis_or_skip(url: str, *, flush: bool = False) -> None:
    """Redis answers at ``url`` (its database emptied first with ``flush``), or a skip (a failure in CI)."""
    from redis.asyncio import Redis

    client = Redis.from_url(url)
    try:
        await client.ping()
        if flush:
            await client.flushdb()
    except Exception as exc:
        if os.environ.get("CI"):
            pytest.fail(f"Redis must run in CI ({url}): {exc}")
        pytest.skip(f"Redis is not reachable at {url} ({exc}); these tests run in CI")
    finally:
        await client.aclose()


def pg_url(name: str) -> str:
    return PG_ADMIN_DSN.replace("postgresql://", "postgresql+asyncpg://").rsplit("/", 1)[0] + f"/{name}"


# --- the real process (end-to-end tests) ----------------------------------------------------------------------

EXE = shutil.which("intake-bot", path=str(Path(sys.executable).parent)) or "intake-bot"


def bot_env(tmp_path: Path, api_url: str, database_url: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "ADMIN_IDS")}
    env.update(
        BOT_TOKEN="123456789:E2E-TEST-TOKEN",
        TELEGRAM_API_URL=api_url,
        DEFAULT_LOCALE="en",
        DATABASE_URL=database_url,
        INTAKE_KEY_FILE=str(tmp_path / "intake.key"),
        LOG_LEVEL="INFO",
        PYTHONUNBUFFERED="1",
    )
    env.pop("INTAKE_DATA_KEY", None)
    return env


E2E_ORG, E2E_DISTRICT = "E2E Test Shelter", "E2E Test District"


def add_user(
    env: dict[str, str],
    telegram_id: int,
    role: str,
    name: str,
    *,
    org: str | None = E2E_ORG,
    district: str = E2E_DISTRICT,
    locale: str | None = None,
) -> None:
    """Register someone with ``intake-bot users add``, as an administrator does (an officer or law enforcement
    representative has no organization: ``org=None``)."""
    args = ["--telegram-id", str(telegram_id), "--role", role, "--district", district, "--name", name]
    args += ["--org", org] if org else []
    args += ["--locale", locale] if locale else []
    subprocess.run([EXE, "users", "add", *args], env=env, check=True, capture_output=True, timeout=60)


@contextlib.contextmanager
def bot_process(env: dict[str, str], log_path: Path) -> Iterator[subprocess.Popen[bytes]]:
    """The real bot (``intake-bot`` polling) with its output in ``log_path``; stopped with SIGINT at the end, and
    the test fails if it does not stop."""
    with log_path.open("wb") as log:
        process = subprocess.Popen([EXE], env=env, stdout=log, stderr=subprocess.STDOUT)
        try:
            yield process
        finally:
            process.send_signal(signal.SIGINT)
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                pytest.fail("the bot did not stop on SIGINT")


def first_case(tg: FakeTelegram, user_id: int) -> Step:
    """Tap the first case in a list (its text starts with the case number)."""
    first = next(
        b.text for row in tg.screen(user_id).buttons for b in row if b.text[:4].isdigit() or b.text.startswith("⚠️")
    )
    return Step("tap", first, translate=False)


def buttons(tg: FakeTelegram, user_id: int) -> list[str]:
    return [b.text for row in tg.screen(user_id).buttons for b in row]
