"""Times and dates as people read them (issue 16): on the group's clock and labelled with it ("13:02
(Lima)" for an action at 18:02 UTC), in the reader's language, never numeric-only (03/10/2027)."""

import datetime
import zoneinfo
from types import SimpleNamespace

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import formats, timezone, translation

from members.models import UserProfile
from vpwg.audit import audit_record
from vpwg.circulation import stamp_lines
from vpwg.dates import day_text, group_time, moment_text, zone_label
from vpwg.models import AuditRecord
from vpwg.outbox import outbox_queue_email

LIMA = zoneinfo.ZoneInfo("America/Lima")
AT_18_02_UTC = datetime.datetime(2027, 3, 10, 18, 2, tzinfo=datetime.UTC)  # 13:02 in Lima


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("en", "10 March 2027, 13:02 (Lima)"),
        ("es", "10 de marzo de 2027, 13:02 (Lima)"),
        ("fr", "10 mars 2027, 13:02 (Lima)"),
    ],
)
def test_a_timestamp_reads_in_the_group_time_zone_and_says_which(lang, expected):
    with translation.override(lang), timezone.override(LIMA):
        assert Template("{{ moment|when }}").render(Context({"moment": AT_18_02_UTC})) == expected
        assert moment_text(AT_18_02_UTC) == expected


@pytest.mark.parametrize("lang", ["en", "es", "fr"])
def test_no_date_format_is_numeric_only(lang):
    """SHORT_DATE_FORMAT included: 03/10/2027 is March in one country and October in the next."""
    day = datetime.date(2027, 3, 10)
    with translation.override(lang):
        for name in ("DATE_FORMAT", "SHORT_DATE_FORMAT", "DATETIME_FORMAT", "SHORT_DATETIME_FORMAT"):
            text = formats.date_format(datetime.datetime(2027, 3, 10, 13, 2), name)
            assert "03" not in text and "/" not in text and "2027-" not in text, (name, text)
            assert any(month in text.lower() for month in ("mar", "mars", "marzo")), (name, text)
        assert day_text(day, short=True) in ("10 Mar 2027", "10 mar 2027", "10 mars 2027")


def test_an_evening_in_lima_stays_on_its_day():
    late = datetime.datetime(2027, 3, 11, 2, 30, tzinfo=datetime.UTC)  # 21:30 on the 10th in Lima
    with translation.override("en"):
        assert day_text(late, tz=LIMA) == "10 March 2027"
        with timezone.override(LIMA):
            assert Template('{{ moment|date:"DATE_FORMAT" }}').render(Context({"moment": late})) == "10 March 2027"


def test_zone_labels_name_the_city():
    assert zone_label(LIMA) == "Lima"
    assert zone_label(zoneinfo.ZoneInfo("America/Argentina/Buenos_Aires")) == "Buenos Aires"
    assert zone_label(zoneinfo.ZoneInfo("UTC")) == "UTC"


@pytest.mark.django_db
def test_a_group_page_shows_its_history_on_the_group_clock(client_as, world):
    """The audit trail of a Lima group: an action at 18:02 UTC reads 13:02 (Lima), not 18:02."""
    group = world["a"].group
    assert group.time_zone == "America/Lima"
    record = audit_record(action="tests.clock", actor=world["a"].users["secretariat"], working_group=group)
    AuditRecord.objects.filter(pk=record.pk).update(created_at=AT_18_02_UTC)
    client = client_as(world["a"].users["secretariat"])
    page = client.get(reverse("members:audit-trail", kwargs={"group_slug": group.slug}), HTTP_ACCEPT_LANGUAGE="en")
    body = page.content.decode()
    assert page.status_code == 200
    assert "10 Mar 2027, 13:02 (Lima)" in body
    assert "18:02" not in body


@pytest.mark.django_db
def test_an_email_gives_the_deadline_on_the_group_clock(world):
    group = world["a"].group
    member = world["a"].users["member"]
    UserProfile.objects.update_or_create(user=member, defaults={"language": "es"})
    decision = SimpleNamespace(get_kind_display="Admisión", subject_label="ONG Ejemplo", deadline=AT_18_02_UTC)
    message = outbox_queue_email(
        dedupe_key="tests:clock:deadline",
        recipient=member.email,
        template="members/emails/decision_reminder",
        context={"decision": decision, "working_group": group, "url": "https://example.org/"},
        working_group=group,
    )
    assert "10 de marzo de 2027, 13:02 (Lima)" in message.body_text
    assert "18:02" not in message.body_text


@pytest.mark.django_db
def test_the_copy_band_dates_the_copy_in_words(world):
    group_world = world["a"]
    with translation.override("en"):
        band = stamp_lines(group_world.users["member"], group_world.group, on=datetime.date(2027, 3, 10))
    assert band[0].endswith(" — 10 March 2027")


@pytest.mark.django_db
def test_a_date_typed_into_a_group_form_is_read_on_the_group_clock(world):
    """group_view activates the group's time zone: a deadline typed as 13:00 means 13:00 in Lima."""
    from members.decisions_forms import ProcedureForm

    with group_time(world["a"].group):
        data = {"title": "T", "text": "x", "deadline": "2027-03-10T13:00", "rule": "majority"}
        form = ProcedureForm(data={**data, "tally_visibility": "after_vote"})
        form.is_valid()
    assert form.cleaned_data["deadline"] == datetime.datetime(2027, 3, 10, 18, 0, tzinfo=datetime.UTC)


def test_a_time_alone_says_which_clock():
    with translation.override("es"), timezone.override(LIMA):
        assert Template('{{ moment|when:"time" }}').render(Context({"moment": AT_18_02_UTC})) == "13:02 (Lima)"
