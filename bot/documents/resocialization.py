"""The resocialization documents (paras 29-31 of the Standard), drawn on the page of :mod:`.pdf`:

* ``annex6``: the individual work plan (Annex 6), with the head's approval block at the top right and the table of
  the eight types of services (the measures of a type, one sub-row each, under its number and title);
* ``annex7``: the journal of the implementation (monitoring) of the individual plan (Annex 7), on landscape pages
  (its table has seven columns), the organization's name beside the corner: per quarter of the agreement the eight
  types of services, the areas of the note * named in each entry.

What is not recorded yet is a blank to fill in by hand: a line with a caption, or an empty row of the table. Every
text is an English msgid (here, in :mod:`.labels` or in :mod:`bot.standard.resocialization`) translated with the
``gettext`` passed in; dates are Babel's, in the document's locale."""

from __future__ import annotations

import re
from datetime import date

from fpdf.enums import Align, PageOrientation, XPos, YPos

from ..standard import N_
from ..standard.resocialization import CHANGE_AREAS, SERVICE_TITLES, SERVICES
from . import labels as L
from .admission import _sentence, _to_fill
from .model import JournalDocument, JournalEntry, JournalQuarter, PlanDocument
from .pdf import (
    GRID_PT,
    LINE,
    NONE,
    PAD,
    SMALL_LINE,
    SMALL_PT,
    Gettext,
    _check_kind,
    _Dates,
    _one_line,
    _Pdf,
)
from .table import HEAD_PT, Band, Group, Head, Table

ANNEX6, ANNEX7 = "annex6", "annex7"
STANDARD_ANNEX = {
    ANNEX6: N_(
        "Annex 6 to the Standard for the provision of special social services to victims of trafficking in persons"
    ),
    ANNEX7: N_(
        "Annex 7 to the Standard for the provision of special social services to victims of trafficking in persons"
    ),
}
TITLES = {
    ANNEX6: N_("Individual work plan"),
    ANNEX7: N_(
        "Journal (electronic file) of the implementation (monitoring) of the individual work plan of the recipient of "
        "services"
    ),
}

# Annex 6
I_APPROVE = N_("I approve")
CAPTION_HEAD_SIGNATURE = N_("(surname, first name, patronymic (if any) and signature of the head of the organization)")
BLANK_DATE = N_("«___» ____________ 20___")
CAPTION_ORGANIZATION = N_("(name of the organization)")
RECIPIENT_NAME = N_("Surname, first name, patronymic (if any) of the recipient of services")
ADMITTED_ON = N_("Date of admission to the organization")
OBSERVED = N_("The recipient of services was observed from {start} to {end}")
PLAN_PERIOD = N_("The individual work plan was drawn up for the period from {start} to {end}")
PLANNED = N_(
    "Planned measures according to the individual needs of the recipient of services (the types and scope of the "
    "services provided):"
)
COL_TYPES = N_("Types of services")
COL_SCOPE = N_("Scope of services (the individual measures)")
COL_ASSIGNED_BY = N_("Surname, first name, patronymic (if any) and signature of the specialist who made the assignment")
COL_ASSIGNED_ON = N_("Date of the assignment")
REVISED_ON = N_("Date of revision of the individual work plan")
CAPTION_NAME_DATE = N_("(surname, first name, patronymic (if any), date)")

# Annex 7
JOURNAL_PLAN = N_("Monitoring of the individual work plan drawn up for the period from {start} to {end}")
JOURNAL_OBSERVED = N_("Observation period of the recipient of services: from {start} to {end}")
COL_STATE = N_("Marks on the state of the recipient of services, including:")
COL_POSITIVE = N_("positive changes are present (describe)*")
COL_NO_CHANGE = N_("there are no changes or there is deterioration (give the reasons)")
COL_DECISION = N_("Decision on adjusting the individual work plan (indicate which type of service is to be revised)")
COL_MONITORED_ON = N_("Date of monitoring")
COL_MONITORED_BY = N_(
    "Surname, first name, patronymic (if any) and signature of the specialist who carried out the monitoring"
)
QUARTER = N_("Quarter {number}: from {start} to {end}")
AREAS = N_("Areas*: {areas}")
NO_ADJUSTMENT = N_("No adjustment")
FOOTNOTE = N_("* Positive changes of the recipient of services are noted in:")

NUMBER_WIDTH = 11.0
DATE_WIDTH = 30.0  # a long date on two lines at most: the day and the month kept together
NAME_WIDTH = 40.0
TYPE_WIDTH = (30.0, 52.0)  # the least and the most the types' column takes
APPROVAL_WIDTH = 82.0  # under the corner's "Annex 6 to the Standard", aligned with it
ROW_LINES = 3  # the least height of a row, in lines: a name and room to sign; an empty row, room to write
AREA_NAMES = dict(CHANGE_AREAS)


# --- Shared ---------------------------------------------------------------------------------------------


def _inline_day(dates: _Dates, value: date | None) -> str:
    """A date inside a sentence, never split over two lines ("" when there is none: a blank)."""
    return dates.day(value).replace(" ", "\u00a0") if value else ""


def _cell_day(dates: _Dates, value: date | None) -> str:
    """A date in a narrow cell: it may wrap, but never between the day and the month."""
    if not value:
        return ""
    text = re.sub(r"(?<!\d)(\d{1,2}) (?=[^\W\d])", "\\1\u00a0", dates.day(value))
    return re.sub(r"(?<=[^\W\d]) (\d{1,2})(?!\d)", "\u00a0\\1", text)


def _field(pdf: _Pdf, label: str, value: str) -> None:
    """A label and its value; a line to write it on by hand when there is none."""
    if value:
        pdf.labelled(label, value)
    else:
        _to_fill(pdf, label)


def _period(pdf: _Pdf, _: Gettext, dates: _Dates, template: str, start: date | None, end: date | None) -> None:
    caption = _(L.CAPTION_DATE)
    values = {"start": _inline_day(dates, start), "end": _inline_day(dates, end)}
    _sentence(pdf, _(template), values, {"start": caption, "end": caption})


def _text_width(pdf: _Pdf, width: float) -> float:
    return width - 2 * PAD - 2 * pdf.c_margin - 0.5


def _breakable(pdf: _Pdf, text: str, width: float) -> str:
    """A title whose words are too long for its cell broken after their hyphens ("Socio-" / "psychological")."""
    pdf.font(size=GRID_PT)
    room = _text_width(pdf, width)
    words = [word.replace("-", "-\n") if pdf.get_string_width(word) > room else word for word in text.split(" ")]
    pdf.font()
    return " ".join(words).replace("\n ", "\n")


def _least(pdf: _Pdf, heading: str, width: float) -> float:
    """``width``, or more when a word of the column's heading would not fit on a line."""
    pdf.font(True, HEAD_PT)
    widest = max((pdf.get_string_width(word) for word in heading.split()), default=0.0)
    pdf.font()
    return max(width, widest + 2 * PAD + 2 * pdf.c_margin + 0.5)


def _type_width(pdf: _Pdf, _: Gettext, heading: str) -> float:
    """The types' column: its heading's longest word, and the longest part of a title between its hyphens."""
    pdf.font(size=GRID_PT)
    parts = [p for s in SERVICES for word in _(SERVICE_TITLES[s]).split() for p in re.findall(r"[^-]+-?", word)]
    widest = max(pdf.get_string_width(part) for part in parts) + 2 * PAD + 2 * pdf.c_margin + 1.0
    pdf.font()
    return min(max(_least(pdf, heading, widest), TYPE_WIDTH[0]), TYPE_WIDTH[1])


def _types(pdf: _Pdf, _: Gettext, width: float) -> list[tuple[str, str]]:
    """The number and the title of each of the eight types of services, in the form's order."""
    return [(str(n), _breakable(pdf, _(SERVICE_TITLES[s]), width)) for n, s in enumerate(SERVICES, start=1)]


def _specialist_line(pdf: _Pdf, _: Gettext, name: str) -> None:
    pdf.ln(6)
    pdf.signature(_(L.SPECIALIST), name, caption_left=_(L.CAPTION_SIGNATURE), caption_right=_(CAPTION_NAME_DATE))


# --- Annex 6: the individual work plan ------------------------------------------------------------------


def _approval(pdf: _Pdf, doc: PlanDocument, _: Gettext, dates: _Dates) -> None:
    """«I approve», the head's name and signature and the date, at the top right (lines to fill in before)."""
    x, width = pdf.w - pdf.r_margin - APPROVAL_WIDTH, APPROVAL_WIDTH
    pdf.set_x(x)
    pdf.font(True)
    pdf.multi_cell(width, LINE, _(I_APPROVE), align=Align.L, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    name = _one_line(doc.head_name) if doc.approved_on else ""
    pdf.font()
    count = len(pdf.multi_cell(width, LINE, name, dry_run=True, output="LINES")) if name else 0  # type: ignore[arg-type]
    line_y = pdf.get_y() + max(8.0, LINE * count + 2.5)
    if name:
        pdf.set_xy(x, line_y - LINE * count - 0.5)
        pdf.multi_cell(width, LINE, name, align=Align.L, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_line_width(0.25)
    pdf.line(x, line_y, x + width, line_y)
    pdf.set_y(line_y + 0.8)
    pdf.caption(_(CAPTION_HEAD_SIGNATURE), x=x, width=width, align=Align.L)
    pdf.ln(2.5)
    pdf.set_x(x)
    when = dates.day(doc.approved_on) if doc.approved_on else _(BLANK_DATE)
    pdf.multi_cell(width, LINE, when, align=Align.L, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(6)


def _organization(pdf: _Pdf, doc: PlanDocument | JournalDocument, _: Gettext, width: float = 0.0) -> None:
    """The organization's name over its caption: across the page, or at the left in ``width`` (the journal's, beside
    the corner, where its landscape page has room)."""
    name, width = _one_line(doc.organization), width or pdf.width
    align = Align.C if width == pdf.width else Align.L
    pdf.font(True)
    if name:
        pdf.multi_cell(width, LINE, name, align=align, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.ln(0.5)
    else:
        pdf.ln(LINE + 2)
    y = pdf.get_y()
    pdf.set_line_width(0.25)
    pdf.line(pdf.l_margin, y, pdf.l_margin + width, y)
    pdf.set_y(y + 0.8)
    pdf.caption(_(CAPTION_ORGANIZATION), x=pdf.l_margin, width=width, align=align)
    pdf.ln(5)


def _plan_table(pdf: _Pdf, doc: PlanDocument, _: Gettext, dates: _Dates) -> None:
    """The label, then columns 1 to 5 of the form: a row for each of the eight types, a sub-row for each of its
    measures; the label stays on the page where the table starts."""
    texts = (L.COL_NUMBER, COL_TYPES, COL_SCOPE, COL_ASSIGNED_BY, COL_ASSIGNED_ON)
    numbers, type_width = _least(pdf, _(L.COL_NUMBER), NUMBER_WIDTH), _type_width(pdf, _, _(COL_TYPES))
    name, when = _least(pdf, _(COL_ASSIGNED_BY), NAME_WIDTH), _least(pdf, _(COL_ASSIGNED_ON), DATE_WIDTH)
    widths = (numbers, type_width, pdf.width - numbers - type_width - name - when, name, when)
    heads = [Head(_(text), column) for column, text in enumerate(texts)]
    heads += [Head(str(column + 1), column, level=1, bold=False) for column in range(len(texts))]
    table = Table(pdf, widths, tuple(heads))
    groups = []
    for service, (number, title) in zip(SERVICES, _types(pdf, _, type_width), strict=True):
        rows = tuple(
            (_one_line(entry.measure), _one_line(entry.specialist), _cell_day(dates, entry.on))
            for entry in doc.measures.get(service, ())
        )
        groups.append(Group((number, title), rows or (("", "", ""),), lines=ROW_LINES))
    pdf.keep(pdf.text_height(_(PLANNED), bold=True) + table.start_height(groups))
    pdf.paragraph(_(PLANNED), bold=True, align=Align.L, after=2)
    table.draw(groups)


def _annex6(pdf: _Pdf, doc: PlanDocument, _: Gettext, dates: _Dates) -> None:
    pdf.corner(_(STANDARD_ANNEX[ANNEX6]), _(L.FORM))
    _approval(pdf, doc, _, dates)
    _organization(pdf, doc, _)
    pdf.doc_title(_(TITLES[ANNEX6]))
    pdf.ln(2)
    _field(pdf, _(RECIPIENT_NAME), _one_line(doc.recipient))
    _field(pdf, _(L.CHILD_BIRTH), dates.day(doc.birth_date) if doc.birth_date else "")
    _field(pdf, _(ADMITTED_ON), dates.day(doc.admitted_on) if doc.admitted_on else "")
    _period(pdf, _, dates, OBSERVED, doc.observed_from, doc.observed_to)
    _period(pdf, _, dates, PLAN_PERIOD, doc.period_from, doc.period_to)
    pdf.ln(1)
    _plan_table(pdf, doc, _, dates)
    pdf.ln(5)
    _field(pdf, _(REVISED_ON), dates.day(doc.revised_on) if doc.revised_on else "")
    drawn_up = f", {dates.day(doc.drawn_up_on)}" if doc.drawn_up_on and _one_line(doc.specialist) else ""
    _specialist_line(pdf, _, _one_line(doc.specialist) + drawn_up)


# --- Annex 7: the monitoring journal --------------------------------------------------------------------


def _journal_heads(_: Gettext) -> tuple[Head, ...]:
    """Two lines of headings (columns 2 and 3 under one: the marks on the recipient's state) and the numbers, in
    reading order."""
    heads = [Head(_(L.COL_NUMBER), 0, levels=2), Head(_(COL_TYPES), 1, levels=2), Head(_(COL_STATE), 2, span=2)]
    heads += [Head(_(COL_POSITIVE), 2, level=1), Head(_(COL_NO_CHANGE), 3, level=1)]
    heads += [Head(_(text), column, levels=2) for text, column in ((COL_DECISION, 4), (COL_MONITORED_ON, 5))]
    heads.append(Head(_(COL_MONITORED_BY), 6, levels=2))
    heads.append(Head("1", 0, span=2, level=2, bold=False))
    heads += [Head(str(number), number, level=2, bold=False) for number in range(2, 7)]
    return tuple(heads)


def _entry(entry: JournalEntry, _: Gettext, dates: _Dates) -> tuple[str, ...]:
    """Columns 2 to 6 of one entry; the areas of the note * named under the positive changes."""
    positive = _one_line(entry.positive) or NONE
    if entry.areas:
        areas = "; ".join(_(AREA_NAMES[area]) if area in AREA_NAMES else _one_line(area) for area in entry.areas)
        positive = f"{positive}\n{_(AREAS).format(areas=areas)}"
    return (
        positive,
        _one_line(entry.no_change) or NONE,
        _one_line(entry.decision) or _(NO_ADJUSTMENT),
        _cell_day(dates, entry.on),
        _one_line(entry.specialist),
    )


def _quarter(quarter: JournalQuarter, _: Gettext, dates: _Dates, types: list[tuple[str, str]]) -> list[Band | Group]:
    start = _inline_day(dates, quarter.period_from) or NONE
    end = _inline_day(dates, quarter.period_to) or NONE
    items: list[Band | Group] = [Band(_(QUARTER).format(number=quarter.number, start=start, end=end))]
    for service, lead in zip(SERVICES, types, strict=True):
        rows = tuple(_entry(entry, _, dates) for entry in quarter.entries.get(service, ()))
        items.append(Group(lead, rows or (("",) * 5,), lines=ROW_LINES))
    return items


def _journal_table(pdf: _Pdf, doc: JournalDocument, _: Gettext, dates: _Dates) -> None:
    numbers, type_width = _least(pdf, _(L.COL_NUMBER), NUMBER_WIDTH), _type_width(pdf, _, _(COL_TYPES))
    when, name = _least(pdf, _(COL_MONITORED_ON), DATE_WIDTH), _least(pdf, _(COL_MONITORED_BY), NAME_WIDTH + 4)
    free = pdf.width - numbers - type_width - when - name
    decision = _least(pdf, _(COL_DECISION), free * 0.31)
    positive, no_change = (free - decision) * 0.56, (free - decision) * 0.44
    widths = (numbers, type_width, positive, no_change, decision, when, name)
    types = _types(pdf, _, type_width)
    items: list[Band | Group] = []
    for quarter in doc.quarters:
        items += _quarter(quarter, _, dates, types)
    Table(pdf, widths, _journal_heads(_)).draw(items)


def _note(pdf: _Pdf, _: Gettext) -> None:
    """The note *: the areas in which positive changes are noted."""
    areas = [f"– {_(text)}{';' if n < len(CHANGE_AREAS) else '.'}" for n, (_id, text) in enumerate(CHANGE_AREAS, 1)]
    lines = [_(L.NOTE), _(FOOTNOTE), *areas]
    pdf.keep(sum(pdf.text_height(text, size=SMALL_PT, line=SMALL_LINE, after=0.8) for text in lines) + 4)
    pdf.ln(2)
    for index, text in enumerate(lines):
        pdf.paragraph(text, bold=index == 0, size=SMALL_PT + 0.5, line=SMALL_LINE + 0.4, align=Align.L, after=0.8)


def _annex7(pdf: _Pdf, doc: JournalDocument, _: Gettext, dates: _Dates) -> None:
    top = pdf.get_y()
    pdf.corner(_(STANDARD_ANNEX[ANNEX7]), _(L.FORM))
    below = pdf.get_y()
    pdf.set_y(top + 4)
    _organization(pdf, doc, _, width=pdf.width - APPROVAL_WIDTH - 12)
    pdf.set_y(max(below, pdf.get_y()))
    pdf.doc_title(_(TITLES[ANNEX7]))
    pdf.ln(1)
    _field(pdf, _(RECIPIENT_NAME), _one_line(doc.recipient))
    _field(pdf, _(L.CHILD_BIRTH), dates.day(doc.birth_date) if doc.birth_date else "")
    _period(pdf, _, dates, JOURNAL_PLAN, doc.plan_from, doc.plan_to)
    _period(pdf, _, dates, JOURNAL_OBSERVED, doc.observed_from, doc.observed_to)
    pdf.ln(2)
    _journal_table(pdf, doc, _, dates)
    _specialist_line(pdf, _, _one_line(doc.specialist))
    _note(pdf, _)


def render(kind: str, doc: PlanDocument | JournalDocument, locale: str, gettext: Gettext) -> bytes:
    """The PDF of Annex 6 (from a :class:`PlanDocument`) or Annex 7 (from a :class:`JournalDocument`), in the
    language of ``gettext`` (dates in ``locale``); another kind or document raises ValueError."""
    _check_kind(kind, doc)  # annex6 from a PlanDocument, annex7 from a JournalDocument
    pdf = _Pdf(doc, gettext, locale)
    pdf.set_title(gettext(TITLES[kind]))
    dates = _Dates(locale)
    if isinstance(doc, JournalDocument):
        pdf.def_orientation = PageOrientation.LANDSCAPE  # every page of the journal: its table has seven columns
        pdf.add_page()
        _annex7(pdf, doc, gettext, dates)
    else:
        pdf.add_page()
        _annex6(pdf, doc, gettext, dates)
    return bytes(pdf.output())
