"""The webhook's health endpoint: 200 when the database and Redis answer, 503 naming the one that does not."""

from __future__ import annotations

import logging

from aiohttp.test_utils import TestClient, TestServer

from bot.app import build_app, make_bot
from bot.webhook import make_web_app


async def health_of(settings) -> tuple[int, dict]:
    app = await build_app(settings)
    bot = make_bot(settings.model_copy(update={"bot_token": "123456789:HEALTH-TEST"}))
    try:
        async with TestClient(TestServer(make_web_app(app, bot))) as client:
            response = await client.get("/health")
            return response.status, await response.json()
    finally:
        await bot.session.close()
        await app.close()


async def test_health_reports_the_database(settings):
    assert await health_of(settings) == (200, {"status": "ok", "database": "ok"})


async def test_health_is_503_when_redis_does_not_answer(settings):
    status, report = await health_of(settings.model_copy(update={"redis_url": "redis://127.0.0.1:1/0"}))
    assert status == 503
    assert report["status"] == "unavailable" and report["database"] == "ok"
    assert report["redis"].startswith("unavailable")


async def test_a_post_that_is_no_update_gets_400_and_one_log_line(settings, caplog):
    settings = settings.model_copy(
        update={"webhook_url": "https://bot.example.test/telegram/", "webhook_secret": "health-test-secret-0123456789"}
    )
    app = await build_app(settings)
    bot = make_bot(settings.model_copy(update={"bot_token": "123456789:HEALTH-TEST"}))
    headers = {"X-Telegram-Bot-Api-Secret-Token": "health-test-secret-0123456789"}
    bodies = [
        b"not json at all",
        b"{}",
        b"[1, 2]",
        b'{"update_id": 7, "message": {}}',
        b'{"update_id": 8, "callback_query": {"id": "1"}}',
    ]
    try:
        async with TestClient(TestServer(make_web_app(app, bot))) as client:
            response = await client.post("/telegram/", data=b"{}")
            assert response.status == 401  # the secret first
            for body in bodies:
                caplog.clear()
                response = await client.post("/telegram/", data=body, headers=headers)
                assert response.status == 400, body
                lines = [r for r in caplog.records if r.levelno >= logging.WARNING]
                assert [r.getMessage().split(" (")[0] for r in lines] == [
                    "webhook: refused a post that is not a Telegram update"
                ], body
                assert not any(r.exc_info for r in caplog.records)
    finally:
        await bot.session.close()
        await app.close()
