"""The charter: the group's rules are its settings; every change is a recorded decision."""

from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _

from vpwg import permissions
from vpwg.audit import audit_record

from ..exceptions import MembersError
from ..models import CharterChange, WorkingGroup

__all__ = ["CHARTER_FIELDS", "charter_change", "charter_change_record"]

# The group settings that make up its working rules, in the order the charter shows them.
CHARTER_FIELDS = [
    "objectives",
    "meeting_cadence_months",
    "plenary_length_minutes",
    "chatham_house_rule",
    "minutes_approval_rule",
    "max_unexcused_absences",
    "requires_annual_member_reports",
    "member_report_due_days",
    "membership_criteria",
    "application_review_days",
    "coordination_seats_per_pillar",
    "observers_may_propose_members",
    "require_mfa_for_privileged",
    "session_idle_minutes",
    "working_rules",
]


@transaction.atomic
def charter_change(
    *, working_group: WorkingGroup, actor, changes: dict, reason: str, decided_on: date | None = None
) -> list[CharterChange]:
    """Change rules of the group. One CharterChange row per field that really changes."""
    working_group = WorkingGroup.objects.select_for_update().get(pk=working_group.pk)
    permissions.require(actor, "manage_settings", working_group)
    if not reason.strip():
        raise MembersError(_("Record the decision and its reason."))
    unknown = set(changes) - set(CHARTER_FIELDS)
    if unknown:
        raise MembersError(_("Not a rule of the charter: %(fields)s") % {"fields": ", ".join(sorted(unknown))})
    decided_on = decided_on or working_group.today()
    rows = []
    for field, new_value in changes.items():
        old_value = getattr(working_group, field)
        if old_value == new_value:
            continue
        setattr(working_group, field, new_value)
        rows.append(
            CharterChange(
                working_group=working_group,
                field=field,
                old_value=str(old_value),
                new_value=str(new_value),
                reason=reason,
                decided_on=decided_on,
                actor=actor,
            )
        )
    if not rows:
        return []
    working_group.full_clean()
    working_group.save()
    CharterChange.objects.bulk_create(rows)
    audit_record(
        action="members.charter.changed",
        actor=actor,
        target=working_group,
        working_group=working_group,
        reason=reason,
        fields=[row.field for row in rows],
    )
    return rows


def charter_change_record(
    *, working_group: WorkingGroup, actor, field: str, old_value, new_value, reason: str, decided_on: date | None = None
) -> CharterChange:
    """Record one charter decision made elsewhere (a decision rule, sharing figures with a network): the
    CharterChange row and the members.charter.changed audit. The caller has locked its row, checked
    manage_settings and the reason, and made the change, inside its own transaction."""
    change = CharterChange.objects.create(
        working_group=working_group,
        field=field,
        old_value=str(old_value),
        new_value=str(new_value),
        reason=reason,
        decided_on=decided_on or working_group.today(),
        actor=actor,
    )
    audit_record(
        action="members.charter.changed",
        actor=actor,
        target=working_group,
        working_group=working_group,
        reason=reason,
        fields=[change.field],
    )
    return change
