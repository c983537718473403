"""Render the documents of a case as PDF, in memory.

* ``annex1``: the application (Annex 1 to the Standard);
* ``annex2``: the evaluation sheet (Annex 2), or the para 13-1 note when no sheet is needed;
* ``annex8``: the report assessing the presence of ill-treatment (Annex 8);
* ``annex3``, ``annex4``, ``notice21``: the admission documents (the agreement, a registration card, the para 21
  information), drawn by :mod:`.admission` from their own data classes.

Every label is an English msgid marked with ``N_`` and translated with the ``gettext`` the caller
passes (the document's language); ``locale`` only drives Babel's date formatting. Every page carries
the case number, the word "Confidential", "Page x of y" and, for a training intake, the training
notice. Nothing here touches the disk except reading the bundled fonts, and nothing here imports
aiogram or SQLAlchemy.
"""

from __future__ import annotations

from fpdf.enums import Align, XPos, YPos

from ..standard.sheet import ANSWER_TITLES, Answer
from .admission import build as build_admission
from .labels import (
    ACKNOWLEDGEMENT,
    AUTHORITY,
    CAPTION_APPLICANT,
    CAPTION_CONSENT_DATE,
    CAPTION_EVALUATED,
    CAPTION_EVALUATED_SIGNATURE,
    CAPTION_HEAD,
    CAPTION_NAME,
    CAPTION_OFFICIAL,
    CAPTION_SIGNATURE,
    CHILD_BIRTH,
    CHILD_NAME,
    CHILD_RELATION,
    CHILDREN_HEADING,
    COL_CRITERION,
    COL_CRITERION_CONTINUED,
    COL_INDICATORS,
    COL_NUMBER,
    COL_POINTS,
    CONFIRMED,
    CONSENT,
    DOCUMENT_TITLES,
    FIELDS,
    FORM,
    FROM,
    INVESTIGATION,
    INVESTIGATION_MISSING,
    NO_CHILDREN,
    NO_REPORT,
    NO_VERDICT,
    NONE,
    NOT_ANSWERED,
    NOT_RECOGNIZED,
    NOT_REQUIRED,
    NOTE,
    NOTE_LINES,
    OVERRIDDEN,
    OVERRIDE_REASON,
    POINTS_AND_ANSWER,
    POLICE,
    RECOGNIZED,
    REQUEST_ALONE,
    REQUEST_WITH_CHILDREN,
    SPECIALIST,
    STANDARD_ANNEX,
    SUGGESTED_NO,
    SUGGESTED_YES,
    SUGGESTION,
    SUGGESTION_IS_AID,
    TO_HEAD,
    TOTAL_PER_BLOCK,
    TOTAL_RESULT,
)
from .model import CaseDocument, SheetBlock
from .pdf import (
    BLOCK_FILL,
    BODY_PT,
    HEADING_FILL,
    LINE,
    Document,
    Gettext,
    GridCell,
    GridRow,
    _check_kind,
    _clean,
    _Dates,
    _one_line,
    _Pdf,
    _strip_symbols,
    full_name,
)

# --- Documents -------------------------------------------------------------------------------------


def _addressee(pdf: _Pdf, doc: CaseDocument, _: Gettext) -> None:
    """«To the Head of …», the head's name (from the organization's record, or a line to fill in by hand: E6),
    «from …»: the form's top right corner."""
    width = 95.0
    x = pdf.w - pdf.r_margin - width
    for text, bold in (
        (_(TO_HEAD).format(organization=_one_line(doc.organization)), True),
        (_one_line(doc.head_name) or " ", False),
    ):
        pdf.font(bold)
        pdf.set_x(x)
        pdf.multi_cell(width, LINE, text, align=Align.L, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_line_width(0.25)
    pdf.line(x, pdf.get_y(), x + width, pdf.get_y())
    pdf.set_y(pdf.get_y() + 0.8)
    pdf.caption(_(CAPTION_HEAD), x=x, width=width)
    pdf.ln(2)
    pdf.font(True)
    pdf.set_x(x)
    pdf.multi_cell(width, LINE, _(FROM).format(name=full_name(doc)), align=Align.L, new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def _children(pdf: _Pdf, doc: CaseDocument, _: Gettext, dates: _Dates) -> None:
    """The footnote's table of accompanying children (relation, names, date of birth), or a line saying none."""
    if not doc.children:
        pdf.paragraph(_(NO_CHILDREN), align=Align.L)
        return
    pdf.keep(25)
    pdf.paragraph(_(CHILDREN_HEADING), bold=True, align=Align.L, after=1)
    widths = (45.0, 85.0, 44.0)
    labels = (CHILD_RELATION, CHILD_NAME, CHILD_BIRTH)
    heading = GridRow(
        tuple(GridCell(_(label), width) for label, width in zip(labels, widths, strict=True)),
        bold=True,
        fill=HEADING_FILL,
        middle=True,
    )
    rows = []
    for child in doc.children:
        names = " ".join(p for p in map(_one_line, (child.surname, child.first_name, child.patronymic)) if p)
        texts = (
            _one_line(child.relation) or NONE,
            names or NONE,
            dates.day(child.birth_date) if child.birth_date else NONE,
        )
        rows.append([GridRow(tuple(GridCell(text, width) for text, width in zip(texts, widths, strict=True)))])
    pdf.grid(heading, rows)
    pdf.font()
    pdf.ln(4)


def _annex1(pdf: _Pdf, doc: CaseDocument, _: Gettext, dates: _Dates) -> None:
    pdf.corner(_(STANDARD_ANNEX["annex1"]), _(FORM))
    _addressee(pdf, doc, _)
    pdf.ln(10)
    pdf.doc_title(_(DOCUMENT_TITLES["annex1"]))
    pdf.ln(2)
    pdf.paragraph(_(REQUEST_WITH_CHILDREN if doc.children else REQUEST_ALONE))
    pdf.paragraph(_(CONSENT))
    pdf.paragraph(_(ACKNOWLEDGEMENT))
    pdf.ln(2)
    _children(pdf, doc, _, dates)
    pdf.ln(4)
    consent = dates.day(doc.consent_at) if doc.consent_at else ""
    pdf.signature(
        "", full_name(doc), caption_left=_(CAPTION_CONSENT_DATE), caption_right=_(CAPTION_APPLICANT), left_text=consent
    )


def _answer(line_answer: Answer | None, _: Gettext) -> str:
    if line_answer is None:
        return _(NOT_ANSWERED)
    return _strip_symbols(_(ANSWER_TITLES[line_answer]))


# The form's three columns: No. · list of criteria · indicators (points); the points cell also names the answer.
SHEET_COLUMNS = (11.0, 111.0, 52.0)


def _heading(labels: tuple[str, str, str], _: Gettext) -> GridRow:
    cells = tuple(GridCell(_(label), width, Align.C) for label, width in zip(labels, SHEET_COLUMNS, strict=True))
    return GridRow(cells, bold=True, fill=HEADING_FILL, middle=True)


def _total(label: str, points: int, fill: tuple[int, int, int] | None = None) -> GridRow:
    number, criterion, column = SHEET_COLUMNS
    cells = (GridCell("", number), GridCell(label, criterion, Align.R), GridCell(str(points), column, Align.C))
    return GridRow(cells, bold=True, fill=fill)


def _block_rows(block: SheetBlock, _: Gettext) -> list[GridRow]:
    """A block's heading row, one row per criterion with its points and answer, and the block's total."""
    number, criterion, points = SHEET_COLUMNS
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
    rows.append(_total(_(TOTAL_PER_BLOCK), block.total))
    return rows


def _sheet_table(pdf: _Pdf, blocks: tuple[SheetBlock, ...], total: int, _: Gettext) -> None:
    """Annex 2's table. A block heading stays with its first row, a block's last row with its total; the heading
    repeats, shorter, on every further page."""
    groups: list[list[GridRow]] = []
    for block in blocks:
        rows = _block_rows(block, _)
        groups.extend([rows] if len(rows) <= 4 else [rows[:2], *([row] for row in rows[2:-2]), rows[-2:]])
    groups[-1].append(_total(_(TOTAL_RESULT), total, fill=BLOCK_FILL))
    pdf.grid(
        _heading((COL_NUMBER, COL_CRITERION, COL_INDICATORS), _),
        groups,
        _heading((COL_NUMBER, COL_CRITERION_CONTINUED, COL_POINTS), _),
    )
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
    for label, value in zip(FIELDS[:5], values, strict=False):
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


def render(kind: str, doc: Document, locale: str, gettext: Gettext) -> bytes:
    """The PDF of one document of the case, in the language of ``gettext`` (dates in ``locale``). Annexes 1, 2 and 8
    are rendered from a :class:`CaseDocument`; ``annex3``, ``annex4`` and ``notice21`` from an AgreementDocument, a
    CardDocument and a NoticeDocument: another document raises ValueError."""
    _check_kind(kind, doc)
    if isinstance(doc, CaseDocument) and kind == "annex8" and doc.report is None:
        raise ValueError(NO_REPORT)
    pdf = _Pdf(doc, gettext, locale)
    pdf.set_title(gettext(DOCUMENT_TITLES[kind]))
    pdf.add_page()
    dates = _Dates(locale)
    if isinstance(doc, CaseDocument):
        _BUILDERS[kind](pdf, doc, gettext, dates)
    else:
        build_admission(pdf, doc, gettext, dates)
    return bytes(pdf.output())
