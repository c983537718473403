"""``intake-bot webhook`` as real processes: Telegram's posts need the secret token, the health endpoint
answers, several processes behind a load balancer share one intake through PostgreSQL and Redis, a process
killed mid-intake loses nothing, and a process told to stop finishes the update it is handling."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
from pathlib import Path

import aiohttp
import pytest

from bench.load import start_webhook, stop
from bot.app import open_store
from bot.config import load_settings
from bot.demo.fake_telegram import FakeTelegram
from bot.demo.run import play
from bot.demo.script import PERSON, full_case, full_intake
from bot.i18n import make_i18n
from bot.standard.lifecycle import Status
from bot.store.crypto import encode_key, new_key
from tests.helpers import add_user, bot_env, redis_or_skip

USER_ID = 880101
SECRET = "e2e-webhook-secret-0123456789"
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/0").rsplit("/", 1)[0] + "/14"
I18N = make_i18n("en")


class Processes:
    """Webhook processes of one bot, each on its own port, with their logs."""

    def __init__(self, tmp_path: Path, env: dict[str, str]):
        self.tmp_path, self.env = tmp_path, env
        self.started: dict[str, tuple[subprocess.Popen[bytes], str, Path]] = {}

    async def start(self, name: str) -> str:
        log = self.tmp_path / f"{name}.log"
        process, base = await start_webhook(self.env, log)
        self.started[name] = (process, base, log)
        return base

    def process(self, name: str) -> subprocess.Popen[bytes]:
        return self.started[name][0]

    def log(self, name: str) -> str:
        return self.started[name][2].read_text(errors="replace")

    def stop_all(self) -> None:
        for process, _, _ in self.started.values():
            if process.poll() is None:
                process.kill()
                process.wait(timeout=10)


def webhook_env(tmp_path: Path, api_url: str, database_url: str, redis_url: str | None) -> dict[str, str]:
    env = bot_env(tmp_path, api_url, database_url)
    env.pop("INTAKE_KEY_FILE")
    # processes of one bot share the key; the public address Telegram would post to is the load balancer
    # (tg.webhook_targets here)
    env.update(
        BOT_TOKEN="123456789:E2E-WEBHOOK-TOKEN",
        INTAKE_DATA_KEY=encode_key(new_key()),
        WEBHOOK_SECRET=SECRET,
        WEBHOOK_URL="http://127.0.0.1:9/telegram",
    )
    if redis_url:
        env["REDIS_URL"] = redis_url
    return env


async def read_back_case(env: dict[str, str]):
    store = await open_store(load_settings(database_url=env["DATABASE_URL"], intake_data_key=env["INTAKE_DATA_KEY"]))
    try:
        actor = await store.user_by_telegram(USER_ID)
        lines = await store.status_lines(actor)
        return lines, await store.case(actor, 1)
    finally:
        await store.close()


def register(env: dict[str, str]) -> None:
    add_user(env, USER_ID, "specialist", "E2E Specialist", org="E2E Webhook Shelter")


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
async def test_two_processes_share_an_intake_and_one_killed_loses_nothing(tmp_path: Path, database_url: str):
    await redis_or_skip(REDIS_URL, flush=True)  # database 14 belongs to this test
    async with FakeTelegram() as tg:
        env = webhook_env(tmp_path, tg.base_url, database_url, REDIS_URL)
        register(env)
        processes = Processes(tmp_path, env)
        try:
            first, second = await processes.start("first"), await processes.start("second")
            assert tg.webhook_url == env["WEBHOOK_URL"] and tg.webhook_secret == SECRET
            tg.webhook_targets = [f"{first}/telegram", f"{second}/telegram"]  # round robin, as a load balancer
            steps = full_intake("en", "ru")
            kill_at = len(steps) // 2

            def on_step(step, shown, screen) -> None:
                if len(tg.deliveries) == kill_at:
                    processes.process("first").kill()  # SIGKILL mid-intake: no goodbye, no cleanup

            await play(tg, USER_ID, steps, "en", I18N, on_step=on_step, timeout=60)
            assert "is saved" in tg.screen(USER_ID).plain_text

            served = [target for _, target in tg.deliveries]
            before_kill = served[:kill_at]
            # the user's steps alternated between the two processes while both ran
            assert before_kill.count(f"{first}/telegram") >= kill_at // 2 - 1
            assert before_kill.count(f"{second}/telegram") >= kill_at // 2 - 1
            assert all(target == f"{second}/telegram" for target in served[kill_at + 1 :])
            failed = [(update_id, target) for update_id, target, _ in tg.delivery_failures]
            assert failed and all(target == f"{first}/telegram" for _, target in failed)  # retried on the other
            assert len(tg.deliveries) == len(steps)  # every update handled once

            assert await stop(processes.process("second")) == 0  # SIGTERM: a clean exit
        finally:
            processes.stop_all()

    lines, case = await read_back_case(env)
    assert len(lines) == 1  # one case, no duplicate
    assert case.status is Status.IDENTIFIED and case.person.surname == PERSON["surname"]
    assert len(case.answers) == 28 and len(case.children) == 1
    logs = processes.log("first") + processes.log("second")
    assert "Traceback" not in processes.log("second"), processes.log("second")[-3000:]
    for secret in (PERSON["surname"], PERSON["birth_date"], SECRET, "E2E-WEBHOOK-TOKEN"):
        assert secret not in logs


async def test_posts_need_the_secret_and_a_stopping_process_finishes_its_update(tmp_path: Path):
    async with FakeTelegram() as tg:
        env = webhook_env(tmp_path, tg.base_url, f"sqlite+aiosqlite:///{tmp_path / 'intake.db'}", None)
        register(env)
        processes = Processes(tmp_path, env)
        try:
            base = await processes.start("only")
            tg.webhook_targets = [f"{base}/telegram"]
            async with aiohttp.ClientSession() as http:
                update = {
                    "update_id": 1,
                    "message": {
                        "message_id": 1,
                        "date": 0,
                        "text": "/start",
                        "chat": {"id": USER_ID, "type": "private"},
                        "from": {"id": USER_ID, "is_bot": False, "first_name": "X"},
                    },
                }
                for headers in ({}, {"X-Telegram-Bot-Api-Secret-Token": "wrong-secret-0123456789"}):
                    async with http.post(f"{base}/telegram", json=update, headers=headers) as response:
                        assert response.status == 401
                async with http.get(f"{base}/health") as response:
                    assert response.status == 200
                    assert await response.json() == {"status": "ok", "database": "ok"}
            assert not [method for method, params in tg.calls if str(params.get("chat_id")) == str(USER_ID)]

            steps = full_case("en", "ru")
            await play(tg, USER_ID, steps[:-1], "en", I18N, timeout=60)
            # the last step renders three documents (about a second): stop the process meanwhile
            pattern = steps[-1].label_pattern(I18N, "en")
            queued = tg.tap(USER_ID, lambda button: bool(pattern.fullmatch(button.text)))
            while not tg.posting(queued):
                await asyncio.sleep(0.002)
            processes.process("only").send_signal(signal.SIGTERM)
            await tg.processed(queued, timeout=40)
            assert await asyncio.to_thread(processes.process("only").wait, 40) == 0
        finally:
            processes.stop_all()
        documents = [m.document.filename.split("-")[0] for m in tg.messages(USER_ID) if m.document]
        assert documents == ["annex1", "annex2", "annex8"]  # all sent before the process stopped
        assert not tg.delivery_failures  # the update in flight was answered, not dropped
    log = processes.log("only")
    assert "webhook: stopping, finishing the updates in flight" in log and "webhook: stopped" in log
    assert "Traceback" not in log, log[-3000:]
