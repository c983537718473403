"""Command line: ``intake-bot [run | demo | db | users]``."""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
from pathlib import Path

from .config import LOCALES, ConfigError, Settings, load_settings


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="intake-bot", description=(
        "Telegram intake assistant for identifying victims of human trafficking. "
        "Settings come from the environment (BOT_TOKEN, DATABASE_URL, ...; see README)."))
    sub = parser.add_subparsers(dest="command")

    sub.add_parser("run", help="long-poll Telegram (the default; without BOT_TOKEN runs the offline demo)")

    demo = sub.add_parser("demo", help="run the real bot against a fake Bot API server with a scripted specialist")
    demo.add_argument("--lang", choices=LOCALES, default="ru", help="the specialist's interface language")
    demo.add_argument("--out", type=Path, default=Path("demo-out"), help="folder for transcript.md and intake.db")

    db = sub.add_parser("db", help="schema migrations")
    db_sub = db.add_subparsers(dest="db_command", required=True)
    db_sub.add_parser("upgrade", help="bring the schema to the newest revision")
    down = db_sub.add_parser("downgrade", help="go back to a revision")
    down.add_argument("revision")

    users = sub.add_parser("users", help="register users")
    users_sub = users.add_subparsers(dest="users_command", required=True)
    add = users_sub.add_parser("add", help="register a Telegram user with a role")
    add.add_argument("--telegram-id", type=int, required=True)
    add.add_argument("--role", required=True, choices=("admin", "head", "specialist", "officer", "police"))
    add.add_argument("--org", help="organization name (specialist, head)")
    add.add_argument("--district", help="district name (specialist, head, officer)")
    add.add_argument("--name", help="full name, printed on documents as the authorized person")
    add.add_argument("--locale", choices=LOCALES)
    return parser


async def _users_add(settings: Settings, args: argparse.Namespace) -> None:
    from .app import open_store

    store = await open_store(settings)
    try:
        actor = await store.add_user(args.telegram_id, args.role, org=args.org, district=args.district,
                                     full_name=args.name, locale=args.locale)
    finally:
        await store.close()
    print(f"registered user {actor.id}: Telegram id {actor.telegram_id}, role {actor.role}")


async def _db(settings: Settings, args: argparse.Namespace) -> None:
    from .store.db import downgrade, install_keyring, make_engine, migrate

    install_keyring(settings)
    engine = make_engine(settings.database_url)
    try:
        if args.db_command == "upgrade":
            await migrate(engine)
        else:
            await downgrade(engine, args.revision)
    finally:
        await engine.dispose()
    print(f"schema {args.db_command} done")


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        settings = load_settings()
    except ConfigError as exc:
        print(exc.message, file=sys.stderr)
        return 2
    logging.basicConfig(level=settings.log_level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    # aiogram logs every update; aiohttp's access log would print request paths, which carry the token
    for noisy in ("aiogram.event", "aiohttp.access"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    command = args.command or "run"
    try:
        if command == "run":
            if settings.bot_token:
                from .app import run_polling

                asyncio.run(run_polling(settings))
            else:
                print("No BOT_TOKEN is set: running the offline demo against a fake Telegram on localhost.")
                from .demo.run import run_demo

                asyncio.run(run_demo(settings, lang=settings.default_locale, out=Path("demo-out")))
        elif command == "demo":
            from .demo.run import run_demo

            asyncio.run(run_demo(settings, lang=args.lang, out=args.out))
        elif command == "db":
            asyncio.run(_db(settings, args))
        elif command == "users":
            asyncio.run(_users_add(settings, args))
    except (ValueError, ConfigError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    return 0


if __name__ == "__main__":
    sys.exit(main())
