"""Everything the person hears, in one place: the texts a person (or the interpreter) hears during the intake.

They are kept together so that a native reviewer and a lawyer can read them in one place, in the order of the
conversation: the interpreter's briefing, the immediate needs and safety check, the opening (who and why, the
rights, the limits of confidentiality, what happens next), the plain words around the consent, the person's own
account, the topics to cover in the order of a story, a break, and the closing.

The Russian and Kazakh texts are working translations awaiting native review: the catalogs mark them with a
translator comment, never ``fuzzy`` (gettext ignores a fuzzy entry, and the person would hear English). The limits
of confidentiality paraphrase the 2016 Standard (paras 14, 19, 21 and the note to Annex 8); the organization's
lawyer must check them against the law in force before release.

The questions are open and never blame the person; a closed question is only a follow-up, paired with «Tell me
more about that». They help the conversation and do not score it: every row of the evaluation sheet stays the
specialist's judgement. Texts are English msgids marked with ``N_``; topic titles and notes are for the specialist.
"""

from __future__ import annotations

from dataclasses import dataclass

from . import N_
from .sheet import CURRENT_EDITION

# --- the immediate needs and safety: the first thing with the person (closed questions are right here) ---------
NEEDS: tuple[str, ...] = (
    N_("Before we start: are you in pain, or do you need a doctor right now?"),
    N_("Would you like some water, something to eat, or to use the toilet first?"),
    N_("Do you feel safe here right now?"),
    N_("Is anyone waiting for you outside, or expecting you to call them?"),
    N_("Is there anyone whose safety you are worried about right now — your children or family?"),
    N_("Would you prefer to talk with a woman or a man?"),
    N_("How would you like me to call you?"),
)

# --- the interpreter: the briefing (said to the interpreter, before the person comes in) and the introduction ----
BRIEFING: tuple[str, ...] = (
    N_('Interpret everything that is said, in the first person ("I…"), without adding, leaving out or summarising.'),
    N_("Do not give advice or your own opinion, and do not talk with the person on the side."),
    N_("If a word is unclear, ask me; do not explain it yourself."),
    N_("Everything you hear stays confidential, also after today."),
    N_("Tell me if you know the person or anyone involved, or if you cannot go on."),
    N_("Some of what we hear may be hard. We will take breaks, and we can talk afterwards."),
)
INTERPRETER_INTRO: str = N_(
    "The interpreter will translate everything we both say, word for word, and also keeps everything "
    "confidential. If you would prefer a different interpreter, tell me."
)

# --- the opening, read in parts before consent ----------------------------------------------------------------
# The first line is formatted with the specialist's name and the organization's name.
WHO_AND_WHY: tuple[str, ...] = (
    N_(
        "My name is {name}. I work as a social worker at «{organization}». We help people who may have been "
        "deceived or made to do things against their will."
    ),
    N_("I would like to understand what has happened to you, so that together we can see what help you can get."),
    N_("Our talk will take about an hour. I will make short notes on my phone so that I remember correctly."),
)
RIGHTS: tuple[str, ...] = (
    N_("We can take a break or stop at any time. If you don't want to answer a question, just say so; that is fine."),
    N_("If you don't understand something or don't remember, say so; that is fine too."),
)
NO_DETAILS: str = N_(
    "You do not have to tell me every detail. If you have already told the police or someone else, tell me only "
    "what you feel able to."
)
# The limits of confidentiality: para 14 (the application and the sheet go to the district department), para 21
# (the police are told of the case), the note to Annex 8 (the report only on a written request, with written
# consent). To be checked by the lawyer against the law in force.
CONFIDENTIALITY: tuple[str, ...] = (
    N_("I will keep what you tell me confidential. Only the people who arrange your help will see it."),
    N_(
        "To arrange help, I send your application and a short form about our talk to the district department for "
        "employment and social programmes. If you decide not to go to the police yourself, we still have to tell "
        "the police that someone has come to us because of trafficking; your personal details are protected as "
        "the law requires."
    ),
    N_(
        "My written report about our talk goes to the police only if they ask for it in writing and you agree in "
        "writing."
    ),
    N_(
        "If there is something you do not want passed on, tell me, and I will tell you honestly whether I can keep "
        "it back."
    ),
)
# Para 19: a child without a legal representative goes to the guardianship authority.
CONFIDENTIALITY_MINOR: str = N_("If a child may be in danger, I must tell the guardianship authority.")
WHAT_NEXT: tuple[str, ...] = (
    N_(
        "I cannot promise what will be decided, but I will explain each step. After our talk I send the papers "
        "within one working day; the department decides within three working days, and I will tell you the answer."
    ),
    N_("Do you have any questions before we begin?"),
)
# The child version (Russian «ты», Kazakh «сен»), added to the rights for a person under 18.
CHILD: tuple[str, ...] = (
    N_("You are not in trouble, and nobody will scold you."),
    N_("If you don't know or don't understand, say \"I don't know\"; that is a good answer."),
    N_("If I say something wrong, tell me."),
    N_("We can stop whenever you want."),
)


def opening_parts(*, minor: bool, interpreter: bool) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The opening in two screens, in the order it is read, each part's chunks separated by "" (a blank line):
    who and why, the interpreter's introduction, the rights (and the child version), no need for every detail;
    then confidentiality and its limits (and the guardianship authority for a child), what happens next. (In two
    languages at once, the whole of it would pass Telegram's 4096 characters.)"""

    def joined(parts: list[tuple[str, ...]]) -> tuple[str, ...]:
        texts: list[str] = []
        for part in parts:
            texts.extend(([""] if texts else []) + list(part))
        return tuple(texts)

    first: list[tuple[str, ...]] = [WHO_AND_WHY]
    if interpreter:
        first.append((INTERPRETER_INTRO,))
    first += [RIGHTS + (CHILD if minor else ()), (NO_DETAILS,)]
    second = [CONFIDENTIALITY + ((CONFIDENTIALITY_MINOR,) if minor else ()), WHAT_NEXT]
    return joined(first), joined(second)


def opening(*, minor: bool, interpreter: bool) -> tuple[str, ...]:
    """The whole opening, both parts, in the order it is read."""
    first, second = opening_parts(minor=minor, interpreter=interpreter)
    return (*first, "", *second)


# --- consent: plain words above the Annex 1 form's sentence -----------------------------------------------------
CONSENT_PLAIN: tuple[str, ...] = (
    N_(
        "To help you, we need to write down your name, date of birth and what you tell me, and keep it in a "
        "protected file."
    ),
    N_(
        "You can say no. If you say no, I will not write down your name, and I will still tell you where else you "
        "can get help."
    ),
    N_(
        "The form also says that what you tell us about yourself should be true. If you are not sure or do not "
        "remember something, just say so; that is fine."
    ),
)
CONSENT_STATEMENT: str = N_(
    "«I consent to the collection and processing of my personal data necessary for the provision of special "
    "social services.»"
)

# --- the person's own account, before any topic -----------------------------------------------------------------
NARRATIVE: tuple[str, ...] = (
    N_("Please tell me, in your own words, how you came to be here. Start wherever you like; I will listen."),
)
PROMPTS: tuple[str, ...] = (
    N_("What happened then?"),
    N_("Tell me more about that."),
)


@dataclass(frozen=True)
class Topic:
    """What to cover in one part of the story. ``questions`` are open; ``follow_ups`` (closed questions allowed)
    come only once the person has spoken of it, each paired with «Tell me more about that»; ``rows`` are the sheet
    rows the topic informs; ``title`` and ``note`` are for the specialist."""

    id: str
    title: str
    questions: tuple[str, ...]
    follow_ups: tuple[str, ...]
    rows: tuple[str, ...]
    note: str | None = None


# In the order of a story, the hardest late; a list of what to cover, not an order the person must keep.
TOPICS: tuple[Topic, ...] = (
    Topic(
        id="beginning",
        title=N_("The beginning and the offer"),
        questions=(
            N_("How did it all begin?"),
            N_("What were you told about the work before you started?"),
        ),
        follow_ups=(
            N_("Did you know the person who first suggested it?"),
            N_("Were you taken anywhere against your will?"),
        ),
        rows=("actions.recruitment", "actions.abduction", "means.deception", "means.position"),
        note=N_("Do not ask whether the person agreed: what they were told matters, not whether they said yes."),
    ),
    Topic(
        id="journey",
        title=N_("The journey and arrival"),
        questions=(
            N_("How did you get there?"),
            N_("What happened when you arrived?"),
            N_("What was the place where you lived like?"),
        ),
        follow_ups=(
            N_("Did someone hand you over to other people on the way?"),
            N_("Did anyone say you had been bought or sold?"),
            N_("Were you kept out of sight of other people?"),
        ),
        rows=(
            "actions.transportation",
            "actions.transfer",
            "actions.receipt",
            "actions.concealment",
            "actions.sale",
        ),
    ),
    Topic(
        id="daily_life",
        title=N_("Daily life and work"),
        questions=(
            N_("What was the work like?"),
            N_("What was an ordinary day like there, from morning to night?"),
            N_("Who decided what you did each day?"),
            N_("What else did you have to do there?"),
            N_("How did it compare with what you had been told?"),
        ),
        follow_ups=(N_("Did you have to ask for money in the street?"),),
        rows=(
            "purpose.sexual",
            "purpose.labour",
            "purpose.begging",
            "actions.forced_labour",
            "actions.prostitution",
            "actions.begging",
            "actions.ownership",
            "means.deception",
        ),
        note=N_(
            "If the person speaks of sexual services, do not ask for details: the sheet needs to know whether it "
            "happened, not how."
        ),
    ),
    Topic(
        id="money",
        title=N_("Money, debts and documents"),
        questions=(
            N_("What about pay for that work?"),
            N_("How were the journey and your housing paid for?"),
            N_("Where were your documents kept while you were there?"),
        ),
        follow_ups=(
            N_("Did anyone say you owed them money?"),
            N_("Did anyone take money from you?"),
            N_("Could you take your documents back when you wanted?"),
        ),
        rows=("means.dependence", "means.documents", "actions.sale", "actions.ownership", "purpose.labour"),
    ),
    Topic(
        id="control",
        title=N_("Control and freedom"),
        questions=(
            N_("What was it like when you wanted to go out, or to call someone?"),
            N_("Who could you turn to for help there?"),
            N_("Who else knew what was happening to you?"),
        ),
        follow_ups=(
            N_("What made it hard to leave?"),
            N_("Were you ever locked in?"),
            N_("Did you know where you were?"),
            N_("Did anyone give you alcohol, drugs or pills?"),
        ),
        rows=(
            "actions.deprivation",
            "actions.concealment",
            "actions.ownership",
            "means.position",
            "means.helpless",
            "means.dependence",
        ),
        note=N_("Ask «What made it hard to leave?» only after the person has said they wanted to leave."),
    ),
    Topic(
        id="violence",
        title=N_("Threats and violence"),
        questions=(
            N_("How were you treated there?"),
            N_("What happened to people there who refused, or did not do what they were told?"),
        ),
        follow_ups=(
            N_("Has anyone threatened or hurt you, or someone close to you?"),
            N_("Did anyone there have a weapon?"),
            N_("Did it happen more than once?"),
            N_("What would have happened if you had said no?"),
        ),
        rows=("means.violence", "means.weapons", "harm.beatings", "harm.torment"),
        note=N_(
            "Ask these last, once there is trust. After a yes, say only: «Tell me only as much as you want.» Do "
            "not ask for details of sexual or physical violence: the sheet needs to know whether it happened, not "
            "how. Offer a doctor; the medical record documents injuries."
        ),
    ),
    Topic(
        id="health",
        title=N_("Health and how things are now"),
        questions=(
            N_("How are you sleeping and feeling these days?"),
            N_("What is your health like now?"),
        ),
        follow_ups=(
            N_("Is there anything about your health you would like us to know?"),
            N_("Were you hurt, or did you fall ill, while you were there?"),
            N_("Did anyone there do a medical procedure or an operation on you?"),
            N_("What happened with your children during that time?"),
        ),
        rows=("harm.health", "harm.grave", "harm.beatings", "purpose.organs", "purpose.adoption"),
        note=N_(
            "Ask about children only if the person has spoken of them. Injuries and harm to health are for a "
            "doctor to document: offer one."
        ),
    ),
)


def topics_for(block_id: str) -> tuple[Topic, ...]:
    """The topics whose rows touch one block of the sheet, in story order; KeyError for an unknown block."""
    blocks = {block.id: block for block in CURRENT_EDITION.blocks}
    row_ids = {row.id for row in blocks[block_id].rows}
    return tuple(topic for topic in TOPICS if row_ids.intersection(topic.rows))


def questions(block_id: str) -> tuple[str, ...]:
    """A view for one block of the sheet: the primary questions, then the follow-ups, of the topics that touch it,
    without repeats, in story order; KeyError for an unknown block."""
    topics = topics_for(block_id)
    asked = [q for topic in topics for q in topic.questions] + [q for topic in topics for q in topic.follow_ups]
    return tuple(dict.fromkeys(asked))


def first_questions(block_id: str) -> tuple[str, ...]:
    """The primary questions only of the topics that touch one block: what the sheet's guide screen shows (with
    the follow-ups, a bilingual card of a large block would pass Telegram's 4096 characters)."""
    return tuple(dict.fromkeys(q for topic in topics_for(block_id) for q in topic.questions))


# Said on the guide screen of a sheet block, in place of the whole opening.
REMINDER: str = N_("Remember: you can take a break or skip any question.")

# --- a break, at any time ----------------------------------------------------------------------------------------
BREAK: tuple[str, ...] = (
    N_("Let's take a break. You are in a safe place here."),
    N_("Would you like some water, or some air?"),
    N_("Feel your feet on the floor. Look around and tell me three things you can see."),
    N_("Let's breathe slowly together: in… and out…"),
    N_("We can go on later, or another day — you decide."),
    N_("Thank you for telling me. It takes courage."),
)

# --- the closing: the organization's contacts are printed after the last but one line ---------------------------
CLOSING: tuple[str, ...] = (
    N_("We have come to the end of my questions. Is there anything else you would like to tell me?"),
    N_("Is there anything you would like to ask me?"),
    N_("What would help you most right now?"),
    N_("Where will you stay tonight? Is it safe?"),
    N_(
        "Here is what happens next: I send the papers within one working day, the department decides within three "
        "working days, and I will tell you the answer as soon as I have it."
    ),
    N_("If you need me, or feel in danger, you can reach us here:"),
    N_("Thank you for talking with me today."),
)
# Before the organization's referral contacts, at every exit.
CONTACTS_INTRO: str = N_("Here is where else you can get help:")

SPOKEN: tuple[str, ...] = (
    *NEEDS,
    *BRIEFING,
    INTERPRETER_INTRO,
    *WHO_AND_WHY,
    *RIGHTS,
    NO_DETAILS,
    *CONFIDENTIALITY,
    CONFIDENTIALITY_MINOR,
    *WHAT_NEXT,
    *CHILD,
    *CONSENT_PLAIN,
    CONSENT_STATEMENT,
    *NARRATIVE,
    *PROMPTS,
    *(q for topic in TOPICS for q in (*topic.questions, *topic.follow_ups)),
    REMINDER,
    *BREAK,
    *CLOSING,
    CONTACTS_INTRO,
)
