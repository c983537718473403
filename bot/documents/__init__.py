"""The case's documents (Annexes 1, 2, 3, 4 and 8 of the Standard, and the para 21 information) and a recipient's
resocialization documents (Annexes 6 and 7), rendered to PDF in memory."""

from .model import (
    AgreementDocument,
    CardDocument,
    CaseDocument,
    Child,
    JournalDocument,
    NoticeDocument,
    PlanDocument,
    Report,
    SheetBlock,
    SheetLine,
)
from .pdf import ADMISSION_KINDS, ALL_KINDS, KINDS, RESOCIALIZATION_KINDS, Document, Gettext, filename
from .render import render as _render_case
from .resocialization import render as _render_resocialization


def render(kind: str, doc: Document | PlanDocument | JournalDocument, locale: str, gettext: Gettext) -> bytes:
    """The PDF of any document of :data:`ALL_KINDS`, in the language of ``gettext`` (dates in ``locale``): Annexes 6
    and 7 drawn by :mod:`.resocialization`, the others by :mod:`.render`. A kind rendered from another document
    raises ValueError."""
    if isinstance(doc, PlanDocument | JournalDocument):
        return _render_resocialization(kind, doc, locale, gettext)
    return _render_case(kind, doc, locale, gettext)


__all__ = [
    "ADMISSION_KINDS",
    "ALL_KINDS",
    "KINDS",
    "RESOCIALIZATION_KINDS",
    "AgreementDocument",
    "CardDocument",
    "CaseDocument",
    "Child",
    "Document",
    "JournalDocument",
    "NoticeDocument",
    "PlanDocument",
    "Report",
    "SheetBlock",
    "SheetLine",
    "filename",
    "render",
]
