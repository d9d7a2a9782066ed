"""The group search: what each person finds is exactly what they may read; the index follows every change
in the change's own transaction; snippets are escaped; the query count does not grow with the data."""

from datetime import date

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from meetings.models import Meeting
from members import services as member_services
from minutes import services as minutes_services
from search import index
from search.models import SearchEntry
from search.query import search
from tests.factories.activities import ActivityFactory, OutreachContactFactory
from tests.factories.members import InstitutionFactory, MembershipFactory, RepresentativeFactory, UserFactory
from tests.factories.minutes import MinutesFactory
from tests.factories.workplan import TaskFactory, WorkPlanFactory
from vpwg.permissions import access_for, forget_cached_permissions


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def found(user, group, text, kind="") -> set[str]:
    forget_cached_permissions(user)
    results = search(access_for(user, group), text, kind=kind, per_kind=50)
    return {hit.title for kind_results in results.kinds for hit in kind_results.hits}


def _coordination_minutes(world, text):
    """Minutes of a Coordination Group meeting nobody outside it was invited to, under review."""
    minutes = MinutesFactory(world, status="submitted", text=text, title="Coordination Group meeting")
    Meeting.objects.filter(pk=minutes.meeting_id).update(kind=Meeting.Kind.COORDINATION)
    return minutes


def test_a_member_never_finds_a_draft_another_groups_text_or_an_uninvited_meetings_document(world):
    a, b = world["a"], world["b"]
    MinutesFactory(a, status="draft", text="La zanahoria del borrador.", title="Plenary with a draft")
    _coordination_minutes(a, "La berenjena de la coordinación.")
    MinutesFactory(a, status="circulated", text="La calabaza circulada.", title="Plenary circulated")
    MinutesFactory(b, status="circulated", text="La zanahoria de otro grupo.", title="Beta plenary")

    member = a.users["member"]
    assert found(member, a.group, "zanahoria") == set()  # neither A's draft nor B's circulated text
    assert found(member, a.group, "berenjena") == set()  # a meeting the member was not invited to
    assert found(member, a.group, "calabaza") == {"Plenary circulated"}
    assert found(member, b.group, "zanahoria") == set()  # not a member of B: nothing at all
    assert found(a.users["observer"], a.group, "calabaza") == {"Plenary circulated"}

    assert found(a.users["coordination"], a.group, "berenjena") == {"Coordination Group meeting"}
    assert found(a.users["coordination"], a.group, "zanahoria") == set()  # never submitted
    assert found(a.users["secretariat"], a.group, "zanahoria") == {"Plenary with a draft"}
    assert found(a.users["secretariat"], a.group, "berenjena") == {"Coordination Group meeting"}
    for role in ("admin", "outsider"):  # the group administrator reads no minutes; an outsider nothing
        assert found(a.users[role], a.group, "calabaza berenjena zanahoria") == set()
    assert found(b.users["secretariat"], b.group, "zanahoria") == {"Beta plenary"}


def test_the_coordination_group_finds_the_version_it_reviews_not_the_secretariats_new_draft(world):
    a = world["a"]
    minutes = MinutesFactory(a, status="submitted", text="El pepino enviado.", title="Plenary returned")
    minutes_services.minutes_return(minutes=minutes, actor=a.users["coordination"], note="Reword it")
    minutes.refresh_from_db()
    texts = {s["key"]: {"summary": "El tomate nuevo.", "agreements": ""} for s in minutes.sections}
    minutes_services.minutes_save_draft(
        minutes=minutes, actor=a.users["secretariat"], revision=minutes.revision, texts=texts
    )
    assert found(a.users["coordination"], a.group, "pepino") == {"Plenary returned"}
    assert found(a.users["coordination"], a.group, "tomate") == set()
    assert found(a.users["secretariat"], a.group, "tomate") == {"Plenary returned"}
    assert found(a.users["member"], a.group, "pepino tomate") == set()


def test_a_member_that_leaves_finds_nothing_any_more(world):
    a = world["a"]
    MinutesFactory(a, status="circulated", text="La calabaza circulada.", title="Plenary circulated")
    assert found(a.users["member"], a.group, "calabaza") == {"Plenary circulated"}
    member_services.membership_withdraw(
        membership=a.objects["company"], actor=a.users["secretariat"], reason="Left", effective_on=date.today()
    )
    assert found(a.users["member"], a.group, "calabaza") == set()


def test_every_kind_is_found_by_those_who_see_the_group(world):
    a = world["a"]
    member = a.users["member"]
    plan = WorkPlanFactory(working_group=a.group)
    TaskFactory(work_plan=plan, title="Estudio de línea de base", lead=a.objects["company"])
    ActivityFactory(working_group=a.group, title="Taller de capacitación en Cusco", region="Cusco")
    OutreachContactFactory(working_group=a.group, institution_name="Defensoría del Pueblo")
    assert found(member, a.group, "línea base") == {"Estudio de línea de base"}
    assert found(member, a.group, "cusco") == {"Taller de capacitación en Cusco"}
    assert found(member, a.group, "defensoria") == {"Defensoría del Pueblo"}  # accents do not matter
    assert found(member, a.group, "Mining Co alpha", kind="institution") == {"Mining Co alpha"}
    representative = a.objects["member_rep"].user
    assert representative.get_full_name() in found(member, a.group, representative.last_name, kind="representative")
    assert found(a.users["outsider"], a.group, "cusco") == set()


def test_the_index_changes_in_the_transaction_of_the_change(world):
    a = world["a"]
    member = a.users["member"]
    with transaction.atomic():
        activity = ActivityFactory(working_group=a.group, title="Foro sobre minería ilegal")
        assert found(member, a.group, "ilegal") == {"Foro sobre minería ilegal"}
        transaction.set_rollback(True)
    assert found(member, a.group, "ilegal") == set()
    assert not SearchEntry.objects.filter(source="activities.activity", object_id=activity.pk).exists()

    institution = InstitutionFactory(name="Compañía Minera Uno")
    membership = MembershipFactory(working_group=a.group, institution=institution)
    RepresentativeFactory(membership=membership, user=UserFactory(first_name="Rosa", last_name="Huamán"))
    assert found(member, a.group, "huaman") == {"Rosa Huamán"}
    institution.name = "Compañía Minera Dos"
    institution.save()
    assert found(member, a.group, "minera dos") == {"Compañía Minera Dos", "Rosa Huamán"}


def test_rebuilding_gives_the_rows_the_changes_wrote(world):
    a = world["a"]
    MinutesFactory(a, status="circulated", text="La calabaza circulada.", title="Plenary circulated")
    ActivityFactory(working_group=a.group, organisers=[a.objects["ngo"]])
    columns = ("source", "object_id", "audience", "kind", "title", "body", "year", "url")
    before = set(SearchEntry.objects.values_list(*columns))
    assert index.rebuild() == len(before)
    assert set(SearchEntry.objects.values_list(*columns)) == before


def test_titles_and_snippets_are_escaped_with_the_words_marked(world):
    a = world["a"]
    ActivityFactory(
        working_group=a.group, title="<b>Taller</b> & foro", description="Un <script>alert(1)</script> taller largo."
    )
    results = search(access_for(a.users["member"], a.group), "taller")
    hit = results.kinds[0].hits[0]
    assert hit.title_html == "&lt;b&gt;<mark>Taller</mark>&lt;/b&gt; &amp; foro"
    assert "<script" not in hit.snippet_html and "&lt;script" in hit.snippet_html
    assert "<mark>taller</mark>" in hit.snippet_html


def _count_queries(user, group, text) -> int:
    forget_cached_permissions(user)
    with CaptureQueriesContext(connection) as queries:
        search(access_for(user, group), text)
    return len(queries)


# The access object's reads (roles, capabilities, represented institutions, circulation) plus two:
# the counts per kind and year, then the best rows of each kind.
EXPECTED_QUERIES = {"member": 4, "coordination": 4, "secretariat": 3}


@pytest.mark.parametrize("role", sorted(EXPECTED_QUERIES))
def test_the_number_of_queries_does_not_grow_with_the_data(world, role):
    a = world["a"]
    user = a.users[role]
    MinutesFactory(a, status="circulated", text="El taller de minería.", title="Plenary one")
    ActivityFactory(working_group=a.group, title="Taller uno")
    _count_queries(user, a.group, "taller minería")  # fills Django's content type cache, once a process
    small = _count_queries(user, a.group, "taller minería")
    for n in range(12):
        ActivityFactory(working_group=a.group, title=f"Taller {n}", organisers=[a.objects["ngo"]])
        RepresentativeFactory(membership=MembershipFactory(working_group=a.group), job_title="Taller")
    MinutesFactory(a, status="circulated", text="Otro taller de minería.", title="Plenary two")
    large = _count_queries(user, a.group, "taller minería")
    assert (small, large) == (EXPECTED_QUERIES[role], EXPECTED_QUERIES[role])


def test_the_results_page_groups_by_kind_and_filters_by_kind_and_year(world, client_as):
    a = world["a"]
    ActivityFactory(working_group=a.group, title="Taller de 2024", starts_on=date(2024, 3, 1))
    ActivityFactory(working_group=a.group, title="Taller de 2025", starts_on=date(2025, 3, 1))
    TaskFactory(work_plan=WorkPlanFactory(working_group=a.group), title="Preparar el taller", lead=a.objects["ngo"])
    client = client_as(a.users["member"])
    url = reverse("search:results", args=[a.group.slug])
    page = client.get(url, {"q": "taller"}).content.decode()
    assert "<mark>Taller</mark> de 2024" in page and "<mark>Taller</mark> de 2025" in page and "Preparar" in page
    assert page.index('id="search-kind-task"') < page.index('id="search-kind-activity"')
    page = client.get(url, {"q": "taller", "kind": "activity", "year": "2025"}).content.decode()
    assert "de 2025" in page and "de 2024" not in page and "Preparar" not in page
    assert client.get(url, {"q": "taller", "year": "nineteen"}).status_code == 200  # a form error, not a 500
    dashboard = client.get(reverse("members:dashboard", args=[a.group.slug])).content.decode()
    assert 'role="search"' in dashboard and url in dashboard


@pytest.mark.skipif(connection.vendor != "postgresql", reason="stemming and trigrams are PostgreSQL's")
def test_postgresql_stems_spanish_and_finds_misspelt_names(world):
    a = world["a"]
    member = a.users["member"]
    ActivityFactory(working_group=a.group, title="Reunión regional de seguridad")
    RepresentativeFactory(
        membership=MembershipFactory(working_group=a.group), user=UserFactory(first_name="Carlos", last_name="Quispe")
    )
    assert found(member, a.group, "reuniones") == {"Reunión regional de seguridad"}  # Spanish stemming
    assert "Carlos Quispe" in found(member, a.group, "Quisppe", kind="representative")  # trigram similarity


def test_decisions_are_found_as_the_register_shows_them(world):
    from django.utils import timezone

    from members.models import DecisionKind
    from members.services import decision_open, procedure_open

    a = world["a"]
    decision_open(
        working_group=a.group,
        kind=DecisionKind.WARNING,
        subject=a.objects["company"],
        actor=a.users["coordination"],
        reason="Tres ausencias seguidas sin excusa.",
    )
    procedure_open(
        working_group=a.group,
        actor=a.users["secretariat"],
        title="Sede de la próxima plenaria",
        text="Proponemos Arequipa como sede.",
        deadline=timezone.now() + timezone.timedelta(days=10),
    )
    for role in ("member", "observer", "coordination", "secretariat", "admin"):
        assert found(a.users[role], a.group, "ausencias", kind="decision") == {"Mining Co alpha"}, role
        assert found(a.users[role], a.group, "arequipa", kind="decision") == {"Sede de la próxima plenaria"}, role
    assert found(world["b"].users["member"], world["b"].group, "ausencias arequipa") == set()


def test_the_reindex_command_rebuilds_one_group_or_all(world):
    from django.core.management import CommandError, call_command

    a, b = world["a"], world["b"]
    ActivityFactory(working_group=a.group, title="Taller A")
    ActivityFactory(working_group=b.group, title="Taller B")
    SearchEntry.objects.all().delete()
    call_command("search_reindex", "--group", a.group.slug, stdout=open("/dev/null", "w"))
    assert found(a.users["member"], a.group, "taller") == {"Taller A"}
    assert found(b.users["member"], b.group, "taller") == set()
    call_command("search_reindex", stdout=open("/dev/null", "w"))
    assert found(b.users["member"], b.group, "taller") == {"Taller B"}
    with pytest.raises(CommandError):
        call_command("search_reindex", "--group", "nowhere")
