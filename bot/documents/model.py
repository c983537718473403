"""What a document shows, decoupled from the store and from Telegram: built from a case on demand,
rendered to PDF in memory, never written to disk."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from ..standard.sheet import Answer


@dataclass(frozen=True)
class Child:
    """An accompanying child named in the application (Annex 1, footnote *)."""

    surname: str
    first_name: str
    patronymic: str
    birth_date: date | None
    relation: str  # as the specialist typed it, e.g. "daughter"


@dataclass(frozen=True)
class SheetLine:
    number: int  # the row number printed on Annex 2
    text: str  # msgid of the criterion (translate with the document's gettext)
    answer: Answer | None
    points: int  # points this row earned (0 unless present)


@dataclass(frozen=True)
class SheetBlock:
    number: int  # the heading row number (1, 7, 20, 28)
    title: str  # msgid
    lines: tuple[SheetLine, ...]
    total: int


@dataclass(frozen=True)
class Report:
    """Annex 8, fields 4 to 8 (1 to 3 are the person's names)."""

    held_at: datetime  # field 4, date and time (aware, Kazakhstan time)
    venue: str  # field 5, name and address of the institution
    circumstances: str  # field 6
    narrative: str  # field 7, possibly tens of thousands of characters, several paragraphs
    authorized_person: str  # field 8, surname, first name, patronymic of the person authorized


@dataclass(frozen=True)
class CaseDocument:
    number: str  # e.g. "2026-0007", printed on every page
    organization: str
    surname: str
    first_name: str
    patronymic: str  # "" when the person has none
    birth_date: date | None
    consent_at: datetime | None  # when consent was given (Annex 1)
    children: tuple[Child, ...]
    blocks: tuple[SheetBlock, ...]  # empty on the para 13-1 basis (no sheet)
    total: int
    suggested: bool | None  # the rule's suggestion
    verdict: bool | None  # what the specialist confirmed
    rule_title: str  # msgid, e.g. "Kazakhstan law reading"
    rule_description: str  # msgid: says it is the project's reading of the law
    override_reason: str | None
    specialist: str  # the specialist's full name
    investigation: tuple[str, date] | None = None  # para 13-1: register number and date
    report: Report | None = None
    created_at: datetime | None = None
    practice: bool = False  # a training intake: every page says so
    edition: str = ""  # msgid naming the procedure filled under, printed on every page (E15)
    head_name: str = ""  # the organization's head (Annex 1); blank: a line to fill in by hand
