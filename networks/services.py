"""Every change to networks: groups joining, their charter decision to share figures, network staff."""

from datetime import date

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from members.models import CharterChange, WorkingGroup
from members.services import charter_change_record
from vpwg import permissions
from vpwg.audit import audit_record

from .exceptions import NetworksError
from .models import Network, NetworkGroup

__all__ = ["network_group_add", "network_sharing_change", "network_staff_set"]


def _require_platform_admin(actor) -> None:
    if not permissions.is_platform_admin(actor):
        raise PermissionDenied


@transaction.atomic
def network_group_add(*, network: Network, working_group: WorkingGroup, actor) -> NetworkGroup:
    """Put a working group in a network (platform administrators). It shares nothing until its charter
    says so (network_sharing_change). Idempotent: the existing row is returned."""
    _require_platform_admin(actor)
    row, created = NetworkGroup.objects.get_or_create(network=network, working_group=working_group)
    if created:
        audit_record(action="networks.group.added", actor=actor, target=network, working_group=working_group)
    return row


@transaction.atomic
def network_sharing_change(
    *, row: NetworkGroup, shares_figures: bool, actor, reason: str, decided_on: date | None = None
) -> CharterChange | None:
    """The group's charter decision to share its figures with the network, or to stop: requires
    manage_settings in the group and a reason, recorded as a CharterChange (as the charter's other
    rules) with an audit record. Returns the change, or None when the value is already so. A group that
    stops sharing leaves the network's pages at once (they read this row on every request)."""
    row = NetworkGroup.objects.select_for_update().select_related("network", "working_group").get(pk=row.pk)
    working_group = row.working_group
    permissions.require(actor, "manage_settings", working_group)
    if not reason.strip():
        raise NetworksError(_("Record the decision and its reason."))
    if row.shares_figures == shares_figures:
        return None
    old = row.shares_figures
    row.shares_figures = shares_figures
    row.save(update_fields=["shares_figures", "updated_at"])
    return charter_change_record(
        working_group=working_group,
        actor=actor,
        field=f"network.{row.network.slug}.shares_figures",
        old_value=old,
        new_value=shares_figures,
        reason=reason,
        decided_on=decided_on,
    )


@transaction.atomic
def network_staff_set(*, network: Network, user, staff: bool, actor) -> bool:
    """Grant or withdraw the network staff role (platform administrators). Audited when it changes."""
    _require_platform_admin(actor)
    changed = permissions.set_network_staff(user, network.slug, staff)
    if changed:
        audit_record(
            action="networks.staff.granted" if staff else "networks.staff.withdrawn",
            actor=actor,
            target=network,
            user=user.pk,
        )
    return changed
