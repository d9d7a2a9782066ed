"""Bulk changes (an import) defer the index to the end of their block (vpwg.deferral): the rows are then
rebuilt once, in a few queries per source whatever the number of changes, still before the commit."""

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from search.models import SearchEntry
from search.query import search
from tests.factories.activities import ActivityFactory
from vpwg import deferral
from vpwg.permissions import access_for


def _titles(world, text):
    a = world["a"]
    results = search(access_for(a.users["member"], a.group), text, per_kind=50)
    return {hit.title for group in results.kinds for hit in group.hits}


def _index_writes(queries) -> int:
    return sum(
        1
        for query in queries.captured_queries
        if "search_searchentry" in query["sql"] and query["sql"].lstrip().upper().startswith(("INSERT", "DELETE"))
    )


def test_within_the_block_nothing_is_indexed_at_its_end_everything_once(world):
    a = world["a"]
    with transaction.atomic(), CaptureQueriesContext(connection) as queries:
        with deferral.deferring():
            activities = [ActivityFactory(working_group=a.group, title=f"Foro diferido {n}") for n in range(6)]
            activities[0].title = "Foro diferido cambiado"
            activities[0].save()
            assert not SearchEntry.objects.filter(source="activities.activity").exists()
            assert _index_writes(queries) == 0
        assert _index_writes(queries) == 2  # one DELETE and one INSERT for the six activities
    assert _titles(world, "diferido") == {"Foro diferido cambiado", *(f"Foro diferido {n}" for n in range(1, 6))}


def test_without_a_block_each_change_is_indexed_at_once(world):
    activity = ActivityFactory(working_group=world["a"].group, title="Foro inmediato")
    assert SearchEntry.objects.filter(source="activities.activity", object_id=activity.pk).exists()


def test_an_exception_leaving_the_block_drops_what_was_noted(world):
    with pytest.raises(ValueError), transaction.atomic(), deferral.deferring():
        ActivityFactory(working_group=world["a"].group, title="Foro abandonado")
        raise ValueError
    assert not deferral.is_deferring()
    assert _titles(world, "abandonado") == set()


def test_blocks_nest_and_the_outermost_does_the_work(world):
    with transaction.atomic(), deferral.deferring():
        with deferral.deferring():
            ActivityFactory(working_group=world["a"].group, title="Foro anidado")
        assert _titles(world, "anidado") == set()
    assert _titles(world, "anidado") == {"Foro anidado"}
