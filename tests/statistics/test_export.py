"""The exports: the XLSX workbook, the long CSV and the HTCDS rows show what the suppressed report shows and nothing
else; headers come in the chosen language; the HTCDS columns are the documented ones and hold no personal data."""

from __future__ import annotations

import csv
import dataclasses
import io
import random
import re
import zipfile
from datetime import date, datetime
from pathlib import Path

import pytest
from babel.dates import format_date, format_skeleton
from openpyxl import load_workbook

from bot.standard.breakdowns import Report, build_report
from bot.standard.lifecycle import Basis, Status
from bot.standard.person import Citizenship, Sex
from bot.standard.statistics import CaseRecord, Facts, Period, Scope, ScopeKind
from bot.statistics import export, htcds
from bot.statistics.export import to_csv, to_xlsx
from bot.statistics.htcds import COLUMNS, HEADER, mapping_table, to_htcds

ROOT = Path(__file__).resolve().parents[2]
MADE_ON = date(2026, 4, 2)
PERIOD = Period(date(2026, 1, 1), date(2026, 3, 31))
HIDDEN = 3  # the one count that must appear nowhere: every figure shown differs from it

RU = {
    "About": "Сведения",
    "Category": "Категория",
    "Count": "Число",
    "Period": "Период",
    "Scope": "Охват",
    "Table": "Таблица",
    "Intakes by outcome": "Приёмы по итогам",
    "Female": "Женский",
    "Small numbers": "Малые числа",
    "The whole country": "Вся страна",
    "Outcome": "Итоги",
}
COUNTS = {
    "started": 40,
    "outcome:identified": 20,
    "outcome:not_identified": 12,
    "outcome:cancelled": 5,
    "outcome:consent_refused": HIDDEN,
    "basis:application": 30,
    "basis:direction": 10,
    "completed": 35,
    "assessed": 32,
    "verdict:identified": 20,
    "verdict:not_identified": 12,
    "sheet": 32,
    "row:purpose.labour": 14,
    "row:purpose.sexual": 9,
    "row:means.deception": HIDDEN,
    "people": 37,
    "sex:female": 22,
    "sex:male": 15,
    "age:minor": 6,
    "age:adult": 31,
    "citizenship:citizen": 30,
    "citizenship:permanent_resident": 7,
    "forwarded": 20,
    "permit:issued": 8,
    "permit:agreement": 12,
    "deadline:send_to_authorized_body": 20,
    "deadline.send_to_authorized_body:met": 14,
    "deadline.send_to_authorized_body:missed": 6,
}
MONTHS = {
    (202601, "identified"): 10,
    (202601, "not_identified"): 6,
    (202601, "consent_refused"): HIDDEN,
    (202602, "identified"): 10,
    (202602, "not_identified"): 6,
    (202602, "cancelled"): 5,
}


def russian(msgid: str) -> str:
    return RU.get(msgid, msgid)


def english(msgid: str) -> str:
    return msgid


@pytest.fixture
def report() -> Report:
    return build_report(
        COUNTS,
        period=PERIOD,
        scope=Scope(ScopeKind.COUNTRY),
        made_on=MADE_ON,
        units=[("Almaty", 25, 12), ("Astana", 15, 8)],
        months=MONTHS,
    )


def workbook_of(report: Report, gettext=english, locale: str = "en"):
    return load_workbook(io.BytesIO(to_xlsx(report, gettext, locale)))


def values(sheet) -> list[tuple]:
    return [tuple(v for v in row) for row in sheet.iter_rows(values_only=True)]


def expected_figure(value: int | None, shown: str) -> int | str:
    return shown if value is None else value


# --- the workbook -----------------------------------------------------------------------------------------------


def test_the_report_hides_the_count_this_file_checks(report):
    assert report.table("outcome").cell("consent_refused").shown == "<5"
    assert report.table("row.means").cell("means.deception").shown == "<5"
    assert report.months.shown(0, 2) == "<5"  # January, closed otherwise


def test_the_about_sheet_states_period_scope_edition_and_rule(report):
    book = workbook_of(report, locale="ru")
    assert book.sheetnames[0] == "About"
    text = "\n".join(str(v) for row in values(book["About"]) for v in row if v is not None)
    assert format_date(PERIOD.start, "long", locale="ru") in text
    assert format_date(PERIOD.end, "long", locale="ru") in text
    assert format_date(MADE_ON, "long", locale="ru") in text
    assert "The whole country" in text
    assert "kz-138-2022" in text and "Standard No. 138" in text
    for line in (*export.RULE_LINES, *export.PRIVACY_LINES):
        assert line in text
    assert '"<5"' in text and '"*"' in text


def test_one_sheet_per_table_with_the_reports_figures(report):
    book = workbook_of(report)
    names = book.sheetnames
    assert len(names) == 1 + len(report.tables) + 1  # About, the tables, the months
    for table, name in zip(report.tables, names[1:-1], strict=True):
        rows = values(book[name])
        assert rows[0][0] == table.title
        if table.paragraph:
            assert rows[1][0] == f"Para {table.paragraph}"
        header = rows.index(("Category", "Count"))
        body = rows[header + 1 :]
        assert body[:-1] == [(cell.label, expected_figure(cell.value, cell.shown)) for cell in table.cells]
        assert body[-1] == (f"Total: {table.base_title}", expected_figure(table.total, table.total_shown))
    assert ("Means used against a person", None) in values(book["Means"])
    assert ("Deception or abuse of trust", "<5") in values(book["Means"])
    assert ("Almaty", 25) in values(book["By district"])


def test_the_months_sheet_by_outcome(report):
    rows = values(workbook_of(report, locale="ru")["Months"])
    assert rows[1] == ("Month", "Identified", "Not identified", "Closed otherwise", "Under way or cancelled")
    months = [format_skeleton("yMMMM", date(2026, m, 1), locale="ru") for m in (1, 2, 3)]
    assert [row[0] for row in rows[2:]] == months
    assert months[0].startswith("январь 2026")
    grid = report.months
    for r, row in enumerate(rows[2:]):
        assert row[1:] == tuple(expected_figure(grid.value(r, c), grid.shown(r, c)) for c in range(4))
    assert rows[2][3] == "<5"


def test_no_hidden_number_anywhere_in_the_workbook(report):
    data = to_xlsx(report, english, "en")
    book = load_workbook(io.BytesIO(data))
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.value not in (HIDDEN, str(HIDDEN)), f"{sheet.title}!{cell.coordinate}"
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in archive.namelist():
            xml = archive.read(name).decode("utf-8")
            assert f"<v>{HIDDEN}</v>" not in xml and f"<t>{HIDDEN}</t>" not in xml, name


def test_headers_and_labels_are_translated(report):
    book = workbook_of(report, russian, "ru")
    assert book.sheetnames[:2] == ["Сведения", "Итоги"]
    outcome = values(book["Итоги"])
    assert outcome[0] == ("Приёмы по итогам", None)
    assert outcome[1] == ("Категория", "Число")
    assert (
        "Период",
        format_date(PERIOD.start, "long", locale="ru") + " – " + format_date(PERIOD.end, "long", locale="ru"),
    ) in values(book["Сведения"])
    assert ("Охват", "Вся страна") in values(book["Сведения"])
    assert ("Женский", 22) in values(book["Sex"])


def test_unit_names_are_not_translated(report):
    book = workbook_of(report, lambda s: {"Almaty": "Алматы"}.get(s, s))
    assert ("Almaty", 25) in values(book["By district"])


def test_sheet_names_are_valid_and_unique(report):
    def awkward(msgid: str) -> str:
        return "Отчёт/[таблица]: очень длинное название*?" + msgid[:3]

    book = workbook_of(report, awkward)
    names = book.sheetnames
    assert len(set(n.casefold() for n in names)) == len(names)
    for name in names:
        assert 0 < len(name) <= 31 and not set(name) & set("[]:*?/\\"), name


def test_the_workbook_is_deterministic_and_names_no_one(report):
    first, second = to_xlsx(report, english, "en"), to_xlsx(report, english, "en")
    assert first == second
    props = load_workbook(io.BytesIO(first)).properties
    assert props.creator == "intake-bot" and not props.lastModifiedBy
    assert props.created == props.modified == datetime(2026, 4, 2)
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        assert {info.date_time for info in archive.infolist()} == {(2026, 4, 2, 0, 0, 0)}


# --- the CSV ----------------------------------------------------------------------------------------------------


def test_the_csv_parses_and_its_rows_are_the_reports_cells(report):
    rows = list(csv.reader(io.StringIO(to_csv(report, english, "en"))))
    assert rows[0] == ["Table", "Paragraph", "Category", "Count", "Total"]
    assert all(len(row) == 5 for row in rows)
    about = [row for row in rows if row[0] == "About"]
    assert ["About", "", "Period", "January 1, 2026 – March 31, 2026", ""] in about
    assert ["About", "", "Scope", "The whole country", ""] in about
    assert any("kz-138-2022" in row[3] for row in about)
    assert any(export.RULE_LINES[0] == row[3] for row in about)
    cells = [
        [table.title, f"Para {table.paragraph}" if table.paragraph else "", cell.label, cell.shown, table.total_shown]
        for table in report.tables
        for cell in table.cells
    ]
    months = [row for row in rows if row[0] == "Intakes by month and outcome"]
    assert rows[1 + len(about) : len(rows) - len(months)] == cells
    assert ["Intakes by month and outcome", "", "January 2026: Closed otherwise", "<5", ""] in months
    assert len(months) == 3 * 4
    assert not any(cell == str(HIDDEN) for row in rows for cell in row)


def test_the_csv_header_is_translated(report):
    rows = list(csv.reader(io.StringIO(to_csv(report, russian, "ru"))))
    assert rows[0][:3] == ["Таблица", "Paragraph", "Категория"]
    assert ["Сведения", "", "Охват", "Вся страна", ""] in rows
    assert any(row[0] == "Приёмы по итогам" for row in rows)


# --- HTCDS ------------------------------------------------------------------------------------------------------

RECORDS = [
    CaseRecord(
        Facts(
            date(2026, 1, 5),
            Status.FORWARDED,
            Basis.APPLICATION,
            "kz-138-2022",
            verdict=True,
            suggested=True,
            sex=Sex.FEMALE,
            minor=False,
            citizenship=Citizenship.CITIZEN,
            present=frozenset({"purpose.labour", "actions.forced_labour", "means.deception", "actions.concealment"}),
            deadlines={"send_to_authorized_body": (date(2026, 1, 6), date(2026, 1, 6))},
        ),
        "Almaty",
    ),
    CaseRecord(
        Facts(date(2026, 2, 9), Status.IDENTIFIED, Basis.INVESTIGATION, sex=Sex.MALE, minor=True),
        "Astana",
    ),
    CaseRecord(
        Facts(
            date(2026, 2, 11),
            Status.NOT_IDENTIFIED,
            Basis.DIRECTION,
            "kz-138-2022",
            verdict=False,
            suggested=False,
            citizenship=Citizenship.STATELESS,
            present=frozenset({"harm.beatings"}),
        ),
        "Astana",
    ),
    CaseRecord(Facts(date(2026, 3, 1), Status.CONSENT_REFUSED), "Astana"),
    CaseRecord(Facts(date(2026, 3, 2), Status.MEDICAL_REFERRAL, Basis.APPLICATION), "Almaty"),
]


def htcds_rows(records=RECORDS) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(to_htcds(records))))


def test_the_htcds_columns_are_the_documented_ones():
    header = next(csv.reader(io.StringIO(to_htcds(RECORDS))))
    assert header == list(HEADER) == [column.name for column in COLUMNS]
    assert len(set(header)) == len(header)


def test_one_row_per_case_numbered_in_sequence():
    rows = htcds_rows()
    assert len(rows) == len(RECORDS)
    assert [row["ext_RowNumber"] for row in rows] == [str(n) for n in range(1, len(RECORDS) + 1)]


def test_the_order_of_the_records_does_not_show():
    shuffled = RECORDS[:]
    random.Random(7).shuffle(shuffled)
    assert to_htcds(shuffled) == to_htcds(RECORDS)


def test_no_name_no_date_of_birth_no_day():
    text = to_htcds(RECORDS)
    assert not re.search(r"\d{4}-\d{2}-\d{2}", text)
    assert not re.search(r"\d{2}\.\d{2}\.\d{4}", text)
    personal = {"name", "surname", "first_name", "patronymic", "birth", "iin", "number"}
    for cls in (Facts, CaseRecord):
        assert not {f.name for f in dataclasses.fields(cls)} & personal
    for name in HEADER:
        assert not re.search(r"Name|Birthdate|IdentityNumber|Phone|Email|Mailing", name), name
    assert {row["ext_IntakeMonth"] for row in htcds_rows()} == {"2026-01", "2026-02", "2026-03"}


def test_the_values_are_htcds_codes():
    by_month = {(row["ext_IntakeMonth"], row["ext_Status"]): row for row in htcds_rows()}
    sheet = by_month[("2026-01", "forwarded")]
    assert sheet["prs_Gender"] == "Feminine" and sheet["ext_AgeGroup"] == "Adult"
    assert sheet["prs_Citizenship"] == "KZ"
    assert sheet["vic_TraffickingStatus"] == "ActualVictimOfTrafficking"
    assert sheet["vic_TraffickingStatusDecisionMakingOrg"] == "NonPoliceGovernmentalOrganization"
    assert sheet["vic_TypeOfExploitation"] == "ForcedLabour"
    assert sheet["ext_TypeOfExploitationForcedLabour"] == "TRUE"
    assert sheet["ext_TypeOfExploitationSexualExploitation"] == "FALSE"
    assert sheet["MethodsOfControlFalsePromises"] == "TRUE"
    assert sheet["MethodsOfControlRestrictsMovement"] == "TRUE"
    assert sheet["MethodsOfControlPhysicalAbuse"] == "FALSE"
    assert sheet["cas_Status"] == "Active" and sheet["con_Consent"] == "TRUE"

    investigation = by_month[("2026-02", "identified")]
    assert investigation["vic_TraffickingStatusDecisionMakingOrg"] == "Police"
    assert investigation["ext_AgeGroup"] == "Minor" and investigation["prs_Gender"] == "Masculine"
    assert investigation["vic_TypeOfExploitation"] == "" and investigation["MethodsOfControlOther"] == ""

    refused = by_month[("2026-02", "not_identified")]
    assert refused["vic_TraffickingStatus"] == "NotAVictimOfTrafficking"
    assert refused["MethodsOfControlPhysicalAbuse"] == "TRUE"
    assert refused["prs_Citizenship"] == "" and refused["ext_CitizenshipStatus"] == "stateless"
    assert refused["cas_Status"] == "Closed" and "services refused" in refused["cas_ReasonForCaseClosure"]

    no_consent = by_month[("2026-03", "consent_refused")]
    assert no_consent["con_Consent"] == "FALSE" and no_consent["vic_TraffickingStatus"] == ""
    assert no_consent["prs_Gender"] == "NonSpecifiedUnknown"
    assert by_month[("2026-03", "medical_referral")]["cas_Status"] == "ClosedReferred"


def test_every_status_and_row_of_the_sheet_is_mapped_or_named_as_without_counterpart():
    from bot.standard.sheet import CURRENT_EDITION

    assert set(htcds.CASE_STATUS) == set(Status)
    mapped = {r for _code, rows in (*htcds.EXPLOITATION, *htcds.CONTROL) for r in rows}
    assert mapped | set(htcds.NO_COUNTERPART) == {row.id for row in CURRENT_EDITION.rows}
    assert not mapped & set(htcds.NO_COUNTERPART)


def test_the_readme_documents_every_htcds_column():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    start = readme.index("\n## HTCDS export\n")
    end = readme.find("\n## ", start + 1)
    section = readme[start : end if end != -1 else len(readme)]
    assert mapping_table() in section, "paste bot.statistics.htcds.mapping_table() into the README"
    for name in HEADER:
        assert f"`{name}`" in section, name
