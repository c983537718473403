"""Annex 2, the evaluation sheet: four blocks of criteria with stable ids.

Row numbers are those printed on the form (block headings are rows 1, 7, 20 and 28).
An :class:`Edition` bundles the sheet with its scoring and verdict rule, so that a newer
edition of the procedure replaces data, not dialogs.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, field

from . import N_


class Answer(str, enum.Enum):
    """What the specialist established for one indicator."""

    PRESENT = "present"
    ABSENT = "absent"
    NOT_ESTABLISHED = "not_established"


ANSWER_TITLES = {
    Answer.PRESENT: N_("✅ Present"),
    Answer.ABSENT: N_("❌ Absent"),
    Answer.NOT_ESTABLISHED: N_("❔ Not established"),
}


@dataclass(frozen=True)
class Row:
    id: str
    number: int
    text: str
    short: str
    weight: int = 1


@dataclass(frozen=True)
class Block:
    id: str
    number: int
    title: str
    rows: tuple[Row, ...]


@dataclass(frozen=True)
class Edition:
    id: str
    title: str
    blocks: tuple[Block, ...]
    default_rule: str = "kz-law"
    # Row weights that differ from 1 point: {row_id: points}
    weights: Mapping[str, int] = field(default_factory=dict)

    @property
    def rows(self) -> tuple[Row, ...]:
        return tuple(row for block in self.blocks for row in block.rows)

    def row(self, row_id: str) -> Row:
        for row in self.rows:
            if row.id == row_id:
                return row
        raise KeyError(row_id)

    def block_of(self, row_id: str) -> Block:
        for block in self.blocks:
            if any(row.id == row_id for row in block.rows):
                return block
        raise KeyError(row_id)

    def points(self, row: Row) -> int:
        return self.weights.get(row.id, row.weight)


PURPOSE = Block(
    id="purpose",
    number=1,
    title=N_(
        "The purpose of trafficking in persons, including minors, other types of their "
        "exploitation, as well as kidnapping"
    ),
    rows=(
        Row(
            "purpose.sexual",
            2,
            N_("Trafficking for sexual exploitation / sexual exploitation"),
            N_("Sexual exploitation"),
        ),
        Row("purpose.labour", 3, N_("Trafficking for forced labour / forced labour"), N_("Forced labour")),
        Row(
            "purpose.adoption",
            4,
            N_("Trafficking in minor children for the purpose of illegal adoption"),
            N_("Illegal adoption"),
        ),
        Row("purpose.begging", 5, N_("Trafficking for forcing begging / forcing begging"), N_("Forcing begging")),
        Row(
            "purpose.organs",
            6,
            N_("Trafficking for the illegal removal of human organs and tissues"),
            N_("Illegal removal of human organs and tissues"),
        ),
    ),
)

ACTIONS = Block(
    id="actions",
    number=7,
    title=N_("Actions committed against a person"),
    rows=(
        Row(
            "actions.sale",
            8,
            N_(
                "Purchase and sale, other transactions (gift, barter, exchange, lease, leaving a person as "
                "security for a transaction obligation, transfer of a person to obtain any benefit of a "
                "non-material nature, etc.)"
            ),
            N_("Purchase and sale, other transactions"),
        ),
        Row(
            "actions.forced_labour",
            9,
            N_(
                "Use of forced labour: any work or service required of a person under violence or the threat "
                "of violence, which the person has not offered voluntarily, except as provided by the laws of "
                "the Republic of Kazakhstan"
            ),
            N_("Use of forced labour"),
        ),
        # CC Art. 3(1) note: «а равно без преследования виновным этой цели»: forcing sexual services counts
        # even when the perpetrator seeks no material gain.
        Row(
            "actions.prostitution",
            10,
            N_(
                "Use by the perpetrator of another person's prostitution or of other services that person provides, "
                "to appropriate the income, as well as forcing a person to provide sexual services, even without "
                "the perpetrator pursuing material gain"
            ),
            N_("Use of prostitution, forced sexual services"),
        ),
        Row(
            "actions.begging",
            11,
            N_(
                "Forcing a person to engage in begging, that is, to commit the antisocial act of asking other "
                "persons for money and (or) other property"
            ),
            N_("Forcing begging"),
        ),
        Row(
            "actions.ownership",
            12,
            N_(
                "Other actions by which the perpetrator exercises an owner's powers over a person who, for reasons "
                "beyond their control, cannot refuse to perform work and (or) services for the perpetrator and (or) "
                "another person"
            ),
            N_("Other powers of an owner over a person"),
        ),
        Row(
            "actions.recruitment",
            13,
            N_(
                "Recruitment: obtaining the person's consent to perform any work or activity, including "
                "illegal, for the purpose of exploitation"
            ),
            N_("Recruitment"),
        ),
        Row(
            "actions.transportation",
            14,
            N_(
                "Transportation: intentional moving of the person from one place to another for exploitation, "
                "including within the same settlement"
            ),
            N_("Transportation"),
        ),
        Row("actions.transfer", 15, N_("Transfer: direct handing over of the person for exploitation"), N_("Transfer")),
        Row(
            "actions.concealment",
            16,
            N_(
                "Concealment: hiding the person from law enforcement, relatives and others (for example, in "
                "special premises, barring access to a territory, suppressing physical or mental activity "
                "with drugs)"
            ),
            N_("Concealment"),
        ),
        Row(
            "actions.receipt",
            17,
            N_("Receipt: direct receipt of the person for exploitation or further transfer"),
            N_("Receipt"),
        ),
        Row("actions.abduction", 18, N_("Abduction for the purpose of exploitation"), N_("Abduction")),
        Row(
            "actions.deprivation",
            19,
            N_("Unlawful deprivation of liberty for the purpose of exploitation"),
            N_("Unlawful deprivation of liberty"),
        ),
    ),
)

MEANS = Block(
    id="means",
    number=20,
    title=N_("Means used against a person"),
    rows=(
        Row(
            "means.violence",
            21,
            N_("Use of violence dangerous to life and health, or the threat of it"),
            N_("Violence dangerous to life and health"),
        ),
        Row("means.weapons", 22, N_("Use of weapons or items used as weapons"), N_("Weapons")),
        Row("means.deception", 23, N_("Deception or abuse of trust"), N_("Deception or abuse of trust")),
        Row("means.position", 24, N_("Use of official position"), N_("Use of official position")),
        Row("means.dependence", 25, N_("Use of material or other dependence"), N_("Material or other dependence")),
        Row(
            "means.helpless",
            26,
            N_("Use of a mental disorder or a helpless condition"),
            N_("Mental disorder or helpless condition"),
        ),
        Row(
            "means.documents",
            27,
            N_("Seizure, concealment or destruction of identity documents"),
            N_("Identity documents taken"),
        ),
    ),
)

HARM = Block(
    id="harm",
    number=28,
    title=N_("Harm caused to a person"),
    rows=(
        Row(
            "harm.beatings",
            29,
            N_("Beatings or other violent acts that caused physical pain without lasting consequences"),
            N_("Beatings"),
        ),
        Row(
            "harm.torment",
            30,
            N_("Physical or mental suffering caused by systematic beatings or other violent acts"),
            N_("Systematic beatings, suffering"),
        ),
        Row(
            "harm.health",
            31,
            N_("Harm to health, not dangerous to life, causing a long-term health disorder"),
            N_("Long-term harm to health"),
        ),
        # CC Art. 3(11): dangerous to life *or* with one of these consequences, as alternatives.
        Row(
            "harm.grave",
            32,
            N_(
                "Harm to health dangerous to life, or resulting in loss of sight, speech, hearing or an organ, or "
                "loss of an organ's functions, or indelible disfigurement of the face, as well as other harm to "
                "health resulting in termination of pregnancy, mental disorder, drug or substance addiction"
            ),
            N_("Grave harm to health"),
        ),
    ),
)

EDITION_2022 = Edition(
    id="kz-138-2022",
    # printed on every document and shown on the sheet's review, so a document can be traced to its rules
    title=N_("Standard No. 138 of 24.02.2016, as amended on 23.08.2022"),
    blocks=(PURPOSE, ACTIONS, MEANS, HARM),
)

EDITIONS: dict[str, Edition] = {EDITION_2022.id: EDITION_2022}
CURRENT_EDITION = EDITION_2022


def block_totals(edition: Edition, answers: Mapping[str, Answer]) -> dict[str, int]:
    """Points per block: each row answered *present* earns its points; others earn none."""
    return {
        block.id: sum(edition.points(row) for row in block.rows if answers.get(row.id) is Answer.PRESENT)
        for block in edition.blocks
    }


def total_result(edition: Edition, answers: Mapping[str, Answer]) -> int:
    return sum(block_totals(edition, answers).values())


def unanswered(edition: Edition, answers: Mapping[str, Answer]) -> list[Row]:
    return [row for row in edition.rows if row.id not in answers]
