"""The long lists kept between writes in the group (vpwg.kept, issue 18): the activity list and the audit
trail are the same for every reader, the minutes list is each reader's own; a write in the group renews
them at once. A local-memory cache stands in for production's Redis (the kept_cache fixture)."""

from datetime import date

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from minutes.models import Minutes
from tests.factories.activities import ActivityFactory
from tests.factories.minutes import MinutesFactory
from vpwg.audit import audit_record

pytestmark = pytest.mark.django_db(transaction=True)  # what is read inside a transaction is never kept


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _reads(client, url, table, **query):
    """The page's text and how many of its queries read `table`."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, query)
    assert response.status_code == 200
    return response.text, sum(f'FROM "{table}"' in q["sql"] for q in queries.captured_queries)


def test_the_activity_list_is_kept_per_query_until_a_write(world, kept_cache):
    a = world["a"]
    ActivityFactory(working_group=a.group, title="Taller en Arequipa", starts_on=date(2026, 5, 4))
    url = reverse("activities:index", args=[a.group.slug])
    member, secretariat = _client(a.users["member"]), _client(a.users["secretariat"])
    audit_record(action="activities.activity.created", working_group=a.group)  # a write: a generation opens
    assert _reads(member, url, "activities_activity")[1] > 0
    text, reads = _reads(secretariat, url, "activities_activity")
    assert "Taller en Arequipa" in text and reads == 0  # the same listing for every reader...
    # ...under each reader's own links
    assert "activities/new/" in text and "activities/new/" not in _reads(member, url, "x")[0]
    assert _reads(member, url, "activities_activity", year=2025)[1] > 0  # another query: its own copy
    ActivityFactory(working_group=a.group, title="Foro en Cusco", starts_on=date(2026, 6, 1))
    audit_record(action="activities.activity.created", working_group=a.group)  # as the service writes it
    text, reads = _reads(member, url, "activities_activity")
    assert "Foro en Cusco" in text and reads > 0


def test_the_audit_trail_is_kept_until_the_next_audited_change(world, kept_cache):
    a = world["a"]
    url = reverse("members:audit-trail", args=[a.group.slug])
    client = _client(a.users["secretariat"])
    audit_record(action="members.charter.changed", working_group=a.group, reason="Plenaria de marzo")
    assert _reads(client, url, "vpwg_auditrecord")[1] > 0
    text, reads = _reads(client, url, "vpwg_auditrecord")
    assert "Plenaria de marzo" in text and reads == 0
    audit_record(action="members.seat.changed", working_group=a.group, reason="Nuevo asiento")
    text, reads = _reads(client, url, "vpwg_auditrecord")
    assert "Nuevo asiento" in text and reads > 0


def test_the_minutes_list_is_kept_per_reader_until_a_write(world, kept_cache):
    a = world["a"]
    MinutesFactory(a, status=Minutes.Status.CIRCULATED, title="Plenaria de febrero")
    draft = MinutesFactory(a, status=Minutes.Status.DRAFT, title="Plenaria de abril")
    url = reverse("minutes:index", args=[a.group.slug])
    member, secretariat = _client(a.users["member"]), _client(a.users["secretariat"])
    assert _reads(member, url, "minutes_minutes")[1] > 0  # the factory's writes opened a generation
    text, reads = _reads(member, url, "minutes_minutes")
    assert "Plenaria de febrero" in text and "Plenaria de abril" not in text and reads == 0
    text, reads = _reads(secretariat, url, "minutes_minutes")  # another reader: their own list, read
    assert "Plenaria de abril" in text and reads > 0
    from minutes import services

    services.minutes_submit(minutes=draft, actor=a.users["secretariat"])  # audited: renews the group's lists
    services.minutes_approve(minutes=draft, actor=a.users["coordination"])
    services.minutes_circulate(minutes=draft, actor=a.users["secretariat"])
    text, reads = _reads(member, url, "minutes_minutes")
    assert "Plenaria de abril" in text and reads > 0


def test_the_minutes_page_keeps_the_document_per_level_and_logs_every_read(world, kept_cache):
    """The document and the review are kept per level; each reader's read is logged on every view."""
    from minutes import services
    from vpwg.models import DocumentAccess

    a = world["a"]
    minutes = MinutesFactory(a, status=Minutes.Status.SUBMITTED, text="El grupo revisó el proyecto de ley.")
    url = reverse("minutes:minutes-detail", args=[a.group.slug, minutes.pk])
    reviewer, secretariat = _client(a.users["coordination"]), _client(a.users["secretariat"])
    assert _reads(reviewer, url, "minutes_followupaction")[1] > 0  # the factory's writes opened a generation
    text, reads = _reads(reviewer, url, "minutes_followupaction")
    assert "El grupo revisó el proyecto de ley." in text and reads == 0
    assert "minutes-review-approve" in text  # the reviewer's own form, worked out on every view
    text, reads = _reads(secretariat, url, "minutes_followupaction")  # the same level: the same copy...
    assert "El grupo revisó el proyecto de ley." in text and reads == 0
    assert "minutes-review-approve" not in text  # ...under the Secretariat's own buttons
    services.minutes_approve(minutes=minutes, actor=a.users["coordination"])
    services.minutes_circulate(minutes=minutes, actor=a.users["secretariat"])
    member = _client(a.users["member"])
    assert _reads(member, url, "minutes_followupaction")[1] > 0
    text, reads = _reads(member, url, "minutes_followupaction")
    assert "El grupo revisó el proyecto de ley." in text and reads == 0
    views = DocumentAccess.objects.filter(user=a.users["member"], object_id=minutes.pk, action="view")
    assert views.count() == 2  # both reads logged, the kept one too
