"""Settings: defaults, and bad values refused with the variable's name."""

import pytest

from bot.config import ConfigError, load_settings


def test_defaults(monkeypatch):
    for name in ("BOT_TOKEN", "DATABASE_URL", "ADMIN_IDS", "VERDICT_RULE", "DEFAULT_LOCALE", "REDIS_URL"):
        monkeypatch.delenv(name, raising=False)
    settings = load_settings()
    assert settings.bot_token is None and settings.verdict_rule == "kz-law"
    assert settings.database_url.startswith("sqlite+aiosqlite:///") and settings.admin_ids == ()


def test_values_are_parsed(monkeypatch):
    monkeypatch.setenv("ADMIN_IDS", "11, 22;33")
    monkeypatch.setenv("TELEGRAM_API_URL", "http://127.0.0.1:8081/")
    monkeypatch.setenv("VERDICT_RULE", "palermo")
    settings = load_settings()
    assert settings.admin_ids == (11, 22, 33)
    assert settings.telegram_api_url == "http://127.0.0.1:8081"
    assert settings.verdict_rule == "palermo"


@pytest.mark.parametrize(
    "name, value",
    [
        ("BOT_TOKEN", "abc"),
        ("ADMIN_IDS", "me,you"),
        ("DEFAULT_LOCALE", "de"),
        ("VERDICT_RULE", "majority"),
        ("DATABASE_URL", "mysql://x"),
        ("TELEGRAM_API_URL", "localhost:8081"),
        ("REDIS_URL", "http://x"),
        ("WEBHOOK_SECRET", "short"),
        ("WEBHOOK_SECRET", "has spaces in it, sixteen+"),
        ("WEBHOOK_LISTEN", "8080"),
        ("WEBHOOK_LISTEN", "0.0.0.0:99999"),
        ("WEBHOOK_URL", "http://bot.example.kz/telegram"),
        ("WEBHOOK_URL", "bot.example.kz/telegram"),
    ],
)
def test_bad_values_name_the_variable(monkeypatch, name, value):
    monkeypatch.setenv(name, value)
    with pytest.raises(ConfigError) as error:
        load_settings()
    assert name in str(error.value)


def test_webhook_settings(monkeypatch):
    monkeypatch.delenv("TELEGRAM_API_URL", raising=False)
    monkeypatch.setenv("WEBHOOK_URL", "https://bot.example.kz/tg/updates")
    monkeypatch.setenv("WEBHOOK_SECRET", "A-secret_of-24-characters")
    monkeypatch.setenv("WEBHOOK_LISTEN", "0.0.0.0:8443")
    settings = load_settings()
    assert settings.webhook_path == "/tg/updates" and settings.listen_host_port == ("0.0.0.0", 8443)
    assert settings.webhook_set is True
    # a self-hosted Bot API server may post to plain HTTP; Telegram itself only to HTTPS
    monkeypatch.setenv("WEBHOOK_URL", "http://10.0.0.5:8080/telegram")
    monkeypatch.setenv("TELEGRAM_API_URL", "http://127.0.0.1:8081")
    assert load_settings().webhook_path == "/telegram"
