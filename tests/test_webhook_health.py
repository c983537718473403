"""The webhook's health endpoint: 200 when the database and Redis answer, 503 naming the one that does not."""

from __future__ import annotations

from aiohttp.test_utils import TestClient, TestServer

from bot.app import build_app, make_bot
from bot.webhook import make_web_app


async def health_of(settings) -> tuple[int, dict]:  # noqa: ANN001
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
