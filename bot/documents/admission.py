"""The admission documents (paras 15-21 of the Standard), drawn on the page of :mod:`.pdf`:

* ``annex3``: the resocialization agreement (Annex 3), and its addendum when it was extended (para 16);
* ``annex4``: the registration card of a recipient of services (Annex 4), field by field from ``admission.FIELDS``;
* ``notice21``: the information to the internal affairs bodies (para 21), which names no one.

What is not known yet is a blank to fill in by hand, with a caption saying what goes there. Every text is a msgid
of :mod:`.labels` (or of the Standard's data), translated with the ``gettext`` passed in."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from fpdf.enums import Align, XPos, YPos

from ..standard.admission import FIELDS, NONE_ANSWER, SIGNATURE_NUMBERS, Choice, Field
from . import labels as L
from .model import AgreementDocument, CardDocument, Extension, NoticeDocument
from .pdf import (
    GREY,
    GRID_PT,
    HEADING_FILL,
    LINE,
    PAD,
    SMALL_LINE,
    SMALL_PT,
    Gettext,
    GridCell,
    GridRow,
    _clean,
    _Dates,
    _one_line,
    _Pdf,
)

BLANK = "_" * 26  # a value to fill in by hand, inside a sentence
_SLOT = "\x00"  # marks a blank in a formatted sentence (user text cannot hold it: _one_line drops it)
INDENT = 6.0

NUMBERED = frozenset({"relatives", "convictions"})  # the tables whose rows the form numbers (13, 14)
BLANK_ROWS = 3  # rows to fill in by hand in a table not answered yet
BLANK_CELL = " \n "  # two lines high: room to write by hand
NUMBER_WIDTH, DATE_WIDTH, CHOICE_WIDTH = 12.0, 34.0, 36.0
MIN_BLANK = 45.0  # the shortest line to write on, after a label
KEEP_WHOLE = 120.0  # a long answer up to this height is kept on one page with its label


# --- Building blocks ---------------------------------------------------------------------------------


def _sentence(pdf: _Pdf, template: str, values: Mapping[str, str], captions: Mapping[str, str]) -> None:
    """A sentence of the form with its values filled in; an empty value is a blank to fill in by hand, its caption
    (what goes there) in small print after it. A blank is never split over two lines, nor a short sentence over two
    pages."""
    text = template.format(**{key: value or f"{_SLOT}{key}{_SLOT}" for key, value in values.items()})
    parts = text.split(_SLOT)
    shown = "".join(p if i % 2 == 0 else f"{BLANK} {captions.get(p, '')}" for i, p in enumerate(parts))
    height = pdf.text_height(shown)
    pdf.keep(height if height <= 4 * LINE + 2 else 2 * LINE)
    if _SLOT not in text:
        pdf.paragraph(text)
        return
    pdf.font()
    for index, part in enumerate(parts):
        if index % 2 == 0:
            pdf.write(LINE, part)
            continue
        if pdf.get_x() + pdf.get_string_width(BLANK) > pdf.w - pdf.r_margin:
            pdf.ln(LINE)
        pdf.write(LINE, BLANK)
        if captions.get(part):
            pdf.set_text_color(*GREY)
            pdf.font(size=SMALL_PT)
            pdf.write(LINE, f" {captions[part]}")
            pdf.set_text_color(0, 0, 0)
            pdf.font()
    pdf.ln(LINE)
    pdf.ln(2.0)


def _heading(pdf: _Pdf, text: str, following: str, *, bold: bool = True) -> None:
    """A heading kept on the page of the text that follows it (a long text: of its first lines)."""
    below = pdf.text_height(following)
    pdf.keep(pdf.text_height(text, bold=bold, after=1) + (below if below <= KEEP_WHOLE else 3 * LINE))
    pdf.paragraph(text, bold=bold, align=Align.L, after=1)


def _item(pdf: _Pdf, text: str) -> None:
    pdf.font()
    pdf.set_x(pdf.l_margin + INDENT)
    pdf.multi_cell(0, LINE, text, align=Align.J, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(0.8)


def _to_fill(pdf: _Pdf, label: str, extra: int = 0) -> None:
    """A bold label and a line to write the answer on by hand (``extra`` more lines for a long answer)."""
    spacing = 8.0
    pdf.keep(pdf.text_height(label, bold=True) + LINE + extra * spacing + 4)
    pdf.font(True)
    pdf.write(LINE, f"{label}:")
    x, right = pdf.get_x() + 2, pdf.w - pdf.r_margin
    if right - x < MIN_BLANK:
        pdf.ln(LINE)
        x = pdf.l_margin
    y = pdf.get_y() + LINE - 0.6
    pdf.set_line_width(0.25)
    for index in range(extra + 1):
        pdf.line(x if index == 0 else pdf.l_margin, y + index * spacing, right, y + index * spacing)
    pdf.set_y(y + extra * spacing + 3.5)
    pdf.font()


def _sign(pdf: _Pdf, _: Gettext, title: str, name: str) -> None:
    """A signature line with the signer's name (a line to fill in by hand when it is not known)."""
    pdf.signature(title, _one_line(name), caption_left=_(L.CAPTION_SIGNATURE), caption_right=_(L.CAPTION_NAME))


def _day(dates: _Dates, value: date | None) -> str:
    """A date inside a sentence, never split over two lines ("" when there is none)."""
    return dates.day(value).replace(" ", "\u00a0") if value else ""


# --- Annex 3: the resocialization agreement ----------------------------------------------------------------


def _sections(pdf: _Pdf, doc: AgreementDocument, _: Gettext, dates: _Dates) -> None:
    """Sections 1 to 4 of the agreement, with its term (para 16)."""
    _heading(pdf, _(L.SUBJECT), _(L.SUBJECT_TEXT))
    pdf.paragraph(_(L.SUBJECT_TEXT))
    pdf.ln(1)
    first_title, first_items = L.RIGHTS_ITEMS[0]
    _heading(pdf, _(L.RIGHTS), f"{_(first_title)}\n1) {_(first_items[0])}")
    for title, items in L.RIGHTS_ITEMS:
        _heading(pdf, _(title), f"1) {_(items[0])}", bold=False)
        for number, text in enumerate(items, start=1):
            _item(pdf, f"{number}) {_(text)}")
        pdf.ln(1)
    _heading(pdf, _(L.TERMINATION), _(L.TERMINATION_TEXT))
    pdf.paragraph(_(L.TERMINATION_TEXT))
    start = _day(dates, doc.signed_on)
    end = _day(dates, doc.ends_on) if start else ""  # the term runs from the signing
    date_caption = _(L.CAPTION_DATE)
    _sentence(pdf, _(L.TERM), {"start": start, "end": end}, {"start": date_caption, "end": date_caption})
    pdf.ln(1)
    _heading(pdf, _(L.FINAL), _(L.FINAL_TEXT))
    pdf.paragraph(_(L.FINAL_TEXT))


def _signatures(pdf: _Pdf, doc: AgreementDocument, _: Gettext) -> None:
    """The head of the organization's and the recipient of services' signatures, kept together."""
    pdf.ln(4)
    pdf.keep(70)
    _sign(pdf, _, _(L.HEAD_OF_ORGANIZATION), doc.head_name)
    _sign(pdf, _, _(L.RECIPIENT_OF_SERVICES), doc.recipient)


def _annex3(pdf: _Pdf, doc: AgreementDocument, _: Gettext, dates: _Dates) -> None:
    pdf.corner(_(L.STANDARD_ANNEX["annex3"]), _(L.FORM))
    pdf.doc_title(_(L.DOCUMENT_TITLES["annex3"]))
    pdf.ln(1)
    _sentence(pdf, _(L.SIGNED_ON), {"date": _day(dates, doc.signed_on)}, {"date": _(L.CAPTION_SIGNING_DATE)})
    pdf.ln(2)
    values = {
        "organization": _one_line(doc.organization),
        "head": _one_line(doc.head_name),
        "recipient": _one_line(doc.recipient),
        "born": _day(dates, doc.birth_date),
    }
    captions = {"head": _(L.CAPTION_HEAD), "recipient": _(L.CAPTION_NAME), "born": _(L.CAPTION_BIRTH_DATE)}
    _sentence(pdf, _(L.PARTIES), values, captions)
    _sentence(pdf, _(L.PERMIT), {"date": _day(dates, doc.permit_on)}, {"date": _(L.CAPTION_DATE)})
    if doc.children:  # admitted together with the recipient (para 17)
        _heading(pdf, _(L.CHILDREN_ADMITTED), f"1) {_one_line(doc.children[0])}", bold=False)
        for number, name in enumerate(doc.children, start=1):
            _item(pdf, f"{number}) {_one_line(name)}")
    pdf.ln(3)
    _sections(pdf, doc, _, dates)
    _signatures(pdf, doc, _)
    if doc.extension:
        _addendum(pdf, doc, doc.extension, _, dates)


def _ground(text: str) -> str:
    """The ground's msgid is a sentence; inside the addendum's sentence it starts in lower case."""
    return text[0].lower() + text[1:] if len(text) > 1 and text[1].islower() else text


def _addendum(pdf: _Pdf, doc: AgreementDocument, extension: Extension, _: Gettext, dates: _Dates) -> None:
    """The agreement extended (para 16): on a page of its own, dated and signed by both parties by hand."""
    pdf.add_page()
    signed = _day(dates, doc.signed_on) or BLANK
    pdf.doc_title(_(L.ADDENDUM_TITLE).format(number=_one_line(doc.number), date=signed))
    pdf.ln(1)
    _sentence(pdf, _(L.SIGNED_ON), {"date": ""}, {"date": _(L.CAPTION_SIGNING_DATE)})
    pdf.ln(2)
    values = {"organization": _one_line(doc.organization), "recipient": _one_line(doc.recipient)}
    _sentence(pdf, _(L.ADDENDUM_PARTIES), values, {"recipient": _(L.CAPTION_NAME)})
    ground = _ground(_(extension.ground))
    pdf.paragraph(_(L.ADDENDUM_GROUND).format(subparagraph=_one_line(extension.subparagraph), ground=ground))
    pdf.paragraph(_(L.ADDENDUM_TERM).format(months=extension.months, date=_day(dates, extension.ends_on)))
    pdf.paragraph(_(L.ADDENDUM_FINAL))
    _signatures(pdf, doc, _)


# --- Annex 4: the registration card ---------------------------------------------------------------------


def _shown(raw: str, kind: str, choices: tuple[Choice, ...], _: Gettext, dates: _Dates) -> str:
    """A stored value as the card prints it: a choice by its words, a date in the document's language."""
    if kind == "choice":
        return next((_(choice.text) for choice in choices if choice.id == raw), raw)
    if kind == "date" and raw:
        try:
            return dates.day(date.fromisoformat(raw))
        except ValueError:
            return raw
    return raw


def _value(spec: Field, doc: CardDocument, _: Gettext, dates: _Dates) -> str:
    """The answer to a field, "" when it has none yet."""
    if spec.id in doc.unknown:
        return _(L.NONE_ANSWER if spec.id in NONE_ANSWER else L.NOT_KNOWN)
    raw = doc.values.get(spec.id) or ""
    if spec.kind == "long":
        raw = "\n".join(line.strip() for line in _clean(raw).split("\n") if line.strip())
    else:
        raw = _one_line(raw)
    return _shown(raw, spec.kind, spec.choices, _, dates) if raw else ""


def _field(pdf: _Pdf, spec: Field, doc: CardDocument, _: Gettext, dates: _Dates) -> None:
    """A field other than a table: its number, its label and the answer (or a line to write it on)."""
    label = f"{spec.number}. {_(spec.label)}"
    value = _value(spec, doc, _, dates)
    long = spec.kind == "long"
    if not value:
        _to_fill(pdf, label, extra=2 if long else 0)
    elif long:
        _heading(pdf, label, value)
        pdf.paragraph(value, after=3)
    else:
        pdf.labelled(label, value)


def _longest_word(pdf: _Pdf, text: str) -> float:
    return max((pdf.get_string_width(word) for word in text.split()), default=0.0)


def _widths(pdf: _Pdf, spec: Field, heads: tuple[str, ...], rows: list[tuple[str, ...]]) -> list[float]:
    """Dates and choices take a fixed width. A text column needs its longest word (of the heading or a cell) and
    would like its longest cell on one line; the room left over goes to the columns that would like more, a long
    text getting more than a short one (by the square root of what it lacks)."""
    fixed = {"date": DATE_WIDTH, "choice": CHOICE_WIDTH}
    numbered, pad = spec.id in NUMBERED, 2 * (PAD + pdf.c_margin) + 0.5
    free = pdf.width - (NUMBER_WIDTH if numbered else 0) - sum(fixed.get(c.kind, 0.0) for c in spec.columns)
    low: dict[int, float] = {}
    high: dict[int, float] = {}
    for index, column in enumerate(spec.columns):
        if column.kind not in fixed:
            pdf.font(True, GRID_PT)
            head = _longest_word(pdf, heads[index])
            pdf.font(size=GRID_PT)
            cells = [row[index] for row in rows]
            low[index] = min(max([head, *(_longest_word(pdf, cell) for cell in cells)]), free / 2) + pad
            high[index] = max([low[index], *(pdf.get_string_width(cell) + pad for cell in cells)])
    pdf.font()
    if sum(high.values()) <= free:
        share = {i: high[i] + (free - sum(high.values())) / len(high) for i in high}
    elif sum(low.values()) <= free:
        lacks = {i: (high[i] - low[i]) ** 0.5 for i in low}
        share = {i: low[i] + (free - sum(low.values())) * lacks[i] / sum(lacks.values()) for i in low}
    else:
        share = {i: free * low[i] / sum(low.values()) for i in low}
    widths = [share.get(index, fixed.get(column.kind, 0.0)) for index, column in enumerate(spec.columns)]
    return ([NUMBER_WIDTH] if numbered else []) + widths


def _table(pdf: _Pdf, spec: Field, doc: CardDocument, _: Gettext, dates: _Dates) -> None:
    """A table of the card (9, 13, 14) as a grid, the label kept with its heading and first row: the rows entered;
    one saying "none" for an empty table; rows to fill in by hand, kept together, when it is not answered."""
    numbered, rows = spec.id in NUMBERED, doc.tables.get(spec.id)
    heads = tuple(_(column.label) for column in spec.columns)
    texts = [
        tuple(_shown(_one_line(row.cells.get(c.id)), c.kind, c.choices, _, dates) or L.NONE for c in spec.columns)
        for row in rows or ()
    ]
    widths = _widths(pdf, spec, heads, texts)
    number = (_(L.COL_NUMBER),) if numbered else ()
    heading = GridRow(
        tuple(GridCell(text, width, Align.C) for text, width in zip(number + heads, widths, strict=True)),
        bold=True,
        fill=HEADING_FILL,
        middle=True,
    )
    if rows is None:
        texts = [(BLANK_CELL,) * len(spec.columns)] * BLANK_ROWS
    lines = [
        GridRow(tuple(GridCell(t, w) for t, w in zip(((str(n),) if numbered else ()) + cells, widths, strict=True)))
        for n, cells in enumerate(texts, start=1)
    ] or [GridRow((GridCell(_(L.NONE_ANSWER), sum(widths)),))]
    groups = [lines] if rows is None else [[line] for line in lines]
    label = f"{spec.number}. {_(spec.label)}"
    first = sum(pdf.row_height(line) for line in groups[0])
    pdf.keep(pdf.text_height(label, bold=True, after=1) + pdf.row_height(heading) + min(first, 40))
    pdf.paragraph(label, bold=True, align=Align.L, after=1)
    pdf.grid(heading, groups)
    pdf.ln(4)


def _card_signatures(pdf: _Pdf, doc: CardDocument, _: Gettext, dates: _Dates) -> None:
    """Fields 19 (the recipient's signature), 20 (the date) and 21 (the specialist), kept together."""
    signature, when, specialist = (
        f"{number}. {_(label)}" for number, label in zip(SIGNATURE_NUMBERS, L.CARD_SIGNATURES, strict=True)
    )
    pdf.ln(2)
    pdf.keep(pdf.text_height(specialist, bold=True) + 3 * LINE + 40)
    _to_fill(pdf, signature)
    if doc.filled_on:
        pdf.labelled(when, dates.day(doc.filled_on))
    else:
        _to_fill(pdf, when)
    pdf.paragraph(specialist, bold=True, align=Align.L, after=1)
    _sign(pdf, _, "", doc.specialist)


def _annex4(pdf: _Pdf, doc: CardDocument, _: Gettext, dates: _Dates) -> None:
    pdf.corner(_(L.STANDARD_ANNEX["annex4"]), _(L.FORM))
    pdf.doc_title(_(L.DOCUMENT_TITLES["annex4"]))
    pdf.paragraph(_(L.RECIPIENT_NUMBER).format(number=_one_line(doc.number)), bold=True, align=Align.C, after=1)
    if doc.child_of:  # a separate recipient of services (para 18)
        pdf.paragraph(_(L.CHILD_OF).format(case=_one_line(doc.child_of)), align=Align.C, after=1)
    pdf.paragraph(_(L.CARD_ORGANIZATION).format(organization=_one_line(doc.organization)), align=Align.C, after=5)
    for spec in FIELDS:
        if spec.kind == "table":
            _table(pdf, spec, doc, _, dates)
        else:
            _field(pdf, spec, doc, _, dates)
    _card_signatures(pdf, doc, _, dates)


# --- Para 21: the information to the internal affairs bodies -------------------------------------------------


def _letterhead(pdf: _Pdf, doc: NoticeDocument, _: Gettext) -> None:
    """The organization (name, address) on the left; the internal affairs body addressed on the right."""
    top, left_w, right_w = pdf.get_y(), 80.0, 84.0
    right_x = pdf.w - pdf.r_margin - right_w
    for text, bold in ((_one_line(doc.organization), True), (_one_line(doc.organization_address), False)):
        pdf.font(bold)
        pdf.multi_cell(left_w, LINE, text, align=Align.L, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    left_end = pdf.get_y()
    pdf.set_xy(right_x, top)
    pdf.font(True)
    pdf.multi_cell(right_w, LINE, _(L.NOTICE_TO), align=Align.L, new_x=XPos.LEFT, new_y=YPos.NEXT)
    pdf.font()
    if _one_line(doc.body):
        pdf.multi_cell(right_w, LINE, _one_line(doc.body), align=Align.L, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    else:
        y = pdf.get_y() + 7
        pdf.set_line_width(0.25)
        pdf.line(right_x, y, right_x + right_w, y)
        pdf.set_y(y + 0.8)
        pdf.caption(_(L.CAPTION_BODY), x=right_x, width=right_w)
    pdf.set_y(max(left_end, pdf.get_y()) + 6)


def _notice21(pdf: _Pdf, doc: NoticeDocument, _: Gettext, dates: _Dates) -> None:
    """Only the fact, the dates and the case number: no name, no date of birth, nothing else of the person."""
    _letterhead(pdf, doc, _)
    reference = {"reference": _one_line(doc.reference), "date": _day(dates, doc.sent_on)}
    _sentence(pdf, _(L.OUTGOING), reference, {"reference": _(L.CAPTION_REFERENCE), "date": _(L.CAPTION_DATE)})
    pdf.ln(6)
    pdf.doc_title(_(L.DOCUMENT_TITLES["notice21"]))
    pdf.ln(2)
    values = {
        "organization": _one_line(doc.organization),
        "date": _day(dates, doc.turned_on),
        "number": _one_line(doc.number),
    }
    _sentence(pdf, _(L.NOTICE_TEXT), values, {"date": _(L.CAPTION_DATE)})
    pdf.paragraph(_(L.NOTICE_DECLINED).format(date=_day(dates, doc.declined_on)))
    pdf.paragraph(_(L.NOTICE_CONFIDENTIAL))
    pdf.ln(8)
    _sign(pdf, _, _(L.HEAD_OF_ORGANIZATION), doc.head_name)
    pdf.paragraph(_(L.PREPARED_BY).format(specialist=_one_line(doc.specialist)), size=SMALL_PT, line=SMALL_LINE)


def build(pdf: _Pdf, doc: AgreementDocument | CardDocument | NoticeDocument, _: Gettext, dates: _Dates) -> None:
    """Draw the admission document ``doc`` on ``pdf`` (its first page added), in the language of ``_``."""
    if isinstance(doc, AgreementDocument):
        _annex3(pdf, doc, _, dates)
    elif isinstance(doc, CardDocument):
        _annex4(pdf, doc, _, dates)
    else:
        _notice21(pdf, doc, _, dates)
