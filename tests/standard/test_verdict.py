"""Every branch of both verdict rules, with the reason each gives."""

import pytest

from bot.standard.sheet import CURRENT_EDITION, Answer
from bot.standard.verdict import kz_law, palermo, suggest

P = Answer.PRESENT
E = CURRENT_EDITION


def conditions(verdict):
    return {c.id: c.met for c in verdict.conditions}


# kz-law: actions >= 1 and (purpose >= 1 or row 8 present)
@pytest.mark.parametrize(
    "answers, recognized, met",
    [
        ({}, False, {"actions>=1": False, "purpose>=1|sale": False}),
        ({"purpose.labour": P}, False, {"actions>=1": False, "purpose>=1|sale": True}),
        ({"actions.recruitment": P}, False, {"actions>=1": True, "purpose>=1|sale": False}),
        ({"actions.recruitment": P, "purpose.sexual": P}, True, {"actions>=1": True, "purpose>=1|sale": True}),
        ({"actions.sale": P}, True, {"actions>=1": True, "purpose>=1|sale": True}),  # row 8 alone suffices
        (
            {"actions.sale": Answer.NOT_ESTABLISHED, "actions.transfer": P},
            False,
            {"actions>=1": True, "purpose>=1|sale": False},
        ),
        ({"means.violence": P, "harm.grave": P}, False, {"actions>=1": False, "purpose>=1|sale": False}),
    ],
)
def test_kz_law(answers, recognized, met):
    verdict = kz_law(E, answers)
    assert verdict.rule == "kz-law"
    assert verdict.recognized is recognized
    assert conditions(verdict) == met


def test_kz_law_reason_carries_the_values():
    verdict = kz_law(E, {"actions.sale": P, "actions.transfer": P})
    actions, purpose = verdict.conditions
    assert actions.values == {"points": 2}
    assert purpose.values == {"points": 0, "sale": "yes"}
    assert actions.text.format(**actions.values) == "Actions block total: 2 (at least 1 needed)"


# palermo: purpose >= 1 and actions >= 1 and (means >= 1 or under 18)
FULL = {"purpose.labour": P, "actions.recruitment": P}


@pytest.mark.parametrize(
    "answers, age, recognized, met",
    [
        ({}, 30, False, {"purpose>=1": False, "actions>=1": False, "means>=1|minor": False}),
        ({**FULL, "means.deception": P}, 30, True, {"purpose>=1": True, "actions>=1": True, "means>=1|minor": True}),
        (FULL, 30, False, {"purpose>=1": True, "actions>=1": True, "means>=1|minor": False}),
        (FULL, 17, True, {"purpose>=1": True, "actions>=1": True, "means>=1|minor": True}),  # a minor: no means needed
        (FULL, 18, False, {"purpose>=1": True, "actions>=1": True, "means>=1|minor": False}),  # 18 is an adult
        (FULL, None, False, {"purpose>=1": True, "actions>=1": True, "means>=1|minor": False}),  # age unknown
        (
            {"actions.recruitment": P, "means.deception": P},
            30,
            False,
            {"purpose>=1": False, "actions>=1": True, "means>=1|minor": True},
        ),
        (
            {"purpose.labour": P, "means.deception": P},
            12,
            False,
            {"purpose>=1": True, "actions>=1": False, "means>=1|minor": True},
        ),
        (
            {"actions.sale": P, "means.deception": P},
            30,
            False,  # row 8 does not replace a purpose here
            {"purpose>=1": False, "actions>=1": True, "means>=1|minor": True},
        ),
    ],
)
def test_palermo(answers, age, recognized, met):
    verdict = palermo(E, answers, age)
    assert verdict.rule == "palermo"
    assert verdict.recognized is recognized
    assert conditions(verdict) == met


def test_suggest_picks_the_rule_and_refuses_unknown_ones():
    answers = {"actions.sale": P}
    assert suggest("kz-law", E, answers, 30).recognized is True
    assert suggest("palermo", E, answers, 30).recognized is False
    with pytest.raises(ValueError, match="unknown verdict rule"):
        suggest("other", E, answers, 30)
