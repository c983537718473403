"""A conversation guide per block of the evaluation sheet (Annex 2), as data.

Open, trauma-informed questions the specialist may ask, shown on request. They help
the conversation; they do not score it: every row of the sheet stays the specialist's
judgement. The questions are open (never leading), never blame the person and never
demand a full re-telling of what happened. Texts are English msgids marked with ``N_``.
"""

from __future__ import annotations

from . import N_

# Said before the questions: the person's rights in the conversation.
OPENING: tuple[str, ...] = (
    N_("You may pause or stop this conversation at any time, and you do not have to answer any question."),
    N_("You do not need to repeat anything you have already told anyone else."),
    N_("What you tell me is confidential."),
)

# Keyed by the block ids of bot.standard.sheet (Annex 2).
QUESTIONS: dict[str, tuple[str, ...]] = {
    # Rows 2-6: the purpose.
    "purpose": (
        N_("How did you come to leave home for this work?"),
        N_("What were you told about the work before you started?"),
        N_("What was the work like?"),
        N_("What happened to the money you earned?"),
    ),
    # Rows 8-19: actions committed against the person.
    "actions": (
        N_("Who arranged your journey and where you stayed?"),
        N_("Who decided what you did each day?"),
        N_("Could you go out or contact your family when you wanted?"),
        N_("What would have happened if you had said no to the work?"),
    ),
    # Rows 21-27: the means used against the person.
    "means": (
        N_("How did the work turn out compared with what you were promised?"),
        N_("Could you keep your documents and your money?"),
        N_("Did you owe anyone money for the journey, housing or anything else?"),
        N_("Did you feel safe where you lived and worked?"),
    ),
    # Rows 29-32: the harm caused to the person.
    "harm": (
        N_("Is there anything about your health you would like us to know?"),
        N_("How are you sleeping and feeling these days?"),
        N_("What would help you most right now?"),
    ),
}


def questions(block_id: str) -> tuple[str, ...]:
    """The guide's questions for one block of the sheet; KeyError for an unknown block."""
    return QUESTIONS[block_id]
