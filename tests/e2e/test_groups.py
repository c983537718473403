"""Private chats only, through the real process: added to a group the bot says one line, in the language of
the user who added it, and leaves; nothing a group sends (commands, a case number, an old button) brings a
screen, there or anywhere; at start the bot warns once that @BotFather still lets it join groups."""

from __future__ import annotations

from pathlib import Path

from bot.demo.fake_telegram import FakeTelegram
from bot.i18n import make_i18n
from tests.helpers import add_user, bot_env, bot_process

SPECIALIST, STRANGER = 881001, 881002
GROUP, SUPERGROUP, CHANNEL, OTHER_GROUP = -100201, -1001000202, -1001000203, -100204
SHOWN = ("sendMessage", "editMessageText", "editMessageReplyMarkup", "sendDocument")


def shown_in(tg: FakeTelegram, chat_id: int) -> list[tuple[str, str]]:
    return [
        (name, str(params.get("text", "")))
        for name, params in tg.calls
        if name in SHOWN and params.get("chat_id") == chat_id
    ]


async def test_the_bot_leaves_groups_and_shows_nothing_there(tmp_path: Path, database_url: str):
    i18n = make_i18n("en")
    async with FakeTelegram() as tg:
        tg.can_join_groups = True  # @BotFather's /setjoingroups was left enabled
        env = bot_env(tmp_path, tg.base_url, database_url)
        add_user(env, SPECIALIST, "specialist", "E2E Specialist", locale="ru")
        log_path = tmp_path / "bot.log"
        with bot_process(env, log_path):
            tg.send_text(SPECIALIST, "/start", language_code="ru")  # the specialist uses the bot in private
            await tg.settle(timeout=60)
            private_before = len(tg.messages(SPECIALIST))

            tg.add_bot_to_group(SPECIALIST, GROUP)  # registered, Russian interface
            tg.send_text(STRANGER, "hello", language_code="kk")  # someone unknown, with a Kazakh Telegram
            await tg.settle(timeout=60)
            tg.add_bot_to_group(STRANGER, SUPERGROUP, kind="supergroup")
            tg.add_bot_to_group(SPECIALIST, CHANNEL, kind="channel", status="administrator")
            await tg.settle(timeout=60, require_answers=False)
            assert shown_in(tg, GROUP) == [
                (
                    "sendMessage",
                    i18n.gettext(
                        "This bot works only in a private chat: it shows nothing in groups and leaves them. "
                        "Write to it directly.",
                        locale="ru",
                    ),
                )
            ]
            assert [text for _, text in shown_in(tg, SUPERGROUP)] == [
                i18n.gettext(
                    "This bot works only in a private chat: it shows nothing in groups and leaves them. "
                    "Write to it directly.",
                    locale="kk",
                )
            ]
            assert shown_in(tg, CHANNEL) == []  # a channel's subscribers are not told anything
            assert sorted(tg.left_chats) == sorted([GROUP, SUPERGROUP, CHANNEL])

            # a group the bot is still in (added before this version): commands, a number, an old button
            for text in ("/start", "/status", "/drafts", "/help", "/status 2026-0001", "2026-0001"):
                tg.send_group_text(SPECIALIST, OTHER_GROUP, text)
            tg.send_group_text(SPECIALIST, OTHER_GROUP, "/start@intake_test_bot", kind="supergroup")
            tap = tg.tap_in_group(SPECIALIST, OTHER_GROUP, "stale\x1dcase")
            await tg.settle(timeout=60, require_answers=False)
            assert shown_in(tg, OTHER_GROUP) == []
            assert len(tg.messages(SPECIALIST)) == private_before  # and nothing in private either
            answered = [
                p
                for name, p in tg.calls
                if name == "answerCallbackQuery" and p.get("callback_query_id") == tap.callback_query_id
            ]
            assert answered and not answered[0].get("text")  # the spinner stops; no alert, no screen
    logs = log_path.read_text(errors="replace")
    assert "Traceback" not in logs, logs[-3000:]
    assert logs.count("the bot can be added to groups") == 1  # warned once, at start
