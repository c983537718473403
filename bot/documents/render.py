"""Render the three documents of a case as PDF, in memory.

* ``annex1``: the application (Annex 1 to the Standard);
* ``annex2``: the evaluation sheet (Annex 2), or the para 13-1 note when no sheet is needed;
* ``annex8``: the report assessing the presence of ill-treatment (Annex 8).

Every label is an English msgid marked with ``N_`` and translated with the ``gettext`` the caller
passes (the document's language); ``locale`` only drives Babel's date formatting. Every page carries
the case number, the word "Confidential", "Page x of y" and, for a training intake, the training
notice. Nothing here touches the disk except reading the bundled fonts, and nothing here imports
aiogram or SQLAlchemy.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from babel import Locale
from babel.dates import format_date, format_time
from fpdf import FPDF
from fpdf.enums import Align, XPos, YPos

from ..standard import N_
from ..standard.clock import TZ
from ..standard.sheet import ANSWER_TITLES, Answer
from .model import CaseDocument, SheetBlock

Gettext = Callable[[str], str]

KINDS = ("annex1", "annex2", "annex8")

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

# --- Labels (msgids) -------------------------------------------------------------------------------

CONFIDENTIAL = N_("CONFIDENTIAL")
CASE_NUMBER = N_("Case No. {number}")
PAGE_OF = N_("Page {page} of {pages}")
TRAINING = N_("TRAINING — not a real case")
STANDARD_ANNEX = {
    "annex1": N_(
        "Annex 1 to the Standard for the provision of special social services to victims of trafficking in persons"
    ),
    "annex2": N_(
        "Annex 2 to the Standard for the provision of special social services to victims of trafficking in persons"
    ),
    "annex8": N_(
        "Annex 8 to the Standard for the provision of special social services to victims of trafficking in persons"
    ),
}
FORM = N_("Form")
DOCUMENT_TITLES = {
    "annex1": N_("Application"),
    "annex2": N_("Evaluation sheet"),
    "annex8": N_(
        "Report assessing the presence of ill-treatment leading to social maladaptation and social deprivation"
    ),
}
NONE = "—"

# Annex 1
TO_HEAD = N_("To the Head of {organization}")
CAPTION_HEAD = N_("(surname, first name, patronymic (if any) of the head)")
FROM = N_("from {name}")
REQUEST_ALONE = N_(
    "I hereby ask you to admit me to an organization providing special social services to "
    "victims of trafficking in persons for resocialization."
)
REQUEST_WITH_CHILDREN = N_(
    "I hereby ask you to admit me and the accompanying child (children)* to an "
    "organization providing special social services to victims of trafficking "
    "in persons for resocialization."
)
CONSENT = N_(
    "I hereby consent to the collection and processing of my personal data necessary for the "
    "provision of special social services."
)
ACKNOWLEDGEMENT = N_(
    "I have been familiarized with the terms of admission, accommodation, discharge and "
    "termination of services in the organization and with the internal regulations. I "
    "have been warned about responsibility for providing knowingly false information "
    "about myself."
)
CHILDREN_HEADING = N_("* Accompanying children")
NO_CHILDREN = N_("No accompanying children.")
CHILD_RELATION = N_("Family or other relation")
CHILD_NAME = N_("Surname, first name, patronymic (if any)")
CHILD_BIRTH = N_("Date of birth")
CAPTION_CONSENT_DATE = N_("(date of consent)")
CAPTION_APPLICANT = N_("(surname, first name, patronymic (if any) and signature of the applicant)")

# Annex 2
CAPTION_EVALUATED = N_("(surname, first name, patronymic (if any) of the person being evaluated)")
COL_NUMBER = N_("No.")
COL_CRITERION = N_(
    "List of criteria for assessing the presence of ill-treatment in trafficking in persons, "
    "including minors, other types of their exploitation, as well as kidnapping"
)
COL_INDICATORS = N_(
    "Indicators of assessment of the presence of ill-treatment in trafficking in persons, "
    "including minors, other types of their exploitation, as well as kidnapping (points)"
)
POINTS_AND_ANSWER = N_("{points} ({answer})")
# the heading repeated on the sheet's continuation pages
COL_CRITERION_CONTINUED = N_("Criteria (continued)")
COL_POINTS = N_("Points")
NOT_ANSWERED = N_("Not answered")
TOTAL_PER_BLOCK = N_("Total per block")
TOTAL_RESULT = N_("Total result")
RECOGNIZED = N_(
    "Recognized as a victim of ill-treatment as a result of actions related to trafficking in "
    "persons, other types of their exploitation, as well as kidnapping"
)
NOT_RECOGNIZED = N_(
    "Not recognized as a victim of ill-treatment as a result of actions related to "
    "trafficking in persons, other types of their exploitation, as well as kidnapping"
)
NO_VERDICT = N_("No verdict has been recorded yet.")
SUGGESTION = N_("Suggestion of the rule “{rule}”: {suggestion}.")
SUGGESTED_YES = N_("recognized as a victim")
SUGGESTED_NO = N_("not recognized as a victim")
SUGGESTION_IS_AID = N_(
    "The suggestion is computed by the project's reading of the law; the decision is the specialist's."
)
CONFIRMED = N_("The specialist confirmed the suggestion.")
OVERRIDDEN = N_("The specialist overrode the suggestion.")
OVERRIDE_REASON = N_("Reason: {reason}")
NOT_REQUIRED = N_(
    "Identification in accordance with Annex 2 is not required (paragraph 13-1 of the "
    "Standard): a pre-trial investigation has been initiated and the person has been "
    "recognized as a victim."
)
INVESTIGATION = N_("Pre-trial investigation: register No. {number} of {date}")
INVESTIGATION_MISSING = N_("Pre-trial investigation: register number and date not recorded")
CAPTION_EVALUATED_SIGNATURE = N_("(surname, first name, patronymic (if any) of the person being evaluated, date)")
SPECIALIST = N_("Specialist of the organization")
AUTHORITY = N_("Representative of the district (city) authorized body of employment and social programs")
POLICE = N_("Representative of the internal affairs body")
CAPTION_SIGNATURE = N_("(signature)")
CAPTION_OFFICIAL = N_("(surname, first name, patronymic (if any), position, date)")
CAPTION_NAME = N_("(surname, first name, patronymic (if any))")

# Annex 8
FIELDS = (
    N_("1. Last name"),
    N_("2. First name"),
    N_("3. Patronymic (if any)"),
    N_("4. Date and time"),
    N_("5. Venue (name and address of the institution)"),
    N_(
        "6. Circumstances (available at the time of identification, for example, the presence of employees "
        "of organizations, accompanying persons) and information related to the fact"
    ),
    N_(
        "7. Information on what happened to the victim based on the interview (including the methods of "
        "alleged ill-treatment, the time of the alleged ill-treatment and available complaints about the "
        "physical or psychological condition)"
    ),
    N_("8. Surname, first name, patronymic (if any), signature of the person authorized for identification"),
)
NOTE = N_("Note:")
NOTE_LINES = (
    N_("The report is confidential."),
    N_(
        "It is submitted to law enforcement agencies only on a written request and with the written "
        "consent of the victim."
    ),
    N_(
        "The person authorized for identification keeps confidential all information that has become "
        "known during the identification of the victim and that is at their disposal in the performance "
        "of official duties."
    ),
    N_("The person authorized for identification may not disclose or pass the information to third parties."),
)
NO_REPORT = "the case has no Annex 8 report"

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


def filename(kind: str, doc: CaseDocument, locale: str) -> str:
    """``annex2-2026-0007-ru.pdf``: safe for any file system and for Telegram."""
    _check_kind(kind)
    number = re.sub(r"[^A-Za-z0-9_-]+", "-", doc.number).strip("-") or "case"
    code = re.sub(r"[^A-Za-z0-9_-]+", "", locale) or "xx"
    return f"{kind}-{number}-{code}.pdf"


def _check_kind(kind: str) -> None:
    if kind not in KINDS:
        raise ValueError(f"unknown document kind {kind!r}; known: {', '.join(KINDS)}")


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

    def __init__(self, doc: CaseDocument, _: Gettext, locale: str) -> None:
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
        height = self.multi_cell(0, line, text, dry_run=True, output="HEIGHT")
        self.font()
        return height + after

    # -- grid: a bordered table whose rows never split and whose groups of rows stay together --

    def _cell_lines(self, text: str, width: float) -> int:
        return len(self.multi_cell(width - 2 * PAD, GRID_LINE, text, dry_run=True, output="LINES"))

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
        left_lines = len(self.multi_cell(left_w, LINE, left_text, dry_run=True, output="LINES")) if left_text else 0
        right_lines = len(self.multi_cell(right_w, LINE, name, dry_run=True, output="LINES")) if name else 0
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


# --- Documents -------------------------------------------------------------------------------------


def _annex1(pdf: _Pdf, doc: CaseDocument, _: Gettext, dates: _Dates) -> None:
    pdf.corner(_(STANDARD_ANNEX["annex1"]), _(FORM))
    name = full_name(doc)
    width = 95.0
    x = pdf.w - pdf.r_margin - width
    pdf.font(True)
    pdf.set_x(x)
    pdf.multi_cell(
        width,
        LINE,
        _(TO_HEAD).format(organization=_one_line(doc.organization)),
        align=Align.L,
        new_x=XPos.LMARGIN,
        new_y=YPos.NEXT,
    )
    # the head's name: from the organization's record, or a line to fill in by hand (E6)
    pdf.font()
    pdf.set_x(x)
    pdf.multi_cell(width, LINE, _one_line(doc.head_name) or " ", align=Align.L, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_line_width(0.25)
    pdf.line(x, pdf.get_y(), x + width, pdf.get_y())
    pdf.set_y(pdf.get_y() + 0.8)
    pdf.caption(_(CAPTION_HEAD), x=x, width=width)
    pdf.ln(2)
    pdf.font(True)
    pdf.set_x(x)
    pdf.multi_cell(width, LINE, _(FROM).format(name=name), align=Align.L, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(10)
    pdf.doc_title(_(DOCUMENT_TITLES["annex1"]))
    pdf.ln(2)
    pdf.paragraph(_(REQUEST_WITH_CHILDREN if doc.children else REQUEST_ALONE))
    pdf.paragraph(_(CONSENT))
    pdf.paragraph(_(ACKNOWLEDGEMENT))
    pdf.ln(2)
    if doc.children:
        pdf.keep(25)
        pdf.paragraph(_(CHILDREN_HEADING), bold=True, align=Align.L, after=1)
        widths = (45.0, 85.0, 44.0)
        heading = GridRow(
            tuple(GridCell(_(label), width) for label, width in zip((CHILD_RELATION, CHILD_NAME, CHILD_BIRTH), widths)),
            bold=True,
            fill=HEADING_FILL,
            middle=True,
        )
        rows = []
        for child in doc.children:
            names = " ".join(
                p for p in (_one_line(child.surname), _one_line(child.first_name), _one_line(child.patronymic)) if p
            )
            texts = (
                _one_line(child.relation) or NONE,
                names or NONE,
                dates.day(child.birth_date) if child.birth_date else NONE,
            )
            rows.append([GridRow(tuple(GridCell(text, width) for text, width in zip(texts, widths)))])
        pdf.grid(heading, rows)
        pdf.font()
        pdf.ln(4)
    else:
        pdf.paragraph(_(NO_CHILDREN), align=Align.L)
    pdf.ln(4)
    consent = dates.day(doc.consent_at) if doc.consent_at else ""
    pdf.signature("", name, caption_left=_(CAPTION_CONSENT_DATE), caption_right=_(CAPTION_APPLICANT), left_text=consent)


def _answer(line_answer: Answer | None, _: Gettext) -> str:
    if line_answer is None:
        return _(NOT_ANSWERED)
    return _strip_symbols(_(ANSWER_TITLES[line_answer]))


# The form's three columns: No. · list of criteria · indicators (points); the points cell also names the answer.
SHEET_COLUMNS = (11.0, 111.0, 52.0)


def _sheet_table(pdf: _Pdf, blocks: tuple[SheetBlock, ...], total: int, _: Gettext) -> None:
    """Annex 2's table. A block heading stays with its first row, a block's last row with its total."""
    number, criterion, points = SHEET_COLUMNS
    heading = GridRow(
        tuple(
            GridCell(_(label), width, Align.C)
            for label, width in zip((COL_NUMBER, COL_CRITERION, COL_INDICATORS), SHEET_COLUMNS)
        ),
        bold=True,
        fill=HEADING_FILL,
        middle=True,
    )
    repeat = GridRow(
        tuple(
            GridCell(_(label), width, Align.C)
            for label, width in zip((COL_NUMBER, COL_CRITERION_CONTINUED, COL_POINTS), SHEET_COLUMNS)
        ),
        bold=True,
        fill=HEADING_FILL,
        middle=True,
    )
    groups: list[list[GridRow]] = []
    for block in blocks:
        rows = [
            GridRow(
                (GridCell(str(block.number), number, Align.C), GridCell(_(block.title), criterion + points)),
                bold=True,
                fill=BLOCK_FILL,
            )
        ]
        for line in block.lines:
            indicator = _(POINTS_AND_ANSWER).format(points=line.points, answer=_answer(line.answer, _))
            rows.append(
                GridRow(
                    (
                        GridCell(str(line.number), number, Align.C),
                        GridCell(_(line.text), criterion),
                        GridCell(indicator, points, Align.C),
                    )
                )
            )
        rows.append(
            GridRow(
                (
                    GridCell("", number),
                    GridCell(_(TOTAL_PER_BLOCK), criterion, Align.R),
                    GridCell(str(block.total), points, Align.C),
                ),
                bold=True,
            )
        )
        if len(rows) <= 4:
            groups.append(rows)
        else:
            groups.extend([rows[:2], *([row] for row in rows[2:-2]), rows[-2:]])
    groups[-1].append(
        GridRow(
            (
                GridCell("", number),
                GridCell(_(TOTAL_RESULT), criterion, Align.R),
                GridCell(str(total), points, Align.C),
            ),
            bold=True,
            fill=BLOCK_FILL,
        )
    )
    pdf.grid(heading, groups, repeat)
    pdf.ln(5)


def verdict_line(doc: CaseDocument, recognized: bool, _: Gettext) -> str:
    """One of the two conclusion lines of Annex 2, with its box ticked when it is the verdict."""
    box = "☒" if doc.verdict is recognized else "☐"
    return f"{box} {full_name(doc)} — {_(RECOGNIZED if recognized else NOT_RECOGNIZED)}"


def _annex2(pdf: _Pdf, doc: CaseDocument, _: Gettext, dates: _Dates) -> None:
    pdf.corner(_(STANDARD_ANNEX["annex2"]), _(FORM))
    pdf.doc_title(_(DOCUMENT_TITLES["annex2"]))
    pdf.paragraph(full_name(doc), bold=True, align=Align.C, after=0.5)
    pdf.caption(_(CAPTION_EVALUATED))
    pdf.ln(4)
    if doc.blocks:
        _sheet_table(pdf, doc.blocks, doc.total, _)
    else:
        pdf.paragraph(_(NOT_REQUIRED))
        if doc.investigation:
            number, when = doc.investigation
            text = _(INVESTIGATION).format(number=_one_line(number), date=dates.day(when))
        else:
            text = _(INVESTIGATION_MISSING)
        pdf.paragraph(text, bold=True, align=Align.L)
        pdf.ln(3)

    pdf.keep(40)
    for recognized in (True, False):
        chosen = doc.verdict is recognized
        pdf.paragraph(verdict_line(doc, recognized, _), bold=chosen, align=Align.L, after=2.5)
    if doc.verdict is None:
        pdf.paragraph(_(NO_VERDICT), align=Align.L)

    if doc.rule_title and doc.suggested is not None:
        pdf.ln(1)
        suggestion = _(SUGGESTED_YES if doc.suggested else SUGGESTED_NO)
        pdf.paragraph(_(SUGGESTION).format(rule=_(doc.rule_title), suggestion=suggestion), align=Align.L, after=1)
        if doc.rule_description:
            pdf.paragraph(_(doc.rule_description), size=BODY_PT - 1, line=LINE - 0.6, after=1)
        pdf.paragraph(_(SUGGESTION_IS_AID), size=BODY_PT - 1, line=LINE - 0.6, after=1)
        if doc.verdict is not None:
            confirmed = doc.verdict == doc.suggested
            pdf.paragraph(_(CONFIRMED if confirmed else OVERRIDDEN), bold=True, align=Align.L, after=1)
            if doc.override_reason:
                pdf.paragraph(_(OVERRIDE_REASON).format(reason=_one_line(doc.override_reason)), align=Align.L, after=1)
    pdf.ln(3)

    pdf.signature("", full_name(doc), caption_left=_(CAPTION_SIGNATURE), caption_right=_(CAPTION_EVALUATED_SIGNATURE))
    pdf.signature(
        _(SPECIALIST), _one_line(doc.specialist), caption_left=_(CAPTION_SIGNATURE), caption_right=_(CAPTION_OFFICIAL)
    )
    pdf.signature(_(AUTHORITY), caption_left=_(CAPTION_SIGNATURE), caption_right=_(CAPTION_OFFICIAL))
    pdf.signature(_(POLICE), caption_left=_(CAPTION_SIGNATURE), caption_right=_(CAPTION_OFFICIAL))


def _paragraphs(text: str) -> list[str]:
    """Paragraphs of a user text: blank lines collapse, single line breaks are kept as breaks."""
    paragraphs, current = [], []
    for raw in _clean(text).split("\n"):
        line = raw.rstrip()
        if line.strip():
            current.append(line)
        elif current:
            paragraphs.append("\n".join(current))
            current = []
    if current:
        paragraphs.append("\n".join(current))
    return paragraphs


def _annex8(pdf: _Pdf, doc: CaseDocument, _: Gettext, dates: _Dates) -> None:
    report = doc.report
    assert report is not None
    pdf.corner(_(STANDARD_ANNEX["annex8"]))
    pdf.doc_title(_(DOCUMENT_TITLES["annex8"]))
    pdf.ln(3)
    values = (
        _one_line(doc.surname),
        _one_line(doc.first_name),
        _one_line(doc.patronymic),
        dates.moment(report.held_at),
        _one_line(report.venue),
    )
    for label, value in zip(FIELDS[:5], values):
        pdf.labelled(_(label), value)
    for label, text in ((FIELDS[5], report.circumstances), (FIELDS[6], report.narrative)):
        label = _(label)
        pdf.keep(pdf.text_height(label, bold=True, after=1.5) + 2 * LINE)
        pdf.paragraph(label, bold=True, align=Align.L, after=1.5)
        for paragraph in _paragraphs(text) or [NONE]:
            pdf.paragraph(paragraph, after=1.8)
        pdf.ln(1.5)
    label = _(FIELDS[7])
    pdf.keep(pdf.text_height(label, bold=True, after=1) + 2 * LINE + 12)
    pdf.paragraph(label, bold=True, align=Align.L, after=1)
    pdf.signature(
        "", _one_line(report.authorized_person), caption_left=_(CAPTION_SIGNATURE), caption_right=_(CAPTION_NAME)
    )
    pdf.ln(2)
    note = [(_(NOTE), True, BODY_PT, 1.0)] + [(_(line), False, BODY_PT - 0.5, 1.0) for line in NOTE_LINES]
    pdf.keep(sum(pdf.text_height(text, bold=bold, size=size, after=after) for text, bold, size, after in note))
    for text, bold, size, after in note:
        pdf.paragraph(text, bold=bold, size=size, align=Align.L if bold else Align.J, after=after)


_BUILDERS = {"annex1": _annex1, "annex2": _annex2, "annex8": _annex8}


def render(kind: str, doc: CaseDocument, locale: str, gettext: Gettext) -> bytes:
    """The PDF of one document of the case, in the language of ``gettext`` (dates in ``locale``)."""
    _check_kind(kind)
    if kind == "annex8" and doc.report is None:
        raise ValueError(NO_REPORT)
    pdf = _Pdf(doc, gettext, locale)
    pdf.set_title(gettext(DOCUMENT_TITLES[kind]))
    pdf.add_page()
    _BUILDERS[kind](pdf, doc, gettext, _Dates(locale))
    return bytes(pdf.output())
