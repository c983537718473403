"""A fake Telegram Bot API server on localhost, plus a control API that plays the human user.

The real bot talks to it over HTTP exactly as it would talk to Telegram::

    async with FakeTelegram() as tg:
        bot = Bot(token, session=AiohttpSession(api=TelegramAPIServer.from_base(tg.base_url)))
        ...  # start polling in a background task
        tg.send_text(42, "/start")
        await tg.settle()
        await tg.tap(42, "Next")
        await tg.settle()
        assert "Question 1" in tg.screen(42).plain_text

Once the bot calls ``setWebhook``, updates are no longer handed out by ``getUpdates`` but posted to the
webhook URL, as Telegram does: with the secret-token header, one update at a time per chat, up to
``max_connections`` chats at once, and again (to the next target) when a post fails. ``webhook_targets``
stands in for a load balancer in front of several bot processes (round robin); ``await tg.processed(queued)``
waits until the bot answered the post of that update, i.e. handled it.

It keeps the Telegram rules a bot can trip over (length limits, callback data size,
"message is not modified", unknown messages, HTML parse errors, rate limits on demand)
and records every call in ``tg.calls`` for assertions.
"""

from __future__ import annotations

import asyncio
import contextlib
import copy
import html
import itertools
import json
import logging
import mimetypes
import re
import time
from collections.abc import Awaitable, Callable, Generator
from dataclasses import dataclass, field
from typing import Any

import aiohttp
from aiohttp import web

__all__ = ["BotMessage", "Button", "Document", "FakeTelegram", "Queued", "UserMessage"]

logger = logging.getLogger(__name__)

BOT_USERNAME = "intake_test_bot"
BOT_FIRST_NAME = "Intake bot"
MAX_TEXT_LENGTH = 4096
MAX_CAPTION_LENGTH = 1024
MAX_CALLBACK_DATA_BYTES = 64

_TOKEN_RE = re.compile(r"\d+:.+")
_COMMAND_RE = re.compile(r"[a-z0-9_]{1,32}")
# Fields whose values are free text: never JSON-decoded, even when they look like numbers.
_TEXT_FIELDS = frozenset(
    {
        "text",
        "caption",
        "parse_mode",
        "callback_query_id",
        "inline_message_id",
        "url",
        "language_code",
        "action",
        "document",
        "file_id",
        "secret_token",
        "business_connection_id",
    }
)
_HTML_TAG_RE = re.compile(r"<(/?)([^\s>/]*)([^>]*)>")
_HTML_ATTR_RE = re.compile(r"""([\w-]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?""")
_HTML_ENTITY_TYPES = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "tg-spoiler": "spoiler",
    "span": "spoiler",
    "a": "text_link",
    "code": "code",
    "pre": "pre",
    "blockquote": "blockquote",
    "tg-emoji": "custom_emoji",
}
_NOT_MODIFIED = (
    "message is not modified: specified new message content and reply markup "
    "are exactly the same as a current content and reply markup of the message"
)


@dataclass(frozen=True)
class Button:
    """An inline keyboard button as the user sees it."""

    text: str
    callback_data: str | None = None
    url: str | None = None


@dataclass(frozen=True)
class Document:
    """A file the bot sent; ``caption`` is the raw caption as the bot wrote it."""

    filename: str
    data: bytes
    caption: str | None = None


@dataclass(frozen=True)
class BotMessage:
    """A snapshot of one bot message. ``text`` is raw (e.g. HTML); ``plain_text`` is what users read."""

    message_id: int
    text: str
    plain_text: str
    buttons: list[list[Button]]
    protect_content: bool
    deleted: bool
    edited: bool
    document: Document | None


@dataclass(frozen=True)
class UserMessage:
    """A message the user sent; ``kind`` is text, sticker, photo, document or contact."""

    message_id: int
    kind: str
    text: str | None
    deleted: bool


@dataclass(frozen=True)
class Queued:
    """The update a control-API call put in the queue.

    The update is queued as soon as the method returns, so awaiting this object is optional;
    ``await`` simply gives it back. This lets tests write ``await tg.tap(...)`` or ``tg.tap(...)``.
    """

    update_id: int
    message_id: int | None = None
    callback_query_id: str | None = None

    def __await__(self) -> Generator[Any, None, Queued]:
        yield from ()
        return self


class _ApiError(Exception):
    """An error answer: ``{"ok": false, "error_code": code, "description": description}``."""

    def __init__(self, code: int, description: str, parameters: dict[str, Any] | None = None):
        super().__init__(description)
        self.code, self.description, self.parameters = code, description, parameters


def _bad_request(description: str) -> _ApiError:
    return _ApiError(400, f"Bad Request: {description}")


def _utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def _parse_html(source: str) -> tuple[str, list[dict[str, Any]]]:
    """Parse Telegram's HTML parse mode into (plain text, entities), rejecting what Telegram rejects."""
    plain: list[str] = []
    length = 0  # in UTF-16 code units, as Telegram counts entity offsets
    open_tags: list[tuple[str, int, dict[str, Any] | None]] = []
    entities: list[dict[str, Any]] = []

    def fail(problem: str) -> _ApiError:
        return _bad_request(f"can't parse entities: {problem}")

    pos = 0
    while (start := source.find("<", pos)) != -1:
        chunk = html.unescape(source[pos:start])
        plain.append(chunk)
        length += _utf16_len(chunk)
        at = f"at byte offset {len(source[:start].encode())}"
        match = _HTML_TAG_RE.match(source, start)
        name = match.group(2).lower() if match else ""
        if match is None or (not match.group(1) and name not in _HTML_ENTITY_TYPES):
            raise fail(f'Unsupported start tag "{name}" {at}')
        if match.group(1):
            if not open_tags or open_tags[-1][0] != name:
                expected = f'expected "</{open_tags[-1][0]}>", ' if open_tags else ""
                raise fail(f'Unmatched end tag {at}, {expected}found "</{name}>"')
            _, begin, closed = open_tags.pop()
            if closed is not None and length > begin:  # empty entities are dropped, as in Telegram
                entities.append({**closed, "offset": begin, "length": length - begin})
        else:
            attrs = {m[1].lower(): m[2] or m[3] or m[4] or "" for m in _HTML_ATTR_RE.finditer(match.group(3))}
            entity: dict[str, Any] | None = {"type": _HTML_ENTITY_TYPES[name]}
            assert entity is not None
            if name == "span" and attrs.get("class") != "tg-spoiler":
                raise fail(f'Unsupported start tag "span" {at}')
            if name == "a":
                entity["url"] = attrs.get("href", "")
            elif name == "tg-emoji":
                entity["custom_emoji_id"] = attrs.get("emoji-id", "")
            elif name == "blockquote" and "expandable" in attrs:
                entity["type"] = "expandable_blockquote"
            elif name == "code" and open_tags and open_tags[-1][0] == "pre":
                language = attrs.get("class", "").removeprefix("language-")
                if language and open_tags[-1][2] is not None:
                    open_tags[-1][2]["language"] = language
                entity = None  # <pre><code> is a single pre entity
            open_tags.append((name, length, entity))
        pos = match.end()
    plain.append(html.unescape(source[pos:]))
    if open_tags:
        raise fail(f'Can\'t find end tag corresponding to start tag "{open_tags[-1][0]}"')
    entities.sort(key=lambda e: (e["offset"], -e["length"]))
    return "".join(plain), entities


def _formatted(params: dict[str, Any], field_name: str) -> tuple[str, str, list[dict[str, Any]]]:
    """Return (raw, plain, entities) of the ``text`` or ``caption`` field, checking its length."""
    raw = str(params.get(field_name) or "")
    if str(params.get("parse_mode") or "").lower() == "html":
        plain, entities = _parse_html(raw)
    else:
        plain, entities = raw, params.get("entities" if field_name == "text" else "caption_entities") or []
    if field_name == "text" and len(plain) > MAX_TEXT_LENGTH:
        raise _bad_request("message is too long")
    if field_name == "caption" and len(plain) > MAX_CAPTION_LENGTH:
        raise _bad_request("message caption is too long")
    return raw, plain, entities


def _inline_markup(markup: Any) -> dict[str, Any] | None:
    """Validate ``reply_markup``; return it if it is an inline keyboard (the only kind Telegram echoes)."""
    if not isinstance(markup, dict) or not markup.get("inline_keyboard"):
        return None
    for row in markup["inline_keyboard"]:
        for button in row:
            if not button.get("text"):
                raise _bad_request("text buttons are unallowed in the inline keyboard")
            data = button.get("callback_data")
            if data is not None and not 1 <= len(str(data).encode()) <= MAX_CALLBACK_DATA_BYTES:
                raise _bad_request("BUTTON_DATA_INVALID")
    return {"inline_keyboard": markup["inline_keyboard"]}


def _administrator_rights() -> dict[str, bool]:
    """Every right an administrator object must carry (the Bot API adds some now and then), all false."""
    from aiogram.types import ChatMemberAdministrator

    return {
        name: False
        for name, info in ChatMemberAdministrator.model_fields.items()
        if info.is_required() and info.annotation is bool
    }


def _scope_key(scope: Any) -> str:
    """``"default"``, ``"all_private_chats"``, ``"chat:42"``, ``"chat_member:42:7"``..."""
    scope = scope if isinstance(scope, dict) else {"type": "default"}
    parts = (scope.get("type", "default"), scope.get("chat_id"), scope.get("user_id"))
    return ":".join(str(part) for part in parts if part is not None)


def _commands_key(params: dict[str, Any]) -> tuple[str, str]:
    return _scope_key(params.get("scope")), str(params.get("language_code") or "")


@dataclass
class _File:
    file_id: str
    filename: str
    data: bytes
    path: str


@dataclass
class _Record:
    """One message of a chat, sent by the bot or by the user."""

    payload: dict[str, Any]  # the Message object as Telegram returns it
    from_bot: bool
    kind: str
    raw_text: str = ""
    plain_text: str = ""
    document: Document | None = None
    deleted: bool = False
    edited: bool = False

    def snapshot(self) -> BotMessage:
        rows = self.payload.get("reply_markup", {}).get("inline_keyboard", [])
        return BotMessage(
            message_id=self.payload["message_id"],
            text=self.raw_text,
            plain_text=self.plain_text,
            buttons=[[Button(b["text"], b.get("callback_data"), b.get("url")) for b in row] for row in rows],
            protect_content=bool(self.payload.get("has_protected_content")),
            deleted=self.deleted,
            edited=self.edited,
            document=self.document,
        )


@dataclass
class _Chat:
    user: dict[str, Any]  # the Telegram User object of the human (in a group: the last one who wrote)
    records: dict[int, _Record] = field(default_factory=dict)
    events: list[tuple[str, Any]] = field(default_factory=list)
    last_message_id: int = 0
    chat_type: str = "private"  # or "group", "supergroup", "channel"
    chat_id: int | None = None  # a group's or channel's own id (negative); a private chat's is the user's
    title: str = ""

    @property
    def chat_object(self) -> dict[str, Any]:
        if self.chat_type != "private":
            return {"id": self.chat_id, "type": self.chat_type, "title": self.title}
        return {"id": self.user["id"], "type": "private", "first_name": self.user["first_name"]}

    def new_message(self, from_user: dict[str, Any], content: dict[str, Any]) -> dict[str, Any]:
        self.last_message_id += 1
        return {
            "message_id": self.last_message_id,
            "date": int(time.time()),
            "chat": self.chat_object,
            "from": from_user,
            **content,
        }


@dataclass(frozen=True)
class _Upload:
    """A file part of a multipart request."""

    filename: str
    data: bytes


_Handler = Callable[[dict[str, Any]], Awaitable[Any]]


class FakeTelegram:
    """Fake Bot API server (``start``/``stop`` or ``async with``) and the user-side control API."""

    def __init__(self, *, quiet_period: float = 0.25) -> None:
        self.quiet_period = quiet_period
        self.calls: list[tuple[str, dict[str, Any]]] = []
        self.call_times: list[float] = []  # time.monotonic() of each entry of ``calls``
        self.can_join_groups = False  # what getMe says (the @BotFather setting /setjoingroups)
        self.left_chats: list[int] = []  # chat ids the bot left (leaveChat)
        self.refused: list[
            tuple[int, int]
        ] = []  # (index in ``calls``, HTTP status) of each call answered with an error
        self.webhook_url = ""
        self.webhook_secret = ""
        self.webhook_targets: list[str] | None = None  # a load balancer: post to these in turn instead
        self.deliveries: list[tuple[int, str]] = []  # (update id, target) of each post the bot answered 200
        self.delivery_failures: list[tuple[int, str, str]] = []  # (update id, target, why) of failed posts
        self.commands: dict[tuple[str, str], list[dict[str, str]]] = {}  # (scope key, language) -> commands
        self.menu_buttons: dict[int | None, dict[str, Any]] = {}  # chat id (None = default) -> button
        self._chats: dict[int, _Chat] = {}
        self._files: dict[str, _File] = {}
        self._file_numbers = itertools.count(1)
        self._queue: list[dict[str, Any]] = []
        self._allowed_updates: set[str] | None = None
        self._last_update_id = 0
        self._last_delivered_id = 0
        self._unanswered: dict[str, tuple[int, str]] = {}  # callback query id -> (user id, data)
        self._faults: dict[str, list[int]] = {}  # lower-case method -> [count, retry_after]
        self._wakeup = asyncio.Event()
        self._poll_generation = 0
        self._in_flight = 0
        self._last_activity = time.monotonic()
        self._delivered_at = 0.0  # when the last batch of updates went to the bot
        self._responded_at = 0.0  # when the bot's last call (other than getUpdates) finished
        self._closing = False
        self._max_connections = 40
        self._posting: set[int] = set()  # update ids being posted to the webhook
        self._busy_chats: set[int] = set()  # chats with an update being posted (one at a time per chat)
        self._acked: set[int] = set()
        self._ack_waiters: dict[int, asyncio.Future[None]] = {}
        self._targets_turn = itertools.count()
        self._deliverer: asyncio.Task[None] | None = None
        self._runner: web.AppRunner | None = None
        self._base_url: str | None = None
        self._bot_user: dict[str, Any] = {}  # from the token of the request being handled
        handlers: dict[str, _Handler] = {
            "getMe": self._get_me,
            "getUpdates": self._get_updates,
            "setWebhook": self._set_webhook,
            "deleteWebhook": self._delete_webhook,
            "getWebhookInfo": self._get_webhook_info,
            "setMyCommands": self._set_my_commands,
            "getMyCommands": self._get_my_commands,
            "deleteMyCommands": self._delete_my_commands,
            "setChatMenuButton": self._set_chat_menu_button,
            "sendMessage": self._send_message,
            "editMessageText": self._edit_message_text,
            "editMessageReplyMarkup": self._edit_message_reply_markup,
            "deleteMessage": self._delete_message,
            "deleteMessages": self._delete_messages,
            "answerCallbackQuery": self._answer_callback_query,
            "sendDocument": self._send_document,
            "getFile": self._get_file,
            "sendChatAction": self._true,
            "close": self._true,
            "logOut": self._true,
            "leaveChat": self._leave_chat,
        }
        self._handlers = {name.lower(): (name, handler) for name, handler in handlers.items()}

    # ---- lifecycle -------------------------------------------------------------------------

    async def start(self, host: str = "127.0.0.1", port: int = 0) -> None:
        """Start serving on ``host:port`` (port 0 = any free port)."""
        app = web.Application(client_max_size=50 * 1024 * 1024)
        app.router.add_route("*", "/bot{token}/{method}", self._handle_api)
        app.router.add_get("/file/bot{token}/{path:.+}", self._handle_file)
        self._closing = False
        self._runner = web.AppRunner(app, handler_cancellation=True, shutdown_timeout=1.0, access_log=None)
        await self._runner.setup()
        await web.TCPSite(self._runner, host, port).start()
        bound_host, bound_port = self._runner.addresses[0][:2]
        self._base_url = f"http://{bound_host}:{bound_port}"

    async def stop(self) -> None:
        """Release pending long polls and shut the server down."""
        self._closing = True
        self._wake_pollers()
        if self._deliverer is not None:
            self._deliverer.cancel()
            await asyncio.gather(self._deliverer, return_exceptions=True)
            self._deliverer = None
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> FakeTelegram:
        await self.start()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.stop()

    @property
    def base_url(self) -> str:
        """Base URL for ``TelegramAPIServer.from_base``; only valid after ``start``."""
        if self._base_url is None:
            raise RuntimeError("FakeTelegram is not started")
        return self._base_url

    def fail_next(self, method: str, count: int, retry_after: int = 1) -> None:
        """Answer the next ``count`` calls of ``method`` with 429 Too Many Requests."""
        self._faults[method.lower()] = [count, retry_after]

    # ---- the human user --------------------------------------------------------------------

    def send_text(
        self, user_id: int, text: str, *, first_name: str | None = None, language_code: str | None = None
    ) -> Queued:
        """The user types ``text``; ``first_name``/``language_code`` default to the last ones (Test/en)."""
        content: dict[str, Any] = {"text": text}
        if text.startswith("/"):
            command_length = _utf16_len(text.split()[0])
            content["entities"] = [{"type": "bot_command", "offset": 0, "length": command_length}]
        self._user(user_id, first_name, language_code)
        return self._user_message(user_id, "text", content, ("user_text", text))

    def add_user(self, user_id: int, *, language_code: str = "en") -> None:
        """A user who has opened a chat with the bot before (the bot may write to them)."""
        self._user(user_id, language_code=language_code)

    def sent_to(self, method: str = "sendMessage") -> list[tuple[float, Any]]:
        """(arrival time, chat id) of each ``method`` call the fake accepted, in order."""
        failed = {index for index, _ in self.refused}
        return [
            (at, params.get("chat_id"))
            for index, ((name, params), at) in enumerate(zip(self.calls, self.call_times, strict=False))
            if name == method and index not in failed
        ]

    def send_sticker(self, user_id: int) -> Queued:
        """The user sends a sticker."""
        sticker = {
            "file_id": "sticker-1",
            "file_unique_id": "sticker-u1",
            "type": "regular",
            "width": 512,
            "height": 512,
            "is_animated": False,
            "is_video": False,
            "emoji": "\N{THUMBS UP SIGN}",
        }
        event = ("user_sticker", sticker["emoji"])
        return self._user_message(user_id, "sticker", {"sticker": sticker}, event)

    def send_photo(self, user_id: int, data: bytes = b"\xff\xd8fake-jpeg") -> Queued:
        """The user sends a photo (two sizes, as Telegram does); the bot can download the big one."""
        stored = self._store_file("photo.jpg", data, "photos")
        sizes = ((f"{stored.file_id}-thumb", 90), (stored.file_id, 800))
        photo = [
            {"file_id": file_id, "file_unique_id": f"u{file_id}", "width": side, "height": side, "file_size": len(data)}
            for file_id, side in sizes
        ]
        return self._user_message(user_id, "photo", {"photo": photo}, ("user_photo", stored.filename))

    def send_document(
        self, user_id: int, filename: str, data: bytes = b"fake document", caption: str | None = None
    ) -> Queued:
        """The user sends a file; the bot can download it (getFile, then the file URL)."""
        stored = self._store_file(filename, data, "documents")
        content: dict[str, Any] = {"document": self._document_object(stored)}
        if caption:
            content["caption"] = caption
        return self._user_message(user_id, "document", content, ("user_document", filename), text=caption)

    def send_contact(self, user_id: int, phone_number: str = "+77001234567") -> Queued:
        """The user shares their own contact."""
        contact = {"phone_number": phone_number, "first_name": self._user(user_id)["first_name"], "user_id": user_id}
        return self._user_message(user_id, "contact", {"contact": contact}, ("user_contact", phone_number))

    def tap(self, user_id: int, button: str | Callable[[Button], bool], *, message_id: int | None = None) -> Queued:
        """Tap the inline button whose text is ``button`` (or matches the predicate).

        Looks in ``message_id`` or else in the newest visible bot message with an inline keyboard.
        Raises ``LookupError`` listing the existing buttons when there is no such button.
        """
        chat = self._chat(user_id)
        if message_id is None:
            candidates = [r for r in chat.records.values() if r.from_bot and not r.deleted and r.snapshot().buttons]
            if not candidates:
                raise LookupError(f"chat {user_id} has no visible bot message with an inline keyboard")
            record = candidates[-1]
        else:
            record = self._visible_bot_record(chat, message_id)
        buttons = [b for row in record.snapshot().buttons for b in row]
        matches = [b for b in buttons if (button(b) if callable(button) else b.text == button)]
        if not matches:
            raise LookupError(
                f"no button {button!r} in message {record.payload['message_id']}; buttons: {[b.text for b in buttons]}"
            )
        if matches[0].callback_data is None:
            raise LookupError(f"button {matches[0].text!r} is not a callback button (url={matches[0].url!r})")
        chat.events.append(("user_tap", matches[0].text))
        return self._callback(chat, record, matches[0].callback_data)

    def send_media(self, user_id: int, kind: str) -> Queued:
        """The user sends a voice message, a video, a video note, an audio file or a location."""
        file: dict[str, Any] = {"file_id": f"{kind}-1", "file_unique_id": f"{kind}-u1"}
        content: dict[str, Any] = {
            "voice": {"voice": {**file, "duration": 3, "mime_type": "audio/ogg"}},
            "video": {"video": {**file, "width": 320, "height": 240, "duration": 3}},
            "video_note": {"video_note": {**file, "length": 240, "duration": 3}},
            "audio": {"audio": {**file, "duration": 3}},
            "location": {"location": {"latitude": 43.238, "longitude": 76.889}},
        }[kind]
        return self._user_message(user_id, kind, content, (f"user_{kind}", kind))

    def edit_text(self, user_id: int, message_id: int, text: str) -> Queued:
        """The user edits a message they sent (Telegram sends ``edited_message``)."""
        chat = self._chat(user_id)
        record = chat.records.get(message_id)
        if record is None or record.from_bot:
            raise LookupError(f"chat {user_id} has no message {message_id} of the user")
        payload = {**copy.deepcopy(record.payload), "text": text, "edit_date": int(time.time())}
        record.payload, record.raw_text, record.plain_text, record.edited = payload, text, text, True
        chat.events.append(("user_edit", text))
        return Queued(self._enqueue("edited_message", payload), message_id=message_id)

    # ---- groups, channels and other kinds of update ------------------------------------------------

    def _group(self, chat_id: int, kind: str, title: str) -> _Chat:
        chat = self._chats.get(chat_id)
        if chat is None:
            chat = self._chats[chat_id] = _Chat(
                {"id": 0, "is_bot": False, "first_name": "Test"}, chat_type=kind, chat_id=chat_id, title=title
            )
        return chat

    def add_bot_to_group(
        self, user_id: int, chat_id: int, *, kind: str = "group", title: str = "Test group", status: str = "member"
    ) -> Queued:
        """``user_id`` adds the bot to a group, supergroup or channel (``chat_id`` negative)."""
        chat = self._group(chat_id, kind, title)
        chat.user = dict(self._user(user_id))
        bot = (
            {**self._bot_user, "is_bot": True}
            if self._bot_user
            else {"id": 1, "is_bot": True, "first_name": BOT_FIRST_NAME}
        )
        change = {
            "chat": chat.chat_object,
            "from": dict(chat.user),
            "date": int(time.time()),
            "old_chat_member": {"user": bot, "status": "left"},
            "new_chat_member": {
                "user": bot,
                "status": status,
                **(_administrator_rights() if status == "administrator" else {}),
            },
        }
        chat.events.append(("bot_added", user_id))
        return Queued(self._enqueue("my_chat_member", change))

    def send_group_text(self, user_id: int, chat_id: int, text: str, *, kind: str = "group") -> Queued:
        """``user_id`` writes ``text`` in a group the bot is in."""
        chat = self._group(chat_id, kind, "Test group")
        chat.user = dict(self._user(user_id))
        content: dict[str, Any] = {"text": text}
        if text.startswith("/"):
            content["entities"] = [{"type": "bot_command", "offset": 0, "length": _utf16_len(text.split()[0])}]
        payload = chat.new_message(dict(chat.user), content)
        chat.records[payload["message_id"]] = _Record(payload, False, "text", raw_text=text, plain_text=text)
        chat.events.append(("user_text", text))
        return Queued(self._enqueue("message", payload), message_id=payload["message_id"])

    def tap_in_group(self, user_id: int, chat_id: int, data: str, *, kind: str = "group") -> Queued:
        """``user_id`` taps a button with ``data`` under an (old) bot message in a group."""
        chat = self._group(chat_id, kind, "Test group")
        chat.user = dict(self._user(user_id))
        payload = chat.new_message(
            self._bot_user or {"id": 1, "is_bot": True, "first_name": BOT_FIRST_NAME},
            {
                "text": "An old screen",
                "reply_markup": {"inline_keyboard": [[{"text": "Old button", "callback_data": data}]]},
            },
        )
        record = _Record(payload, True, "text", raw_text="An old screen", plain_text="An old screen")
        chat.records[payload["message_id"]] = record
        return self._callback(chat, record, data)

    def send_update(self, kind: str, obj: dict[str, Any]) -> Queued:
        """Any other kind of update as Telegram would send it (a channel post, an inline query, a poll...)."""
        return Queued(self._enqueue(kind, obj))

    def tap_raw(self, user_id: int, message_id: int, data: str) -> Queued:
        """Tap with arbitrary ``data`` on a visible bot message (forged or stale buttons)."""
        chat = self._chat(user_id)
        record = self._visible_bot_record(chat, message_id)
        chat.events.append(("user_tap_raw", data))
        return self._callback(chat, record, data)

    async def settle(self, timeout: float = 10.0, *, require_answers: bool = True) -> None:
        """Wait until the bot has fetched every update, answered every callback query
        (unless ``require_answers`` is false) and made no API call for ``quiet_period`` seconds.

        Raises ``TimeoutError`` describing what is still pending after ``timeout`` seconds.
        """
        deadline = time.monotonic() + timeout
        while True:
            now = time.monotonic()
            if self.webhook_url:  # posted updates leave the queue once the bot answered the post
                unfetched = len(self._queue)
            else:
                unfetched = sum(u["update_id"] > self._last_delivered_id for u in self._queue)
            unanswered = {qid: data for qid, (_, data) in self._unanswered.items()} if require_answers else {}
            quiet = now - self._last_activity
            # a slow handler may take longer than the quiet period before its first call: wait for it
            answered = self._responded_at >= self._delivered_at or not require_answers
            if not unfetched and not unanswered and not self._in_flight and quiet >= self.quiet_period and answered:
                return
            if now >= deadline:
                raise TimeoutError(
                    f"bot did not settle within {timeout}s: {unfetched} update(s) not fetched "
                    f"(is it polling?), unanswered callback queries {unanswered}, "
                    f"{self._in_flight} request(s) in flight, last API call {quiet:.2f}s ago"
                    f"{'' if answered else ', no call yet since the last updates were delivered'}; "
                    f"last calls: {[method for method, _ in self.calls[-5:]]}"
                )
            await asyncio.sleep(min(0.02, max(self.quiet_period - quiet, 0.005)))

    def posting(self, queued: Queued) -> bool:
        """Webhook mode: whether this update is being posted to the bot right now."""
        return queued.update_id in self._posting

    async def processed(self, queued: Queued, timeout: float = 60.0) -> None:
        """Webhook mode: wait until the bot answered the post of this update, i.e. handled it."""
        if queued.update_id in self._acked:
            return
        waiter = self._ack_waiters.setdefault(queued.update_id, asyncio.get_running_loop().create_future())
        await asyncio.wait_for(asyncio.shield(waiter), timeout)

    # ---- reading the screen ----------------------------------------------------------------

    def messages(self, user_id: int) -> list[BotMessage]:
        """All bot messages of the chat in order, deleted ones included (flagged)."""
        return [r.snapshot() for r in self._chat(user_id).records.values() if r.from_bot]

    def screen(self, user_id: int) -> BotMessage:
        """The newest bot message that is not deleted; ``LookupError`` if there is none."""
        visible = [m for m in self.messages(user_id) if not m.deleted]
        if not visible:
            raise LookupError(f"chat {user_id} shows no bot message")
        return visible[-1]

    def user_messages(self, user_id: int) -> list[UserMessage]:
        """Messages the user sent, in order, with a ``deleted`` flag."""
        return [
            UserMessage(r.payload["message_id"], r.kind, r.raw_text or None, r.deleted)
            for r in self._chat(user_id).records.values()
            if not r.from_bot
        ]

    def events(self, user_id: int) -> list[tuple[str, Any]]:
        """Chronological transcript of the chat, as (kind, value) pairs.

        User side: ("user_text", text), ("user_tap", button text), ("user_tap_raw", data),
        ("user_sticker", emoji), ("user_photo", filename), ("user_document", filename),
        ("user_contact", phone). Bot side: ("bot_send", BotMessage), ("bot_edit", BotMessage),
        ("bot_delete", message_id), ("bot_document", filename), ("bot_answer", callback answer text).
        """
        return list(self._chat(user_id).events)

    # ---- control API helpers ---------------------------------------------------------------

    def _chat(self, user_id: int) -> _Chat:
        if user_id not in self._chats:
            raise LookupError(f"user {user_id} has never talked to the bot")
        return self._chats[user_id]

    def _user(self, user_id: int, first_name: str | None = None, language_code: str | None = None) -> dict[str, Any]:
        chat = self._chats.setdefault(
            user_id, _Chat({"id": user_id, "is_bot": False, "first_name": "Test", "language_code": "en"})
        )
        if first_name is not None:
            chat.user["first_name"] = first_name
        if language_code is not None:
            chat.user["language_code"] = language_code
        return chat.user

    def _user_message(
        self, user_id: int, kind: str, content: dict[str, Any], event: tuple[str, Any], text: str | None = None
    ) -> Queued:
        self._user(user_id)
        chat = self._chats[user_id]
        payload = chat.new_message(dict(chat.user), content)
        text = content.get("text", text) or ""
        chat.records[payload["message_id"]] = _Record(payload, False, kind, raw_text=text, plain_text=text)
        chat.events.append(event)
        return Queued(self._enqueue("message", payload), message_id=payload["message_id"])

    def _visible_bot_record(self, chat: _Chat, message_id: int) -> _Record:
        record = chat.records.get(message_id)
        if record is None or not record.from_bot or record.deleted:
            raise LookupError(f"chat {chat.user['id']} has no visible bot message {message_id}")
        return record

    def _callback(self, chat: _Chat, record: _Record, data: str) -> Queued:
        query_id = str(4_000_000 + self._last_update_id)
        query = {
            "id": query_id,
            "from": dict(chat.user),
            "message": copy.deepcopy(record.payload),
            "chat_instance": f"ci-{chat.user['id']}",
            "data": data,
        }
        self._unanswered[query_id] = (chat.user["id"], data)
        return Queued(self._enqueue("callback_query", query), record.payload["message_id"], query_id)

    def _enqueue(self, kind: str, obj: dict[str, Any]) -> int:
        self._last_update_id += 1
        self._queue.append({"update_id": self._last_update_id, kind: obj})
        self._wake_pollers()
        return self._last_update_id

    def _wake_pollers(self) -> None:
        self._wakeup.set()
        self._wakeup = asyncio.Event()

    def _store_file(self, filename: str, data: bytes, folder: str) -> _File:
        number = next(self._file_numbers)
        suffix = filename.rpartition(".")[2] if "." in filename else "bin"
        stored = _File(f"file-{number}", filename, data, f"{folder}/file_{number}.{suffix}")
        self._files[stored.file_id] = stored
        return stored

    @staticmethod
    def _document_object(stored: _File) -> dict[str, Any]:
        return {
            "file_id": stored.file_id,
            "file_unique_id": f"u{stored.file_id}",
            "file_name": stored.filename,
            "file_size": len(stored.data),
            "mime_type": mimetypes.guess_type(stored.filename)[0] or "application/octet-stream",
        }

    # ---- HTTP plumbing ---------------------------------------------------------------------

    async def _handle_api(self, request: web.Request) -> web.Response:
        token, method = request.match_info["token"], request.match_info["method"]
        if not _TOKEN_RE.fullmatch(token):
            return self._error(_ApiError(401, "Unauthorized"))
        params, uploads = await self._read_params(request)
        name, handler = self._handlers.get(method.lower(), (method, None))
        index = len(self.calls)
        self.calls.append((name, params))
        self.call_times.append(time.monotonic())
        polling = name == "getUpdates"
        if not polling:
            self._in_flight += 1
            self._last_activity = time.monotonic()
        try:
            fault = self._faults.get(name.lower())
            if fault and fault[0] > 0:
                fault[0] -= 1
                raise _ApiError(429, f"Too Many Requests: retry after {fault[1]}", {"retry_after": fault[1]})
            if handler is None:
                logger.warning("fake Telegram: method %s is not implemented", method)
                raise _ApiError(404, "Not Found: method not implemented in the fake")
            self._bot_user = {
                "id": int(token.partition(":")[0]),
                "is_bot": True,
                "first_name": BOT_FIRST_NAME,
                "username": BOT_USERNAME,
            }
            return web.json_response({"ok": True, "result": await handler({**params, **uploads})})
        except _ApiError as error:
            self.refused.append((index, error.code))
            return self._error(error)
        except (TypeError, ValueError, AttributeError) as exc:  # parameters of the wrong shape
            logger.exception("fake Telegram: cannot handle %s %s", name, params)
            return self._error(_bad_request(f"invalid parameters: {exc}"))
        finally:
            if not polling:
                self._in_flight -= 1
                self._last_activity = self._responded_at = time.monotonic()

    async def _handle_file(self, request: web.Request) -> web.Response:
        path = request.match_info["path"]
        for stored in self._files.values():
            if stored.path == path:
                return web.Response(body=stored.data, content_type="application/octet-stream")
        return self._error(_ApiError(404, "Not Found"))

    @staticmethod
    async def _read_params(request: web.Request) -> tuple[dict[str, Any], dict[str, _Upload]]:
        """Merge query string and body (urlencoded, multipart or JSON); decode JSON-valued fields."""
        raw: dict[str, Any] = dict(request.query)
        uploads: dict[str, _Upload] = {}
        if request.content_type == "application/json":
            raw.update(await request.json())
        elif request.can_read_body:
            for key, value in (await request.post()).items():
                if isinstance(value, web.FileField):
                    uploads[key] = _Upload(value.filename, value.file.read())
                else:
                    raw[key] = value
        params: dict[str, Any] = {}
        for key, value in raw.items():
            if isinstance(value, str) and key not in _TEXT_FIELDS:
                with contextlib.suppress(ValueError):
                    value = json.loads(value)
            params[key] = value
        return params, uploads

    @staticmethod
    def _error(error: _ApiError) -> web.Response:
        body: dict[str, Any] = {"ok": False, "error_code": error.code, "description": error.description}
        if error.parameters:
            body["parameters"] = error.parameters
        return web.json_response(body, status=error.code)

    # ---- Bot API methods -------------------------------------------------------------------

    async def _true(self, params: dict[str, Any]) -> bool:
        return True

    async def _leave_chat(self, params: dict[str, Any]) -> bool:
        chat = self._target_chat(params)
        if chat.chat_type == "private":
            raise _bad_request("chat member status can't be changed in private chats")
        self.left_chats.append(int(params["chat_id"]))
        chat.events.append(("bot_left", params["chat_id"]))
        return True

    async def _get_me(self, params: dict[str, Any]) -> dict[str, Any]:
        return {
            **self._bot_user,
            "can_join_groups": self.can_join_groups,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
        }

    async def _get_updates(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        if self.webhook_url:
            raise _ApiError(
                409,
                "Conflict: can't use getUpdates method while webhook is active; "
                "use deleteWebhook to delete the webhook first",
            )
        offset, limit = int(params.get("offset") or 0), min(max(int(params.get("limit") or 100), 1), 100)
        if offset < 0:
            self._queue = self._queue[offset:]
        elif offset:
            self._queue = [u for u in self._queue if u["update_id"] >= offset]
        if "allowed_updates" in params:
            self._allowed_updates = set(params["allowed_updates"]) or None
        self._poll_generation += 1
        generation = self._poll_generation
        self._wake_pollers()  # a newer getUpdates terminates an older one, as in Telegram
        deadline = time.monotonic() + max(float(params.get("timeout") or 0), 0)
        while True:
            allowed = self._allowed_updates
            for update in [u for u in self._queue if allowed is not None and not allowed & u.keys()]:
                logger.warning("fake Telegram: dropping update %s not in allowed_updates %s", update, allowed)
                self._queue.remove(update)
                self._unanswered.pop(update.get("callback_query", {}).get("id"), None)
            if batch := self._queue[:limit]:
                self._last_delivered_id = max(self._last_delivered_id, batch[-1]["update_id"])
                self._last_activity = self._delivered_at = time.monotonic()
                return batch
            if generation != self._poll_generation:
                raise _ApiError(
                    409,
                    "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running",
                )
            remaining = deadline - time.monotonic()
            if self._closing or remaining <= 0:
                return []
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wakeup.wait(), remaining)

    async def _set_webhook(self, params: dict[str, Any]) -> bool:
        self.webhook_url = str(params.get("url") or "")
        self.webhook_secret = str(params.get("secret_token") or "")
        self._max_connections = min(max(int(params.get("max_connections") or 40), 1), 100)
        if params.get("drop_pending_updates"):
            self._queue.clear()
            self._unanswered.clear()
        if self.webhook_url and self._deliverer is None:
            self._deliverer = asyncio.create_task(self._deliver())
        self._wake_pollers()
        return True

    # ---- webhook delivery ------------------------------------------------------------------

    @staticmethod
    def _chat_of(update: dict[str, Any]) -> int:
        """The chat an update belongs to, for Telegram's one-update-at-a-time-per-chat delivery."""
        if "callback_query" in update:
            return int(update["callback_query"]["from"]["id"])
        for _kind, body in update.items():
            if isinstance(body, dict):
                if isinstance(body.get("chat"), dict):
                    return int(body["chat"]["id"])
                if isinstance(body.get("from"), dict):
                    return int(body["from"]["id"])
        return 0

    async def _deliver(self) -> None:
        """Post queued updates to the webhook: in order within a chat, chats side by side."""
        posts: set[asyncio.Task[None]] = set()
        async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=70)) as http:
            try:
                while not self._closing:
                    wakeup = self._wakeup  # taken before looking, so that no wake-up is missed
                    for update in list(self._queue) if self.webhook_url else ():
                        if len(self._posting) >= self._max_connections:
                            break
                        update_id, chat = update["update_id"], self._chat_of(update)
                        if update_id in self._posting or chat in self._busy_chats:
                            continue
                        self._posting.add(update_id)
                        self._busy_chats.add(chat)
                        task = asyncio.create_task(self._post(http, update, chat))
                        posts.add(task)
                        task.add_done_callback(posts.discard)
                    await wakeup.wait()
            finally:
                for task in posts:
                    task.cancel()
                await asyncio.gather(*posts, return_exceptions=True)

    async def _post(self, http: aiohttp.ClientSession, update: dict[str, Any], chat: int) -> None:
        update_id = update["update_id"]
        headers = {"X-Telegram-Bot-Api-Secret-Token": self.webhook_secret} if self.webhook_secret else {}
        try:
            for attempt in itertools.count(1):
                if self._closing or not self.webhook_url:
                    return
                targets = self.webhook_targets or [self.webhook_url]
                target = targets[next(self._targets_turn) % len(targets)]
                self._last_activity = self._delivered_at = time.monotonic()
                try:
                    async with http.post(target, json=update, headers=headers) as response:
                        await response.read()
                        if response.status == 200:
                            self.deliveries.append((update_id, target))
                            break
                        why = f"HTTP {response.status}"
                except (aiohttp.ClientError, TimeoutError) as exc:
                    why = type(exc).__name__
                self.delivery_failures.append((update_id, target, why))
                await asyncio.sleep(min(0.05 * attempt, 1.0))
            if update in self._queue:
                self._queue.remove(update)
            self._acked.add(update_id)
            self._last_delivered_id = max(self._last_delivered_id, update_id)
            self._last_activity = self._responded_at = time.monotonic()
            waiter = self._ack_waiters.pop(update_id, None)
            if waiter is not None and not waiter.done():
                waiter.set_result(None)
        finally:
            self._posting.discard(update_id)
            self._busy_chats.discard(chat)
            self._wake_pollers()

    async def _delete_webhook(self, params: dict[str, Any]) -> bool:
        self.webhook_url = ""
        if params.get("drop_pending_updates"):
            self._queue.clear()
            self._unanswered.clear()
        return True

    async def _get_webhook_info(self, params: dict[str, Any]) -> dict[str, Any]:
        return {"url": self.webhook_url, "has_custom_certificate": False, "pending_update_count": len(self._queue)}

    async def _set_my_commands(self, params: dict[str, Any]) -> bool:
        commands = params.get("commands") or []
        for command in commands:
            if not _COMMAND_RE.fullmatch(str(command.get("command", ""))):
                raise _bad_request("BOT_COMMAND_INVALID")
            if not 1 <= len(str(command.get("description", ""))) <= 256:
                raise _bad_request("command description is invalid")
        self.commands[_commands_key(params)] = commands
        return True

    async def _get_my_commands(self, params: dict[str, Any]) -> list[Any]:
        return self.commands.get(_commands_key(params), [])

    async def _delete_my_commands(self, params: dict[str, Any]) -> bool:
        self.commands.pop(_commands_key(params), None)
        return True

    async def _set_chat_menu_button(self, params: dict[str, Any]) -> bool:
        self.menu_buttons[params.get("chat_id")] = params.get("menu_button") or {"type": "default"}
        return True

    def _target_chat(self, params: dict[str, Any]) -> _Chat:
        chat_id = params.get("chat_id")
        if chat_id in (None, ""):
            raise _bad_request("chat_id is empty")
        if not isinstance(chat_id, int) or chat_id not in self._chats:
            raise _bad_request("chat not found")
        return self._chats[chat_id]

    def _bot_send(
        self,
        params: dict[str, Any],
        kind: str,
        content: dict[str, Any],
        raw: str,
        plain: str,
        document: Document | None = None,
    ) -> dict[str, Any]:
        chat = self._target_chat(params)
        markup = _inline_markup(params.get("reply_markup"))
        payload = chat.new_message(self._bot_user, content)
        if markup:
            payload["reply_markup"] = markup
        if params.get("protect_content"):
            payload["has_protected_content"] = True
        record = _Record(payload, True, kind, raw_text=raw, plain_text=plain, document=document)
        chat.records[payload["message_id"]] = record
        chat.events.append(("bot_document", document.filename) if document else ("bot_send", record.snapshot()))
        return payload

    async def _send_message(self, params: dict[str, Any]) -> dict[str, Any]:
        raw, plain, entities = _formatted(params, "text")
        if not plain.strip():
            raise _bad_request("message text is empty")
        content: dict[str, Any] = {"text": plain, **({"entities": entities} if entities else {})}
        return self._bot_send(params, "text", content, raw, plain)

    async def _send_document(self, params: dict[str, Any]) -> dict[str, Any]:
        source = params.get("document")
        upload = params.get(source.removeprefix("attach://") if isinstance(source, str) else "document")
        if isinstance(upload, _Upload):
            stored = self._store_file(upload.filename, upload.data, "documents")
        elif isinstance(source, str) and source in self._files:
            stored = self._files[source]
        else:
            raise _bad_request("wrong file identifier/HTTP URL specified")
        raw, plain, entities = _formatted(params, "caption")
        content: dict[str, Any] = {"document": self._document_object(stored)}
        if plain:
            content.update(caption=plain, **({"caption_entities": entities} if entities else {}))
        document = Document(stored.filename, stored.data, raw or None)
        return self._bot_send(params, "document", content, raw, plain, document)

    async def _get_file(self, params: dict[str, Any]) -> dict[str, Any]:
        stored = self._files.get(str(params.get("file_id")))
        if stored is None:
            raise _bad_request("invalid file_id")
        return {
            "file_id": stored.file_id,
            "file_unique_id": f"u{stored.file_id}",
            "file_size": len(stored.data),
            "file_path": stored.path,
        }

    def _editable(self, params: dict[str, Any]) -> tuple[_Chat, _Record]:
        if params.get("inline_message_id"):
            raise _bad_request("inline messages are not supported by the fake")
        chat = self._target_chat(params)
        record = chat.records.get(params.get("message_id"))  # type: ignore[arg-type]
        if record is None or record.deleted:
            raise _bad_request("message to edit not found")
        if not record.from_bot:
            raise _bad_request("message can't be edited")
        return chat, record

    @staticmethod
    def _apply_edit(
        chat: _Chat, record: _Record, changes: dict[str, Any], text: tuple[str, str] | None = None
    ) -> dict[str, Any]:
        """Apply ``changes`` (None values remove the key) and the new (raw, plain) ``text``;
        refuse no-op edits like Telegram does."""
        new = {key: value for key, value in {**record.payload, **changes}.items() if value is not None}
        ignore = ("date", "edit_date")
        if {k: v for k, v in new.items() if k not in ignore} == {
            k: v for k, v in record.payload.items() if k not in ignore
        }:
            raise _bad_request(_NOT_MODIFIED)
        record.payload = {**new, "edit_date": int(time.time())}
        record.edited = True
        if text is not None:
            record.raw_text, record.plain_text = text
        chat.events.append(("bot_edit", record.snapshot()))
        return record.payload

    async def _edit_message_text(self, params: dict[str, Any]) -> dict[str, Any]:
        chat, record = self._editable(params)
        if record.kind != "text":
            raise _bad_request("there is no text in the message to edit")
        raw, plain, entities = _formatted(params, "text")
        if not plain.strip():
            raise _bad_request("message text is empty")
        markup = _inline_markup(params.get("reply_markup"))  # no markup = the keyboard is removed
        changes = {"text": plain, "entities": entities or None, "reply_markup": markup}
        return self._apply_edit(chat, record, changes, (raw, plain))

    async def _edit_message_reply_markup(self, params: dict[str, Any]) -> dict[str, Any]:
        chat, record = self._editable(params)
        return self._apply_edit(chat, record, {"reply_markup": _inline_markup(params.get("reply_markup"))})

    def _delete(self, chat: _Chat, message_id: Any) -> bool:
        record = chat.records.get(message_id)
        if record is None or record.deleted:
            return False
        record.deleted = True
        chat.events.append(("bot_delete", message_id))
        return True

    async def _delete_message(self, params: dict[str, Any]) -> bool:
        if not self._delete(self._target_chat(params), params.get("message_id")):
            raise _bad_request("message to delete not found")
        return True

    async def _delete_messages(self, params: dict[str, Any]) -> bool:
        chat = self._target_chat(params)
        ids = params.get("message_ids")
        if not isinstance(ids, list) or not 1 <= len(ids) <= 100:
            raise _bad_request("message identifiers are not specified")
        for message_id in ids:
            self._delete(chat, message_id)
        return True

    async def _answer_callback_query(self, params: dict[str, Any]) -> bool:
        query = self._unanswered.pop(str(params.get("callback_query_id")), None)
        if query is None:
            raise _bad_request("query is too old and response timeout expired or query ID is invalid")
        if params.get("text"):
            self._chats[query[0]].events.append(("bot_answer", params["text"]))
        return True
