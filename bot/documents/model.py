"""What a document shows, decoupled from the store and from Telegram: built from a case on demand,
rendered to PDF in memory, never written to disk."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime

from ..standard.resocialization import Service
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


# --- admission (paras 15-21): the agreement (Annex 3), the registration card (Annex 4), the para 21 notice -------


@dataclass(frozen=True)
class Extension:
    """The agreement extended once (para 16): on which ground, by how many months, until when."""

    ground: str  # msgid of the ground (deadlines.EXTENSION_GROUNDS)
    subparagraph: str  # "1" or "2" of para 16
    months: int
    ends_on: date  # the new end of the agreement


@dataclass(frozen=True)
class AgreementDocument:
    """Annex 3, the resocialization agreement, filled from the case; the addendum when it was extended."""

    number: str  # the case number, printed on every page
    organization: str
    head_name: str  # "" when not recorded: a line to fill in by hand
    recipient: str  # surname, first name, patronymic of the recipient of services
    birth_date: date | None
    children: tuple[str, ...]  # full names of the accompanying children admitted with the recipient (para 17)
    permit_on: date | None  # the permit's date (para 15)
    signed_on: date | None  # None: prepared before signing, the date is a line to fill in
    ends_on: date | None  # the last day of the six-month term (para 16)
    extension: Extension | None = None
    practice: bool = False
    edition: str = ""


@dataclass(frozen=True)
class CardRow:
    """One row of a table of the card: the column id -> the cell (text, or an ISO date for date columns)."""

    cells: Mapping[str, str]


@dataclass(frozen=True)
class CardDocument:
    """Annex 4, the registration card of one recipient of services (the person, or an accompanying child)."""

    number: str  # the recipient's own number: the case number, or "2026-0007/1" for a child
    organization: str
    values: Mapping[str, str]  # field id (bot.standard.admission.FIELDS) -> value; dates as ISO strings
    unknown: frozenset[str]  # field ids answered "not known" / "none"
    tables: Mapping[str, tuple[CardRow, ...]]  # table field id -> rows (empty: "none"; missing: not answered)
    filled_on: date | None  # field 20; None while the card is not complete
    specialist: str  # field 21: who filled the card
    child_of: str | None = None  # for a child: the parent's case number (para 18)
    practice: bool = False
    edition: str = ""


@dataclass(frozen=True)
class NoticeDocument:
    """Para 21: the organization informs internal affairs of the fact of a person's turning to it in connection with
    human trafficking, when the person declines to apply; it names no more of the person than that fact."""

    number: str  # the case number (the reference internal affairs may ask the organization about)
    organization: str
    organization_address: str
    head_name: str
    body: str  # the internal affairs body addressed; "" before it is recorded (a line to fill in)
    turned_on: date | None  # when the person turned to the organization (the intake)
    declined_on: date  # when the person declined to apply
    sent_on: date | None  # when the information was sent; None: not yet
    reference: str  # the outgoing reference; "" before it is recorded
    specialist: str
    practice: bool = False
    edition: str = ""


# --- resocialization (paras 29-31): the individual work plan (Annex 6), the monitoring journal (Annex 7) ---------


@dataclass(frozen=True)
class PlanEntry:
    """One measure of the individual plan (Annex 6, columns 3 to 5)."""

    measure: str  # the scope of services: the measure, as the specialist typed it
    specialist: str  # the specialist who made the assignment (surname, first name, patronymic)
    on: date | None  # the date of the assignment


@dataclass(frozen=True)
class PlanDocument:
    """Annex 6, one version of the individual work plan of a recipient of services, with the head's approval."""

    number: str  # the recipient's own number ("2026-0007", "2026-0007/1"), printed on every page
    organization: str
    head_name: str  # the head who approved the plan; "" before approval: a line to fill in by hand
    approved_on: date | None
    recipient: str  # surname, first name, patronymic of the recipient of services
    birth_date: date | None
    admitted_on: date | None
    observed_from: date | None  # the observation before the needs assessment (para 27)
    observed_to: date | None
    period_from: date | None  # the plan's period (para 29: the agreement's term)
    period_to: date | None
    measures: Mapping[Service, tuple[PlanEntry, ...]]  # per type of service; the form prints all eight in its order
    revised_on: date | None  # the date of revision (para 32): a version after the first
    specialist: str  # the specialist of the organization who drew the plan up
    drawn_up_on: date | None
    version: int = 1
    practice: bool = False
    edition: str = ""


@dataclass(frozen=True)
class JournalEntry:
    """One line of the monitoring journal (Annex 7): a type of service in a quarter."""

    positive: str  # positive changes, described ("" if none)
    areas: tuple[str, ...]  # resocialization.CHANGE_AREAS ids the positive changes are in (the note *)
    no_change: str  # no changes or deterioration, with the reasons ("" if none)
    decision: str  # the decision on adjusting the plan ("": no adjustment)
    on: date | None  # the date of monitoring
    specialist: str  # the specialist who carried out the monitoring


@dataclass(frozen=True)
class JournalQuarter:
    """A quarter of the agreement (para 31) and what its monitoring recorded per type of service."""

    number: int  # 1, 2, ...
    period_from: date | None
    period_to: date | None
    entries: Mapping[Service, tuple[JournalEntry, ...]]  # a type without an entry: a row to fill in by hand


@dataclass(frozen=True)
class JournalDocument:
    """Annex 7, the journal of the implementation (monitoring) of the individual plan, kept per recipient."""

    number: str  # the recipient's own number, printed on every page
    organization: str
    recipient: str
    birth_date: date | None
    plan_from: date | None  # the period of the plan in force
    plan_to: date | None
    observed_from: date | None
    observed_to: date | None
    quarters: tuple[JournalQuarter, ...]  # every quarter of the agreement, the first first
    specialist: str  # the specialist of the organization who signs the journal ("" : a line to fill in)
    practice: bool = False
    edition: str = ""
