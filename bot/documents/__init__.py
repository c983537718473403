"""The case's documents (Annexes 1, 2, 3, 4 and 8 of the Standard, and the para 21 information), rendered to PDF in
memory."""

from .model import AgreementDocument, CardDocument, CaseDocument, Child, NoticeDocument, Report, SheetBlock, SheetLine
from .pdf import ADMISSION_KINDS, ALL_KINDS, KINDS, Document, filename
from .render import render

__all__ = [
    "ADMISSION_KINDS",
    "ALL_KINDS",
    "KINDS",
    "AgreementDocument",
    "CardDocument",
    "CaseDocument",
    "Child",
    "Document",
    "NoticeDocument",
    "Report",
    "SheetBlock",
    "SheetLine",
    "filename",
    "render",
]
