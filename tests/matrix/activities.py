"""Activities, outreach and statistics URLs. Objects are made on demand in the target group (A)."""

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile

from activities.models import SECTOR_FIELDS, ActivityAttachment
from tests.factories.activities import ActivityFactory, OutreachContactFactory

from . import Row, everyone, only

RUNNERS = {"secretariat", "admin"}
PDF = b"%PDF-1.4\n% matrix\n"


# Made afresh for each case (never cached on `world`): the matrix may build the groups once and
# roll each case back, which would leave a cached row pointing at nothing.


def _activity(world):
    return ActivityFactory(working_group=world.group)


def activity_kwargs(world):
    return {"activity_id": _activity(world).pk}


def _attachment(world):
    attachment = ActivityAttachment(activity=_activity(world), kind="agenda", original_name="agenda.pdf")
    attachment.file.save("agenda.pdf", ContentFile(PDF))
    return attachment


def _contact(world):
    return OutreachContactFactory(working_group=world.group)


def _activity_data(world):
    return {
        "type": "course",
        "title": "Training course for the National Police",
        "starts_on": "2025-06-02",
        "ends_on": "2025-06-04",
        "region": "Cusco",
        "organisers": [world.objects["company"].pk],
        "topics": ["use_of_force"],
        "version": 1,
        **{name: 0 for name in SECTOR_FIELDS},
        "participants_police": 40,
    }


def _outreach_data(world):
    return {
        "contacted_on": "2025-04-01",
        "institution_name": "SUCAMEC",
        "kind": "regulator",
        "purpose": "Discuss the draft law on private security companies.",
        "version": 1,
    }


ROWS = [
    Row("activities:index", everyone(200)),
    Row("activities:activity-create", only(RUNNERS)),
    Row("activities:activity-create", only(RUNNERS, 302), method="post", data=_activity_data),
    Row("activities:activity-detail", everyone(200), kwargs=activity_kwargs),
    Row("activities:activity-edit", only(RUNNERS), kwargs=activity_kwargs),
    Row("activities:activity-edit", only(RUNNERS, 302), kwargs=activity_kwargs, method="post", data=_activity_data),
    Row("activities:attachment-add", only(RUNNERS), kwargs=activity_kwargs),
    Row(
        "activities:attachment-add",
        only(RUNNERS, 302),
        kwargs=activity_kwargs,
        method="post",
        data=lambda world: {"kind": "agenda", "file": SimpleUploadedFile("agenda.pdf", PDF, "application/pdf")},
    ),
    Row(
        "activities:attachment-download",
        everyone(200),
        kwargs=lambda world: {"attachment_id": _attachment(world).pk},
    ),
    Row("activities:outreach", everyone(200)),
    Row("activities:outreach-create", only(RUNNERS)),
    Row("activities:outreach-create", only(RUNNERS, 302), method="post", data=_outreach_data),
    Row("activities:outreach-edit", only(RUNNERS), kwargs=lambda world: {"contact_id": _contact(world).pk}),
    Row(
        "activities:outreach-edit",
        only(RUNNERS, 302),
        kwargs=lambda world: {"contact_id": _contact(world).pk},
        method="post",
        data=_outreach_data,
    ),
    Row("activities:statistics", everyone(200)),
    Row("activities:statistics-csv", everyone(200), kwargs=lambda world: {"chart": "participants-by-sector"}),
]
