"""The report of a period as files: an XLSX workbook and one long CSV, headers in the chosen language.

Both print exactly what :mod:`bot.standard.suppression` lets be shown: a count is written as a number only when it is
shown, and as the text "<5" or "*" when it is hidden, so the hidden number is nowhere in the file. The first sheet
(and the first rows of the CSV) state the period, the scope, the day the report was made, the edition and the rule.

The workbook is made with openpyxl, imported only when a workbook is asked for. Its bytes depend on the report and
the language only: the document's times are the day the report was made, and so are the times inside the zip.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Callable, Iterator
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from babel.dates import format_date, format_skeleton

from bot.standard import N_
from bot.standard.breakdowns import MONTH_COLUMNS, Report
from bot.standard.sheet import EDITIONS
from bot.standard.statistics import ScopeKind
from bot.standard.suppression import Table
from bot.statistics import scope_text

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

Gettext = Callable[[str], str]

CREATOR = "intake-bot"  # the workbook's author: never a person's name
SHEET_NAME_MAX = 31  # Excel's limit
SHEET_NAME_FORBIDDEN = "[]:*?/\\"

TITLE = N_("Identification of victims of trafficking in persons: statistics")
ABOUT = N_("About")
PERIOD = N_("Period")
SCOPE = N_("Scope")
MADE_ON = N_("Made on")
EDITION = N_("Edition")
STARTED = N_("Intakes started")
COHORT = N_("Every figure is about the intakes started in the period, as they stood on the day the report was made.")
RULE = N_("Small numbers")
RULE_LINES = (
    N_(
        'A count from 1 to 4 in a table narrower than the whole scope is shown as "<5": in a small district a count '
        "of 1 is a person."
    ),
    N_(
        "So that no hidden count can be worked out from a total and the other cells, a second cell is hidden too: "
        '"<5" if it is under 5, otherwise "*".'
    ),
    N_(
        "In the tables of the sheet's rows, where a case can count in several rows, a count is also hidden when the "
        "cases without it number from 1 to 4; a table's total is hidden when it is from 1 to 4."
    ),
    N_("Zeros are shown, and so is the scope's own total, the intakes started."),
)
PRIVACY = N_("Personal data")
PRIVACY_LINES = (
    N_("This file holds no personal data: counts only, without names, dates of birth or case numbers."),
    N_("Practice intakes are never counted."),
)
CATEGORY = N_("Category")
COUNT = N_("Count")
TOTAL_OF = N_("Total: {base}")
PARAGRAPH = N_("Para {paragraph}")
MONTHS = N_("Months")
MONTHS_TITLE = N_("Intakes by month and outcome")
MONTH = N_("Month")
# the CSV's header
TABLE = N_("Table")
PARAGRAPH_COLUMN = N_("Paragraph")
TOTAL = N_("Total")

# Short sheet names (Excel allows 31 characters); a table not named here gets its id.
SHEET_NAMES = {
    "outcome": N_("Outcome"),
    "basis": N_("Basis"),
    "verdict": N_("Verdict"),
    "override": N_("Overrides"),
    "row.purpose": N_("Purpose"),
    "row.actions": N_("Actions"),
    "row.means": N_("Means"),
    "row.harm": N_("Harm"),
    "sex": N_("Sex"),
    "age": N_("Age group"),
    "citizenship": N_("Citizenship status"),
    "permit": N_("Permit"),
    "deadline.send_to_authorized_body": N_("Sending, para 14"),
    "deadline.permit_decision": N_("Permit decision, para 15"),
    "deadline.agreement": N_("Agreement, para 15"),
    "deadline.portal_entry": N_("Portal entry, para 20"),
    "deadline.police_notice": N_("Police notice, para 21"),
}
UNIT_SHEET_NAMES = {
    ScopeKind.DISTRICT: (N_("By organization"), N_("Identified, by organization")),
    ScopeKind.COUNTRY: (N_("By district"), N_("Identified, by district")),
}


# --- what both files say ----------------------------------------------------------------------------------------


def long_date(day: date, locale: str) -> str:
    return format_date(day, format="long", locale=locale)


def month_name(month: str, locale: str) -> str:
    """ "202603" as the locale writes a month of a year ("March 2026", "март 2026 г.")."""
    return format_skeleton("yMMMM", date(int(month) // 100, int(month) % 100, 1), locale=locale)


def edition_text(report: Report, gettext: Gettext) -> str:
    edition = EDITIONS.get(report.edition)
    return f"{gettext(edition.title)} ({report.edition})" if edition else report.edition


def about(report: Report, gettext: Gettext, locale: str) -> list[tuple[str, str | int]]:
    """The first sheet's lines, (heading, text): the period, the scope, the day, the edition, the rule, privacy."""
    period = report.period
    lines: list[tuple[str, str | int]] = [
        (gettext(PERIOD), f"{long_date(period.start, locale)} – {long_date(period.end, locale)}"),
        (gettext(SCOPE), scope_text(report.scope, gettext)),
        (gettext(MADE_ON), long_date(report.made_on, locale)),
        (gettext(EDITION), edition_text(report, gettext)),
        (gettext(STARTED), report.started),
        ("", gettext(COHORT)),
    ]
    for heading, texts in ((RULE, RULE_LINES), (PRIVACY, PRIVACY_LINES)):
        lines += [(gettext(heading) if i == 0 else "", gettext(text)) for i, text in enumerate(texts)]
    return lines


def translated_labels(table: Table) -> bool:
    """Organizations' and districts' names are names, not msgids."""
    return not table.id.startswith("units.")


def paragraph_text(table: Table, gettext: Gettext) -> str:
    return gettext(PARAGRAPH).format(paragraph=table.paragraph) if table.paragraph else ""


def sheet_names(report: Report, gettext: Gettext) -> list[str]:
    """The sheets' names, About's, one per table, the months': translated, at most 31 characters, none of
    []:*?/\\, unique."""
    units = UNIT_SHEET_NAMES.get(report.scope.kind, ())
    wanted = [gettext(ABOUT)]
    for table in report.tables:
        if table.id in SHEET_NAMES:
            wanted.append(gettext(SHEET_NAMES[table.id]))
        elif table.id.startswith("units.") and units:
            started, identified = units
            wanted.append(gettext(started if table.id.endswith(".started") else identified))
        else:
            wanted.append(table.id)
    wanted.append(gettext(MONTHS))
    taken: set[str] = set()
    names = []
    for name in wanted:
        name = "".join("-" if ch in SHEET_NAME_FORBIDDEN else ch for ch in name).strip("' ")[:SHEET_NAME_MAX] or "-"
        unique, n = name, 2
        while unique.casefold() in taken:  # Excel compares sheet names without case
            suffix = f" ({n})"
            unique, n = name[: SHEET_NAME_MAX - len(suffix)] + suffix, n + 1
        taken.add(unique.casefold())
        names.append(unique)
    return names


def figure(value: int | None, shown: str) -> int | str:
    """A shown count as a number; a hidden one as what stands for it ("<5", "*")."""
    return value if value is not None else shown


# --- the workbook -----------------------------------------------------------------------------------------------


def to_xlsx(report: Report, gettext: Gettext, locale: str) -> bytes:
    """The report as an XLSX workbook: "About", one sheet per table, the months by outcome."""
    from openpyxl import Workbook

    names = sheet_names(report, gettext)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = names[0]
    _about_sheet(sheet, report, gettext, locale)
    for table, name in zip(report.tables, names[1:], strict=False):
        _table_sheet(workbook.create_sheet(name), table, gettext)
    _months_sheet(workbook.create_sheet(names[-1]), report, gettext, locale)
    made = datetime(report.made_on.year, report.made_on.month, report.made_on.day)
    props = workbook.properties
    props.creator, props.lastModifiedBy = CREATOR, None
    props.created = props.modified = made
    props.title, props.language = gettext(TITLE), locale
    return _save(workbook, made)


def _save(workbook: Any, made: datetime) -> bytes:
    """Write the workbook, then repack its zip with every entry dated ``made`` (zip entries carry the time they
    were written, and openpyxl's own ``save`` stamps the document with the clock)."""
    from openpyxl.writer.excel import ExcelWriter

    raw = io.BytesIO()
    with zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(workbook, archive).save()
    out = io.BytesIO()
    with zipfile.ZipFile(raw) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for entry in source.infolist():
            info = zipfile.ZipInfo(entry.filename, date_time=made.timetuple()[:6])
            info.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(info, source.read(entry.filename))
    return out.getvalue()


def _bold(sheet: Worksheet, row: int) -> None:
    from openpyxl.styles import Font

    for cell in sheet[row]:
        cell.font = Font(bold=True)


def _about_sheet(sheet: Worksheet, report: Report, gettext: Gettext, locale: str) -> None:
    sheet.append([gettext(TITLE)])
    _bold(sheet, 1)
    for heading, text in about(report, gettext, locale):
        sheet.append([heading, text])
    sheet.column_dimensions["A"].width = 24
    sheet.column_dimensions["B"].width = 110


def _table_sheet(sheet: Worksheet, table: Table, gettext: Gettext) -> None:
    sheet.append([gettext(table.title)])
    _bold(sheet, 1)
    if table.paragraph:
        sheet.append([paragraph_text(table, gettext)])
    sheet.append([gettext(CATEGORY), gettext(COUNT)])
    _bold(sheet, sheet.max_row)
    for cell in table.cells:
        sheet.append([gettext(cell.label) if translated_labels(table) else cell.label, figure(cell.value, cell.shown)])
    sheet.append([gettext(TOTAL_OF).format(base=gettext(table.base_title)), figure(table.total, table.total_shown)])
    _bold(sheet, sheet.max_row)
    sheet.column_dimensions["A"].width = 60
    sheet.column_dimensions["B"].width = 12


def _months_sheet(sheet: Worksheet, report: Report, gettext: Gettext, locale: str) -> None:
    grid = report.months
    sheet.append([gettext(MONTHS_TITLE)])
    _bold(sheet, 1)
    sheet.append([gettext(MONTH), *(gettext(label) for _key, label in MONTH_COLUMNS)])
    _bold(sheet, 2)
    for r, month in enumerate(grid.rows):
        values = [figure(grid.value(r, c), grid.shown(r, c)) for c in range(len(grid.columns))]
        sheet.append([month_name(month, locale), *values])
    sheet.column_dimensions["A"].width = 20
    for letter in "BCDE":
        sheet.column_dimensions[letter].width = 22


# --- the CSV ----------------------------------------------------------------------------------------------------


def csv_rows(report: Report, gettext: Gettext, locale: str) -> Iterator[list[str]]:
    """Table, paragraph, category, count, total: the about lines first, then every cell, then the months."""
    yield [gettext(TABLE), gettext(PARAGRAPH_COLUMN), gettext(CATEGORY), gettext(COUNT), gettext(TOTAL)]
    for heading, text in about(report, gettext, locale):
        yield [gettext(ABOUT), "", heading, str(text), ""]
    for table in report.tables:
        title, paragraph = gettext(table.title), paragraph_text(table, gettext)
        for cell in table.cells:
            label = gettext(cell.label) if translated_labels(table) else cell.label
            yield [title, paragraph, label, cell.shown, table.total_shown]
    grid = report.months
    columns = [gettext(label) for _key, label in MONTH_COLUMNS]
    for r, month in enumerate(grid.rows):
        for c, column in enumerate(columns):
            yield [gettext(MONTHS_TITLE), "", f"{month_name(month, locale)}: {column}", grid.shown(r, c), ""]


def to_csv(report: Report, gettext: Gettext, locale: str) -> str:
    """The report as one long CSV (RFC 4180, "\\r\\n" line ends); to open it in Excel, write it as UTF-8 with a
    byte order mark."""
    out = io.StringIO()
    csv.writer(out).writerows(csv_rows(report, gettext, locale))
    return out.getvalue()
