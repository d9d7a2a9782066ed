"""Institutions belong to organisations: an embassy to its government, a country subsidiary to its group."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from vpwg import permissions
from vpwg.audit import audit_record

from ..exceptions import MembersError
from ..models import Institution, Membership, WorkingGroup
from .core import institution_find_or_create

__all__ = ["institution_set_parent"]


@transaction.atomic
def institution_set_parent(
    *,
    institution: Institution,
    parent: Institution | None,
    actor,
    working_group: WorkingGroup | None = None,
    new_parent_name: str = "",
) -> Institution:
    """Record the organisation `institution` belongs to (None: it belongs to none). With
    `new_parent_name`, the parent is the organisation of that name (no country), created if new, of the
    institution's kind.

    Requires a platform administrator, or manage_representatives (the Secretariat, the group's
    administrators) in `working_group`, a group the institution is a member of. Refuses the institution
    itself and any institution under it (a cycle) with MembersError. Writes an audit record when the
    parent changes; the same parent again changes nothing.
    """
    if not permissions.is_platform_admin(actor):
        if (
            working_group is None
            or not Membership.objects.filter(working_group=working_group, institution=institution).exists()
        ):
            raise PermissionDenied
        permissions.require(actor, "manage_representatives", working_group)
    institution = Institution.objects.select_for_update().get(pk=institution.pk)
    if new_parent_name.strip():
        parent = institution_find_or_create(name=new_parent_name, kind=institution.kind)
    before = institution.parent
    if (before.pk if before else None) == (parent.pk if parent else None):
        return institution
    institution.parent = parent
    try:
        institution.full_clean()
    except ValidationError as error:
        raise MembersError(" ".join(error.message_dict.get("parent", error.messages))) from error
    institution.save(update_fields=["parent", "updated_at"])
    audit_record(
        action="members.institution.parent_changed",
        actor=actor,
        target=institution,
        working_group=working_group,
        before=str(before) if before else "",
        after=str(parent) if parent else "",
        before_id=before.pk if before else None,
        after_id=parent.pk if parent else None,
    )
    return institution
