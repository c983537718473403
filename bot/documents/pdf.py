"""The page every document is printed on: A4, the fonts that have the Kazakh letters, the running header and
footer (case number, "confidential", the edition, "page x of y", the training notice), and the building blocks of
the forms (paragraphs, captions, signature lines, bordered tables whose rows never split)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Protocol

from babel import Locale
from babel.dates import format_date, format_time
from fpdf import FPDF
from fpdf.enums import Align, XPos, YPos

from ..standard.clock import TZ
from .labels import CASE_NUMBER, CONFIDENTIAL, NONE, PAGE_OF, TRAINING
from .model import AgreementDocument, CardDocument, CaseDocument, JournalDocument, NoticeDocument, PlanDocument

Gettext = Callable[[str], str]

KINDS = ("annex1", "annex2", "annex8")  # the case's documents, rendered from a CaseDocument
# Admission (paras 15-21): the agreement (Annex 3), a registration card (Annex 4), the para 21 notice.
ADMISSION_KINDS = ("annex3", "annex4", "notice21")
RESOCIALIZATION_KINDS = ("annex6", "annex7")  # the individual plan (Annex 6), the monitoring journal (Annex 7)
ALL_KINDS = KINDS + ADMISSION_KINDS + RESOCIALIZATION_KINDS
Document = CaseDocument | AgreementDocument | CardDocument | NoticeDocument
_DOCUMENT_TYPES: dict[str, type] = {"annex3": AgreementDocument, "annex4": CardDocument, "notice21": NoticeDocument}
_DOCUMENT_TYPES |= {"annex6": PlanDocument, "annex7": JournalDocument}


class Printed(Protocol):
    """What the running header and footer read of any document."""

    @property
    def number(self) -> str: ...
    @property
    def edition(self) -> str: ...
    @property
    def practice(self) -> bool: ...


FONT_DIR = Path(__file__).parent / "fonts"
FONT = "DejaVu"

# Layout, in millimetres and points.
MARGIN = 18.0
HEADER_Y = 9.0
FOOTER_Y = -13.0
BOTTOM = 20.0  # room kept free for the footer
BODY_PT = 10.5
SMALL_PT = 8.5
TITLE_PT = 13.0
LINE = 5.4  # body line height
SMALL_LINE = 4.0
GRID_PT = 10.0
GRID_LINE = 4.9
PAD = 1.3
GREY = (95, 95, 95)
HEADING_FILL = (222, 222, 222)
BLOCK_FILL = (241, 241, 241)
RED = (150, 0, 0)

# --- Helpers ---------------------------------------------------------------------------------------

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _clean(text: str | None) -> str:
    """User text as printed: line ends unified, tabs as spaces, control characters dropped."""
    if not text:
        return ""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", "    ")
    return _CONTROL.sub("", text)


def _one_line(text: str | None) -> str:
    return " ".join(_clean(text).split())


def _strip_symbols(label: str) -> str:
    """'✅ Present' -> 'Present': drop the leading emoji and spaces of an answer title."""
    index = 0
    while index < len(label) and not unicodedata.category(label[index]).startswith(("L", "N")):
        index += 1
    return label[index:]


def full_name(doc: CaseDocument) -> str:
    return " ".join(
        part for part in (_one_line(doc.surname), _one_line(doc.first_name), _one_line(doc.patronymic)) if part
    )


def filename(kind: str, doc: Printed, locale: str) -> str:
    """``annex2-2026-0007-ru.pdf``: safe for any file system and for Telegram."""
    _check_kind(kind, doc)
    number = re.sub(r"[^A-Za-z0-9_-]+", "-", doc.number).strip("-") or "case"
    code = re.sub(r"[^A-Za-z0-9_-]+", "", locale) or "xx"
    return f"{kind}-{number}-{code}.pdf"


def _check_kind(kind: str, doc: Printed) -> None:
    """A known kind, and the document it is rendered from (a CaseDocument for Annexes 1, 2 and 8)."""
    if kind not in ALL_KINDS:
        raise ValueError(f"unknown document kind {kind!r}; known: {', '.join(ALL_KINDS)}")
    expected = _DOCUMENT_TYPES.get(kind, CaseDocument)
    if not isinstance(doc, expected):
        raise ValueError(f"{kind} is rendered from a {expected.__name__}, not a {type(doc).__name__}")


class _Dates:
    def __init__(self, locale: str) -> None:
        self.locale = Locale.parse(locale)

    def day(self, value: date | datetime) -> str:
        if isinstance(value, datetime):
            value = _local(value).date()
        return format_date(value, format="long", locale=self.locale)

    def moment(self, value: datetime) -> str:
        local = _local(value)
        return (
            f"{format_date(local.date(), format='long', locale=self.locale)}, "
            f"{format_time(local, format='short', tzinfo=TZ, locale=self.locale)}"
        )


def _local(value: datetime) -> datetime:
    return value.astimezone(TZ) if value.tzinfo else value.replace(tzinfo=TZ)


@dataclass(frozen=True)
class GridCell:
    text: str
    width: float
    align: Align = Align.L


@dataclass(frozen=True)
class GridRow:
    cells: tuple[GridCell, ...]
    bold: bool = False
    fill: tuple[int, int, int] | None = None
    middle: bool = False  # centre the cells' text vertically (the heading row)


class _Pdf(FPDF):
    """A4 portrait with the running header and footer of every document."""

    def __init__(self, doc: Printed, _: Gettext, locale: str) -> None:
        super().__init__(orientation="P", unit="mm", format="A4")
        self._header_left = _(CASE_NUMBER).format(number=_one_line(doc.number))
        self._edition = _(doc.edition) if doc.edition else ""
        self._header_right = _(CONFIDENTIAL)
        self._training = _(TRAINING) if doc.practice else None
        self._page_of = _(PAGE_OF)
        self._row_heights: dict[GridRow, float] = {}
        self.add_font(FONT, "", FONT_DIR / "DejaVuSans.ttf")
        self.add_font(FONT, "B", FONT_DIR / "DejaVuSans-Bold.ttf")
        self.set_margins(MARGIN, HEADER_Y, MARGIN)
        self.set_auto_page_break(True, margin=BOTTOM)
        self.alias_nb_pages("{nb}")
        self.set_lang(locale)
        self.set_creator("intake-bot")
        self.set_font(FONT, size=BODY_PT)

    @property
    def width(self) -> float:
        return self.w - self.l_margin - self.r_margin

    def header(self) -> None:
        self.set_y(HEADER_Y)
        self.set_text_color(*GREY)
        self.set_font(FONT, size=SMALL_PT)
        half = self.width / 2
        self.cell(half, SMALL_LINE, self._header_left, align=Align.L)
        self.set_font(FONT, "B", SMALL_PT)
        self.set_text_color(*RED)
        self.cell(half, SMALL_LINE, self._header_right, align=Align.R, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        if self._training:
            self.set_font(FONT, "B", BODY_PT)
            self.multi_cell(0, LINE, self._training, align=Align.C, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_draw_color(*GREY)
        self.set_line_width(0.2)
        y = self.get_y() + 1
        self.line(self.l_margin, y, self.w - self.r_margin, y)
        self.set_y(y + 5)
        self.set_text_color(0, 0, 0)
        self.set_draw_color(0, 0, 0)
        self.set_font(FONT, size=BODY_PT)

    def footer(self) -> None:
        self.set_y(FOOTER_Y)
        self.set_draw_color(*GREY)
        self.set_line_width(0.2)
        self.line(self.l_margin, self.get_y() - 1.5, self.w - self.r_margin, self.get_y() - 1.5)
        self.set_text_color(*GREY)
        self.set_font(FONT, size=SMALL_PT)
        left = f"{self._header_left} · {self._header_right}"
        if self._training:
            left = f"{left} · {self._training}"
        page = self._page_of.format(page=self.page_no(), pages=self.str_alias_nb_pages)
        page_width = self.get_string_width(page) + 2
        self.cell(self.width - page_width, SMALL_LINE, left, align=Align.L)
        self.cell(page_width, SMALL_LINE, page, align=Align.R, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        if self._edition:  # the procedure the document was filled under (E15)
            self.cell(self.width, SMALL_LINE, self._edition, align=Align.L)
        self.set_text_color(0, 0, 0)
        self.set_draw_color(0, 0, 0)

    # -- building blocks --

    def font(self, bold: bool = False, size: float = BODY_PT) -> None:
        self.set_font(FONT, "B" if bold else "", size)

    def paragraph(
        self,
        text: str,
        *,
        bold: bool = False,
        size: float = BODY_PT,
        line: float = LINE,
        align: Align = Align.J,
        after: float = 2.0,
    ) -> None:
        self.font(bold, size)
        self.multi_cell(0, line, text, align=align, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.ln(after)

    def caption(self, text: str, *, x: float | None = None, width: float = 0, align: Align = Align.C) -> None:
        self.set_text_color(*GREY)
        self.font(size=SMALL_PT)
        if x is not None:
            self.set_x(x)
        self.multi_cell(width, SMALL_LINE, text, align=align, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_text_color(0, 0, 0)
        self.font()

    def corner(self, text: str, form: str | None = None) -> None:
        """The 'Annex N to the Standard' note in the top right corner of the first page."""
        width = 82.0
        x = self.w - self.r_margin - width
        self.font(size=SMALL_PT)
        self.set_x(x)
        self.multi_cell(width, SMALL_LINE, text, align=Align.L, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        if form:
            self.set_x(x)
            self.multi_cell(width, SMALL_LINE, form, align=Align.L, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.ln(5)
        self.font()

    def doc_title(self, text: str) -> None:
        self.font(True, TITLE_PT)
        self.multi_cell(0, 6.5, text, align=Align.C, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.ln(2)
        self.font()

    def text_height(
        self, text: str, *, bold: bool = False, size: float = BODY_PT, line: float = LINE, after: float = 2.0
    ) -> float:
        """The height :meth:`paragraph` would take for ``text``."""
        self.font(bold, size)
        height = float(self.multi_cell(0, line, text, dry_run=True, output="HEIGHT"))  # type: ignore[arg-type]
        self.font()
        return height + after

    # -- grid: a bordered table whose rows never split and whose groups of rows stay together --

    def _lines(self, text: str, width: float) -> int:
        """How many lines ``text`` takes at ``width`` (0 for no text)."""
        return len(self.multi_cell(width, LINE, text, dry_run=True, output="LINES")) if text else 0  # type: ignore[arg-type]

    def _cell_lines(self, text: str, width: float) -> int:
        return len(self.multi_cell(width - 2 * PAD, GRID_LINE, text, dry_run=True, output="LINES"))  # type: ignore[arg-type]

    def row_height(self, row: GridRow) -> float:
        if row not in self._row_heights:
            self.font(row.bold, GRID_PT)
            lines = max(self._cell_lines(cell.text, cell.width) for cell in row.cells)
            self._row_heights[row] = lines * GRID_LINE + 2 * PAD
        return self._row_heights[row]

    def grid_row(self, row: GridRow, room: float) -> None:
        """One row; a row taller than ``room`` (the height a fresh page offers) is printed as text."""
        height = self.row_height(row)
        if height > room:
            # Taller than a page (a pathological user text): print the cells as plain text, in full.
            auto = self.auto_page_break
            self.set_auto_page_break(True, margin=BOTTOM)
            for cell in row.cells:
                self.paragraph(cell.text, bold=row.bold, size=GRID_PT, line=GRID_LINE, align=Align.L, after=1)
            self.set_auto_page_break(auto, margin=BOTTOM)
            return
        x, y = self.l_margin, self.get_y()
        self.set_line_width(0.2)
        if row.fill:
            self.set_fill_color(*row.fill)
        self.font(row.bold, GRID_PT)
        for cell in row.cells:
            self.rect(x, y, cell.width, height, style="DF" if row.fill else "D")
            top = y + PAD
            if row.middle:
                top += (height - 2 * PAD - self._cell_lines(cell.text, cell.width) * GRID_LINE) / 2
            self.set_xy(x + PAD, top)
            self.multi_cell(
                cell.width - 2 * PAD, GRID_LINE, cell.text, align=cell.align, new_x=XPos.RIGHT, new_y=YPos.TOP
            )
            x += cell.width
        self.set_xy(self.l_margin, y + height)
        self.font()

    def grid(self, heading: GridRow, groups: list[list[GridRow]], repeat: GridRow | None = None) -> None:
        """The heading row, then each group of rows kept on one page; on every further page the heading
        repeats (or ``repeat``, a shorter heading for the continuation pages)."""
        auto, margin = self.auto_page_break, self.b_margin
        repeat = repeat or heading
        self.set_auto_page_break(False, margin=margin)  # breaks are decided here, between groups
        try:
            heading_height = max(self.row_height(heading), self.row_height(repeat))
            page = self.page_break_trigger - self.t_margin - 20 - self.row_height(repeat)  # room on a fresh page
            first = self._group_height(groups[0]) if groups else 0
            if first > page:  # a group taller than a page is split anyway: keep only its first row
                first = self.row_height(groups[0][0])
            if first > page:  # a row taller than a page is printed as flowing text
                first = 2 * GRID_LINE
            if self.get_y() + heading_height + first > self.page_break_trigger:
                self.add_page()
            self.grid_row(heading, page)
            for group in groups:
                height = self._group_height(group)
                if height <= page and self.get_y() + height > self.page_break_trigger:
                    self.add_page()
                    self.grid_row(repeat, page)
                for row in group:
                    row_height = self.row_height(row)
                    if row_height <= page and self.get_y() + row_height > self.page_break_trigger:
                        self.add_page()
                        self.grid_row(repeat, page)
                    self.grid_row(row, page)
        finally:
            self.set_auto_page_break(auto, margin=margin)
        self.font()

    def _group_height(self, group: list[GridRow]) -> float:
        return sum(self.row_height(row) for row in group)

    def keep(self, height: float) -> None:
        """Start a new page unless ``height`` millimetres still fit on this one."""
        if self.will_page_break(height):
            self.add_page()

    def labelled(self, label: str, value: str) -> None:
        """A bold label followed, on the same line, by the value; both wrap."""
        self.font(True)
        self.write(LINE, f"{label}: ")
        self.font()
        self.write(LINE, value or NONE)
        self.ln(LINE)
        self.ln(2.5)

    def signature(
        self, title: str, name: str = "", *, caption_left: str, caption_right: str, left_text: str = ""
    ) -> None:
        """A titled pair of lines: a signature (or a date) on the left, the name on the right.

        Texts known in advance stand just above their line; captions explain each line below it.
        """
        left_w, gap = 55.0, 8.0
        right_x = self.l_margin + left_w + gap
        right_w = self.w - self.r_margin - right_x
        self.font()
        left_lines = self._lines(left_text, left_w)
        right_lines = self._lines(name, right_w)
        above = max(7.0, LINE * max(left_lines, right_lines) + 1.5)
        self.keep(above + 2 * SMALL_LINE + 8 + (2 * LINE if title else 0))
        if title:
            self.paragraph(title, bold=True, align=Align.L, after=1)
        top = self.get_y() + above
        self.font()
        for x, width, text, count in (
            (self.l_margin, left_w, left_text, left_lines),
            (right_x, right_w, name, right_lines),
        ):
            if text:
                self.set_xy(x, top - LINE * count - 0.5)
                self.multi_cell(width, LINE, text, align=Align.L, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_line_width(0.25)
        self.line(self.l_margin, top, self.l_margin + left_w, top)
        self.line(right_x, top, right_x + right_w, top)
        self.set_y(top + 0.8)
        self.caption(caption_left, x=self.l_margin, width=left_w)
        after_left = self.get_y()
        self.set_y(top + 0.8)
        self.caption(caption_right, x=right_x, width=right_w)
        self.set_y(max(after_left, self.get_y()) + 5)
