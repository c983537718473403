"""Updates that are not a person in a private chat never reach a screen: group and supergroup messages and taps,
channel posts, inline queries and the other kinds the bot never asked for produce no call of the Bot API (but
stopping a tapped button's spinner) and nothing in the log above INFO."""

from __future__ import annotations

import logging
from datetime import datetime

import pytest
from aiogram.methods import AnswerCallbackQuery
from aiogram.types import CallbackQuery, Chat, ChosenInlineResult, InlineQuery, Message, Update, User

from tests.helpers import SPECIALIST_ID

PERSON = User(id=SPECIALIST_ID, is_bot=False, first_name="Test", language_code="ru")
GROUP = Chat(id=-100301, type="group", title="Test group")
SUPERGROUP = Chat(id=-1001000302, type="supergroup", title="Test supergroup")
CHANNEL = Chat(id=-1001000303, type="channel", title="Test channel")


def message(chat: Chat, text: str, message_id: int = 7) -> Message:
    return Message(message_id=message_id, date=datetime.now(), chat=chat, from_user=PERSON, text=text)


UPDATES = {
    "group /start": {"message": message(GROUP, "/start")},
    "group /status": {"message": message(GROUP, "/status")},
    "supergroup /drafts": {"message": message(SUPERGROUP, "/drafts")},
    "supergroup /help": {"message": message(SUPERGROUP, "/help@intake_test_bot")},
    "group case number": {"message": message(GROUP, "2026-0001")},
    "group edit": {"edited_message": message(GROUP, "/start")},
    "channel post": {"channel_post": Message(message_id=3, date=datetime.now(), chat=CHANNEL, text="/start")},
    "inline query": {"inline_query": InlineQuery(id="q1", from_user=PERSON, query="2026-0001", offset="")},
    "chosen inline result": {
        "chosen_inline_result": ChosenInlineResult(result_id="r1", from_user=PERSON, query="2026-0001")
    },
}


@pytest.mark.parametrize("name", sorted(UPDATES))
async def test_nothing_but_a_private_chat_reaches_a_screen(make_bot_client, name, caplog):
    user = make_bot_client()
    caplog.set_level(logging.INFO)
    await user.client.dp.feed_update(user.bot, Update(update_id=100, **UPDATES[name]))
    assert user.bot.calls == [] and user.messages.sent_messages == []
    assert not [r for r in caplog.records if r.levelno > logging.INFO], caplog.text


async def test_an_old_button_tapped_in_a_group_only_stops_its_spinner(make_bot_client, caplog):
    user = make_bot_client()
    await user.send("/start")  # the specialist's own menu, in private
    private = len(user.messages.sent_messages)
    old = Message(message_id=9, date=datetime.now(), chat=GROUP, from_user=PERSON, text="An old screen")
    tap = CallbackQuery(id="old-1", from_user=PERSON, chat_instance="g", message=old, data="x\x1dcase")
    await user.client.dp.feed_update(user.bot, Update(update_id=101, callback_query=tap))
    assert [type(c) for c in user.bot.calls] == [AnswerCallbackQuery] and not user.bot.calls[0].text
    assert len(user.messages.sent_messages) == private
    assert not [r for r in caplog.records if r.levelno > logging.INFO]
