"""Case statuses and the transitions the procedure allows."""

from __future__ import annotations

import enum

from . import N_


class Status(str, enum.Enum):
    DRAFT = "draft"                      # the intake is under way
    CONSENT_REFUSED = "consent_refused"  # Annex 1: no consent, nothing personal kept
    NOT_ELIGIBLE = "not_eligible"        # para 5: citizenship status outside the Standard
    MEDICAL_REFERRAL = "medical_referral"  # para 6: referred to a healthcare organization
    IDENTIFIED = "identified"            # recognized as a victim (sheet or para 13-1)
    NOT_IDENTIFIED = "not_identified"    # para 14: services refused
    CANCELLED = "cancelled"              # the specialist abandoned the draft


class Basis(str, enum.Enum):
    APPLICATION = "application"      # the person's application, Annex 1
    DIRECTION = "direction"          # written direction of the authorized body or police, para 9
    INVESTIGATION = "investigation"  # pre-trial investigation, para 13-1: no sheet


STATUS_TITLES = {
    Status.DRAFT: N_("Intake in progress"),
    Status.CONSENT_REFUSED: N_("Consent refused"),
    Status.NOT_ELIGIBLE: N_("Not eligible (para 5)"),
    Status.MEDICAL_REFERRAL: N_("Referred to a healthcare organization (para 6)"),
    Status.IDENTIFIED: N_("Recognized as a victim"),
    Status.NOT_IDENTIFIED: N_("Not recognized as a victim: services refused (para 14)"),
    Status.CANCELLED: N_("Cancelled"),
}

_ALLOWED = {
    Status.DRAFT: {Status.CONSENT_REFUSED, Status.NOT_ELIGIBLE, Status.MEDICAL_REFERRAL,
                   Status.IDENTIFIED, Status.NOT_IDENTIFIED, Status.CANCELLED},
}


class TransitionError(ValueError):
    pass


def check_transition(current: Status, new: Status) -> None:
    if new not in _ALLOWED.get(current, set()):
        raise TransitionError(f"a case in status {current.value} cannot become {new.value}")
