"""Cases as rows of IOM's Human Trafficking Case Data Standard, HTCDS v2.0 (github.com/UNMigration/HTCDS).

One anonymized row per case, with HTCDS's own field names and value codes where our data has a counterpart: the
field list and the picklist values of ``HTCDS Field Standards 2.0.ods`` (the same as the Excel and XLSForm toolkits),
and the boolean ``MethodsOfControl*`` fields of ``Field Definitions.md``. Columns HTCDS has no field for start with
``ext_``. No row holds a name, a date of birth (the age group only), a case number (``ext_RowNumber`` counts the
rows, which are sorted by their content, not by case) or a day: the intake's date is given as its year and month.

:data:`COLUMNS` is the mapping as data: :func:`to_htcds` writes it and :func:`mapping_table` prints it for the
README (whose "HTCDS export" section holds that table verbatim; the tests check it).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from bot.standard.lifecycle import STATUS_TITLES, Basis, Status
from bot.standard.person import Citizenship, Sex
from bot.standard.sheet import CURRENT_EDITION
from bot.standard.statistics import CaseRecord, Facts, assessed

TRUE, FALSE = "TRUE", "FALSE"  # HTCDS's checkbox values (con_Consent in the XLSForm)
MULTISELECT = ";"  # the delimiter of multi-select values in HTCDS's Excel toolkit
KAZAKHSTAN = "KZ"  # ISO 3166

GENDER = {Sex.FEMALE: "Feminine", Sex.MALE: "Masculine", None: "NonSpecifiedUnknown"}
AGE_GROUP = {True: "Minor", False: "Adult", None: ""}
CITIZENSHIP = {Citizenship.CITIZEN: KAZAKHSTAN}  # the others' country is not recorded
_ACTUAL = "ActualVictimOfTrafficking"
TRAFFICKING_STATUS = {
    Status.DRAFT: "PossibleVictimOfTrafficking",
    Status.MEDICAL_REFERRAL: "PossibleVictimOfTrafficking",
    Status.IDENTIFIED: _ACTUAL,
    Status.FORWARDED: _ACTUAL,
    Status.PERMIT_ISSUED: _ACTUAL,
    Status.PERMIT_REFUSED: _ACTUAL,
    Status.AGREEMENT_SIGNED: _ACTUAL,
    Status.SERVICES_ENDED: _ACTUAL,
    Status.NOT_IDENTIFIED: "NotAVictimOfTrafficking",
}  # cancelled, consent refused, not eligible: not determined, empty
# who decided the trafficking status: the organization with the district's authorized body on the sheet (para 10),
# the body of the pre-trial investigation on para 13-1
DECISION_ORG = {"sheet": "NonPoliceGovernmentalOrganization", Basis.INVESTIGATION: "Police"}
CASE_STATUS = {
    Status.DRAFT: "Active",
    Status.IDENTIFIED: "Active",
    Status.FORWARDED: "Active",
    Status.PERMIT_ISSUED: "Active",
    Status.AGREEMENT_SIGNED: "Active",
    Status.CANCELLED: "Closed",
    Status.CONSENT_REFUSED: "Closed",
    Status.NOT_ELIGIBLE: "Closed",
    Status.NOT_IDENTIFIED: "Closed",
    Status.PERMIT_REFUSED: "Closed",
    Status.SERVICES_ENDED: "Closed",
    Status.MEDICAL_REFERRAL: "ClosedReferred",
}
CONSENT = {Status.CONSENT_REFUSED: FALSE, Status.DRAFT: "", Status.CANCELLED: ""}  # any other status: TRUE
# vic_TypeOfExploitation's values and the sheet rows that mean them
EXPLOITATION: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("ForcedLabour", ("purpose.labour", "actions.forced_labour")),
    ("SexualExploitation", ("purpose.sexual", "actions.prostitution")),
    ("Servitude", ("actions.ownership",)),
    ("OrganRemoval", ("purpose.organs",)),
    ("ForcedBegging", ("purpose.begging", "actions.begging")),
    ("ForcedAdoption", ("purpose.adoption",)),
)
# the MethodsOfControl* fields and the sheet rows that mean them
CONTROL: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "MethodsOfControlPhysicalAbuse",
        ("means.violence", "means.weapons", "harm.beatings", "harm.torment", "harm.health", "harm.grave"),
    ),
    ("MethodsOfControlFalsePromises", ("means.deception",)),
    ("MethodsOfControlWithholdsDocuments", ("means.documents",)),
    ("MethodsOfControlRestrictsMovement", ("actions.concealment", "actions.deprivation")),
    ("MethodsOfControlOther", ("means.position", "means.dependence", "means.helpless")),
)
# what HTCDS has no field for (said in the README under the table)
NO_COUNTERPART = (
    "actions.sale",
    "actions.recruitment",
    "actions.transportation",
    "actions.transfer",
    "actions.receipt",
    "actions.abduction",
)


@dataclass(frozen=True)
class Column:
    name: str  # the HTCDS field, or ext_...
    source: str  # where it comes from in our data (for the README)
    values: str  # the value mapping in words (for the README)
    get: Callable[[CaseRecord], str]


def on_sheet(facts: Facts) -> bool:
    """The verdict was reached on the evaluation sheet (not on para 13-1), so its rows tell present or not."""
    return assessed(facts) and facts.basis is not Basis.INVESTIGATION


def decision_org(facts: Facts) -> str:
    if facts.status not in TRAFFICKING_STATUS or TRAFFICKING_STATUS[facts.status].startswith("Possible"):
        return ""
    if facts.basis is Basis.INVESTIGATION:
        return DECISION_ORG[Basis.INVESTIGATION]
    return DECISION_ORG["sheet"] if on_sheet(facts) else ""


def closure(facts: Facts) -> str:
    """The reason a closed case closed: the status's English title."""
    return STATUS_TITLES[facts.status] if CASE_STATUS[facts.status].startswith("Closed") else ""


def rows_flag(rows: tuple[str, ...]) -> Callable[[CaseRecord], str]:
    def get(record: CaseRecord) -> str:
        if not on_sheet(record.facts):
            return ""
        return TRUE if record.facts.present & set(rows) else FALSE

    return get


def exploitation(record: CaseRecord) -> str:
    if not on_sheet(record.facts):
        return ""
    return MULTISELECT.join(code for code, rows in EXPLOITATION if record.facts.present & set(rows))


def _words(pairs: Iterable[tuple[Any, str]]) -> str:
    def key(k: Any) -> str:
        return "not recorded" if k is None else str(getattr(k, "value", k))

    return "; ".join(f"{key(k)} → {v or 'empty'}" for k, v in pairs)


def _rows(rows: tuple[str, ...]) -> str:
    return ", ".join(f"row {CURRENT_EDITION.row(r).number} `{r}`" for r in rows)


def _flag(rows: tuple[str, ...]) -> tuple[str, str]:
    return (
        f"the evaluation sheet: {_rows(rows)}",
        "TRUE when any of them is present; FALSE when the sheet was scored without them; "
        "empty without a verdict on the sheet (para 13-1, or none yet)",
    )


COLUMNS: tuple[Column, ...] = (
    Column(
        "ext_RowNumber", "none: 1, 2, 3… over the rows sorted by their content", "never the case number", lambda r: ""
    ),
    Column(
        "ext_IntakeMonth",
        "the day the intake started",
        "its year and month, YYYY-MM",
        lambda r: r.facts.opened_on.strftime("%Y-%m"),
    ),
    Column("ext_District", "the district of the case's organization", "its name", lambda r: r.district),
    Column(
        "prs_Gender",
        "the person's sex (HTCDS asks for gender; we record sex, as the documents do)",
        _words(GENDER.items()),
        lambda r: GENDER[r.facts.sex],
    ),
    Column(
        "ext_AgeGroup",
        "the date of birth, on the day the intake started (under 18: a minor)",
        "under 18 → Minor; 18 and over → Adult; the date of birth not known → empty",
        lambda r: AGE_GROUP[r.facts.minor],
    ),
    Column(
        "prs_Citizenship",
        "the citizenship status",
        f"{_words(CITIZENSHIP.items())} (ISO 3166); any other: empty, the country is not recorded",
        lambda r: CITIZENSHIP.get(r.facts.citizenship, "") if r.facts.citizenship else "",
    ),
    Column(
        "ext_CitizenshipStatus",
        "the citizenship status (para 5)",
        "citizen, permanent_resident, stateless, other; empty when not recorded",
        lambda r: r.facts.citizenship.value if r.facts.citizenship else "",
    ),
    Column(
        "con_Consent",
        "the status (consent comes before the person's details)",
        f"{_words(CONSENT.items())}; any other → TRUE",
        lambda r: CONSENT.get(r.facts.status, TRUE),
    ),
    Column(
        "vic_TraffickingStatus",
        "the status",
        _words([*TRAFFICKING_STATUS.items(), ("cancelled, consent_refused, not_eligible", "")]),
        lambda r: TRAFFICKING_STATUS.get(r.facts.status, ""),
    ),
    Column(
        "vic_TraffickingStatusDecisionMakingOrg",
        "the basis, for a determined status",
        "verdict on the evaluation sheet (the organization with the authorized body, para 10) → "
        f"{DECISION_ORG['sheet']}; para 13-1 (pre-trial investigation) → {DECISION_ORG[Basis.INVESTIGATION]}; "
        "a possible or undetermined status → empty",
        lambda r: decision_org(r.facts),
    ),
    Column(
        "vic_TypeOfExploitation",
        "the evaluation sheet (the rows of the ext_TypeOfExploitation* columns)",
        f"the values whose rows are present, joined with `{MULTISELECT}`; empty without a verdict on the sheet",
        exploitation,
    ),
    *(Column(f"ext_TypeOfExploitation{code}", *_flag(rows), rows_flag(rows)) for code, rows in EXPLOITATION),
    *(Column(name, *_flag(rows), rows_flag(rows)) for name, rows in CONTROL),
    Column("cas_Status", "the status", _words(CASE_STATUS.items()), lambda r: CASE_STATUS[r.facts.status]),
    Column(
        "cas_ReasonForCaseClosure",
        "the status, for a closed case",
        "the status's English title, e.g. “Not recognized as a victim: services refused (para 14)”",
        lambda r: closure(r.facts),
    ),
    Column(
        "ext_Basis",
        "the basis of the intake",
        "application (Annex 1), direction (para 9), investigation (para 13-1); empty when not recorded",
        lambda r: r.facts.basis.value if r.facts.basis else "",
    ),
    Column(
        "ext_Status",
        "the status",
        "our status code as it is (`Status` in bot/standard/lifecycle.py)",
        lambda r: r.facts.status.value,
    ),
)
HEADER = tuple(column.name for column in COLUMNS)


def to_htcds(records: Sequence[CaseRecord]) -> str:
    """One CSV row per case, with :data:`HEADER` first."""
    rows = sorted(tuple(column.get(record) for column in COLUMNS[1:]) for record in records)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADER)
    writer.writerows((str(n), *row) for n, row in enumerate(rows, start=1))
    return out.getvalue()


def mapping_table() -> str:
    """The README's table of the columns: the field, its source in our data, the values."""
    lines = ["| column | source in our data | values |", "| --- | --- | --- |"]
    lines += [f"| `{c.name}` | {c.source} | {c.values} |" for c in COLUMNS]
    return "\n".join(lines) + "\n"
