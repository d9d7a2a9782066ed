"""The management levels: Secretariat terms, Coordination Group seats and group administrators."""

from datetime import date, timedelta

from django.db import transaction
from django.utils.translation import gettext as _

from vpwg import permissions
from vpwg.audit import audit_record

from ..exceptions import MembersError
from ..models import (
    CoordinationSeat,
    GroupAdministrator,
    Institution,
    Membership,
    Representative,
    SecretariatTerm,
    WorkingGroup,
)
from .core import roles_resync

__all__ = [
    "secretariat_term_start",
    "secretariat_term_change",
    "coordination_seat_assign",
    "coordination_seat_end",
    "group_administrator_add",
    "group_administrator_end",
]


@transaction.atomic
def secretariat_term_start(
    *, working_group: WorkingGroup, institution: Institution, staff: list, started_on: date | None = None, actor=None
) -> SecretariatTerm:
    """Hand the Secretariat to `institution`; the previous term ends the day before.

    `actor=None` is the system (demo data); people need manage_roles, and the staff they list must be
    current representatives of `institution` in the group, not including themselves unless they are
    staff already (`_check_staff`).
    """
    if actor is not None:
        permissions.require(actor, "manage_roles", working_group)
    started_on = started_on or working_group.today()
    previous = list(SecretariatTerm.objects.current(started_on).filter(working_group=working_group))
    if actor is not None:
        _check_staff(
            working_group, institution, set(staff), actor=actor, staff_now={u for t in previous for u in t.staff.all()}
        )
    for term in previous:
        term.ended_on = started_on - timedelta(days=1)
        term.save(update_fields=["ended_on", "updated_at"])
    term = SecretariatTerm.objects.create(working_group=working_group, institution=institution, started_on=started_on)
    term.staff.set(staff)
    audit_record(action="members.secretariat.started", actor=actor, target=term, working_group=working_group)
    for user in {u for t in previous for u in t.staff.all()} | set(staff):
        roles_resync(user=user, working_group=working_group)
    return term


def _check_staff(working_group: WorkingGroup, institution: Institution, joining: set, *, actor, staff_now: set) -> None:
    """Secretariat staff work for the institution holding the term: each person joining must represent it
    in the group now. And nobody puts themselves on the staff (it reads every draft and circulates): a
    person already on it may stay; another administrator or the Secretariat adds anyone else.
    """
    if actor in joining and actor not in staff_now:
        raise MembersError(
            _("You cannot add yourself to the Secretariat: another administrator or the Secretariat does it.")
        )
    representing = set(
        Representative.objects.active()
        .filter(working_group=working_group, membership__institution=institution)
        .filter(membership__status__in=Membership.PARTICIPATING)
        .values_list("user_id", flat=True)
    )
    outside = sorted(user.get_full_name() or user.email for user in joining if user.pk not in representing)
    if outside:
        raise MembersError(
            _("Secretariat staff must represent %(institution)s in this group, and these people do not: %(names)s.")
            % {"institution": institution, "names": ", ".join(outside)}
        )


@transaction.atomic
def coordination_seat_assign(
    *,
    working_group: WorkingGroup,
    representative: Representative,
    started_on: date | None = None,
    ended_on: date | None = None,
    actor=None,
) -> CoordinationSeat:
    """Give a Coordination Group seat of the representative's pillar to `representative`.

    `actor=None` is the system (demo data, admission); people need manage_roles.
    """
    working_group = WorkingGroup.objects.select_for_update().get(pk=working_group.pk)  # one assignment at a time
    if actor is not None:
        permissions.require(actor, "manage_roles", working_group)
    if representative.ended_on is not None or representative.membership.status != Membership.Status.MEMBER:
        raise MembersError(_("Only a current member's representative can hold a seat."))
    seat = CoordinationSeat(
        working_group=working_group,
        pillar=representative.membership.pillar,
        representative=representative,
        started_on=started_on or working_group.today(),
        ended_on=ended_on,
    )
    seat.full_clean()
    taken = CoordinationSeat.objects.current(seat.started_on).filter(working_group=working_group, pillar=seat.pillar)
    if taken.count() >= working_group.coordination_seats_per_pillar:
        raise MembersError(_("Every seat of this pillar is taken; end a term first."))
    seat.save()
    audit_record(action="members.coordination.seat_assigned", actor=actor, target=seat, working_group=working_group)
    roles_resync(user=representative.user, working_group=working_group)
    return seat


@transaction.atomic
def secretariat_term_change(
    *, term: SecretariatTerm, actor, staff: list | None = None, ended_on: date | None = None, reason: str = ""
) -> SecretariatTerm:
    """Change the staff of a Secretariat term, or the day it ends. Requires manage_roles.

    `staff=None` keeps the staff; `ended_on=None` keeps the end date. Those who join must be current
    representatives of the institution holding the term, and not the actor (`_check_staff`). Audited
    with who joined and left; their roles follow at once. A change that changes nothing records nothing.
    """
    term = SecretariatTerm.objects.select_for_update().select_related("working_group", "institution").get(pk=term.pk)
    working_group = term.working_group
    permissions.require(actor, "manage_roles", working_group)
    before = set(term.staff.all())
    after = before if staff is None else set(staff)
    _check_staff(working_group, term.institution, after - before, actor=actor, staff_now=before)
    new_end = term.ended_on if ended_on is None else ended_on
    if after == before and new_end == term.ended_on:
        return term
    if new_end is not None and new_end < term.started_on:
        raise MembersError(_("A term cannot end before it starts."))
    if new_end != term.ended_on:
        term.ended_on = new_end
        term.save(update_fields=["ended_on", "updated_at"])
    if after != before:
        term.staff.set(after)
    audit_record(
        action="members.secretariat.changed",
        actor=actor,
        target=term,
        working_group=working_group,
        reason=reason,
        staff_added=sorted(user.pk for user in after - before),
        staff_removed=sorted(user.pk for user in before - after),
        ended_on=new_end.isoformat() if new_end else None,
    )
    for user in before | after:
        roles_resync(user=user, working_group=working_group)
    return term


@transaction.atomic
def group_administrator_add(*, working_group: WorkingGroup, user, actor=None) -> GroupAdministrator:
    admin = GroupAdministrator.objects.create(working_group=working_group, user=user, started_on=working_group.today())
    audit_record(action="members.administrator.added", actor=actor, target=admin, working_group=working_group)
    roles_resync(user=user, working_group=working_group)
    return admin


@transaction.atomic
def coordination_seat_end(
    *, seat: CoordinationSeat, actor, ended_on: date | None = None, reason: str = ""
) -> CoordinationSeat:
    """End a Coordination Group term (the seat row stays as history)."""
    permissions.require(actor, "manage_roles", seat.working_group)
    ended_on = ended_on or seat.working_group.today()
    if seat.ended_on is not None and seat.ended_on < ended_on:
        raise MembersError(_("This term has already ended."))
    if ended_on < seat.started_on:
        raise MembersError(_("A term cannot end before it starts."))
    seat.ended_on = ended_on
    seat.save(update_fields=["ended_on", "updated_at"])
    audit_record(
        action="members.coordination.seat_ended",
        actor=actor,
        target=seat,
        working_group=seat.working_group,
        reason=reason,
    )
    roles_resync(user=seat.representative.user, working_group=seat.working_group)
    return seat


@transaction.atomic
def group_administrator_end(
    *, administrator: GroupAdministrator, actor=None, ended_on: date | None = None
) -> GroupAdministrator:
    """End a person's term as administrator of a group (the row stays as history); the role goes at once."""
    working_group = administrator.working_group
    ended_on = ended_on or working_group.today()
    if ended_on < administrator.started_on:
        raise MembersError(_("A term cannot end before it starts."))
    administrator.ended_on = ended_on
    administrator.save(update_fields=["ended_on", "updated_at"])
    audit_record(action="members.administrator.ended", actor=actor, target=administrator, working_group=working_group)
    roles_resync(user=administrator.user, working_group=working_group)
    return administrator
