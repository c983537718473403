"""Settings from the environment. Bad values fail at start with a message that names the variable."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated, Literal
from urllib.parse import urlsplit

from pydantic import Field, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

LOCALES = ("kk", "ru", "en")
DEFAULT_DATA_DIR = Path("data")


class ConfigError(SystemExit):
    """Raised with a readable message; exits the command line with status 2."""

    def __init__(self, message: str):
        super().__init__(message)
        self.code = 2
        self.message = message

    def __str__(self) -> str:
        return self.message


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=None, extra="ignore", case_sensitive=False)

    bot_token: str | None = None
    database_url: str = Field(default=f"sqlite+aiosqlite:///{DEFAULT_DATA_DIR / 'intake.db'}")
    telegram_api_url: str | None = None
    redis_url: str | None = None
    admin_ids: Annotated[tuple[int, ...], NoDecode] = ()
    default_locale: Literal["kk", "ru", "en"] = "ru"
    verdict_rule: Literal["kz-law", "palermo"] = "kz-law"
    intake_data_key: str | None = None
    intake_key_file: Path | None = None
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    # "json": one JSON object a line (time, level, logger, message, update_id), for log collectors
    log_format: Literal["text", "json"] = "text"
    # unfinished intakes are erased after this many days without a change
    retention_days: int = Field(default=30, ge=1, le=3650)
    # for invitation links printed by the command line (the bot itself asks Telegram)
    bot_username: str | None = None
    # ``intake-bot webhook``: the public URL Telegram posts updates to, the secret it sends with them,
    # where this process listens, and whether it registers the URL with Telegram at start
    webhook_url: str | None = None
    webhook_secret: str | None = None
    webhook_listen: str = "127.0.0.1:8080"
    webhook_set: bool = True

    @field_validator("bot_token")
    @classmethod
    def _token(cls, value: str | None) -> str | None:
        if value in (None, ""):
            return None
        left, sep, right = value.partition(":")
        if not (sep and left.isdigit() and right):
            raise ValueError("must look like 123456789:AAE... (the token @BotFather gave you)")
        return value

    @field_validator("admin_ids", mode="before")
    @classmethod
    def _admin_ids(cls, value: object) -> tuple[int, ...]:
        if value in (None, ""):
            return ()
        if isinstance(value, str):
            parts = [p for p in value.replace(";", ",").replace(" ", ",").split(",") if p]
            try:
                return tuple(int(p) for p in parts)
            except ValueError:
                raise ValueError("must be Telegram user ids separated by commas, e.g. 12345,67890") from None
        return tuple(value)  # type: ignore[arg-type]

    @field_validator("database_url")
    @classmethod
    def _database_url(cls, value: str) -> str:
        if not value.startswith(("sqlite+aiosqlite://", "postgresql+asyncpg://")):
            raise ValueError("must start with sqlite+aiosqlite:// or postgresql+asyncpg://")
        return value

    @field_validator("telegram_api_url")
    @classmethod
    def _api_url(cls, value: str | None) -> str | None:
        if value in (None, ""):
            return None
        if not value.startswith(("http://", "https://")):
            raise ValueError("must be an http(s) base URL, e.g. http://127.0.0.1:8081")
        return value.rstrip("/")

    @field_validator("redis_url")
    @classmethod
    def _redis_url(cls, value: str | None) -> str | None:
        if value in (None, ""):
            return None
        if not value.startswith(("redis://", "rediss://", "unix://")):
            raise ValueError("must start with redis://, rediss:// or unix://")
        return value

    @field_validator("webhook_secret")
    @classmethod
    def _webhook_secret(cls, value: str | None) -> str | None:
        if value in (None, ""):
            return None
        if not re.fullmatch(r"[A-Za-z0-9_-]{16,256}", value):
            raise ValueError(
                "must be 16 to 256 characters of A-Z, a-z, 0-9, _ and - "
                "(e.g. from: python3 -c 'import secrets; print(secrets.token_urlsafe(32))')"
            )
        return value

    @field_validator("webhook_listen")
    @classmethod
    def _webhook_listen(cls, value: str) -> str:
        host, sep, port = value.rpartition(":")
        if not (sep and host and port.isdigit() and 0 < int(port) < 65536):
            raise ValueError("must be host:port, e.g. 127.0.0.1:8080 or 0.0.0.0:8080")
        return value

    @model_validator(mode="after")
    def _webhook_url(self) -> Settings:
        if self.webhook_url in (None, ""):
            self.webhook_url = None
            return self
        parts = urlsplit(self.webhook_url)
        # Telegram posts only to HTTPS; a self-hosted Bot API server (TELEGRAM_API_URL) may post to plain HTTP
        schemes = ("https", "http") if self.telegram_api_url else ("https",)
        if parts.scheme not in schemes or not parts.netloc:
            raise ValueError(
                "WEBHOOK_URL must be an https:// URL that Telegram can reach, e.g. https://bot.example.kz/telegram"
            )
        return self

    @property
    def webhook_path(self) -> str:
        return (urlsplit(self.webhook_url).path if self.webhook_url else "") or "/"

    @property
    def listen_host_port(self) -> tuple[str, int]:
        host, _, port = self.webhook_listen.rpartition(":")
        return host.strip("[]"), int(port)

    @property
    def sqlite_path(self) -> Path | None:
        prefix = "sqlite+aiosqlite:///"
        if self.database_url.startswith(prefix):
            return Path(self.database_url[len(prefix) :])
        return None

    @property
    def key_file(self) -> Path:
        if self.intake_key_file:
            return self.intake_key_file
        db = self.sqlite_path
        return (db.parent if db else DEFAULT_DATA_DIR) / "intake.key"


def load_settings(**overrides: object) -> Settings:
    """Read the environment; turn validation errors into one readable message."""
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as exc:
        lines = ["Configuration error:"]
        for err in exc.errors():
            msg = err["msg"].removeprefix("Value error, ")
            lines.append(f"  {str(err['loc'][0]).upper()}: {msg}" if err["loc"] else f"  {msg}")
        raise ConfigError("\n".join(lines)) from None
