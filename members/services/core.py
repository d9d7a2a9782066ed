"""Roles derived from the data, working groups, institutions and admissions."""

from datetime import date

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from vpwg import permissions
from vpwg.audit import audit_record
from vpwg.permissions import Role

from ..aliases import ordinary_word_check
from ..exceptions import MembersError
from ..models import (
    CoordinationSeat,
    GroupAdministrator,
    Institution,
    Membership,
    MembershipStatusChange,
    Representative,
    SecretariatTerm,
    WorkingGroup,
    normalise_aliases,
)

__all__ = [
    "roles_derive",
    "roles_resync",
    "roles_resync_all",
    "working_group_create",
    "membership_admit",
    "institution_find_or_create",
    "institution_set_aliases",
]

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


def institution_find_or_create(*, name: str, kind: str, country: str = "", acronym: str = "") -> Institution:
    """The institution with this name (case-insensitive) in this country, created if new."""
    institution = Institution.objects.filter(Q(name__iexact=name.strip()), Q(country__iexact=country.strip())).first()
    if institution is None:
        institution = Institution(name=name.strip(), kind=kind, country=country.strip(), acronym=acronym.strip())
        institution.full_clean()
        institution.save()
    return institution


@transaction.atomic
def institution_set_aliases(*, institution: Institution, aliases, actor=None, working_group=None) -> list[str]:
    """Record an institution's other names (a list, or a text with one name per line), which the
    non-attribution check looks for in every group the institution belongs to.

    Requires manage_representatives in `working_group` (the Secretariat and the group's administrators)
    when an actor is given (the demo loader passes none). Empty lines are dropped and duplicates merged;
    a one-letter alias raises ValidationError. Returns the warnings for aliases that are also ordinary
    words of the group's language (matched only when capitalised). Records an audit event when the list
    changes; the same list again changes nothing.
    """
    if actor is not None:
        permissions.require(actor, "manage_representatives", working_group)
    languages = (working_group.language,) if working_group is not None else ("es", "en", "fr")
    cleaned, warnings = normalise_aliases(aliases, is_ordinary_word=ordinary_word_check(languages))
    institution = Institution.objects.select_for_update().get(pk=institution.pk)
    if cleaned != list(institution.aliases or []):
        before = list(institution.aliases or [])
        institution.aliases = cleaned
        institution.full_clean()
        institution.save(update_fields=["aliases", "updated_at"])
        audit_record(
            action="members.institution.aliases_changed",
            actor=actor,
            target=institution,
            working_group=working_group,
            before=before,
            after=cleaned,
        )
    return warnings
