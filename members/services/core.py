"""Every change to groups, memberships, representatives and roles goes through here."""

import secrets
from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from vpwg import permissions
from vpwg.audit import audit_record
from vpwg.outbox import absolute_url, outbox_queue_email
from vpwg.permissions import Role

from ..exceptions import InvitationUnavailable, MembersError
from ..models import (
    CoordinationSeat,
    GroupAdministrator,
    Institution,
    Invitation,
    Membership,
    MembershipStatusChange,
    Representative,
    SecretariatTerm,
    WorkingGroup,
)

User = get_user_model()


# --- roles ---------------------------------------------------------------------------------


def roles_derive(*, user, working_group: WorkingGroup, on: date | None = None) -> set:
    """The roles the data gives `user` in `working_group` today (terms, seats, representations)."""
    on = on or working_group.today()
    roles = set()
    if SecretariatTerm.objects.current(on).filter(working_group=working_group, staff=user).exists():
        roles.add(Role.SECRETARIAT)
    if GroupAdministrator.objects.current(on).filter(working_group=working_group, user=user).exists():
        roles.add(Role.ADMIN)
    representation = (
        Representative.objects.active()
        .filter(user=user, working_group=working_group, membership__status__in=Membership.PARTICIPATING)
        .select_related("membership")
        .first()
    )
    if representation is not None:
        roles.add(Role.MEMBER if representation.membership.status == Membership.Status.MEMBER else Role.OBSERVER)
        if CoordinationSeat.objects.current(on).filter(representative=representation).exists():
            roles.add(Role.COORDINATION)
    return roles


def roles_resync(*, user, working_group: WorkingGroup) -> None:
    """Bring `user`'s Django groups for `working_group` in line with the data, auditing changes."""
    added, removed = permissions.set_roles(user, working_group, roles_derive(user=user, working_group=working_group))
    if added or removed:
        audit_record(
            action="members.roles.changed",
            target=user,
            working_group=working_group,
            added=sorted(added),
            removed=sorted(removed),
        )


def roles_resync_all() -> None:
    """Re-derive every role everywhere (nightly: terms begin and end on dates)."""
    for working_group in WorkingGroup.objects.all():
        user_ids = (
            set(Representative.objects.filter(working_group=working_group).values_list("user_id", flat=True))
            | set(SecretariatTerm.objects.filter(working_group=working_group).values_list("staff", flat=True))
            | set(GroupAdministrator.objects.filter(working_group=working_group).values_list("user_id", flat=True))
            | set(User.objects.filter(groups__name__startswith=f"{working_group.slug}:").values_list("pk", flat=True))
        )
        for user in User.objects.filter(pk__in=user_ids - {None}):
            roles_resync(user=user, working_group=working_group)


def _resync_membership(membership: Membership) -> None:
    for representative in membership.representatives.select_related("user"):
        roles_resync(user=representative.user, working_group=membership.working_group)


# --- groups and institutions ------------------------------------------------------------------


@transaction.atomic
def working_group_create(*, slug: str, name: str, country: str, actor=None, **settings_fields) -> WorkingGroup:
    """Create a group and its role groups with their capabilities."""
    working_group = WorkingGroup(slug=slug, name=name, country=country, **settings_fields)
    working_group.full_clean()
    working_group.save()
    permissions.sync_group_capabilities(working_group)
    audit_record(action="members.group.created", actor=actor, target=working_group, working_group=working_group)
    return working_group


@transaction.atomic
def membership_admit(
    *,
    working_group: WorkingGroup,
    institution: Institution,
    pillar: str,
    status: str = Membership.Status.MEMBER,
    joined_on: date | None = None,
    actor=None,
    reason: str = "",
) -> Membership:
    """Add `institution` to the group as member or observer, starting its history."""
    if status not in Membership.PARTICIPATING:
        raise MembersError(_("An institution joins as a member or an observer."))
    if Membership.objects.filter(working_group=working_group, institution=institution).exists():
        raise MembersError(_("%(institution)s already has a membership in this group.") % {"institution": institution})
    joined_on = joined_on or working_group.today()
    membership = Membership(
        working_group=working_group, institution=institution, pillar=pillar, status=status, joined_on=joined_on
    )
    membership.full_clean()
    membership.save()
    MembershipStatusChange.objects.create(
        membership=membership,
        from_status="",
        to_status=status,
        pillar=pillar,
        effective_on=joined_on,
        reason=reason,
        actor=actor,
    )
    audit_record(
        action="members.membership.admitted",
        actor=actor,
        target=membership,
        working_group=working_group,
        reason=reason,
        status=status,
        pillar=pillar,
    )
    return membership


# --- representatives and invitations -----------------------------------------------------------


@transaction.atomic
def representative_invite(
    *, membership: Membership, email: str, first_name: str, last_name: str, role: str, job_title: str = "", actor
) -> Invitation:
    """Secretariat invites a person to represent `membership`; the e-mail link lets them set a password."""
    permissions.require(actor, "manage_representatives", membership.working_group)
    return invitation_create(
        membership=membership,
        email=email,
        first_name=first_name,
        last_name=last_name,
        role=role,
        job_title=job_title,
        invited_by=actor,
    )


def invitation_create(
    *,
    membership: Membership,
    email: str,
    first_name: str,
    last_name: str,
    role: str,
    job_title: str = "",
    invited_by=None,
) -> Invitation:
    """Create an invitation and queue its e-mail. Callers check who may invite (an admission invites too)."""
    if not membership.is_participating:
        raise MembersError(_("Only current members and observers can have representatives invited."))
    email = email.strip().lower()
    if (
        Representative.objects.active()
        .filter(working_group=membership.working_group, user__email__iexact=email)
        .exists()
    ):
        raise MembersError(_("This person already represents an institution in this group."))
    invitation = Invitation.objects.create(
        token=secrets.token_urlsafe(32),
        email=email,
        first_name=first_name.strip(),
        last_name=last_name.strip(),
        membership=membership,
        role=role,
        job_title=job_title,
        invited_by=invited_by,
        expires_at=timezone.now() + timedelta(days=Invitation.VALID_DAYS),
    )
    audit_record(
        action="members.representative.invited",
        actor=invited_by,
        target=invitation,
        working_group=membership.working_group,
        email=email,
        role=role,
    )
    outbox_queue_email(
        dedupe_key=f"invitation:{invitation.pk}",
        recipient=email,
        template="members/emails/invitation",
        context={
            "invitation": invitation,
            "working_group": membership.working_group,
            "accept_url": absolute_url("invitations:accept", invitation.token),
        },
        working_group=membership.working_group,
        language=membership.working_group.language,
    )
    return invitation


def invitation_for_token(token: str) -> Invitation:
    """The invitation behind a link, or an InvitationUnavailable saying why it cannot be used."""
    invitation = (
        Invitation.objects.select_related("membership__working_group", "membership__institution")
        .filter(token=token)
        .first()
    )
    if invitation is None:
        raise InvitationUnavailable(_("This invitation link is not valid."))
    if invitation.accepted_at is not None:
        raise InvitationUnavailable(_("This invitation has already been used. Sign in with your e-mail and password."))
    if invitation.is_expired:
        raise InvitationUnavailable(_("This invitation has expired. Ask the Secretariat for a new one."))
    if not invitation.membership.is_participating:
        raise InvitationUnavailable(_("This invitation is no longer valid."))
    return invitation


@transaction.atomic
def invitation_accept(*, token: str, password: str | None) -> Representative:
    """Use an invitation: create (or reuse) the account, set its password, start representing.

    Refuses a second use and an expired link. An existing account keeps its password.
    """
    Invitation.objects.select_for_update().filter(token=token).first()  # serialise two clicks on one link
    invitation = invitation_for_token(token)
    user = User.objects.filter(email__iexact=invitation.email).first()
    if user is None:
        if not password:
            raise MembersError(_("Choose a password."))
        user = User(
            username=_unique_username(invitation.email),
            email=invitation.email,
            first_name=invitation.first_name,
            last_name=invitation.last_name,
        )
        user.set_password(password)
        user.save()
    representative = representative_add(
        membership=invitation.membership,
        user=user,
        role=invitation.role,
        job_title=invitation.job_title,
        actor=invitation.invited_by,
        audit_action="members.representative.joined",
    )
    invitation.accepted_at = timezone.now()
    invitation.representative = representative
    invitation.save(update_fields=["accepted_at", "representative", "updated_at"])
    return representative


def _unique_username(email: str) -> str:
    base = email.split("@")[0][:120] or "user"
    candidate, n = base, 1
    while User.objects.filter(username=candidate).exists():
        n += 1
        candidate = f"{base}{n}"
    return candidate


@transaction.atomic
def representative_add(
    *,
    membership: Membership,
    user,
    role: str,
    job_title: str = "",
    started_on: date | None = None,
    actor=None,
    audit_action: str = "members.representative.added",
) -> Representative:
    """Make `user` a representative of `membership`. A new principal turns the old one into an alternate."""
    working_group = membership.working_group
    if (
        Representative.objects.active()
        .filter(user=user, working_group=working_group)
        .exclude(membership=membership)
        .exists()
    ):
        raise MembersError(_("A person represents only one institution in a group."))
    started_on = started_on or working_group.today()
    if role == Representative.Role.PRINCIPAL:
        membership.representatives.active().filter(role=Representative.Role.PRINCIPAL).exclude(user=user).update(
            role=Representative.Role.ALTERNATE
        )
    existing = membership.representatives.active().filter(user=user).first()
    if existing:
        existing.role = role
        existing.job_title = job_title or existing.job_title
        existing.save(update_fields=["role", "job_title", "updated_at"])
        representative = existing
    else:
        representative = Representative(
            user=user,
            membership=membership,
            working_group=working_group,
            role=role,
            job_title=job_title,
            started_on=started_on,
        )
        representative.full_clean()
        representative.save()
    audit_record(action=audit_action, actor=actor, target=representative, working_group=working_group, role=role)
    roles_resync(user=user, working_group=working_group)
    return representative


@transaction.atomic
def representative_change_role(*, representative: Representative, role: str, actor) -> Representative:
    """Make a representative principal or alternate; a new principal turns the previous one into an alternate."""
    permissions.require(actor, "manage_representatives", representative.working_group)
    if representative.ended_on is not None:
        raise MembersError(_("This representative has been removed."))
    return representative_add(
        membership=representative.membership,
        user=representative.user,
        role=role,
        actor=actor,
        audit_action="members.representative.role_changed",
    )


@transaction.atomic
def representative_remove(*, representative: Representative, actor, reason: str = "") -> Representative:
    """End a representation (the row stays as history) and withdraw the person's roles at once."""
    permissions.require(actor, "manage_representatives", representative.working_group)
    if representative.ended_on is not None:
        raise MembersError(_("This representative has already been removed."))
    representative.ended_on = representative.working_group.today()
    representative.save(update_fields=["ended_on", "updated_at"])
    CoordinationSeat.objects.current().filter(representative=representative).update(ended_on=representative.ended_on)
    audit_record(
        action="members.representative.removed",
        actor=actor,
        target=representative,
        working_group=representative.working_group,
        reason=reason,
    )
    roles_resync(user=representative.user, working_group=representative.working_group)
    return representative


# --- management levels --------------------------------------------------------------------------


@transaction.atomic
def secretariat_term_start(
    *, working_group: WorkingGroup, institution: Institution, staff: list, started_on: date | None = None, actor=None
) -> SecretariatTerm:
    """Hand the Secretariat to `institution`; the previous term ends the day before.

    `actor=None` is the system (demo data); people need manage_roles.
    """
    if actor is not None:
        permissions.require(actor, "manage_roles", working_group)
    started_on = started_on or working_group.today()
    previous = list(SecretariatTerm.objects.current(started_on).filter(working_group=working_group))
    for term in previous:
        term.ended_on = started_on - timedelta(days=1)
        term.save(update_fields=["ended_on", "updated_at"])
    term = SecretariatTerm.objects.create(working_group=working_group, institution=institution, started_on=started_on)
    term.staff.set(staff)
    audit_record(action="members.secretariat.started", actor=actor, target=term, working_group=working_group)
    for user in {u for t in previous for u in t.staff.all()} | set(staff):
        roles_resync(user=user, working_group=working_group)
    return term


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
def group_administrator_add(*, working_group: WorkingGroup, user, actor=None) -> GroupAdministrator:
    admin = GroupAdministrator.objects.create(working_group=working_group, user=user, started_on=working_group.today())
    audit_record(action="members.administrator.added", actor=actor, target=admin, working_group=working_group)
    roles_resync(user=user, working_group=working_group)
    return admin


def institution_find_or_create(*, name: str, kind: str, country: str = "", acronym: str = "") -> Institution:
    """The institution with this name (case-insensitive) in this country, created if new."""
    institution = Institution.objects.filter(Q(name__iexact=name.strip()), Q(country__iexact=country.strip())).first()
    if institution is None:
        institution = Institution(name=name.strip(), kind=kind, country=country.strip(), acronym=acronym.strip())
        institution.full_clean()
        institution.save()
    return institution


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
