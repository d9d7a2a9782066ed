"""Representatives of member institutions and the invitations that make them."""

import secrets
from datetime import date, timedelta

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from vpwg import permissions
from vpwg.audit import audit_record
from vpwg.outbox import absolute_url, outbox_queue_email

from ..exceptions import InvitationUnavailable, MembersError
from ..models import CoordinationSeat, Invitation, Membership, Representative
from .core import roles_resync

__all__ = [
    "representative_invite",
    "representative_appoint",
    "invitation_create",
    "refuse_self_representation",
    "invitation_for_token",
    "invitation_accept",
    "representative_add",
    "representative_change_role",
    "representative_remove",
]

User = get_user_model()


@transaction.atomic
def representative_invite(
    *, membership: Membership, email: str, first_name: str, last_name: str, role: str, job_title: str = "", actor
) -> Invitation:
    """Secretariat invites a person to represent `membership`; the e-mail link lets them set a password.

    Requires manage_representatives. Nobody invites themselves (their account's e-mail): see
    `refuse_self_representation`.
    """
    permissions.require(actor, "manage_representatives", membership.working_group)
    refuse_self_representation(actor, email=email)
    return invitation_create(
        membership=membership,
        email=email,
        first_name=first_name,
        last_name=last_name,
        role=role,
        job_title=job_title,
        invited_by=actor,
    )


@transaction.atomic
def representative_appoint(*, membership: Membership, user, role: str, job_title: str = "", actor) -> Representative:
    """The Secretariat makes a person who already has an account a representative of `membership`.

    Requires manage_representatives and a current member or observer; no invitation e-mail is sent.
    Nobody appoints themselves (`refuse_self_representation`).
    """
    membership = Membership.objects.select_for_update().select_related("working_group").get(pk=membership.pk)
    permissions.require(actor, "manage_representatives", membership.working_group)
    refuse_self_representation(actor, user=user)
    if not membership.is_participating:
        raise MembersError(_("Only current members and observers can have representatives."))
    return representative_add(membership=membership, user=user, role=role, job_title=job_title, actor=actor)


def refuse_self_representation(actor, *, email: str = "", user=None) -> None:
    """Nobody makes themselves a representative, not even an administrator of the group.

    A representative reads circulated minutes and may join the Secretariat; an administrator (who
    holds manage_representatives but reads no minutes) must not be able to give that to themselves.
    Another person records it: the Secretariat, or another administrator of the group. Refuses an
    invitation to the actor's own e-mail addresses and an appointment of the actor's own account;
    `actor=None` (the system: demo data, an admission) is not a person and is not refused.
    """
    if actor is None:
        return
    own = user is not None and user.pk == actor.pk
    if email and not own:
        addresses = {actor.email.strip().lower()} | {
            address.lower() for address in EmailAddress.objects.filter(user=actor).values_list("email", flat=True)
        }
        own = email.strip().lower() in addresses
    if own:
        raise MembersError(
            _(
                "You cannot make yourself a representative of an institution: the Secretariat "
                "or another administrator of the group records it."
            )
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
    language: str = "",
) -> Invitation:
    """Create an invitation and queue its e-mail, in `language` (an admitted applicant's: the form they
    used) else the group's. Callers check who may invite (an admission invites too)."""
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
        language=language or membership.working_group.language,
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
    if user is not None and invitation.invited_by_id == user.pk:  # an address changed to the invited one
        refuse_self_representation(invitation.invited_by, user=user)
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
