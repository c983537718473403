"""End to end: the real ``intake-bot`` process, started from its console script, long-polls a fake Bot API
server on localhost; a scripted specialist completes an intake; the case is in the store afterwards."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest


from bot.app import open_store
from bot.config import load_settings
from bot.demo.fake_telegram import FakeTelegram
from bot.demo.completion import MEASURES, MONITORING
from bot.demo.run import HEAD_NAME, play
from bot.demo.script import (
    CHILD_CARD,
    NOTICE,
    PERSON,
    PERSON_CARD,
    CHILD,
    INTERPRETER,
    NARRATIVE,
    PERSON,
    VENUE,
    Step,
    full_case,
    full_intake,
    send,
    tap,
)
from bot.i18n import make_i18n
from bot.standard.lifecycle import Status
from tests.helpers import EXE, add_user, bot_env, bot_process, buttons, first_case

USER_ID = 880001


async def test_real_process_completes_an_intake(tmp_path: Path, database_url: str):
    """… and its log, with LOG_FORMAT=json, is one JSON object a line with no typed personal data."""
    async with FakeTelegram() as tg:
        env = bot_env(tmp_path, tg.base_url, database_url)
        env["LOG_FORMAT"] = "json"
        add_user(env, USER_ID, "specialist", "E2E Specialist")
        log_path = tmp_path / "bot.log"
        with bot_process(env, log_path):
            await play(tg, USER_ID, full_case("en", "ru"), "en", make_i18n("en"), timeout=60)
            screen = tg.screen(USER_ID)
            assert screen.plain_text.startswith("Documents of case") and screen.protect_content
            documents = [m for m in tg.messages(USER_ID) if m.document]
            assert [m.document.filename.split("-")[0] for m in documents] == ["annex1", "annex2", "annex8"]
            assert all(m.protect_content for m in documents)
            assert ("start", "en") in {(c["command"], lang) for (_, lang), cmds in tg.commands.items() for c in cmds}

    logs = log_path.read_text(errors="replace")
    assert "Traceback" not in logs, logs[-3000:]
    records = [json.loads(line) for line in logs.splitlines() if line.strip()]
    assert records and all({"time", "level", "logger", "message", "update_id"} <= set(r) for r in records)
    assert any(r["update_id"] for r in records) and {r["level"] for r in records} <= {"INFO", "WARNING"}
    assert all(r["logger"].startswith(("bot", "dialogs")) or r["level"] != "INFO" for r in records)
    typed = (
        PERSON["surname"],
        PERSON["first_name"],
        PERSON["birth_date"],
        INTERPRETER,
        CHILD["first_name"],
        VENUE,
        NARRATIVE[0][:40],
        NARRATIVE[1][:40],
    )
    for secret in (*typed, "E2E-TEST-TOKEN"):
        assert secret not in logs  # no typed personal data, no token in the logs
    # what stays in the chat: every screen was replaced or redacted, none shows what was typed
    for message in tg.messages(USER_ID):
        if not message.deleted and not message.document:
            assert not any(secret in message.plain_text for secret in typed), message.plain_text

    settings = load_settings(database_url=env["DATABASE_URL"], intake_key_file=env["INTAKE_KEY_FILE"])
    store = await open_store(settings)
    try:
        actor = await store.user_by_telegram(USER_ID)
        case = await store.case(actor, 1)
        assert case.status is Status.IDENTIFIED and case.person.surname == PERSON["surname"]
        assert len(case.answers) == 28 and case.report.completed
    finally:
        await store.close()
    # every typed text except the /start command was removed from the chat
    typed = [m for m in tg.user_messages(USER_ID) if m.text and not m.text.startswith("/")]
    assert typed and all(m.deleted for m in typed)


def test_without_a_token_the_run_command_runs_the_demo(tmp_path: Path):
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("BOT_TOKEN", "DATABASE_URL", "TELEGRAM_API_URL", "LOG_LEVEL", "LOG_FORMAT")
    }
    result = subprocess.run([EXE], env=env, cwd=tmp_path, capture_output=True, text=True, timeout=180)
    assert result.returncode == 0, result.stderr[-2000:]
    # the console shows the bot's own lines: no INFO from aiogram, Alembic, fontTools or any other library
    chatter = [
        line
        for line in (result.stdout + result.stderr).splitlines()
        if re.match(r"\S+ \S+ INFO (?!bot[.:]|dialogs[.:])", line)
    ]
    assert chatter == [], chatter[:5]
    assert "No BOT_TOKEN is set: running the offline demo" in result.stdout
    transcript = (tmp_path / "demo-out" / "transcript.md").read_text()
    assert "is saved" in transcript or "сақталды" in transcript or "сохранен" in transcript
    assert (tmp_path / "demo-out" / "intake.db").exists()


def test_bad_settings_fail_early_and_clearly(tmp_path: Path):
    env = dict(os.environ, VERDICT_RULE="majority", BOT_TOKEN="not-a-token")
    result = subprocess.run([EXE], env=env, cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert "VERDICT_RULE" in result.stderr and "BOT_TOKEN" in result.stderr


async def test_real_process_forwards_and_the_officer_issues_the_permit(tmp_path: Path, database_url: str):
    """Issue 4's whole path through the real process: identify and forward → the officer is notified,
    opens the case and issues the permit → the specialist is notified, records the agreement → /status
    shows the contract's end date."""
    officer_id = USER_ID + 1
    async with FakeTelegram() as tg:
        env = bot_env(tmp_path, tg.base_url, database_url)
        add_user(env, USER_ID, "specialist", "E2E Specialist")
        add_user(env, officer_id, "officer", "E2E Officer", org=None, locale="en")
        log_path = tmp_path / "bot.log"
        i18n = make_i18n("en")
        with bot_process(env, log_path):
            await play(tg, officer_id, [send("/start")], "en", i18n, timeout=60)  # the officer has the bot open
            steps = full_intake("en", "ru")
            await play(
                tg,
                USER_ID,
                [*steps, tap("🗂 Open the case"), tap("📤 Forward to the authorized body")],
                "en",
                i18n,
                timeout=60,
            )
            assert "Forwarded to the authorized body of the district." in tg.screen(USER_ID).plain_text
            notice = tg.messages(officer_id)[-1]
            assert "is waiting for your decision on the permit" in notice.plain_text
            assert PERSON["surname"] not in notice.plain_text and notice.protect_content
            await play(tg, officer_id, [send("/start"), tap("📥 Waiting for a decision")], "en", i18n, timeout=60)
            await play(
                tg,
                officer_id,
                [first_case(tg, officer_id), tap("✅ Issue the permit"), tap("✅ Yes, issue the permit")],
                "en",
                i18n,
                timeout=60,
            )
            assert "The permit is issued." in tg.screen(officer_id).plain_text
            told = [m.plain_text for m in tg.messages(USER_ID) if "issued the permit" in m.plain_text]
            assert len(told) == 1
            await play(tg, USER_ID, [send("/start"), tap("🗂 Recent cases")], "en", i18n, timeout=60)
            await play(
                tg,
                USER_ID,
                [
                    first_case(tg, USER_ID),
                    tap("✍ Record the signed agreement"),
                    tap("Today"),
                    send("/status " + told[0].split()[1].rstrip(":")),
                ],
                "en",
                i18n,
                timeout=60,
            )
            status = tg.screen(USER_ID).plain_text
            assert "Resocialization agreement signed" in status and "(para 16)" in status
    assert "Traceback" not in log_path.read_text(errors="replace")


async def test_every_role_goes_back_to_where_it_came_from(tmp_path: Path, database_url: str):
    """The officer opens the waiting case, its documents, goes back and issues the permit from the same screen;
    the head and the law enforcement representative open a case, its documents, and come back to the case and
    then to their list, through the real process."""
    officer_id, head_id, police_id = USER_ID + 11, USER_ID + 12, USER_ID + 13
    async with FakeTelegram() as tg:
        env = bot_env(tmp_path, tg.base_url, database_url)
        add_user(env, USER_ID, "specialist", "E2E Specialist")
        add_user(env, head_id, "head", "E2E Head", locale="en")
        add_user(env, officer_id, "officer", "E2E Officer", org=None, locale="en")
        add_user(env, police_id, "police", "E2E Police", org=None, locale="en")
        log_path = tmp_path / "bot.log"
        i18n = make_i18n("en")
        with bot_process(env, log_path):
            await play(tg, USER_ID, full_case("en", "ru"), "en", i18n, timeout=60)
            number = re.search(r"\d{4}-\d{4}", tg.screen(USER_ID).plain_text).group(0)  # "Documents of case …"
            await play(
                tg,
                USER_ID,
                [
                    tap("⬅ Back"),
                    tap("🗂 Open the case"),
                    tap("📤 Forward to the authorized body"),
                    tap("🚓 Share with law enforcement"),
                    Step("tap", "E2E Police", translate=False),
                    send("REQ-E2E-1"),
                    send("02.01.2024"),
                    tap("✅ Yes, in writing"),
                    send("03.01.2024"),
                ],
                "en",
                i18n,
                timeout=60,
            )
            assert "The report is shared." in tg.screen(USER_ID).plain_text

            # the officer: the case, its documents, back to the decision with its buttons, and the decision
            await play(tg, officer_id, [send("/start"), tap("📥 Waiting for a decision")], "en", i18n, timeout=60)
            await play(
                tg,
                officer_id,
                [
                    first_case(tg, officer_id),
                    tap("📄 Documents"),
                    tap("📄 Evaluation sheet (Annex 2)"),
                    tap("⬅ Back"),
                ],
                "en",
                i18n,
                timeout=60,
            )
            screen = tg.screen(officer_id).plain_text
            assert screen.startswith(f"Case {number}") and "Issue or refuse the permit" in screen
            assert {"✅ Issue the permit", "❌ Refuse the permit"} <= set(buttons(tg, officer_id))
            await play(
                tg,
                officer_id,
                [tap("✅ Issue the permit"), tap("✅ Yes, issue the permit"), tap("⬅ Back to the list")],
                "en",
                i18n,
                timeout=60,
            )
            assert "None at the moment." in tg.screen(officer_id).plain_text

            # the head and law enforcement: the case, its documents, back to the case, back to the list
            for user_id, opening_button in ((head_id, "🗂 Recent cases"), (police_id, "📂 Shared with me")):
                await play(tg, user_id, [send("/start"), tap(opening_button)], "en", i18n, timeout=60)
                listed = tg.screen(user_id).plain_text
                await play(
                    tg,
                    user_id,
                    [first_case(tg, user_id), tap("📄 Documents"), tap("📄 Report (Annex 8)"), tap("⬅ Back")],
                    "en",
                    i18n,
                    timeout=60,
                )
                assert tg.screen(user_id).plain_text.startswith(f"Case {number}\nStatus: Permit issued")
                assert "📄 Documents" in buttons(tg, user_id)
                if user_id == head_id:
                    assert "🚓 Share with law enforcement" in buttons(tg, user_id)
                await play(tg, user_id, [tap("⬅ Back")], "en", i18n, timeout=60)
                assert tg.screen(user_id).plain_text == listed and any(
                    b.startswith(number) for b in buttons(tg, user_id)
                )
            sent = [m.document.filename for m in tg.messages(police_id) if m.document]
            assert len(sent) == 1 and sent[0].startswith("annex8")  # law enforcement get the report only
    assert "Traceback" not in log_path.read_text(errors="replace")


def test_the_demo_through_completion_writes_the_annexes_and_a_transcript(tmp_path: Path):
    """``intake-bot demo --through completion --lang kk``: the scripted head, specialist and officer take a case from
    the intake through the permit, the agreement, a child's record and the registration cards (``--through admission``
    stops there), then the needs assessment, the plan the head approves, two quarters of monitoring and completion on
    the recipient's application; the demo writes Annexes 1, 2, 3, 4, 6, 7 and 8 (and the child's card and the para 21
    information) beside the transcript."""
    pdftotext = shutil.which("pdftotext")
    env = {k: v for k, v in os.environ.items() if k not in ("BOT_TOKEN", "DATABASE_URL", "TELEGRAM_API_URL")}
    out = tmp_path / "demo"
    result = subprocess.run(
        [EXE, "demo", "--through", "completion", "--lang", "kk", "--out", str(out)],
        env=env,
        capture_output=True,
        text=True,
        timeout=290,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    for name in ("annex1", "annex2", "annex3", "annex4", "annex6", "annex7", "annex8", "annex4-2", "notice21"):
        assert (out / f"{name}.pdf").read_bytes().startswith(b"%PDF"), name
    transcript = (out / "transcript.md").read_text()
    assert "Officer" in transcript and "Head" in transcript and "annex3-" in transcript
    if pdftotext is None:
        pytest.skip("pdftotext (poppler-utils) is needed to read the documents")

    def text(name: str) -> str:
        return " ".join(
            subprocess.run([pdftotext, str(out / f"{name}.pdf"), "-"], capture_output=True, text=True).stdout.split()
        )

    assert HEAD_NAME in text("annex3") and PERSON["surname"] in text("annex3")
    assert PERSON_CARD["iin"] in text("annex4") and PERSON_CARD["address"] in text("annex4")
    assert CHILD_CARD["iin"] in text("annex4-2")
    notice = text("notice21")
    assert NOTICE["reference"] in notice and PERSON["surname"] not in notice and "1998" not in notice
    plan, journal = text("annex6"), text("annex7")
    assert HEAD_NAME in plan and all(" ".join(m.split()) in plan for _s, m in MEASURES)
    assert all(" ".join(p.split()) in journal for p, _n in MONITORING)
