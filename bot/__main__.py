"""Command line: ``intake-bot [run | webhook | demo | db | users | ...]``."""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import sys
from datetime import date
from pathlib import Path
from typing import Any

from .config import LOCALES, ConfigError, Settings, load_settings
from .logs import setup_logging
from .standard.resocialization import Position
from .standard.roles import Role
from .store.crypto import DataKeyError


def _iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date as YYYY-MM-DD") from None


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="intake-bot",
        description=(
            "Telegram intake assistant for identifying victims of human trafficking. "
            "Settings come from the environment (BOT_TOKEN, DATABASE_URL, ...; see README)."
        ),
    )
    sub = parser.add_subparsers(dest="command")
    _add_running(sub)
    _add_people(sub)
    _add_case_administration(sub)
    return parser


def _add_running(sub: Any) -> None:
    """run, webhook, demo, db."""
    sub.add_parser("run", help="long-poll Telegram (the default; without BOT_TOKEN runs the offline demo)")
    sub.add_parser(
        "webhook",
        help="serve Telegram's webhook (WEBHOOK_URL, WEBHOOK_SECRET, WEBHOOK_LISTEN); "
        "several processes can serve one bot with PostgreSQL and Redis",
    )

    demo = sub.add_parser("demo", help="run the real bot against a fake Bot API server with a scripted specialist")
    demo.add_argument("--lang", choices=LOCALES, default="ru", help="the specialist's interface language")
    demo.add_argument("--out", type=Path, default=Path("demo-out"), help="folder for transcript.md and intake.db")
    demo.add_argument(
        "--through",
        choices=("report", "admission", "completion"),
        default="report",
        help="how far the case goes: the report (Annexes 1, 2, 8), or on through the permit to admission "
        "(the agreement, a child's record, the registration cards, the para 21 notice: Annexes 3 and 4 too), or on "
        "to the end of services (the needs, the plan approved by the head, two quarters' monitoring, completion: "
        "Annexes 6 and 7 too)",
    )

    db = sub.add_parser("db", help="schema migrations")
    db_sub = db.add_subparsers(dest="db_command", required=True)
    db_sub.add_parser("upgrade", help="bring the schema to the newest revision")
    down = db_sub.add_parser("downgrade", help="go back to a revision")
    down.add_argument("revision")


def _add_people(sub: Any) -> None:
    """users, orgs, invites."""
    users = sub.add_parser("users", help="register users")
    users_sub = users.add_subparsers(dest="users_command", required=True)
    add = users_sub.add_parser("add", help="register a Telegram user with a role")
    add.add_argument("--telegram-id", type=int, required=True)
    add.add_argument("--role", required=True, choices=[role.value for role in Role])
    add.add_argument("--org", help="organization name (specialist, head)")
    add.add_argument("--district", help="district name (specialist, head, officer)")
    add.add_argument("--name", help="full name, printed on documents as the authorized person")
    add.add_argument("--locale", choices=LOCALES)
    add.add_argument(
        "--position",
        choices=[position.value for position in Position],
        help="the post of Annex 5 (specialist, head): which types of service of a plan they record",
    )
    for name, text in (
        ("deactivate", "close a user's access from the next update on"),
        ("activate", "give a deactivated user access again"),
    ):
        switch = users_sub.add_parser(name, help=text)
        switch.add_argument("--telegram-id", type=int, required=True)

    orgs = sub.add_parser("orgs", help="organizations")
    orgs_sub = orgs.add_subparsers(dest="orgs_command", required=True)
    head = orgs_sub.add_parser("set-head", help="the head's full name, printed on the application (Annex 1)")
    head.add_argument("--org", required=True, help="organization name")
    head.add_argument("--name", required=True, help="surname, first name, patronymic (if any) of the head")

    invites = sub.add_parser("invites", help="single-use invitation links")
    invites_sub = invites.add_subparsers(dest="invites_command", required=True)
    create = invites_sub.add_parser("create", help="an invitation for a role (expires in 72 hours by default)")
    create.add_argument("--role", required=True, choices=[role.value for role in Role])
    create.add_argument("--org", help="organization name (specialist, head)")
    create.add_argument("--district", help="district name (officer, police; a new organization's district)")
    create.add_argument("--hours", type=int, default=72)


def _add_case_administration(sub: Any) -> None:
    """audit, purge, cases, calendar, keys."""
    audit = sub.add_parser("audit", help="print the audit trail of a case")
    audit.add_argument("--case", required=True, metavar="NUMBER")

    purge = sub.add_parser("purge", help="erase intakes left unfinished longer than RETENTION_DAYS")
    purge.add_argument("--days", type=int, help="override RETENTION_DAYS")

    cases = sub.add_parser("cases", help="case administration")
    cases_sub = cases.add_subparsers(dest="cases_command", required=True)
    erase = cases_sub.add_parser("erase", help="erase a case on a documented request, leaving an audit stub")
    erase.add_argument("number")
    erase.add_argument("--request", required=True, help="the reference of the written request")

    calendar = sub.add_parser("calendar", help="corrections to the working-day calendar (holidays KZ)")
    calendar_sub = calendar.add_subparsers(dest="calendar_command", required=True)
    for name, text in (
        ("add-day-off", "an extra day off, e.g. a transferred holiday"),
        ("add-working-day", "a transferred working Saturday or Sunday"),
    ):
        day = calendar_sub.add_parser(name, help=text)
        day.add_argument("date", type=_iso_date, help="YYYY-MM-DD")
    calendar_sub.add_parser("list", help="the corrections recorded")

    keys = sub.add_parser("keys", help="the data key")
    keys_sub = keys.add_subparsers(dest="keys_command", required=True)
    keys_sub.add_parser("rotate", help="re-encrypt everything under a new key; reads go on meanwhile")
    keys_sub.add_parser("new", help="print a fresh key for INTAKE_DATA_KEY")

    from .statistics.cli import add_parser as add_stats

    add_stats(sub, _iso_date)


async def _with_store(settings: Settings, args: argparse.Namespace) -> None:
    """The administrator's commands that work on the store."""
    from .app import open_store

    store = await open_store(settings)
    try:
        if args.command == "users" and args.users_command == "add":
            people = {"org": args.org, "district": args.district, "full_name": args.name, "locale": args.locale}
            actor = await store.add_user(args.telegram_id, args.role, **people, position=args.position)
            print(f"registered user {actor.id}: Telegram id {actor.telegram_id}, role {actor.role}")
        elif args.command == "users":
            actor = await store.set_active(None, args.telegram_id, args.users_command == "activate")
            print(
                f"user {actor.id} (Telegram id {actor.telegram_id}) is now "
                f"{'active' if actor.active else 'deactivated'}"
            )
        elif args.command == "orgs":
            org = await store.set_head_name(None, args.name, org=args.org)
            print(f"the head of {org} is recorded; Annex 1 names them from now on")
        elif args.command == "invites":
            code, expires = await store.create_invite(
                None, args.role, org=args.org, district=args.district, hours=args.hours
            )
            link = (
                f"https://t.me/{settings.bot_username}?start={code}"
                if settings.bot_username
                else f"/start {code}   (set BOT_USERNAME to print the t.me link)"
            )
            print(f"invitation for a {args.role}, single use, valid until {expires:%Y-%m-%d %H:%M} UTC:\n{link}")
        elif args.command == "audit":
            lines = await store.audit_of_case(args.case)
            if not lines:
                raise ValueError(f"no audit trail for case {args.case}")
            for line in lines:
                print(f"{line.at:%Y-%m-%d %H:%M:%S}  {line.user:<30}  {line.action:<16}  {line.detail or ''}")
        elif args.command == "purge":
            numbers = await store.purge_stale_drafts(args.days or settings.retention_days)
            print(f"erased {len(numbers)} unfinished intake(s){': ' + ', '.join(numbers) if numbers else ''}")
        elif args.command == "calendar" and args.calendar_command == "list":
            for day, kind in await store.calendar_days():
                print(f"{day.isoformat()}  {'day off' if kind == 'off' else 'working day'}")
        elif args.command == "calendar":
            kind = "off" if args.calendar_command == "add-day-off" else "working"
            await store.set_calendar_day(args.date, kind)
            calendar = await store.calendar()
            print(
                f"{args.date.isoformat()} is now a {'day off' if kind == 'off' else 'working day'} "
                f"(working day: {calendar.is_working_day(args.date)})"
            )
        elif args.command == "cases":
            await store.erase_case(args.number, args.request)
            print(f"case {args.number} erased; the audit trail keeps a stub with the request {args.request}")
    finally:
        await store.close()


async def _db(settings: Settings, args: argparse.Namespace) -> None:
    from .store.db import downgrade, install_keyring, make_engine, migrate

    install_keyring(settings)
    engine = make_engine(settings.database_url)
    try:
        if args.db_command == "upgrade":
            await migrate(engine)
            from .store import Store

            written = await Store(engine).ensure_statistics()
            if written:
                print(f"statistics: the facts of {written} earlier case(s) written")
        else:
            await downgrade(engine, args.revision)
    finally:
        await engine.dispose()
    print(f"schema {args.db_command} done")


def _run(settings: Settings) -> None:
    if settings.bot_token:
        from .app import run_polling

        asyncio.run(run_polling(settings))
    else:
        print("No BOT_TOKEN is set: running the offline demo against a fake Telegram on localhost.")
        from .demo.run import run_demo

        asyncio.run(run_demo(settings, lang=settings.default_locale, out=Path("demo-out")))


def _webhook(settings: Settings) -> int:
    needed = (
        ("BOT_TOKEN", settings.bot_token),
        ("WEBHOOK_URL", settings.webhook_url),
        ("WEBHOOK_SECRET", settings.webhook_secret),
    )
    missing = [name for name, value in needed if not value]
    if missing:
        print(
            f"error: intake-bot webhook needs {', '.join(missing)} (see README, Running in production)", file=sys.stderr
        )
        return 2
    if settings.sqlite_path and not settings.redis_url:
        logging.getLogger("bot").warning(
            "webhook on SQLite without REDIS_URL: run exactly one process (several need PostgreSQL and Redis)"
        )
    from .webhook import run_webhook

    asyncio.run(run_webhook(settings))
    return 0


def _command(command: str, settings: Settings, args: argparse.Namespace) -> int:
    if command == "run":
        _run(settings)
    elif command == "webhook":
        return _webhook(settings)
    elif command == "demo":
        from .demo.run import run_demo

        asyncio.run(run_demo(settings, lang=args.lang, out=args.out, through=args.through))
    elif command == "db":
        asyncio.run(_db(settings, args))
    elif command in ("users", "orgs", "invites", "audit", "purge", "cases", "calendar"):
        asyncio.run(_with_store(settings, args))
    elif command == "stats":
        from .statistics import cli

        print(asyncio.run(cli.run(settings, args)))
    elif command == "keys":
        from .store import keys

        return keys.main_new() if args.keys_command == "new" else asyncio.run(keys.main_rotate(settings))
    return 0


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        settings = load_settings()
    except ConfigError as exc:
        print(exc.message, file=sys.stderr)
        return 2
    # the bot's own lines at LOG_LEVEL; libraries only from WARNING up (aiogram would log every update, aiohttp's
    # access log the request paths, which carry the token); LOG_FORMAT=json gives one JSON object a line
    setup_logging(settings.log_level, settings.log_format)
    try:
        return _command(args.command or "run", settings, args)
    except (ValueError, ConfigError, LookupError, PermissionError, DataKeyError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # the reader stopped early (`intake-bot audit --case N | head`): end quietly, as command-line tools do;
        # stdout goes to /dev/null so that the interpreter's last flush does not fail again
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141  # 128 + SIGPIPE, what a shell reports for a command whose output was closed


if __name__ == "__main__":
    sys.exit(main())
