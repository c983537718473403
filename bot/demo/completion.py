"""The demo's months after admission (``--through completion``): the needs assessment, the individual plan drawn up by
the specialist and approved by the head, two quarters of monitoring, completion on a para 41 ground by the head's
order with the hand-back of para 45, and the plan (Annex 6) and the journal (Annex 7) as documents. All synthetic."""

from __future__ import annotations

from datetime import date

from ..standard import clock
from .script import Step, open_case, send, tap, tap_literal

SPECIALIST_NAME = "Demo Specialist"
NEEDS = {
    "Social": "Accommodation, clothes, help with travel documents home (synthetic)",
    "Socio-medical": "A medical check-up and treatment of an old injury (synthetic)",
    "Socio-psychological": "Counselling twice a week for trauma and sleep problems (synthetic)",
    "Socio-legal": "Restoring the identity document; legal advice on unpaid wages (synthetic)",
}
OPINION = "Wants to go home to her family and to get her passport back first (synthetic)"
MEASURES = (
    ("Social", "A room, clothes and meals; travel documents home (synthetic)"),
    ("Socio-psychological", "Individual counselling twice a week (synthetic)"),
    ("Socio-legal", "Apply for a new identity document; advice on wages owed (synthetic)"),
)
MONITORING = (
    ("Sleeps better, takes part in group sessions (synthetic)", "Still afraid to go out alone (synthetic)"),
    ("Document applied for; first wages claim filed (synthetic)", ""),
)
ORDER = "ORD-41/TEST-0001"


def _day(day: date) -> str:
    return f"{day:%d.%m.%Y}"


def to_resocialization(number: str) -> list[Step]:
    """From the main menu: the case, its admission, the person as recipient, their resocialization."""
    return [
        *open_case(number),
        tap("🏠 Admission (paras 17-21)"),
        tap("👤 {number} · {initials}"),
        tap("🌱 Resocialization"),
    ]


def needs_steps() -> list[Step]:
    steps = [tap("📋 Needs assessment"), tap("Today"), tap("Today")]
    for service in (
        "Social", "Socio-medical", "Socio-psychological", "Socio-pedagogical",
        "Socio-labour", "Socio-cultural", "Socio-economic", "Socio-legal",
    ):  # fmt: skip
        steps.append(send(NEEDS[service]) if service in NEEDS else tap("No need of this type"))
    return [*steps, send(OPINION)]


def plan_steps(today: date) -> list[Step]:
    steps = [tap("🗓 Individual plan"), tap("✏ Draw up or revise the plan")]
    for service, measure in MEASURES:
        steps += [Step("tap", service, prefix="➕ "), send(measure), tap_literal(SPECIALIST_NAME), send(_day(today))]
    return [*steps, tap("💾 Save the plan for approval"), tap("⬅ To resocialization")]


def approval_steps(number: str) -> list[Step]:
    """The head approves the plan."""
    return [*to_resocialization(number), tap("🗓 Individual plan"), tap("✅ Approve the plan")]


def monitoring_steps(number: str) -> list[Step]:
    """Two quarters of the journal, from the main menu (each quarter's button until it is recorded)."""
    steps = [*to_resocialization(number), tap("📓 Monitoring journal")]
    for positive, no_change in MONITORING:
        steps += [
            Step("tap", "Quarter {n}, until {date}", prefix="▫ "),
            tap("Socio-psychological"),
            send(positive),
            Step("tap", "somatic, mental, emotional states", prefix="☐ "),
            tap("Next ▶"),
            send(no_change) if no_change else tap("None"),
            tap("No adjustment"),
            tap("Today"),
            tap("⬅ To the quarters"),
        ]
    return [*steps, tap("⬅ To resocialization")]


def completion_steps(number: str, today: date) -> list[Step]:
    """The head ends services on the recipient's written application, by order, and ticks off the hand-back."""
    return [
        *to_resocialization(number),
        tap("🏁 End of services"),
        tap("Completion of services (para 41)"),
        tap("The recipient's written application"),
        send(ORDER),
        send(_day(today)),
        *(Step("tap", item, prefix="☐ ") for item in HAND_BACK_ITEMS),
        tap("⬅ To resocialization"),
    ]


HAND_BACK_ITEMS = (
    "Personal belongings",
    "Clothes and shoes for the season",
    "Valuables kept by the organization",
    "Documents kept by the organization",
)


def documents_steps(number: str) -> list[Step]:
    return [*to_resocialization(number), tap("📄 Plan (Annex 6)"), tap("📄 Journal (Annex 7)")]


def completion_parts(number: str) -> list[tuple[str, list[Step]]]:
    """Who takes which steps, in order: (who, steps)."""
    today = clock.today()
    return [
        ("Specialist", [*to_resocialization(number), *needs_steps(), *plan_steps(today)]),
        ("Head", approval_steps(number)),
        ("Specialist", monitoring_steps(number)),
        ("Head", completion_steps(number, today)),
        ("Specialist", documents_steps(number)),
    ]
