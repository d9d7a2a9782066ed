"""The one way to write the audit trail."""

from django.db import models

from .kept import group_changed
from .models import AuditRecord


def audit_record(
    *, action: str, actor=None, target: models.Model | None = None, working_group=None, reason: str = "", **data
) -> AuditRecord:
    """Append a record. `action` is a dotted code (`members.membership.suspended`)."""
    group_changed(working_group)  # what the group keeps (waiting lists, statistics) is stale
    return AuditRecord.objects.create(
        working_group=working_group,
        actor=actor if actor is not None and actor.is_authenticated else None,
        action=action,
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        target_label=str(target)[:250] if target is not None else "",
        reason=reason,
        data=data,
    )
