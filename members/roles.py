"""Who holds a role in a working group: the one place these lookups live.

- The Secretariat: `secretariat_term(group)` (the institution holding it and its term) and
  `secretariat_staff(group)` (the people who do the work).
- The Coordination Group: `coordination_seats(group)` (the current seats with their holders) and
  `coordination_members(group)` ({user: pillar}, for "tell the Coordination Group" and for a vote's pillar).
- An institution's people: `representatives_of(membership)`; a person's own: `representation_of(user, group)`;
  everyone a circulated document goes to: `participating_representatives(group)`.

"Today" is the group's date in its own time zone (`WorkingGroup.today()`) unless `on` names a day.
The permission roles (Django groups) are derived from the same data by `members.services.roles_derive`;
ask the access object (`vpwg.permissions.access_for`) whether a person may do something, and these
functions whom to tell or count.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from django.contrib.auth import get_user_model
from django.db.models import Prefetch

from .models import CoordinationSeat, Membership, Representative, SecretariatTerm, WorkingGroup

if TYPE_CHECKING:
    from django.contrib.auth.models import User


def secretariat_term(working_group: WorkingGroup, *, on: date | None = None) -> SecretariatTerm | None:
    """The Secretariat term running on `on` (the latest started, during a hand-over), staff prefetched
    in a stable order (by account)."""
    return (
        SecretariatTerm.objects.current(on or working_group.today())
        .filter(working_group=working_group)
        .select_related("institution")
        .prefetch_related(Prefetch("staff", queryset=get_user_model().objects.order_by("pk")))
        .first()
    )


def secretariat_staff(working_group: WorkingGroup, *, on: date | None = None) -> list[User]:
    """The staff of the current Secretariat term; empty when no institution holds it."""
    term = secretariat_term(working_group, on=on)
    return list(term.staff.all()) if term is not None else []


def coordination_seats(working_group: WorkingGroup, *, on: date | None = None) -> list[CoordinationSeat]:
    """The Coordination Group seats held on `on`, by pillar, with holder, user and institution selected."""
    return list(
        CoordinationSeat.objects.current(on or working_group.today())
        .filter(working_group=working_group)
        .select_related("representative__user", "representative__membership__institution")
    )


def coordination_members(working_group: WorkingGroup, *, on: date | None = None) -> dict[User, str]:
    """{user: pillar} of the current Coordination Group seat holders."""
    return {seat.representative.user: seat.pillar for seat in coordination_seats(working_group, on=on)}


def representatives_of(membership: Membership) -> list[User]:
    """The people who represent `membership` now (principal and alternates)."""
    return [rep.user for rep in membership.representatives.active().select_related("user")]


def representation_of(user, working_group: WorkingGroup, *, participating: bool = True) -> Representative | None:
    """The institution `user` represents in `working_group` now (with its membership), or None.

    With `participating` (the default) only a current member's or observer's representation counts.
    """
    representations = Representative.objects.active().filter(user=user, working_group=working_group)
    if participating:
        representations = representations.filter(membership__status__in=Membership.PARTICIPATING)
    return representations.select_related("membership__institution").first()


def participating_representatives(working_group: WorkingGroup):
    """Active representatives of the group's current members and observers, with their user (a queryset:
    callers narrow it, e.g. to the members whose report is missing)."""
    return (
        Representative.objects.active()
        .filter(working_group=working_group, membership__status__in=Membership.PARTICIPATING)
        .select_related("user")
    )
