"""A scripted specialist: the same intake, step by step, for the demo, the dialog tests and the
end-to-end test. Taps name buttons by their catalog msgid (translated for the interface language);
typed texts are clearly synthetic."""

from __future__ import annotations

import re
from dataclasses import dataclass

from aiogram.utils.i18n import I18n

from ..i18n import AUTONYMS
from ..standard.conversation import CHECKLIST, INTERPRETER_CHECKLIST
from ..standard.guide import TOPICS
from ..standard.iin import check_digit
from ..standard.sheet import ANSWER_TITLES, CURRENT_EDITION, Answer

# Obviously invented: no real person has these details.
PERSON = {
    "surname": "Testova-Demo",
    "first_name": "Synthia",
    "birth_date": "05.03.1998",
}
INTERPRETER = "Interpreterova Test"

# A plausible pattern of answers for the demo: recruitment by deception into forced labour.
DEMO_ANSWERS = {
    "purpose.labour": Answer.PRESENT,
    "actions.forced_labour": Answer.PRESENT,
    "actions.recruitment": Answer.PRESENT,
    "actions.transportation": Answer.PRESENT,
    "actions.concealment": Answer.NOT_ESTABLISHED,
    "means.deception": Answer.PRESENT,
    "means.documents": Answer.PRESENT,
    "harm.beatings": Answer.NOT_ESTABLISHED,
}


@dataclass(frozen=True)
class Step:
    """``tap`` a button (``msgid`` in the catalogs, ``{…}`` matches anything) or ``send`` a text."""

    kind: str
    value: str
    translate: bool = True
    prefix: str = ""

    def label_pattern(self, i18n: I18n, locale: str) -> re.Pattern[str]:
        """The button text this step taps, as the user sees it in ``locale``."""
        text = i18n.gettext(self.value, locale=locale) if self.translate else self.value
        parts = re.split(r"\{[^{}]*\}", text)
        return re.compile(re.escape(self.prefix) + ".*".join(re.escape(p) for p in parts))


def tap(msgid: str) -> Step:
    return Step("tap", msgid)


def tap_literal(label: str) -> Step:
    return Step("tap", label, translate=False)


def send(text: str) -> Step:
    return Step("send", text, translate=False)


def opening(interface: str) -> list[Step]:
    return [send("/start"), tap_literal(AUTONYMS[interface]), tap("📝 New intake")]


def setup_steps(interview: str = "kk", interpreter: bool = True) -> list[Step]:
    """Before the person comes in: the basis (application), the room, the interview language and the interpreter
    with their briefing; then with the person, before anything personal: their needs and safety (nothing urgent),
    the contraindications (none) and the opening, read out."""
    steps = [
        tap("The person's application (Annex 1)"),
        tap("The organization where the person is"),
        *(Step("tap", item.text, prefix="☐ ") for item in CHECKLIST),
        tap("Continue ➡"),
        tap_literal(AUTONYMS[interview]) if interview in AUTONYMS else tap("Another language"),
    ]
    if interview not in AUTONYMS:
        steps.append(send(interview))
    if interpreter:
        steps += [
            tap("Yes, an interpreter is present"),
            send(INTERPRETER),
            send("Kazakh – Russian"),
            tap("✅ Done: the interpreter is briefed"),  # which ticks «Briefed» on the checklist
            *(Step("tap", item.text, prefix="☐ ") for item in INTERPRETER_CHECKLIST if item.id != "briefed"),
            tap("Continue ➡"),
        ]
    else:
        steps.append(tap("No interpreter"))
    opening = [tap("Part 2: confidentiality and what happens next ➡"), tap("✅ Read out; the person has understood")]
    return [*steps, tap("Continue ➡"), tap("None of these"), *opening]


def conversation_steps() -> list[Step]:
    """The person's own account, each topic in turn, the closing; then the sheet."""
    return [
        tap("🗺 Topics to cover ➡"),
        *(tap("Next topic ▶") for _topic in TOPICS),
        tap("✅ Closed: to the evaluation sheet"),
    ]


CHILD = {"surname": "Testova-Demo", "first_name": "Mira", "birth_date": "12.06.2019", "relation": "daughter"}


def child_steps() -> list[Step]:
    return [
        tap("➕ Add a child"),
        send(CHILD["surname"]),
        send(CHILD["first_name"]),
        tap("No patronymic"),
        send(CHILD["birth_date"]),
        send(CHILD["relation"]),
        tap("Continue ➡"),
    ]


def person_steps(children: bool = False) -> list[Step]:
    return [
        tap("✅ Consents, and has said in their own words to what"),
        send(PERSON["surname"]),
        send(PERSON["first_name"]),
        tap("No patronymic"),
        send(PERSON["birth_date"]),
        tap("Female"),
        tap("Citizen of Kazakhstan"),
        tap("No documents"),
        *(child_steps() if children else [tap("No accompanying children")]),
        *conversation_steps(),
    ]


def sheet_steps(answers: dict[str, Answer] | None = None) -> list[Step]:
    answers = DEMO_ANSWERS if answers is None else answers
    return [tap(ANSWER_TITLES[answers.get(row.id, Answer.ABSENT)]) for row in CURRENT_EDITION.rows]


def full_intake(interface: str, interview: str = "kk") -> list[Step]:
    return [
        *opening(interface),
        *setup_steps(interview),
        *person_steps(children=True),
        *sheet_steps(),
        tap("✔ Confirm: {suggested}"),
    ]


VENUE = "Demo Shelter (synthetic), 1 Test Street, Test City"
CIRCUMSTANCES = "Present: the specialist and the interpreter (Interpreterova Test). No accompanying persons."
NARRATIVE = (
    "Synthetic account for the demo. The person says a Test Agency offered work at a Test Farm abroad; "
    "travel and papers were arranged by the agency.",
    "On arrival the passport was taken 'for registration' and never returned. Work lasted 14 hours a day "
    "without pay; leaving was forbidden. The person complains of back pain and poor sleep.",
)


def report_steps() -> list[Step]:
    return [
        tap("📝 Write the report (Annex 8)"),
        tap("✔ Correct"),
        send(VENUE),
        send(CIRCUMSTANCES),
        *(send(part) for part in NARRATIVE),
        tap("✅ Done: review the text"),
        tap("✅ The text is right"),
        tap("✔ Confirm"),
    ]


def full_case(interface: str, interview: str = "kk") -> list[Step]:
    """The whole path: the intake, the report, and all documents in the interface language."""
    intake = full_intake(interface, interview)
    first_row = intake.index(sheet_steps()[0])
    guide = [tap("💬 Questions for this block"), tap("⬅ Back to the row")]  # what to ask, in both languages
    topics = intake.index(conversation_steps()[0]) + 1
    pause = [tap("🫶 Break"), tap("↩ Go on where we stopped")]  # the person needs a moment: and back to the topic
    steps = [*intake[:topics], *pause, *intake[topics:first_row], *guide, *intake[first_row:]]
    return [*steps, *report_steps(), tap("📚 All documents")]


# --- after the report: forwarding, the permit, the agreement and admission (paras 14-21) --------------------------


def _iin(born: str, female: bool) -> str:
    """A well-formed IIN for a synthetic person (the check digit right, the serial made up)."""
    day, month, year = born.split(".")
    century = {"18": 1, "19": 3, "20": 5}[year[:2]] + int(female)
    for serial in range(1, 10000):
        first11 = f"{year[2:]}{month}{day}{century}{serial:04d}"
        digit = check_digit(first11)
        if digit is not None:
            return first11 + str(digit)
    raise ValueError("no serial gives a check digit")


PERSON_CARD = {
    "birthplace": "Test Village (synthetic)",
    "address": "7 Synthetic Street, Test City",
    "iin": _iin(PERSON["birth_date"], female=True),
    "education": "Secondary school (synthetic)",
    "health": "Back pain and poor sleep (synthetic)",
    "sent_by": "Test District Police (synthetic)",
}
RELATIVE = ("mother", "Testova-Demo Mater Synthetic", "01.02.1970", "Test City")
CHILD_CARD = {
    "birthplace": "Test City (synthetic)",
    "address": "7 Synthetic Street, Test City",
    "document": "I-TE 0000001",
    "issued_on": "20.06.2019",
    "issued_by": "Test Registry Office (synthetic)",
    "iin": _iin(CHILD["birth_date"], female=True),
    "education": "Kindergarten (synthetic)",
    "health": "Healthy (synthetic)",
}
NOTICE = {"body": "Test District Police Department (synthetic)", "reference": "OUT-21/TEST-0001"}


def case_button(number: str) -> Step:
    """A case in a list (recent cases, waiting for a decision): its text starts with the number."""
    return Step("tap", number + "{rest}", translate=False)


def open_case(number: str) -> list[Step]:
    return [send("/start"), tap("🗂 Recent cases"), case_button(number)]


def forward_steps(number: str) -> list[Step]:
    return [*open_case(number), tap("📤 Forward to the authorized body")]


def officer_steps(number: str) -> list[Step]:
    return [
        send("/start"),
        tap("📥 Waiting for a decision"),
        case_button(number),
        tap("✅ Issue the permit"),
        tap("✅ Yes, issue the permit"),
    ]


def agreement_steps(number: str) -> list[Step]:
    """The agreement printed before signing (Annex 3), then its signing recorded today."""
    return [
        *open_case(number),
        tap("📄 Documents"),
        tap("📄 Resocialization agreement (Annex 3)"),
        tap("⬅ Back"),
        tap("✍ Record the signed agreement"),
        tap("Today"),
        tap("🏠 Admission (paras 17-21)"),
    ]


def child_card_steps() -> list[Step]:
    c = CHILD_CARD
    return [
        tap("🧒 {number} · child {initials}"),
        tap("✅ Yes: admitted with the parent"),
        tap("🗂 Registration card (Annex 4)"),
        tap("▶ Next field to answer"),
        tap("Female"),
        send(c["birthplace"]),
        send(c["address"]),
        tap("➕ Add"),
        tap("Birth certificate"),
        send(c["document"]),
        send(c["issued_on"]),
        tap("Skip"),
        send(c["issued_by"]),
        tap("▶ Next field to answer"),
        send(c["iin"]),
        send(c["education"]),
        tap("Not known"),
        tap("None"),
        tap("None"),
        tap("None"),
        send(c["health"]),
        tap("None"),
        tap("✅ The card is filled"),
        tap("⬅ Back"),
        tap("💻 Record the portal entry"),
        tap("Today"),
        tap("⬅ To admission"),
    ]


def person_card_steps() -> list[Step]:
    c = PERSON_CARD
    return [
        tap("👤 {number} · {initials}"),
        tap("🗂 Registration card (Annex 4)"),
        tap("▶ Next field to answer"),
        send(c["birthplace"]),
        send(c["address"]),
        send(c["iin"]),
        send(c["education"]),
        tap("Not known"),
        tap("➕ Add"),
        *(send(cell) for cell in RELATIVE),
        tap("▶ Next field to answer"),
        tap("None"),
        tap("None"),
        send(c["health"]),
        send(c["sent_by"]),
        tap("✅ The card is filled"),
        tap("⬅ Back"),
        tap("💻 Record the portal entry"),
        tap("Today"),
        tap("⬅ To admission"),
    ]


def police_steps() -> list[Step]:
    """Para 21: the person declines to apply; the organization's information is recorded."""
    return [
        tap("🚓 Internal affairs (para 21)"),
        tap("🚫 The person declines to apply"),
        tap("📨 Record the information sent"),
        send(NOTICE["body"]),
        send(NOTICE["reference"]),
        tap("Today"),
        tap("⬅ To admission"),
    ]


def admission_steps() -> list[Step]:
    """From the admission screen: the child's record, the para 21 answer and notice, both cards, the documents."""
    return [*child_card_steps(), *police_steps(), *person_card_steps(), tap("📄 Documents"), tap("📚 All documents")]
