"""``intake-bot demo``: the real bot, over real HTTP, against a fake Bot API server on localhost, with
a scripted specialist typing clearly synthetic data. Writes ``transcript.md`` and ``intake.db``."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from aiogram.utils.i18n import I18n

from ..app import build_app, make_bot, set_commands, start_background
from ..config import Settings
from ..i18n import AUTONYMS, make_i18n
from ..standard import clock
from .completion import completion_parts
from .fake_telegram import BotMessage, FakeTelegram, Queued
from .script import (
    Step,
    admission_steps,
    agreement_steps,
    forward_steps,
    full_case,
    officer_steps,
    send,
    tap,
)

DEMO_USER_ID = 990001
DEMO_OFFICER_ID = 990002
DEMO_HEAD_ID = 990003
DEMO_ORG, DEMO_DISTRICT = "Demo Shelter (synthetic)", "Demo District"
HEAD_NAME = "Headova Demo Synthetic"
STAGES = ("report", "admission", "completion")
DEMO_TOKEN = "123456789:DEMO-TOKEN-FOR-THE-FAKE-SERVER"


def press(tg: FakeTelegram, user_id: int, step: Step, locale: str, i18n: I18n) -> tuple[Queued, str]:
    """Do one scripted step (type the text, or tap the button the step names on the current screen);
    return the queued update and what the user typed or tapped."""
    if step.kind == "send":
        return tg.send_text(user_id, step.value, language_code=locale), step.value
    pattern = step.label_pattern(i18n, locale)
    screen = tg.screen(user_id)
    button = next((b for row in screen.buttons for b in row if pattern.fullmatch(b.text)), None)
    if button is None:
        raise LookupError(f"user {user_id}: no button {pattern.pattern!r} on the screen:\n{screen.plain_text}")
    return tg.tap(user_id, button.text, message_id=screen.message_id), button.text


async def play(
    tg: FakeTelegram,
    user_id: int,
    steps: list[Step],
    locale: str,
    i18n: I18n,
    on_step: Callable[[Step, str, BotMessage], None] | None = None,
    timeout: float = 30,
) -> None:
    """Play the scripted steps against the fake server, waiting for the bot after each one."""
    for step in steps:
        _, shown = press(tg, user_id, step, locale, i18n)
        await tg.settle(timeout=timeout)
        if on_step:
            on_step(step, shown, tg.screen(user_id))


class Transcript:
    def __init__(self, tg: FakeTelegram, user_id: int, locale: str):
        self.tg = tg
        self.user_id = user_id
        self.actor = "Specialist"
        self.lines = [
            f"# Demo intake transcript ({AUTONYMS[locale]} interface)",
            "",
            f"Recorded {clock.now():%Y-%m-%d %H:%M} (Kazakhstan time). "
            "Every person, name and detail here is synthetic.",
            "The bot ran as a real process over HTTP against a fake Bot API server on localhost.",
            "",
        ]
        self.count = 0
        self.last: BotMessage | None = None
        self.seen_documents: set[int] = set()

    def add(self, step: Step, shown: str, screen: BotMessage) -> None:
        self.count += 1
        self.last = screen
        verb = "types" if step.kind == "send" else "taps"
        self.lines.append(f"## {self.count}. {self.actor} {verb} `{shown}`")
        deleted = [m for m in self.tg.user_messages(self.user_id) if m.deleted and m.text == shown]
        if step.kind == "send" and deleted and not shown.startswith("/"):
            self.lines.append("_(the typed message was deleted from the chat once stored)_")
        self.lines.append("")
        for message in self.tg.messages(self.user_id):
            if message.document and message.message_id not in self.seen_documents:
                self.seen_documents.add(message.message_id)
                protected = "protected" if message.protect_content else "NOT protected"
                self.lines += [
                    f"📎 the bot sends `{message.document.filename}` "
                    f"({len(message.document.data) // 1024} KB, {protected})",
                    "",
                ]
        self.lines += ["> " + line if line else ">" for line in screen.plain_text.splitlines()]
        for row in screen.buttons:
            self.lines.append(">")
            self.lines.append("> " + "  ".join(f"[{b.text}]" for b in row if b.text.strip()))
        protected = "sent with protect_content" if screen.protect_content else "not protected"
        self.lines += ["", f"_screen: message {screen.message_id}, {protected}_", ""]

    def write(self, path: Path) -> None:
        path.write_text("\n".join(self.lines) + "\n", encoding="utf-8")


def save_documents(tg: FakeTelegram, user_id: int, out: Path) -> list[Path]:
    """The PDFs the bot sent to the chat, by their form: annex1.pdf … annex8.pdf and notice21.pdf; a second card
    (the child's registration card) as annex4-2.pdf. A document sent again replaces its earlier copy."""
    written: dict[str, Path] = {}
    cards: list[str] = []
    for message in tg.messages(user_id):
        document = message.document
        if not document or not document.filename.endswith(".pdf"):
            continue
        form, _, rest = document.filename.partition("-")
        name = form
        if form == "annex4":
            recipient = rest.rsplit("-", 1)[0]  # the recipient's number, e.g. 2026-0001 or 2026-0001-1
            if recipient not in cards:
                cards.append(recipient)
            name = "annex4" if cards.index(recipient) == 0 else f"annex4-{cards.index(recipient) + 1}"
        path = out / f"{name}.pdf"
        path.write_bytes(document.data)
        written[name] = path
    return list(written.values())


def demo_settings(settings: Settings, out: Path, api_url: str) -> Settings:
    return settings.model_copy(
        update={
            "bot_token": DEMO_TOKEN,
            "telegram_api_url": api_url,
            "database_url": f"sqlite+aiosqlite:///{out / 'intake.db'}",
            "intake_data_key": None,
            "intake_key_file": out / "intake.key",
            "redis_url": None,
        }
    )


async def _add_users(app: Any, through: str) -> None:
    store = app.store
    await store.add_user(DEMO_USER_ID, "specialist", org=DEMO_ORG, district=DEMO_DISTRICT, full_name="Demo Specialist")
    await store.add_user(DEMO_HEAD_ID, "head", org=DEMO_ORG, district=DEMO_DISTRICT, full_name=HEAD_NAME)
    if through in ("admission", "completion"):
        await store.add_user(DEMO_OFFICER_ID, "officer", district=DEMO_DISTRICT, full_name="Demo Officer")


# Where else the person can get help, as the head sets it up for each language: clearly synthetic numbers.
CONTACTS = {
    "kk": "Демо ұйымының дағдарыс желісі (тәулік бойы) — +7 700 000 00 01 (синтетикалық)\n"
    "Демо ауданының медициналық пункті — +7 700 000 00 02 (синтетикалық)",
    "ru": "Кризисная линия демо-организации (круглосуточно) — +7 700 000 00 01 (синтетический)\n"
    "Медицинский пункт демо-района — +7 700 000 00 02 (синтетический)",
    "en": "Demo organization's crisis line (24 h) — +7 700 000 00 01 (synthetic)\n"
    "Demo district's medical point — +7 700 000 00 02 (synthetic)",
}


def head_steps(lang: str) -> list[Step]:
    """The head names themselves on the organization's documents (Annex 1, Annex 3) and sets up the referral
    contacts the person is given at the closing and at every way out, in each language."""
    return [
        send("/start"),
        Step("tap", AUTONYMS[lang], translate=False),
        tap("👥 Team"),
        tap("✍ The head's name on documents"),
        send(HEAD_NAME),
        tap("📇 Referral contacts"),
        *(step for code, text in CONTACTS.items() for step in (Step("tap", "✏ " + AUTONYMS[code], False), send(text))),
    ]


async def _play_all(tg: FakeTelegram, lang: str, interview: str, through: str) -> Transcript:
    """The specialist's intake and report; with ``through="admission"`` also the head, the forwarding, the officer's
    permit, the agreement and admission. One transcript, each step named by who took it."""
    i18n = make_i18n(lang)
    transcript = Transcript(tg, DEMO_USER_ID, lang)

    async def as_user(user_id: int, who: str, steps: list[Step]) -> None:
        transcript.user_id, transcript.actor = user_id, who
        await play(tg, user_id, steps, lang, i18n, transcript.add)

    await as_user(DEMO_HEAD_ID, "Head", head_steps(lang))
    await as_user(DEMO_USER_ID, "Specialist", full_case(lang, interview))
    if through != "report":
        number = re.search(r"\d{4}-\d{4,}", transcript.last.plain_text if transcript.last else "")
        assert number, "the intake ends with its case number"
        await as_user(DEMO_USER_ID, "Specialist", forward_steps(number.group(0)))
        await as_user(DEMO_OFFICER_ID, "Officer", [send("/start"), Step("tap", AUTONYMS[lang], translate=False)])
        await as_user(DEMO_OFFICER_ID, "Officer", officer_steps(number.group(0)))
        await as_user(DEMO_USER_ID, "Specialist", [*agreement_steps(number.group(0)), *admission_steps()])
        if through == "completion":
            for who, steps in completion_parts(number.group(0)):
                await as_user(DEMO_HEAD_ID if who == "Head" else DEMO_USER_ID, who, steps)
    transcript.user_id, transcript.actor = DEMO_USER_ID, "Specialist"
    return transcript


async def run_demo(settings: Settings, lang: str, out: Path, interview: str = "kk", through: str = "report") -> Path:
    """The demo: the intake and the report (``through="report"``), or on through the permit and admission."""
    if through not in STAGES:
        raise ValueError(f"--through is one of {', '.join(STAGES)}")
    out = out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    for stale in ("intake.db", "intake.db-wal", "intake.db-shm", *(p.name for p in out.glob("*.pdf"))):
        (out / stale).unlink(missing_ok=True)
    async with FakeTelegram() as tg:
        config = demo_settings(settings, out, tg.base_url)
        app = await build_app(config)
        bot = make_bot(config)
        try:
            await _add_users(app, through)
            await set_commands(bot, app.i18n)
            chores = start_background(app, bot)
            polling = asyncio.create_task(app.dispatcher.start_polling(bot, handle_signals=False))
            transcript = await _play_all(tg, lang, interview, through)
            await app.dispatcher.stop_polling()
            await polling
            for task in chores:
                task.cancel()
        finally:
            await bot.session.close()
            await app.close()
    transcript.write(out / "transcript.md")
    written = save_documents(tg, DEMO_USER_ID, out)
    number = re.search(r"\d{4}-\d{4,}", "\n".join(transcript.lines))
    print(f"Demo finished{f': case {number.group(0)} saved' if number else ''}.")
    print(f"  transcript: {out / 'transcript.md'}")
    print(f"  store:      {out / 'intake.db'} (encrypted with {out / 'intake.key'})")
    for path in written:
        print(f"  document:   {path}")
    return out
