"""The administrator's command line: invitations, deactivation, the audit trail, purge and erasure."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

EXE = str(Path(sys.executable).parent / "intake-bot")


def cli(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("BOT_TOKEN", "INTAKE_DATA_KEY", "REDIS_URL")}
    env.update(
        DATABASE_URL=f"sqlite+aiosqlite:///{tmp_path / 'cli.db'}",
        INTAKE_KEY_FILE=str(tmp_path / "k.key"),
        BOT_USERNAME="intake_test_bot",
        LOG_LEVEL="WARNING",
    )
    return subprocess.run([EXE, *args], env=env, capture_output=True, text=True, timeout=60)


def test_the_administrators_commands(tmp_path: Path):
    out = cli(tmp_path, "invites", "create", "--role", "specialist", "--org", "CLI Test Org", "--district", "CLI D")
    assert out.returncode == 0, out.stderr
    assert re.search(r"https://t\.me/intake_test_bot\?start=[\w-]{20,}", out.stdout)
    assert (tmp_path / "k.key").stat().st_mode & 0o777 == 0o600

    assert (
        cli(
            tmp_path,
            "users",
            "add",
            "--telegram-id",
            "77",
            "--role",
            "specialist",
            "--org",
            "CLI Test Org",
            "--district",
            "CLI D",
        ).returncode
        == 0
    )
    out = cli(tmp_path, "users", "deactivate", "--telegram-id", "77")
    assert out.returncode == 0 and "deactivated" in out.stdout

    out = cli(tmp_path, "orgs", "set-head", "--org", "CLI Test Org", "--name", "Headova  Demo Testovna")
    assert out.returncode == 0 and "the head of CLI Test Org is recorded" in out.stdout
    out = cli(tmp_path, "orgs", "set-head", "--org", "No Such Org", "--name", "Headova Demo")
    assert out.returncode == 2 and "there is no organization 'No Such Org'" in out.stderr

    out = cli(tmp_path, "audit", "--case", "2026-9999")
    assert out.returncode == 2 and "no audit trail" in out.stderr
    out = cli(tmp_path, "purge", "--days", "30")
    assert out.returncode == 0 and "erased 0 unfinished" in out.stdout
    out = cli(tmp_path, "cases", "erase", "2026-9999", "--request", "REQ-1")
    assert out.returncode == 2


@pytest.mark.parametrize("args", [["users", "add", "--telegram-id", "5", "--role", "specialist"]])
def test_bad_arguments_are_explained(tmp_path: Path, args):
    out = cli(tmp_path, *args)
    assert out.returncode == 2 and "needs --org and --district" in out.stderr


def test_the_webhook_needs_its_settings(tmp_path: Path):
    out = cli(tmp_path, "webhook")
    assert out.returncode == 2
    assert "intake-bot webhook needs BOT_TOKEN, WEBHOOK_URL, WEBHOOK_SECRET" in out.stderr


def test_a_long_trail_read_through_head_ends_quietly(tmp_path: Path):
    """`intake-bot audit --case N | head` stops reading after a few lines: no BrokenPipe traceback."""
    import sqlite3

    assert (
        cli(
            tmp_path,
            "users",
            "add",
            "--telegram-id",
            "78",
            "--role",
            "specialist",
            "--org",
            "CLI Test Org",
            "--district",
            "CLI D",
        ).returncode
        == 0
    )
    db = sqlite3.connect(tmp_path / "cli.db")
    db.execute(
        "insert into cases (number, organization_id, district_id, specialist_id, status, practice, edition, "
        "verdict_rule, sheet_position, created_at, updated_at) values ('2026-0042', 1, 1, 1, 'draft', 0, "
        "'kz-138-2022', 'kz-law', 0, '2026-11-25 06:00:00', '2026-11-25 06:00:00')"
    )
    db.executemany(
        "insert into audit (at, user_id, action, case_id, detail) values (?, 1, 'sheet.answer', 1, ?)",
        [("2026-11-25 06:00:00", f"purpose.row-{n}") for n in range(20_000)],
    )
    db.commit()
    db.close()
    env = {k: v for k, v in os.environ.items() if k not in ("BOT_TOKEN", "INTAKE_DATA_KEY", "REDIS_URL")}
    env.update(DATABASE_URL=f"sqlite+aiosqlite:///{tmp_path / 'cli.db'}", INTAKE_KEY_FILE=str(tmp_path / "k.key"))
    out = subprocess.run(
        f"'{EXE}' audit --case 2026-0042 | head -n 3", shell=True, env=env, capture_output=True, text=True, timeout=60
    )
    assert len(out.stdout.splitlines()) == 3 and "sheet.answer" in out.stdout
    assert out.stderr == "", out.stderr[-2000:]
