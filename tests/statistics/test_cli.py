"""``intake-bot stats export`` as an administrator runs it: the country's (or one district's) figures of a period to
XLSX, CSV and the HTCDS per-case CSV, with no name or date of birth in any of them, and the export audited."""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
from datetime import datetime

import pytest
import sqlalchemy as sa

from bot.app import open_store
from bot.config import load_settings
from bot.standard import clock
from bot.standard.lifecycle import Status
from tests.store.test_statistics import intake

MONDAY = datetime(2027, 3, 8, 10, 0, tzinfo=clock.TZ)
SURNAME, FIRST_NAME, BORN = "Zzyzxova", "Qwertina", "1995-05-05"  # as tests.store.test_statistics.intake writes them


@pytest.fixture
async def seeded_db(tmp_path, data_key, fake_clock):
    url = f"sqlite+aiosqlite:///{tmp_path / 'stats.db'}"
    fake_clock.set(MONDAY)
    store = await open_store(load_settings(database_url=url, intake_data_key=data_key))
    a = await store.add_user(3001, "specialist", org="Synthetic Org A", district="Synthetic District A")
    b = await store.add_user(3002, "specialist", org="Synthetic Org B", district="Synthetic District B")
    for _ in range(7):
        await intake(store, a, Status.IDENTIFIED, rows=("purpose.labour", "means.violence"))
    await intake(store, a, Status.NOT_IDENTIFIED, sex="male")
    for _ in range(2):
        await intake(store, b, Status.IDENTIFIED, rows=("purpose.sexual",))
    await store.close()
    env = {**os.environ, "DATABASE_URL": url, "INTAKE_DATA_KEY": data_key, "DEFAULT_LOCALE": "ru"}
    env.pop("BOT_TOKEN", None)
    return url, env


def export(env, *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "bot", "stats", "export", "--from", "2027-01-01", "--to", "2027-12-31", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


async def test_the_three_formats_hold_the_figures_and_no_one(seeded_db, tmp_path):
    url, env = seeded_db
    export(env, "--format", "xlsx", "--out", str(tmp_path / "s.xlsx"))
    export(
        env, "--format", "csv", "--district", "Synthetic District B", "--lang", "en", "--out", str(tmp_path / "s.csv")
    )
    printed = export(env, "--format", "htcds", "--out", str(tmp_path / "h.csv"))
    assert "10 anonymized case record(s)" in printed

    from openpyxl import load_workbook

    workbook = load_workbook(tmp_path / "s.xlsx")
    values = [str(c) for sheet in workbook for row in sheet.iter_rows(values_only=True) for c in row if c is not None]
    assert "10" in values  # the country's intakes started
    assert any(v == "<5" for v in values)  # district B's two and the one not identified

    rows = list(csv.reader(io.StringIO((tmp_path / "s.csv").read_text(encoding="utf-8-sig"))))
    outcome = {r[2]: r[3] for r in rows if r and r[0] == "Intakes by outcome"}
    assert outcome["Identified"] == "<5"  # the district's two

    htcds = (tmp_path / "h.csv").read_text(encoding="utf-8")
    records = list(csv.DictReader(io.StringIO(htcds)))
    assert len(records) == 10
    everything = (
        "\n".join((tmp_path / "s.csv").read_text(encoding="utf-8-sig").splitlines()) + htcds + "\n".join(values)
    )
    for personal in (SURNAME, FIRST_NAME, BORN):
        assert personal not in everything

    engine = sa.create_engine(url.replace("+aiosqlite", ""))
    with engine.connect() as connection:
        audited = connection.execute(sa.text("select user_id, detail from audit where action = 'stats.export'")).all()
    engine.dispose()
    assert [(u, d.split(" ")[0]) for u, d in audited] == [
        (None, "export=xlsx"),
        (None, "export=csv"),
        (None, "export=htcds"),
    ]
    assert "scope=district:" in audited[1][1] and "period=2027-01-01..2027-12-31" in audited[1][1]


def run_cli(env, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "bot", *args], env=env, capture_output=True, text=True, timeout=120)


async def test_a_bad_scope_or_period_is_refused_plainly(seeded_db, tmp_path):
    _url, env = seeded_db
    out = str(tmp_path / "x.csv")
    for args, message in (
        (["--from", "2027-01-01", "--to", "2027-12-31", "--org", "No Such Org"], "No Such Org"),
        (["--from", "2027-12-31", "--to", "2027-01-01"], "before"),
        (["--from", "2027-02-30", "--to", "2027-12-31"], "YYYY-MM-DD"),
    ):
        done = run_cli(env, "stats", "export", "--format", "csv", "--out", out, *args)
        assert done.returncode != 0 and message in done.stderr
        assert not (tmp_path / "x.csv").exists()
