"""The conversation's set-up (para 13) and medical contraindications (para 6) as data."""

from __future__ import annotations

from dataclasses import dataclass

from . import N_


@dataclass(frozen=True)
class Item:
    id: str
    text: str


# Para 13(1): where the conversation takes place.
PLACES = (
    Item("organization", N_("The organization where the person is")),
    Item("workplace", N_("The workplace of the person authorized for identification")),
    Item("other", N_("Other premises")),
)

# Para 13(2) and 13(3): each must hold, or be recorded as unmet with a reason.
CHECKLIST = (
    Item("safe", N_("The room is safe")),
    Item("isolated", N_("The room is isolated: no one else can hear")),
    Item("bright", N_("The room is bright")),
    Item("warm", N_("The room is warm")),
    Item("undistracted", N_("I am not distracted: no other work, calls or people")),
)

# The interpreter (para 40, social and legal services): recorded on the case for every intake with one.
INTERPRETER_CHECKLIST = (
    Item("not_related", N_("Not a family member or acquaintance of the person")),
    Item("no_ties", N_("No ties to the suspected traffickers")),
    Item("briefed", N_("Briefed on confidentiality")),
    Item("same_sex", N_("Of the same sex as the person, where possible")),
)
# Without these two the interpreter may endanger the person: the specialist is warned.
INTERPRETER_ESSENTIAL = ("not_related", "no_ties")

# Para 6: any of these ends the intake in a referral to a healthcare organization.
CONTRAINDICATIONS = (
    Item("mental", N_("Mental illness with behaviour dangerous to the person or others")),
    Item("infectious", N_("Active tuberculosis, an infectious, quarantine or contagious skin or hair disease")),
    Item("intoxication", N_("Alcoholic or narcotic intoxication")),
    Item("terminal", N_("Terminal stage of a disease requiring palliative care")),
    Item("inpatient", N_("Another disease or injury requiring in-patient treatment")),
)

# Interview languages offered as buttons; any other is typed by name.
INTERVIEW_LANGUAGES = ("kk", "ru", "en")


def unmet(checklist: dict[str, bool]) -> list[str]:
    return [item.id for item in CHECKLIST if not checklist.get(item.id, False)]
