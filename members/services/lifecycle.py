"""The member lifecycle: warn, suspend, reinstate, expel (a Coordination Group decision, the only way to
them) and withdraw (the member)."""

from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _

from vpwg import permissions
from vpwg.notify import notify
from vpwg.workflow import transition

from ..exceptions import MembersError
from ..models import CoordinationSeat, Membership, MembershipAction, MembershipStatusChange, Representative
from .core import _resync_membership

__all__ = [
    "membership_warn",
    "membership_suspend",
    "membership_reinstate",
    "membership_expel",
    "membership_withdraw",
]


def _record(
    membership: Membership, *, action: str, to_status: str, actor, reason: str, effective_on: date | None
) -> MembershipStatusChange:
    """Apply a lifecycle step: check ALLOWED, write history and audit, take effect on roles at once,
    tell the institution's representatives."""
    if not reason.strip():
        raise MembersError(_("Give the reasons for this decision."))
    from_status = membership.status
    changes_status = to_status != from_status  # a warning keeps the status
    if changes_status:
        transition(membership, to_status)
    effective_on = effective_on or membership.working_group.today()
    entry = MembershipStatusChange.objects.create(
        membership=membership,
        action=action,
        from_status=from_status,
        to_status=to_status,
        pillar=membership.pillar,
        effective_on=effective_on,
        reason=reason,
        actor=actor,
    )
    if changes_status:
        fields = ["status", "updated_at"]
        if to_status in Membership.ENDED:
            membership.ended_on = effective_on
            fields.append("ended_on")
            # An exit ends every representation and seat; the rows stay as history.
            seats = CoordinationSeat.objects.current().filter(representative__membership=membership)
            seats.update(ended_on=effective_on)
            membership.representatives.active().update(ended_on=effective_on)
        membership.save(update_fields=fields)
    # Those who represented it until today hear of it too (an exit has just ended their representation).
    representatives = Representative.objects.filter(membership=membership).select_related("user")
    representatives = representatives.filter(ended_on__isnull=True) | representatives.filter(ended_on=effective_on)
    notify(
        action=f"members.membership.{action}",
        actor=actor,
        target=membership,
        working_group=membership.working_group,
        recipients=[representative.user for representative in representatives],
        template="members/emails/membership_change",
        context={"membership": membership, "entry": entry, "working_group": membership.working_group},
        dedupe_key=f"membership-change:{entry.pk}",
        reason=reason,
        from_status=from_status,
        to_status=to_status,
    )
    _resync_membership(membership)
    return entry


def _locked(membership: Membership) -> Membership:
    """The membership row locked for this transaction."""
    return Membership.objects.select_for_update().select_related("working_group", "institution").get(pk=membership.pk)


def _decided(membership: Membership, adopted, kind: str) -> Membership:
    """The membership locked, if `adopted` is the Coordination Group's adopted decision of `kind` about it
    (members.services.decisions applies it); refused otherwise, whoever asks: nobody decides alone."""
    membership = _locked(membership)
    if adopted is None or not adopted.authorises(membership, kind):
        raise MembersError(_("This needs an adopted decision of the Coordination Group about this member."))
    return membership


# The four steps below are reached only through a Coordination Group decision (members.services.decisions
# calls them when a decision about the membership is adopted, or on its date): the reasons and the date
# are the decision's, and `actor` is whoever closed it (None: the periodic sweep).


@transaction.atomic
def membership_warn(*, membership: Membership, adopted=None, actor=None):
    """A warning to a member (status unchanged, recorded in the history)."""
    membership = _decided(membership, adopted, "warning")
    if not membership.is_participating:
        raise MembersError(_("Only a current member or observer can be warned."))
    return _record(
        membership,
        action=MembershipAction.WARNED,
        to_status=membership.status,
        actor=actor,
        reason=adopted.reason,
        effective_on=adopted.effective_on,
    )


@transaction.atomic
def membership_suspend(*, membership: Membership, adopted=None, actor=None):
    """A suspension: the member's representatives lose access at once."""
    membership = _decided(membership, adopted, "suspension")
    return _record(
        membership,
        action=MembershipAction.SUSPENDED,
        to_status=Membership.Status.SUSPENDED,
        actor=actor,
        reason=adopted.reason,
        effective_on=adopted.effective_on,
    )


@transaction.atomic
def membership_reinstate(*, membership: Membership, adopted=None, actor=None):
    """A suspension lifted: the member returns to the status it had before."""
    membership = _decided(membership, adopted, "reinstatement")
    if membership.status != Membership.Status.SUSPENDED:
        raise MembersError(_("Only a suspended membership can be reinstated."))
    previous = (
        membership.history.filter(to_status__in=Membership.PARTICIPATING)
        .order_by("-effective_on", "-pk")
        .values_list("to_status", flat=True)
        .first()
    ) or Membership.Status.MEMBER
    return _record(
        membership,
        action=MembershipAction.REINSTATED,
        to_status=previous,
        actor=actor,
        reason=adopted.reason,
        effective_on=adopted.effective_on,
    )


@transaction.atomic
def membership_expel(*, membership: Membership, adopted=None, actor=None):
    """An expulsion: representations and seats end, access ends at once."""
    membership = _decided(membership, adopted, "expulsion")
    return _record(
        membership,
        action=MembershipAction.EXPELLED,
        to_status=Membership.Status.EXPELLED,
        actor=actor,
        reason=adopted.reason,
        effective_on=adopted.effective_on,
    )


@transaction.atomic
def membership_withdraw(*, membership: Membership, actor, reason: str, effective_on: date | None = None):
    """A member leaves: its own representative decides, or the Secretariat records it for them."""
    membership = _locked(membership)
    own = Representative.objects.active().filter(membership=membership, user=actor).exists()
    if not own:
        permissions.require(actor, "manage_representatives", membership.working_group)
    return _record(
        membership,
        action=MembershipAction.WITHDREW,
        to_status=Membership.Status.WITHDRAWN,
        actor=actor,
        reason=reason,
        effective_on=effective_on,
    )
