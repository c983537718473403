"""A store written before the wording of the forms changed still opens, keeps its answers and renders with
today's wording.

``data/schema-0005.db`` is the database the offline demo wrote on 1 December 2026 with the code of schema
revision 0005 (before the head of the organization was recorded and before the Annex 2 rows were corrected):
one identified case with all 28 answers and a finished report, every name in it synthetic, encrypted with the
key in ``data/schema-0005.key`` (a throwaway key made for that run). A row keeps its id, so its answer keeps
its meaning; the text printed for it is the corrected one."""

from __future__ import annotations

import io
import shutil
import unicodedata
from datetime import date, datetime
from pathlib import Path

import sqlalchemy as sa
from pypdf import PdfReader

from bot.app import open_store
from bot.config import load_settings
from bot.demo.script import DEMO_ANSWERS, PERSON
from bot.documents import render
from bot.documents.build import available, document_for
from bot.standard.clock import TZ
from bot.standard.lifecycle import Status
from bot.standard.sheet import CURRENT_EDITION, Answer
from tests.helpers import I18N

DATA = Path(__file__).parent / "data"
DEMO_SPECIALIST = 990001


def tight(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).split())


async def test_a_case_stored_under_schema_0005_opens_keeps_its_answers_and_renders_the_new_wording(tmp_path):
    shutil.copy(DATA / "schema-0005.db", tmp_path / "intake.db")
    key = (DATA / "schema-0005.key").read_text().strip()
    settings = load_settings(database_url=f"sqlite+aiosqlite:///{tmp_path / 'intake.db'}", intake_data_key=key)
    store = await open_store(settings)  # migrates 0005 -> the newest revision
    try:
        async with store.engine.connect() as connection:
            assert (await connection.scalar(sa.text("select version_num from alembic_version"))) >= "0006"
        specialist = await store.user_by_telegram(DEMO_SPECIALIST)
        case = await store.case(specialist, 1)
        assert case.status is Status.IDENTIFIED and case.person.surname == PERSON["surname"]
        assert len(case.answers) == len(CURRENT_EDITION.rows) == 28
        assert {k: v for k, v in case.answers.items() if v is not Answer.ABSENT} == DEMO_ANSWERS
        assert case.report and case.report.completed and case.head_name == ""
        for locale in ("kk", "ru", "en"):
            doc = document_for(case)
            for kind in available(case):
                pdf = render(kind, doc, locale, lambda msgid, loc=locale: I18N.gettext(msgid, locale=loc))
                text = tight(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages))
                assert tight(I18N.gettext(CURRENT_EDITION.title, locale=locale)) in text
                if kind == "annex2":
                    row10 = CURRENT_EDITION.row("actions.prostitution")
                    assert tight(I18N.gettext(row10.text, locale=locale)) in text  # the corrected row 10
        # the head can now be named, and the same stored case prints them
        await store.set_head_name(None, "Headova Demo Testovna", org=case.organization_name)
        assert (await store.case(specialist, 1)).head_name == "Headova Demo Testovna"
    finally:
        await store.close()


async def test_the_migration_schedules_the_cases_it_finds(tmp_path):
    """Revision 0007 computes the schedule of cases stored before it: the demo's case, identified on
    1 December 2026, is due at the authorized body on 2 December (para 14) and reminded that day."""
    shutil.copy(DATA / "schema-0005.db", tmp_path / "intake.db")
    key = (DATA / "schema-0005.key").read_text().strip()
    store = await open_store(
        load_settings(database_url=f"sqlite+aiosqlite:///{tmp_path / 'intake.db'}", intake_data_key=key)
    )
    try:
        specialist = await store.user_by_telegram(DEMO_SPECIALIST)
        (line,) = await store.status_lines(specialist)
        assert line.deadline.due == date(2026, 12, 2) and line.deadline.rule.paragraph == "14"
        assert await store.reminders_due(datetime(2026, 12, 2, 9, 0, tzinfo=TZ)) == []
        due = await store.reminders_due(datetime(2026, 12, 2, 10, 0, tzinfo=TZ))
        assert [(found.number, kind) for found, kind, _ in due] == [(line.number, "due")]
    finally:
        await store.close()
