"""Working groups, institutions, memberships, representatives and the management levels.

A package by concern; every model and helper is re-exported here, so `from members.models import X`
keeps working (and migrations keep their paths, such as `members.models.validate_aliases`).
"""

from .applications import ApplicationEndorsement, ApplicationEvent, ApplicationReview, MembershipApplication
from .groups import (
    DEFAULT_CRITERIA,
    TIME_ZONE_CHOICES,
    CharterChange,
    MinutesApprovalRule,
    Pillar,
    UserProfile,
    WorkingGroup,
)
from .institutions import (
    MIN_ALIAS_LETTERS,
    Institution,
    Membership,
    MembershipAction,
    MembershipQuerySet,
    MembershipStatusChange,
    normalise_aliases,
    validate_aliases,
)
from .roles import (
    CoordinationSeat,
    GroupAdministrator,
    Invitation,
    Representative,
    RepresentativeQuerySet,
    SecretariatTerm,
    TermQuerySet,
)

__all__ = [
    "DEFAULT_CRITERIA",
    "MIN_ALIAS_LETTERS",
    "TIME_ZONE_CHOICES",
    "ApplicationEndorsement",
    "ApplicationEvent",
    "ApplicationReview",
    "CharterChange",
    "CoordinationSeat",
    "GroupAdministrator",
    "Institution",
    "Invitation",
    "Membership",
    "MembershipAction",
    "MembershipApplication",
    "MembershipQuerySet",
    "MembershipStatusChange",
    "MinutesApprovalRule",
    "Pillar",
    "Representative",
    "RepresentativeQuerySet",
    "SecretariatTerm",
    "TermQuerySet",
    "UserProfile",
    "WorkingGroup",
    "normalise_aliases",
    "validate_aliases",
]
