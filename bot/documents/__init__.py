"""The case's documents (Annexes 1, 2 and 8 of the Standard), rendered to PDF in memory."""

from .model import CaseDocument, Child, Report, SheetBlock, SheetLine
from .render import KINDS, filename, render

__all__ = ["KINDS", "CaseDocument", "Child", "Report", "SheetBlock", "SheetLine", "filename", "render"]
