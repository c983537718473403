"""The verdict rules: the project's documented reading of the law.

Each rule takes the block totals (and what else it needs) and returns a :class:`Verdict`
whose conditions say which test passed or failed, so that the reason can be shown and
printed in any language.

* ``kz-law`` (default): actions >= 1 and (purpose >= 1 or row 8, purchase and sale or other
  transactions, is present).
* ``palermo``: purpose >= 1 and actions >= 1 and (means >= 1 or the person is under 18).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from . import N_
from .sheet import Answer, Edition, block_totals

SALE_ROW = "actions.sale"
YES, NO = N_("yes"), N_("no")
ADULT_AGE = 18


@dataclass(frozen=True)
class Condition:
    """One test of a rule. ``text`` is an msgid with ``{placeholders}`` filled from ``values``."""

    id: str
    text: str
    met: bool
    values: Mapping[str, int | str]


@dataclass(frozen=True)
class Verdict:
    rule: str
    recognized: bool
    conditions: tuple[Condition, ...]


@dataclass(frozen=True)
class RuleInfo:
    id: str
    title: str
    description: str
    decide: Callable[[Edition, Mapping[str, Answer], int | None], Verdict]


def _at_least_one(block_id: str, text: str, totals: Mapping[str, int]) -> Condition:
    return Condition(id=f"{block_id}>=1", text=text, met=totals[block_id] >= 1, values={"points": totals[block_id]})


def kz_law(edition: Edition, answers: Mapping[str, Answer], age: int | None = None) -> Verdict:
    totals = block_totals(edition, answers)
    actions = _at_least_one("actions", N_("Actions block total: {points} (at least 1 needed)"), totals)
    sale_present = answers.get(SALE_ROW) is Answer.PRESENT
    purpose_or_sale = Condition(
        id="purpose>=1|sale",
        text=N_("Purpose block total: {points}, or row 8 (purchase and sale, other transactions) present: {sale}"),
        met=totals["purpose"] >= 1 or sale_present,
        values={"points": totals["purpose"], "sale": YES if sale_present else NO},
    )
    return Verdict("kz-law", actions.met and purpose_or_sale.met, (actions, purpose_or_sale))


def palermo(edition: Edition, answers: Mapping[str, Answer], age: int | None = None) -> Verdict:
    totals = block_totals(edition, answers)
    purpose = _at_least_one("purpose", N_("Purpose block total: {points} (at least 1 needed)"), totals)
    actions = _at_least_one("actions", N_("Actions block total: {points} (at least 1 needed)"), totals)
    minor = age is not None and age < ADULT_AGE
    means_or_minor = Condition(
        id="means>=1|minor",
        text=N_("Means block total: {points}, or the person is under 18: {minor}"),
        met=totals["means"] >= 1 or minor,
        values={"points": totals["means"], "minor": YES if minor else NO},
    )
    return Verdict("palermo", purpose.met and actions.met and means_or_minor.met, (purpose, actions, means_or_minor))


RULES: dict[str, RuleInfo] = {
    "kz-law": RuleInfo(
        "kz-law",
        N_("Kazakhstan law reading"),
        N_(
            "Recognized when actions are present and either a purpose is present or row 8 (purchase "
            "and sale, other transactions) is present. This is the project's reading of the law."
        ),
        kz_law,
    ),
    "palermo": RuleInfo(
        "palermo",
        N_("Palermo Protocol reading"),
        N_(
            "Recognized when a purpose, actions and means are present; for a person under 18 means are "
            "not required. This is the project's reading of the law."
        ),
        palermo,
    ),
}


def suggest(rule: str, edition: Edition, answers: Mapping[str, Answer], age: int | None) -> Verdict:
    """The verdict the rule suggests; the specialist confirms or overrides it."""
    try:
        info = RULES[rule]
    except KeyError:
        raise ValueError(f"unknown verdict rule {rule!r}; known: {', '.join(RULES)}") from None
    return info.decide(edition, answers, age)
