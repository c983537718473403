"""Admission after the permit (paras 17-21): the recipients of services of a case, the registration card of
Annex 4 as data, its checks, the children's legal representative (para 19) and informing internal affairs (para 21).

The card's fields keep the form's numbers and order. A field is answered with a value, or marked "not known" where
the form allows it (a person who fled often has no documents and does not know an address), or left out where the
form says it may be (nationality, field 6). Tables (documents, close relatives, criminal record) are lists of rows;
an empty list is the answer "none". Nothing here does I/O.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

from . import N_, iin
from .person import DateProblem, Sex, check_birth_date

Kind = Literal["text", "long", "choice", "date", "iin", "table"]
MAX_TEXT = 300
MAX_LONG = 1000
MAX_ROWS = 12  # rows of one table (more relatives or documents than that go in the paper file)


class RecipientState(str, enum.Enum):
    ADMITTED = "admitted"  # admitted to the organization (the person, or a child with the parent: paras 17-18)
    PENDING = "pending"  # a child: whether the person is their legal representative is not said yet
    REFERRED = "referred"  # a child without a legal representative: referred to guardianship (para 19)


RECIPIENT_STATES = {
    RecipientState.ADMITTED: N_("admitted"),
    RecipientState.PENDING: N_("legal representative not confirmed yet"),
    RecipientState.REFERRED: N_("referred to the guardianship authority (para 19)"),
}


class Police(str, enum.Enum):
    """Para 21: does the recipient apply to internal affairs?"""

    UNKNOWN = "unknown"  # not asked yet
    APPLIED = "applied"  # the recipient applied (or applies) to internal affairs
    DECLINED = "declined"  # the recipient declines: the organization informs them within three working days
    INFORMED = "informed"  # ... and has done so


@dataclass(frozen=True)
class Choice:
    id: str
    text: str  # msgid


@dataclass(frozen=True)
class Column:
    id: str
    label: str  # msgid, as the form's table heads it
    kind: Kind
    optional: bool = False
    choices: tuple[Choice, ...] = ()


@dataclass(frozen=True)
class Field:
    id: str
    number: int  # the form's number
    label: str  # msgid
    kind: Kind
    prompt: str  # msgid: what the specialist is asked
    unknown: bool = False  # may be answered "not known"
    optional: bool = False  # may be left out (field 6)
    choices: tuple[Choice, ...] = ()
    columns: tuple[Column, ...] = ()


SEX_CHOICES = (Choice(Sex.FEMALE.value, N_("Female")), Choice(Sex.MALE.value, N_("Male")))
YES_NO = (Choice("yes", N_("Yes")), Choice("no", N_("No")))
DOCUMENT_TYPES = (
    Choice("identity_card", N_("Identity card")),
    Choice("passport", N_("Passport")),
    Choice("birth_certificate", N_("Birth certificate")),
    Choice("residence_permit", N_("Residence permit of a foreigner")),
    Choice("stateless_certificate", N_("Certificate of a stateless person")),
    Choice("other", N_("Other document")),
)

FIELDS: tuple[Field, ...] = (
    Field("surname", 1, N_("Surname"), "text", N_("Type the surname.")),
    Field("first_name", 2, N_("First name"), "text", N_("Type the first name.")),
    Field("patronymic", 3, N_("Patronymic (if any)"), "text", N_("Type the patronymic, or tap «None»."), unknown=True),
    Field("sex", 4, N_("Sex"), "choice", N_("Sex:"), choices=SEX_CHOICES),
    Field("birth_date", 5, N_("Date of birth"), "date", N_("Type the date of birth as dd.mm.yyyy.")),
    Field(
        "nationality",
        6,
        N_("Nationality (may be left out)"),
        "text",
        N_("Type the nationality, or tap «Leave out»: the person need not state it."),
        optional=True,
    ),
    Field("birthplace", 7, N_("Place of birth"), "text", N_("Type the place of birth."), unknown=True),
    Field(
        "address",
        8,
        N_("Address of the last registration at the place of residence"),
        "text",
        N_("Type the address of the last registration at the place of residence."),
        unknown=True,
    ),
    Field(
        "documents",
        9,
        N_("Identity documents"),
        "table",
        N_("The person's documents: add each one, or tap «None»."),
        columns=(
            Column("type", N_("Type of document"), "choice", choices=DOCUMENT_TYPES),
            Column("number", N_("Number or series"), "text"),
            Column("issued_on", N_("Date of issue"), "date"),
            Column("valid_until", N_("Valid until"), "date", optional=True),
            Column("issued_by", N_("Issued by"), "text"),
        ),
    ),
    Field(
        "iin",
        10,
        N_("Individual identification number (IIN)"),
        "iin",
        N_("Type the individual identification number: 12 digits."),
        unknown=True,
    ),
    Field("education", 11, N_("Education"), "text", N_("Type the education."), unknown=True),
    Field("occupation", 12, N_("Occupation"), "text", N_("Type the occupation."), unknown=True),
    Field(
        "relatives",
        13,
        N_("Close relatives"),
        "table",
        N_("Close relatives: add each one, or tap «None»."),
        columns=(
            Column("kinship", N_("Degree of kinship"), "text"),
            Column("name", N_("Surname, first name, patronymic (if any)"), "text"),
            Column("birth_date", N_("Date of birth"), "date", optional=True),
            Column("residence", N_("Place of residence"), "text", optional=True),
        ),
    ),
    Field(
        "convictions",
        14,
        N_("Criminal record"),
        "table",
        N_("Criminal record: add each conviction, or tap «None»."),
        columns=(
            Column("article", N_("Article of the Criminal Code"), "text"),
            Column("term", N_("Term of the sentence"), "text"),
            Column("served", N_("When served"), "text", optional=True),
            Column("place", N_("Where served"), "text", optional=True),
        ),
    ),
    Field(
        "illnesses",
        15,
        N_("Past illnesses (tuberculosis, hepatitis, etc.)"),
        "long",
        N_("Type the past illnesses (tuberculosis, hepatitis, etc.), or tap «None»."),
        unknown=True,
    ),
    Field("health", 16, N_("State of health"), "long", N_("Type the state of health."), unknown=True),
    Field(
        "sent_by",
        17,
        N_("The organization that sent the person"),
        "text",
        N_("Type the organization that sent the person, or tap «None» if the person came on their own."),
        unknown=True,
    ),
    Field(
        "reported",
        18,
        N_("Has the person reported to the territorial internal affairs bodies"),
        "choice",
        N_("Has the person in fact reported to the territorial internal affairs bodies?"),
        choices=YES_NO,
    ),
)
FIELDS_BY_ID: dict[str, Field] = {f.id: f for f in FIELDS}
# Fields whose "not known" answer is rather "none" (no patronymic, no past illnesses, no one sent the person).
NONE_ANSWER = frozenset({"patronymic", "illnesses", "sent_by"})
PREFILLED = ("surname", "first_name", "patronymic", "sex", "birth_date")  # from the intake (Annex 1)
# Signature lines of the form, printed on the document: 19 the person's signature, 20 the date, 21 the specialist.
SIGNATURE_NUMBERS = (19, 20, 21)


class CardError(ValueError):
    """A value the card refuses; ``msgid`` says why, in words for the specialist."""

    def __init__(self, msgid: str, **values: Any):
        super().__init__(msgid)
        self.msgid = msgid
        self.values = values


@dataclass(frozen=True)
class Card:
    """A registration card: ``values`` per field id (str, or an ISO date for dates), ``unknown`` the fields marked
    not known or none, ``tables`` per table id (missing: not answered; empty: none)."""

    values: Mapping[str, str] = field(default_factory=dict)
    unknown: frozenset[str] = frozenset()
    tables: Mapping[str, tuple[Mapping[str, str], ...]] = field(default_factory=dict)

    @classmethod
    def from_json(cls, data: Mapping[str, Any] | None) -> Card:
        data = data or {}
        tables = {k: tuple(rows) for k, rows in (data.get("tables") or {}).items()}
        return cls(dict(data.get("values") or {}), frozenset(data.get("unknown") or ()), tables)

    def to_json(self) -> dict[str, Any]:
        return {
            "values": dict(self.values),
            "unknown": sorted(self.unknown),
            "tables": {k: [dict(r) for r in v] for k, v in self.tables.items()},
        }

    def answered(self, field_id: str) -> bool:
        return field_id in self.values or field_id in self.unknown or field_id in self.tables

    def date_of(self, field_id: str) -> date | None:
        value = self.values.get(field_id)
        return date.fromisoformat(value) if value else None

    def missing(self) -> tuple[Field, ...]:
        """The fields still to answer before the card is filled (field 6 may stay empty)."""
        return tuple(f for f in FIELDS if not f.optional and not self.answered(f.id))

    def with_value(self, field_id: str, value: str) -> Card:
        return Card({**self.values, field_id: value}, self.unknown - {field_id}, self.tables)

    def with_unknown(self, field_id: str) -> Card:
        values = {k: v for k, v in self.values.items() if k != field_id}
        return Card(values, self.unknown | {field_id}, self.tables)

    def with_rows(self, table_id: str, rows: tuple[Mapping[str, str], ...]) -> Card:
        return Card(self.values, self.unknown, {**self.tables, table_id: rows})


def _date_problem(problem: DateProblem | None) -> None:
    if problem is DateProblem.FUTURE:
        raise CardError(N_("This date is in the future."))
    if problem is not None:
        raise CardError(N_("This date is not plausible."))


IIN_PROBLEMS = {
    iin.Problem.FORMAT: N_("An IIN is 12 digits."),
    iin.Problem.CHECK_DIGIT: N_("This IIN has a wrong check digit: one of its digits is mistyped."),
    iin.Problem.BIRTH_DATE: N_("The first seven digits of this IIN are no date of birth."),
    iin.Problem.OTHER_BIRTH_DATE: N_("This IIN belongs to someone born on another date than the card's {born}."),
    iin.Problem.OTHER_SEX: N_("This IIN belongs to a person of the other sex than on the card."),
}


def check_value(card: Card, field_id: str, value: str | date, today: date) -> str:
    """The value to store for ``field_id`` (stripped text, an ISO date, the IIN's digits), or :class:`CardError`."""
    spec = FIELDS_BY_ID[field_id]
    if spec.kind == "date":
        if not isinstance(value, date):
            raise CardError(N_("Type the date as dd.mm.yyyy, for example 05.03.1998."))
        _date_problem(check_birth_date(value, today))
        number = card.values.get("iin")
        if number and iin.birth_date(number) not in (None, value):
            raise CardError(N_("This date of birth is not the one the card's IIN holds."))
        return value.isoformat()
    assert isinstance(value, str)
    if spec.kind == "choice":
        if value not in {c.id for c in spec.choices}:
            raise CardError(N_("Choose one of the buttons."))
        return value
    if spec.kind == "iin":
        born, sex = card.date_of("birth_date"), card.values.get("sex")
        problem = iin.check(value, born=born, of_sex=sex)
        if problem is not None:
            raise CardError(IIN_PROBLEMS[problem], born=born)
        return iin.normalize(value)
    return _text(value, MAX_LONG if spec.kind == "long" else MAX_TEXT)


def _text(value: str, limit: int) -> str:
    text = " ".join(value.split()) if limit == MAX_TEXT else value.strip()
    if not text:
        raise CardError(N_("Type the answer as text."))
    if len(text) > limit:
        raise CardError(N_("This is longer than {limit} characters; shorten it."), limit=limit)
    return text


def check_cell(table_id: str, column_id: str, value: str | date, row: Mapping[str, str], today: date) -> str:
    """One cell of a table row, checked with the row's cells entered so far."""
    column = next(c for c in FIELDS_BY_ID[table_id].columns if c.id == column_id)
    if column.kind == "date":
        if not isinstance(value, date):
            raise CardError(N_("Type the date as dd.mm.yyyy, for example 05.03.1998."))
        if column_id == "valid_until":
            issued = row.get("issued_on")
            if issued and value < date.fromisoformat(issued):
                raise CardError(N_("A document cannot be valid until a date before its issue."))
            return value.isoformat()
        _date_problem(check_birth_date(value, today))
        return value.isoformat()
    assert isinstance(value, str)
    if column.kind == "choice":
        if value not in {c.id for c in column.choices}:
            raise CardError(N_("Choose one of the buttons."))
        return value
    return _text(value, MAX_TEXT)


def check_row(table_id: str, row: Mapping[str, str]) -> dict[str, str]:
    """A whole row: every column that is not optional has its cell."""
    columns = FIELDS_BY_ID[table_id].columns
    missing = [c.id for c in columns if not c.optional and not row.get(c.id)]
    if missing:
        raise CardError(N_("This row is not complete."))
    return {c.id: row[c.id] for c in columns if row.get(c.id)}


def prefill(
    *, surname: str | None, first_name: str | None, patronymic: str | None, sex: str | None, birth_date: date | None
) -> Card:
    """A new card with what the intake already has (Annex 1): names, sex, date of birth."""
    values = {
        k: v
        for k, v in {
            "surname": surname,
            "first_name": first_name,
            "patronymic": patronymic,
            "sex": sex,
            "birth_date": birth_date.isoformat() if birth_date else None,
        }.items()
        if v
    }
    return Card(values, frozenset() if patronymic or not surname else frozenset({"patronymic"}), {})


def referral_check(on: date, today: date, admitted_on: date | None) -> None:
    """A referral to guardianship (para 19), or the information sent to internal affairs (para 21): not in the
    future, not before the admission."""
    if on > today:
        raise CardError(N_("This date is in the future."))
    if admitted_on and on < admitted_on:
        raise CardError(N_("This date is before the admission."))


# What comes next at admission, after the agreement (paras 17-21), in the order the specialist does it.
ADMISSION_STEPS = {
    "children": N_("Say for each accompanying child whether the person is their legal representative (paras 17-19)."),
    "police": N_("Ask whether the person applies to internal affairs themselves (para 21)."),
    "cards": N_("Fill the registration card (Annex 4) of each recipient of services (para 20)."),
    "portal": N_(
        "Enter the registration card's data into the social services portal within one working day (para 20), "
        "then record it here."
    ),
    "notice": N_(
        "Inform internal affairs within three working days (para 21), keeping the person's data confidential, "
        "and record it here."
    ),
}


@dataclass(frozen=True)
class AdmissionFacts:
    """What the admission of a case has so far, counted over its recipients."""

    children_pending: int = 0
    cards_missing: int = 0
    portal_pending: int = 0
    police: Police = Police.UNKNOWN


def admission_step(facts: AdmissionFacts) -> str | None:
    """The msgid of the next thing to do at admission, None when admission is complete."""
    if facts.children_pending:
        return ADMISSION_STEPS["children"]
    if facts.police is Police.UNKNOWN:
        return ADMISSION_STEPS["police"]
    if facts.cards_missing:
        return ADMISSION_STEPS["cards"]
    if facts.portal_pending:
        return ADMISSION_STEPS["portal"]
    if facts.police is Police.DECLINED:
        return ADMISSION_STEPS["notice"]
    return None
