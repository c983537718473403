"""The case's documents (Annexes 1, 2 and 8 of the Standard), rendered to PDF in memory."""

from .model import CaseDocument, Child, Report, SheetBlock, SheetLine
from .pdf import KINDS, filename
from .render import render

__all__ = ["KINDS", "CaseDocument", "Child", "Report", "SheetBlock", "SheetLine", "filename", "render"]
