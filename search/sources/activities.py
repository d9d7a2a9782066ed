"""Activities, their attachments (documents) and the outreach log: everyone in the group sees them."""

from __future__ import annotations

from activities.models import Activity, ActivityAttachment, OutreachContact

from ..models import Kind
from . import Entry, Source, group_url, plain

GROUP = "group"


def build_activity(activity: Activity) -> list[Entry]:
    body = plain(
        activity.get_type_display(),
        activity.description,
        activity.place,
        activity.region,
        ", ".join(m.institution.name for m in activity.organisers.all()),
        ", ".join(i.name for i in activity.partner_institutions.all()),
        activity.partners_other,
        ", ".join(i.name for i in activity.funder_institutions.all()),
        activity.funders_other,
        ", ".join(activity.topic_labels()),
        activity.topics_other,
    )
    url = group_url("activities:activity-detail", activity.working_group, activity_id=activity.pk)
    return [Entry(Kind.ACTIVITY, GROUP, activity.title, body, url, activity.starts_on.year)]


def build_attachment(attachment: ActivityAttachment) -> list[Entry]:
    activity = attachment.activity
    title = attachment.original_name or attachment.file.name.rsplit("/", 1)[-1]
    body = plain(attachment.get_kind_display(), activity.title)
    url = group_url("activities:attachment-download", activity.working_group, attachment_id=attachment.pk)
    return [Entry(Kind.DOCUMENT, GROUP, title, body, url, activity.starts_on.year)]


def build_outreach(contact: OutreachContact) -> list[Entry]:
    body = plain(
        contact.get_kind_display(),
        contact.purpose,
        contact.outcome,
        ", ".join(m.institution.name for m in contact.members_involved.all()),
    )
    url = group_url("activities:outreach", contact.working_group)
    return [Entry(Kind.OUTREACH, GROUP, contact.institution_name, body, url, contact.contacted_on.year)]


def _activities():
    return Activity.objects.select_related("working_group").prefetch_related(
        "organisers__institution", "partner_institutions", "funder_institutions"
    )


def _attachments():
    return ActivityAttachment.objects.select_related("activity__working_group")


SOURCES = [
    Source(
        model=Activity,
        build=build_activity,
        queryset=_activities,
        group_path="working_group",
        m2m=(
            Activity.organisers.through,
            Activity.partner_institutions.through,
            Activity.funder_institutions.through,
        ),
    ),
    Source(
        model=ActivityAttachment,
        build=build_attachment,
        queryset=_attachments,
        group_path="activity__working_group",
        follows={Activity: "activity"},
    ),
    Source(
        model=OutreachContact,
        build=build_outreach,
        queryset=lambda: OutreachContact.objects.select_related("working_group").prefetch_related(
            "members_involved__institution"
        ),
        group_path="working_group",
        m2m=(OutreachContact.members_involved.through,),
    ),
]

AUDIENCES = {GROUP: lambda access: access.can("view_group")}
