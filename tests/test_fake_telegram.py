"""Tests of the fake Telegram Bot API server, driven by a tiny real aiogram bot."""

from __future__ import annotations

import asyncio
import html
import itertools
from collections.abc import AsyncIterator
from dataclasses import dataclass, field

import aiohttp
import pytest
import pytest_asyncio
from aiogram import Bot, Dispatcher, F, Router
from aiogram.client.default import DefaultBotProperties
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.exceptions import TelegramBadRequest, TelegramRetryAfter
from aiogram.filters import CommandStart
from aiogram.types import (
    BotCommand,
    BotCommandScopeChat,
    BufferedInputFile,
    CallbackQuery,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Message,
)

from bot.demo.fake_telegram import Button, FakeTelegram

pytestmark = pytest.mark.asyncio(loop_scope="module")

TOKEN = "123456:TEST-token"
_user_ids = itertools.count(1001)


def _keyboard(*rows: list[tuple[str, str]]) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        inline_keyboard=[[InlineKeyboardButton(text=t, callback_data=d) for t, d in row] for row in rows],
    )


MENU = _keyboard([("Next", "next"), ("Same", "same")], [("Delete", "del"), ("Report", "doc")])


@dataclass
class Env:
    tg: FakeTelegram
    bot: Bot
    errors: list[str] = field(default_factory=list)


def _make_router(errors: list[str]) -> Router:
    router = Router()

    @router.message(CommandStart())
    async def start(message: Message) -> None:
        name = html.escape(message.from_user.first_name)
        await message.answer(f"Hello <b>{name}</b> &amp; welcome", reply_markup=MENU)

    @router.message(F.text)
    async def echo(message: Message) -> None:
        await message.answer(html.escape(message.text))

    @router.message(F.document)
    async def download(message: Message, bot: Bot) -> None:
        data = await bot.download(message.document)
        await message.answer(f"got {len(data.read())} bytes")

    @router.message()
    async def wrong_type(message: Message) -> None:
        await message.delete()
        await message.answer(f"Please type text, not a {message.content_type.value}")

    @router.callback_query(F.data == "next")
    async def next_page(query: CallbackQuery) -> None:
        await query.message.edit_text("Page <i>2</i>", reply_markup=_keyboard([("Back", "back")]))
        await query.answer()

    @router.callback_query(F.data == "same")
    async def same(query: CallbackQuery) -> None:
        try:
            await query.message.edit_text(query.message.html_text, reply_markup=query.message.reply_markup)
        except TelegramBadRequest as error:
            errors.append(error.message)
        await query.answer()

    @router.callback_query(F.data == "del")
    async def delete(query: CallbackQuery) -> None:
        await query.message.delete()
        await query.answer("Deleted")

    @router.callback_query(F.data == "doc")
    async def report(query: CallbackQuery) -> None:
        file = BufferedInputFile(b"%PDF-1.4 report", filename="report.pdf")
        await query.message.answer_document(file, caption="Your <b>report</b>", protect_content=True)
        await query.answer()

    @router.callback_query()
    async def outdated(query: CallbackQuery) -> None:
        await query.answer("This button is outdated", show_alert=True)

    return router


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def env() -> AsyncIterator[Env]:
    """One fake server and one polling bot for the module; each test uses its own user id."""
    async with FakeTelegram(quiet_period=0.05) as tg:
        session = AiohttpSession(api=TelegramAPIServer.from_base(tg.base_url))
        bot = Bot(TOKEN, session=session, default=DefaultBotProperties(parse_mode="HTML"))
        errors: list[str] = []
        dp = Dispatcher()
        dp.include_router(_make_router(errors))
        polling = asyncio.create_task(dp.start_polling(bot, handle_signals=False, polling_timeout=5))
        yield Env(tg, bot, errors)
        await dp.stop_polling()
        await polling


@pytest_asyncio.fixture(loop_scope="module")
async def bare() -> AsyncIterator[FakeTelegram]:
    """A fake server without any bot, for protocol-level tests over raw HTTP."""
    async with FakeTelegram(quiet_period=0.05) as tg:
        yield tg


@pytest.fixture
def uid() -> int:
    return next(_user_ids)


async def _post(tg: FakeTelegram, method: str, **kwargs: object) -> tuple[int, dict]:
    url = f"{tg.base_url}/bot{TOKEN}/{method}"
    async with aiohttp.ClientSession() as http, http.post(url, **kwargs) as resp:
        return resp.status, await resp.json()


async def test_echo_uses_shared_message_ids_and_escapes_html(env: Env, uid: int) -> None:
    await env.tg.send_text(uid, "1 < 2 & <b>", first_name="Aigerim", language_code="kk")
    await env.tg.settle()
    screen = env.tg.screen(uid)
    assert screen.text == "1 &lt; 2 &amp; &lt;b&gt;"
    assert screen.plain_text == "1 < 2 & <b>"
    assert screen.message_id == 2
    assert env.tg.user_messages(uid)[0].message_id == 1
    method, params = next(c for c in env.tg.calls if c[0] == "sendMessage" and c[1]["chat_id"] == uid)
    assert params == {"chat_id": uid, "text": "1 &lt; 2 &amp; &lt;b&gt;", "parse_mode": "HTML"}
    assert ("getMe", {}) in env.tg.calls


async def test_start_tap_edit_and_events(env: Env, uid: int) -> None:
    tg = env.tg
    tg.send_text(uid, "/start", first_name="Dana <3")
    await tg.settle()
    menu = tg.screen(uid)
    assert menu.plain_text == "Hello Dana <3 & welcome"
    assert menu.buttons[1] == [Button("Delete", "del"), Button("Report", "doc")]
    await tg.tap(uid, "Next")
    await tg.settle()
    page = tg.screen(uid)
    assert (page.message_id, page.edited) == (menu.message_id, True)
    assert (page.text, page.plain_text) == ("Page <i>2</i>", "Page 2")
    assert [[b.text for b in row] for row in page.buttons] == [["Back"]]
    assert [kind for kind, _ in tg.events(uid)] == ["user_text", "bot_send", "user_tap", "bot_edit"]
    assert tg.events(uid)[1][1] == menu
    assert sum(1 for m, _ in tg.calls if m == "answerCallbackQuery") >= 1


async def test_identical_edit_is_not_modified(env: Env, uid: int) -> None:
    env.tg.send_text(uid, "/start")
    await env.tg.settle()
    await env.tg.tap(uid, lambda button: button.callback_data == "same")
    await env.tg.settle()
    assert env.errors[-1].startswith("Bad Request: message is not modified")
    assert not env.tg.screen(uid).edited


async def test_delete_then_edit_fails(env: Env, uid: int) -> None:
    env.tg.send_text(uid, "/start")
    await env.tg.settle()
    menu_id = env.tg.screen(uid).message_id
    await env.tg.tap(uid, "Delete")
    await env.tg.settle()
    assert env.tg.messages(uid)[-1].deleted
    assert ("bot_answer", "Deleted") in env.tg.events(uid)
    with pytest.raises(LookupError):
        env.tg.screen(uid)
    with pytest.raises(TelegramBadRequest, match="message to edit not found"):
        await env.bot.edit_message_text("x", chat_id=uid, message_id=menu_id)
    with pytest.raises(TelegramBadRequest, match="message to delete not found"):
        await env.bot.delete_message(uid, menu_id)


async def test_document_with_protect_content(env: Env, uid: int) -> None:
    env.tg.send_text(uid, "/start")
    await env.tg.settle()
    await env.tg.tap(uid, "Report")
    await env.tg.settle()
    sent = env.tg.screen(uid)
    assert sent.protect_content and sent.document is not None
    assert (sent.document.filename, sent.document.data, sent.document.caption) == (
        "report.pdf",
        b"%PDF-1.4 report",
        "Your <b>report</b>",
    )
    assert sent.plain_text == "Your report"
    assert env.tg.events(uid)[-1] == ("bot_document", "report.pdf")
    params = next(p for m, p in env.tg.calls if m == "sendDocument" and p["chat_id"] == uid)
    assert params["document"].startswith("attach://") and params["protect_content"] is True


async def test_wrong_message_types_and_user_message_deletion(env: Env, uid: int) -> None:
    env.tg.send_sticker(uid)
    env.tg.send_photo(uid)
    env.tg.send_contact(uid)
    await env.tg.settle()
    assert [(m.kind, m.deleted) for m in env.tg.user_messages(uid)] == [
        ("sticker", True),
        ("photo", True),
        ("contact", True),
    ]
    assert sorted(m.plain_text for m in env.tg.messages(uid)) == [
        "Please type text, not a contact",
        "Please type text, not a photo",
        "Please type text, not a sticker",
    ]


async def test_bot_downloads_user_document(env: Env, uid: int) -> None:
    env.tg.send_document(uid, "passport.pdf", b"12345")
    await env.tg.settle()
    assert env.tg.screen(uid).text == "got 5 bytes"


async def test_tap_errors_and_raw_taps(env: Env, uid: int) -> None:
    with pytest.raises(LookupError, match="never talked"):
        env.tg.tap(uid, "Next")
    env.tg.send_text(uid, "/start")
    await env.tg.settle()
    with pytest.raises(LookupError, match=r"\['Next', 'Same', 'Delete', 'Report'\]"):
        env.tg.tap(uid, "Missing")
    queued = env.tg.tap_raw(uid, env.tg.screen(uid).message_id, "forged:data")
    await env.tg.settle()
    assert queued.callback_query_id is not None
    assert env.tg.events(uid)[-2:] == [("user_tap_raw", "forged:data"), ("bot_answer", "This button is outdated")]


async def test_telegram_limits(env: Env, uid: int) -> None:
    env.tg.send_text(uid, "hi")
    await env.tg.settle()
    with pytest.raises(TelegramBadRequest, match="message is too long"):
        await env.bot.send_message(uid, "x" * 4097)
    await env.bot.send_message(uid, "<b>" + "x" * 4096 + "</b>")  # the limit applies after parsing
    with pytest.raises(TelegramBadRequest, match="BUTTON_DATA_INVALID"):
        await env.bot.send_message(uid, "x", reply_markup=_keyboard([("Long", "д" * 33)]))
    with pytest.raises(TelegramBadRequest, match="can't parse entities"):
        await env.bot.send_message(uid, "<b>unclosed")
    with pytest.raises(TelegramBadRequest, match="chat not found"):
        await env.bot.send_message(next(_user_ids), "nobody is here")
    sent = await env.bot.send_message(uid, "\N{GRINNING FACE} <b>bold</b> <a href='https://x.kz'>link</a>")
    assert [(e.type, e.offset, e.length) for e in sent.entities] == [("bold", 3, 4), ("text_link", 8, 4)]
    assert sent.text == "\N{GRINNING FACE} bold link" and sent.from_user.username == "intake_test_bot"


async def test_direct_edits_and_bulk_delete(env: Env, uid: int) -> None:
    user_message_id = env.tg.send_text(uid, "hi").message_id
    await env.tg.settle()
    sent = await env.bot.send_message(uid, "menu", reply_markup=_keyboard([("A", "a")]))
    assert sent.message_id == user_message_id + 2  # ids are shared by the user and the bot
    assert sent.reply_markup.inline_keyboard[0][0].callback_data == "a"
    await env.bot.edit_message_reply_markup(chat_id=uid, message_id=sent.message_id)
    assert env.tg.screen(uid).buttons == [] and env.tg.screen(uid).edited
    with pytest.raises(TelegramBadRequest, match="message is not modified"):
        await env.bot.edit_message_reply_markup(chat_id=uid, message_id=sent.message_id)
    with pytest.raises(TelegramBadRequest, match="message can't be edited"):
        await env.bot.edit_message_text("x", chat_id=uid, message_id=user_message_id)
    assert await env.bot.send_chat_action(uid, "typing")
    assert await env.bot.delete_messages(uid, [user_message_id, sent.message_id, 999])
    assert env.tg.user_messages(uid)[0].deleted and env.tg.messages(uid)[-1].deleted
    assert env.tg.events(uid)[-2:] == [("bot_delete", user_message_id), ("bot_delete", sent.message_id)]


async def test_fail_next_answers_429(env: Env, uid: int) -> None:
    env.tg.send_text(uid, "hi")
    await env.tg.settle()
    env.tg.fail_next("sendMessage", 1, retry_after=3)
    with pytest.raises(TelegramRetryAfter) as raised:
        await env.bot.send_message(uid, "first")
    assert raised.value.retry_after == 3
    await env.bot.send_message(uid, "second")
    assert env.tg.screen(uid).text == "second"


async def test_commands_and_menu_button(env: Env) -> None:
    ru = [BotCommand(command="start", description="Начать")]
    await env.bot.set_my_commands(ru, language_code="ru")
    help_command = [BotCommand(command="help", description="Help")]
    await env.bot.set_my_commands(help_command, scope=BotCommandScopeChat(chat_id=7))
    assert env.tg.commands[("default", "ru")] == [{"command": "start", "description": "Начать"}]
    assert [(c.command, c.description) for c in await env.bot.get_my_commands(language_code="ru")] == [
        ("start", "Начать")
    ]
    assert await env.bot.get_my_commands() == []
    await env.bot.delete_my_commands(scope=BotCommandScopeChat(chat_id=7))
    assert ("chat:7", "") not in env.tg.commands
    with pytest.raises(TelegramBadRequest, match="BOT_COMMAND_INVALID"):
        await env.bot.set_my_commands([BotCommand(command="Bad-Command", description="x")])
    await env.bot.set_chat_menu_button()
    assert env.tg.menu_buttons[None] == {"type": "default"}


async def test_get_updates_protocol(bare: FakeTelegram) -> None:
    status, body = await _post(bare, "getMe")
    assert body["result"]["id"] == 123456 and body["result"]["is_bot"] is True
    first = bare.send_text(5, "one").update_id
    bare.send_text(5, "two")
    _, body = await _post(bare, "getUpdates", data={"offset": "0", "timeout": "5"})
    assert [u["message"]["text"] for u in body["result"]] == ["one", "two"]
    _, body = await _post(bare, "getUpdates", json={"offset": first + 1, "timeout": 0})
    assert [u["message"]["text"] for u in body["result"]] == ["two"]
    _, body = await _post(bare, "getUpdates", params={"offset": str(first + 2), "timeout": "0"})
    assert body == {"ok": True, "result": []}
    poll = asyncio.create_task(_post(bare, "getUpdates", data={"offset": str(first + 2), "timeout": "5"}))
    await asyncio.sleep(0.05)
    bare.send_text(5, "three")
    _, body = await asyncio.wait_for(poll, 1)
    assert body["result"][0]["message"]["text"] == "three"


async def test_allowed_updates_and_concurrent_polls(bare: FakeTelegram) -> None:
    bare.send_text(5, "hello")
    _, body = await _post(bare, "getUpdates", data={"timeout": "0", "allowed_updates": '["callback_query"]'})
    assert body["result"] == []  # the message update is not of an allowed type: dropped
    _, body = await _post(bare, "getWebhookInfo")
    assert body["result"] == {"url": "", "has_custom_certificate": False, "pending_update_count": 0}
    older = asyncio.create_task(_post(bare, "getUpdates", data={"timeout": "5"}))
    await asyncio.sleep(0.05)
    newer = asyncio.create_task(_post(bare, "getUpdates", data={"timeout": "0"}))
    assert (await asyncio.wait_for(older, 1))[0] == 409
    assert (await newer)[1]["result"] == []


async def test_errors_webhook_and_recording(bare: FakeTelegram) -> None:
    async with aiohttp.ClientSession() as http, http.post(f"{bare.base_url}/botnot-a-token/getMe") as resp:
        assert resp.status == 401
    assert await _post(bare, "sendPoll", data={"chat_id": "5"}) == (
        404,
        {"ok": False, "error_code": 404, "description": "Not Found: method not implemented in the fake"},
    )
    status, body = await _post(bare, "setWebhook", data={"url": "https://example.kz/hook"})
    assert (status, body, bare.webhook_url) == (200, {"ok": True, "result": True}, "https://example.kz/hook")
    status, body = await _post(bare, "getUpdates")
    assert status == 409 and "webhook is active" in body["description"]
    await _post(bare, "deleteWebhook", data={"drop_pending_updates": "true"})
    assert [m for m, _ in bare.calls] == ["sendPoll", "setWebhook", "getUpdates", "deleteWebhook"]
    assert bare.calls[0][1] == {"chat_id": 5}


async def test_settle_reports_what_is_pending(bare: FakeTelegram) -> None:
    bare.send_text(5, "is anyone polling?")
    with pytest.raises(TimeoutError, match="1 update"):
        await bare.settle(timeout=0.1)
    markup = '{"inline_keyboard": [[{"text": "Go", "callback_data": "go"}]]}'
    await _post(bare, "sendMessage", data={"chat_id": "5", "text": "menu", "reply_markup": markup})
    query_id = (await bare.tap(5, "Go")).callback_query_id
    await _post(bare, "getUpdates", data={"timeout": "0"})
    with pytest.raises(TimeoutError, match=f"unanswered callback queries {{'{query_id}'"):
        await bare.settle(timeout=0.1)
    await bare.settle(timeout=1, require_answers=False)
    assert (await _post(bare, "answerCallbackQuery", data={"callback_query_id": query_id}))[0] == 200
    await bare.settle(timeout=1)
    status, body = await _post(bare, "answerCallbackQuery", data={"callback_query_id": query_id})
    assert status == 400 and "query ID is invalid" in body["description"]


async def test_malformed_parameters_are_a_bad_request(bare: FakeTelegram) -> None:
    status, body = await _post(bare, "getUpdates", data={"offset": "soon"})
    assert status == 400 and body["description"].startswith("Bad Request: invalid parameters")
