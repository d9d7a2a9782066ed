"""An import costs a fixed number of queries plus a fixed number a row: the group is read once per run,
the search index is rebuilt once at the end of the run (vpwg.deferral), and each row pays only the
owning app's services (their checks, saves, history, audit records and queued e-mails)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from exchange import services
from members.models import Membership
from search.models import SearchEntry
from search.query import search
from vpwg.permissions import access_for

from .conftest import INSTITUTION_HEADERS, csv_upload, institution_row

pytestmark = pytest.mark.django_db

N = 5
# Measured (SQLite and PostgreSQL alike): what the institutions import costs in the members services per
# row (institution, membership and its history, invitation and its e-mail, two audit records, savepoints),
# and once per run (the batch, the group's data, the search index for all rows at the end).
PER_ROW = {"sqlite": 27, "postgresql": 27}
FIXED = {"sqlite": 21, "postgresql": 21}


def _rows(start, count):
    return [
        institution_row(f"Institución {n}", email=f"persona{n}@example.org", acronym=f"I{n}")
        for n in range(start, start + count)
    ]


def _confirm(upload, group_a, rows):
    batch = upload("institutions", csv_upload(INSTITUTION_HEADERS, rows))
    with CaptureQueriesContext(connection) as queries:
        batch = services.import_confirm(batch=batch, actor=group_a.users["secretariat"])
    assert batch.count("created") == len(rows)
    return len(queries)


def test_importing_2n_rows_costs_n_rows_more_than_importing_n(upload, group_a):
    _confirm(upload, group_a, _rows(1000, 1))  # content types and other per-process caches
    small = _confirm(upload, group_a, _rows(0, N))
    large = _confirm(upload, group_a, _rows(100, 2 * N))
    vendor = connection.vendor
    assert (small, large) == (FIXED[vendor] + N * PER_ROW[vendor], FIXED[vendor] + 2 * N * PER_ROW[vendor])


def test_the_imported_rows_are_in_the_search_index_when_the_import_commits(upload, group_a):
    rows = _rows(0, 3)
    preview = upload("institutions", csv_upload(INSTITUTION_HEADERS, rows))
    assert not SearchEntry.objects.filter(title__startswith="Institución").exists()  # the preview left nothing
    services.import_confirm(batch=preview, actor=group_a.users["secretariat"])
    memberships = Membership.objects.filter(working_group=group_a.group, institution__name__startswith="Institución")
    indexed = SearchEntry.objects.filter(source="members.membership", object_id__in=memberships.values("pk"))
    assert indexed.count() == 3
    results = search(access_for(group_a.users["member"], group_a.group), "I1")
    assert [hit.title for kind in results.kinds for hit in kind.hits] == ["Institución 1 (I1)"]
