"""Who uses the bot, and what each role sees: the one table the store's access rule and the menus read."""

from __future__ import annotations

import enum

from . import N_


class Scope(enum.Enum):
    """Whose cases a role sees."""

    ORGANIZATION = "organization"  # the cases of the user's organization
    DISTRICT = "district"  # the cases forwarded to the authorized body of the user's district
    SHARED = "shared"  # the reports shared with the user (law enforcement, Annex 8)
    NONE = "none"  # no case content at all (the administrator)


class Role(enum.StrEnum):
    """A user's role; stored by its value, so it compares equal to the stored text."""

    ADMIN = "admin"
    HEAD = "head"
    SPECIALIST = "specialist"
    OFFICER = "officer"  # the authorized body of the district
    POLICE = "police"  # a law enforcement agency's representative (the name stays in the code and the store)

    @property
    def label(self) -> str:
        return TITLES[self]

    @property
    def scope(self) -> Scope:
        return SCOPES[self]

    @property
    def is_staff(self) -> bool:
        """Staff of an organization (they run and forward its cases, write and share its reports)."""
        return self in STAFF


TITLES = {
    Role.ADMIN: N_("Administrator"),
    Role.HEAD: N_("Head of organization"),
    Role.SPECIALIST: N_("Specialist"),
    Role.OFFICER: N_("Officer of the authorized body"),
    Role.POLICE: N_("Law enforcement representative"),
}
SCOPES = {
    Role.ADMIN: Scope.NONE,
    Role.HEAD: Scope.ORGANIZATION,
    Role.SPECIALIST: Scope.ORGANIZATION,
    Role.OFFICER: Scope.DISTRICT,
    Role.POLICE: Scope.SHARED,
}
STAFF = frozenset({Role.SPECIALIST, Role.HEAD})
ROLES = tuple(Role)
