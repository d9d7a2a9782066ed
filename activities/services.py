"""Every write to activities, their attachments and the outreach log."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from members.models import WorkingGroup
from vpwg import permissions
from vpwg.audit import audit_record

from .exceptions import ActivitiesError, StaleEdit
from .models import SECTOR_FIELDS, Activity, ActivityAttachment, OutreachContact

ACTIVITY_FIELDS = (
    "type",
    "title",
    "description",
    "starts_on",
    "ends_on",
    "place",
    "region",
    "partners_other",
    "funders_other",
    "topics",
    "topics_other",
    "task",
    *SECTOR_FIELDS,
)
ACTIVITY_RELATIONS = ("organisers", "partner_institutions", "funder_institutions")


def _check_activity(activity: Activity, relations: dict) -> None:
    if activity.starts_on and activity.ends_on and activity.ends_on < activity.starts_on:
        raise ActivitiesError(_("An activity cannot end before it starts."))
    if activity.task_id and activity.task.work_plan.working_group_id != activity.working_group_id:
        raise ActivitiesError(_("The work plan task belongs to another working group."))
    for membership in relations.get("organisers", ()):
        if membership.working_group_id != activity.working_group_id:
            raise ActivitiesError(_("Organisers must be member institutions of this working group."))
    try:
        activity.full_clean(exclude=["participants_total"])
    except ValidationError as error:
        raise ActivitiesError(" ".join(error.messages))


def _set_relations(activity: Activity, relations: dict) -> None:
    for name in ACTIVITY_RELATIONS:
        if name in relations:
            getattr(activity, name).set(relations[name])


@transaction.atomic
def activity_create(*, working_group: WorkingGroup, actor, **fields) -> Activity:
    """Record an activity. Requires manage_activities."""
    permissions.require(actor, "manage_activities", working_group)
    relations = {name: fields.pop(name) for name in ACTIVITY_RELATIONS if name in fields}
    activity = Activity(
        working_group=working_group, recorded_by=actor, **{k: v for k, v in fields.items() if k in ACTIVITY_FIELDS}
    )
    _check_activity(activity, relations)
    activity.save()
    _set_relations(activity, relations)
    audit_record(action="activities.activity.created", actor=actor, target=activity, working_group=working_group)
    return activity


@transaction.atomic
def activity_update(*, activity: Activity, actor, version: int, **fields) -> Activity:
    """Edit an activity. Requires manage_activities; refuses an edit based on an older version."""
    activity = Activity.objects.select_for_update().get(pk=activity.pk)
    permissions.require(actor, "manage_activities", activity.working_group)
    if activity.version != version:
        raise StaleEdit(_("Someone else changed this activity while you were editing it. Reload it and try again."))
    relations = {name: fields.pop(name) for name in ACTIVITY_RELATIONS if name in fields}
    for name, value in fields.items():
        if name in ACTIVITY_FIELDS:
            setattr(activity, name, value)
    _check_activity(activity, relations)
    activity.version += 1
    activity.save()
    activity.refresh_from_db(fields=["participants_total"])
    _set_relations(activity, relations)
    audit_record(
        action="activities.activity.updated", actor=actor, target=activity, working_group=activity.working_group
    )
    return activity


@transaction.atomic
def activity_attachment_add(*, activity: Activity, actor, file, kind: str) -> ActivityAttachment:
    """Attach an agenda, photo or material. Requires manage_activities; the file was checked by content."""
    permissions.require(actor, "manage_activities", activity.working_group)
    attachment = ActivityAttachment(
        activity=activity, kind=kind, file=file, original_name=file.name[:200], uploaded_by=actor
    )
    try:
        attachment.full_clean()
    except ValidationError as error:
        raise ActivitiesError(" ".join(error.messages))
    attachment.save()
    audit_record(
        action="activities.attachment.added", actor=actor, target=attachment, working_group=activity.working_group
    )
    return attachment


OUTREACH_FIELDS = ("contacted_on", "institution_name", "kind", "purpose", "outcome", "follow_up_on")


def _check_outreach(contact: OutreachContact, members) -> None:
    if contact.follow_up_on and contact.contacted_on and contact.follow_up_on < contact.contacted_on:
        raise ActivitiesError(_("The follow-up date cannot be before the contact."))
    for membership in members:
        if membership.working_group_id != contact.working_group_id:
            raise ActivitiesError(_("Members involved must be member institutions of this working group."))
    try:
        contact.full_clean()
    except ValidationError as error:
        raise ActivitiesError(" ".join(error.messages))


@transaction.atomic
def outreach_create(*, working_group: WorkingGroup, actor, members_involved=(), **fields) -> OutreachContact:
    """Log a contact with an outside institution. Requires manage_activities."""
    permissions.require(actor, "manage_activities", working_group)
    contact = OutreachContact(
        working_group=working_group, recorded_by=actor, **{k: v for k, v in fields.items() if k in OUTREACH_FIELDS}
    )
    _check_outreach(contact, members_involved)
    contact.save()
    contact.members_involved.set(members_involved)
    audit_record(action="activities.outreach.created", actor=actor, target=contact, working_group=working_group)
    return contact


@transaction.atomic
def outreach_update(*, contact: OutreachContact, actor, version: int, members_involved=(), **fields) -> OutreachContact:
    """Record the outcome or a new follow-up date. Refuses an edit based on an older version."""
    contact = OutreachContact.objects.select_for_update().get(pk=contact.pk)
    permissions.require(actor, "manage_activities", contact.working_group)
    if contact.version != version:
        raise StaleEdit(_("Someone else changed this entry while you were editing it. Reload it and try again."))
    for name, value in fields.items():
        if name in OUTREACH_FIELDS:
            setattr(contact, name, value)
    _check_outreach(contact, members_involved)
    contact.version += 1
    contact.save()
    contact.members_involved.set(members_involved)
    audit_record(action="activities.outreach.updated", actor=actor, target=contact, working_group=contact.working_group)
    return contact
