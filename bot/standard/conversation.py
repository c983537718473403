"""The conversation's set-up (para 13), the interpreter (para 40), the immediate needs and safety check, the minors
path (para 19) and medical contraindications (para 6), as data: what the specialist ticks and what each urgent
answer asks them to do. What the person hears is in ``guide``."""

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
    Item("isolated", N_("The room is isolated: no one else can hear, including whoever brought the person")),
    Item("bright", N_("The room is bright")),
    Item("warm", N_("The room is warm")),
    Item("undistracted", N_("I am not distracted: no other work, calls or people")),
    Item("children", N_("Children who came with the person are looked after elsewhere")),
)

# The interpreter (para 40, social and legal services): recorded on the case for every intake with one.
INTERPRETER_CHECKLIST = (
    Item("not_related", N_("Not a relative or acquaintance of the person, and not from their close community")),
    Item("no_ties", N_("No ties to the suspected traffickers")),
    Item("language", N_("Speaks the person's language (dialect) well; the person understands them")),
    Item("pledge", N_("Signed a confidentiality pledge")),
    Item(
        "briefed",
        N_("Briefed: interprets everything in the first person, adds and leaves out nothing, gives no advice"),
    ),
    Item(
        "comfortable",
        N_(
            "The person was asked whether they are comfortable with this interpreter (a woman or a man, as they "
            "prefer, where possible)"
        ),
    ),
)
# Without these two the interpreter may endanger the person: the specialist is warned.
INTERPRETER_ESSENTIAL = ("not_related", "no_ties")

# The immediate needs and safety check: the first thing with the person, before the opening. Each urgent answer
# leads to what to do now; "minor" leads to the minors path (para 19).
NEEDS = (
    Item("doctor", N_("🩺 In pain, or needs a doctor now")),
    Item("danger", N_("⚠️ Does not feel safe here, or is in danger now")),
    Item("waiting", N_("🚪 Someone is waiting outside or expects a call")),
    Item("family", N_("👪 Worried about the safety of their children or family")),
    Item("minor", N_("🧒 Could be under 18")),
)
URGENT = ("doctor", "danger", "waiting", "family")
NEED_ACTIONS = {
    "doctor": N_(
        "🩺 Stop: get medical help first (the organization's medical worker, or an ambulance: 103 or 112). The "
        "intake can wait: ⏸ Pause keeps everything entered."
    ),
    "danger": N_(
        "⚠️ Stop: make the person safe first. If the danger is immediate, call the police (102 or 112) and tell the "
        "head of the organization. ⏸ Pause keeps everything entered."
    ),
    "waiting": N_(
        "🚪 Do not let them in, and tell them nothing of what the person says. Tell the head of the organization, "
        "and agree with the person what to do."
    ),
    "family": N_(
        "👪 Ask whom the person fears for, tell the head of the organization, and agree with the person what can be "
        "done now. Contact no one without the person's agreement."
    ),
}

# The minors path (para 19): who stands by a person under 18 before the conversation goes on.
MINOR_WAYS = (
    Item("representative", N_("👤 A legal representative is present and consents")),
    Item("guardianship", N_("🏛 No legal representative can be present: the guardianship authority is informed")),
)
MINOR_NOTES = {
    "representative": N_("Under 18: a legal representative is present and consents."),
    "guardianship": N_("Under 18: the guardianship authority is informed (para 19)."),
}

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
