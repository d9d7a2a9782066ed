from datetime import date

import pytest
from django.core.exceptions import PermissionDenied

from meetings.models import Meeting
from members import services as member_services
from members.models import MinutesApprovalRule, Pillar
from minutes import selectors, services
from minutes.exceptions import AttributionUnresolved, MinutesError, StaleRevision, TransitionNotAllowed
from minutes.models import Minutes, MinutesStatusChange
from tests.factories.members import InstitutionFactory, MembershipFactory, RepresentativeFactory
from tests.factories.minutes import MinutesFactory
from vpwg.models import AuditRecord, OutboxMessage
from vpwg.permissions import AccessLevel, access_for

pytestmark = pytest.mark.django_db


def _seat(world, pillar, name):
    membership = MembershipFactory(working_group=world.group, pillar=pillar, institution=InstitutionFactory(name=name))
    rep = RepresentativeFactory(membership=membership)
    member_services.coordination_seat_assign(working_group=world.group, representative=rep, started_on=date(2020, 1, 1))
    return rep.user


def test_start_gives_the_meeting_its_minutes_and_is_idempotent(world):
    minutes = MinutesFactory(world["a"])
    assert Meeting.objects.get(pk=minutes.meeting_id).minutes == minutes
    again = services.minutes_start(meeting=minutes.meeting, actor=world["a"].users["secretariat"])
    assert again.pk == minutes.pk


def test_submit_is_refused_while_a_name_is_unaccepted_and_recorded_when_accepted(world):
    a = world["a"]
    minutes = MinutesFactory(a, text="The Rights NGO alpha convened; Mining Co alpha presented its policy.")
    with pytest.raises(AttributionUnresolved):
        services.minutes_submit(minutes=minutes, actor=a.users["secretariat"])
    hits = services.attribution_check(minutes)
    assert {r["hit"].term for r in hits} == {"Rights NGO alpha", "Mining Co alpha"}
    services.attribution_accept(
        minutes=minutes, actor=a.users["secretariat"], term="Rights NGO alpha", reason="The Secretariat as convenor"
    )
    with pytest.raises(AttributionUnresolved):
        services.minutes_submit(minutes=minutes, actor=a.users["secretariat"])
    first = next(r["hit"] for r in services.attribution_check(minutes) if r["hit"].term == "Mining Co alpha")
    # Accepting one occurrence leaves the same name in the other sections unresolved.
    services.attribution_accept(
        minutes=minutes,
        actor=a.users["secretariat"],
        term=first.term,
        reason="Public fact",
        section_key=first.section,
        field=first.field,
        occurrence=first.occurrence,
    )
    assert any(r["acceptance"] is None for r in services.attribution_check(minutes))
    with pytest.raises(MinutesError):
        services.attribution_accept(minutes=minutes, actor=a.users["secretariat"], term="x", reason=" ")
    assert AuditRecord.objects.filter(action="minutes.attribution_accepted").count() == 2


def test_every_allowed_transition_writes_history_and_wrong_states_change_nothing(world):
    a = world["a"]
    minutes = MinutesFactory(a)
    secretariat, coordination = a.users["secretariat"], a.users["coordination"]
    for service in (services.minutes_approve, services.minutes_circulate):
        with pytest.raises(TransitionNotAllowed):
            service(minutes=minutes, actor=secretariat if service is services.minutes_circulate else coordination)
    with pytest.raises(TransitionNotAllowed):
        services.minutes_return(minutes=minutes, actor=coordination, note="x")
    assert Minutes.objects.get(pk=minutes.pk).status == Minutes.Status.DRAFT
    services.minutes_submit(minutes=minutes, actor=secretariat)
    with pytest.raises(TransitionNotAllowed):
        services.minutes_submit(minutes=minutes, actor=secretariat)  # a repeat is refused
    with pytest.raises(TransitionNotAllowed):
        services.minutes_save_draft(minutes=minutes, actor=secretariat, revision=minutes.revision, texts={})
    services.minutes_comment(minutes=minutes, actor=coordination, section_key="opening", body="Shorten this.")
    services.minutes_return(minutes=minutes, actor=coordination, note="See the comment")
    minutes.refresh_from_db()
    assert minutes.status == Minutes.Status.CHANGES_REQUESTED
    with pytest.raises(TransitionNotAllowed):
        services.minutes_return(minutes=minutes, actor=coordination, note="Again")  # a repeat is refused
    services.minutes_save_draft(
        minutes=minutes, actor=secretariat, revision=minutes.revision, texts={"opening": {"summary": "Shorter."}}
    )
    services.minutes_submit(minutes=minutes, actor=secretariat)
    services.minutes_approve(minutes=minutes, actor=coordination)
    with pytest.raises(TransitionNotAllowed):
        services.minutes_approve(minutes=minutes, actor=coordination)
    services.minutes_circulate(minutes=minutes, actor=secretariat)
    minutes.refresh_from_db()
    assert minutes.status == Minutes.Status.CIRCULATED and minutes.circulated_version.number == 2
    assert minutes.circulated_version.change_summary.startswith("- ")
    steps = list(MinutesStatusChange.objects.filter(minutes=minutes).values_list("from_status", "to_status"))
    assert steps == [
        ("draft", "submitted"),
        ("submitted", "changes_requested"),
        ("changes_requested", "submitted"),
        ("submitted", "approved"),
        ("approved", "circulated"),
    ]
    with pytest.raises(PermissionDenied):
        services.minutes_start_correction(minutes=minutes, actor=coordination, note="x")


def test_stale_revision_is_refused_and_nothing_is_overwritten(world):
    a = world["a"]
    minutes = MinutesFactory(a)
    start = minutes.revision
    services.minutes_save_draft(
        minutes=minutes, actor=a.users["secretariat"], revision=start, texts={"opening": {"summary": "First"}}
    )
    with pytest.raises(StaleRevision):
        services.minutes_save_draft(
            minutes=minutes, actor=a.users["secretariat"], revision=start, texts={"opening": {"summary": "Second"}}
        )
    minutes.refresh_from_db()
    assert minutes.sections[0]["summary"] == "First"


def test_one_per_pillar_needs_an_approval_from_each_pillar(world):
    a = world["a"]
    company_reviewer = _seat(a, Pillar.COMPANIES, "Second Mining")
    government_reviewer = _seat(a, Pillar.GOVERNMENT, "Ministry")
    minutes = MinutesFactory(a, status=Minutes.Status.SUBMITTED)
    services.minutes_approve(minutes=minutes, actor=a.users["coordination"])
    services.minutes_approve(minutes=minutes, actor=company_reviewer)
    assert Minutes.objects.get(pk=minutes.pk).status == Minutes.Status.SUBMITTED
    with pytest.raises(MinutesError):
        services.minutes_approve(minutes=minutes, actor=company_reviewer)
    services.minutes_approve(minutes=minutes, actor=government_reviewer)
    assert Minutes.objects.get(pk=minutes.pk).status == Minutes.Status.APPROVED
    assert OutboxMessage.objects.filter(dedupe_key__contains=":approved:").count() == 1


@pytest.mark.parametrize(("rule", "needed"), [(MinutesApprovalRule.MAJORITY, 2), (MinutesApprovalRule.ALL, 3)])
def test_majority_and_all_rules(world, rule, needed):
    a = world["a"]
    reviewers = [a.users["coordination"], _seat(a, Pillar.COMPANIES, "C2"), _seat(a, Pillar.GOVERNMENT, "G2")]
    a.group.minutes_approval_rule = rule
    a.group.save()
    minutes = MinutesFactory(a, status=Minutes.Status.SUBMITTED)
    for count, reviewer in enumerate(reviewers, start=1):
        services.minutes_approve(minutes=minutes, actor=reviewer)
        status = Minutes.objects.get(pk=minutes.pk).status
        assert status == (Minutes.Status.APPROVED if count >= needed else Minutes.Status.SUBMITTED)
        if count >= needed:
            break


def _level(user, minutes):
    """How `user` reads `minutes` (None: not visible), asked of the access object as the pages do."""
    return access_for(user, minutes.working_group).level(minutes)


def test_circulation_grants_members_and_a_membership_that_ends_loses_access(world):
    a, b = world["a"], world["b"]
    minutes = MinutesFactory(a, status=Minutes.Status.APPROVED)
    member = a.users["member"]
    assert _level(member, minutes) is None
    services.minutes_circulate(minutes=minutes, actor=a.users["secretariat"])
    minutes.refresh_from_db()
    member = type(member).objects.get(pk=member.pk)
    assert _level(member, minutes) is AccessLevel.READER
    assert list(selectors.minutes_visible_to(member, a.group)) == [minutes]
    assert _level(a.users["admin"], minutes) is None
    assert _level(b.users["member"], minutes) is None
    keys = set(OutboxMessage.objects.filter(dedupe_key__contains=":circulated:").values_list("dedupe_key", flat=True))
    assert f"minutes:{minutes.pk}:v1:circulated:{member.pk}" in keys
    assert len(keys) == 3  # member, observer and coordination representatives
    member_services.membership_withdraw(
        membership=a.objects["company"], actor=a.users["secretariat"], reason="Left the group"
    )
    member = type(member).objects.get(pk=member.pk)
    assert _level(member, minutes) is None
    assert not selectors.minutes_visible_to(member, a.group).exists()


def test_a_correction_keeps_the_circulated_version_and_says_what_changed(world):
    a = world["a"]
    secretariat = a.users["secretariat"]
    minutes = MinutesFactory(a, status=Minutes.Status.CIRCULATED)
    services.minutes_start_correction(minutes=minutes, actor=secretariat, note="Wrong date")
    minutes.refresh_from_db()
    assert minutes.status == Minutes.Status.DRAFT and minutes.circulated_version.number == 1
    assert _level(type(a.users["member"]).objects.get(pk=a.users["member"].pk), minutes) is AccessLevel.READER
    services.minutes_save_draft(
        minutes=minutes, actor=secretariat, revision=minutes.revision, texts={"next": {"summary": "In Cusco."}}
    )
    services.minutes_submit(minutes=minutes, actor=secretariat)
    services.minutes_approve(minutes=minutes, actor=a.users["coordination"])
    services.minutes_circulate(minutes=minutes, actor=secretariat)
    message = OutboxMessage.objects.get(dedupe_key=f"minutes:{minutes.pk}:v2:circulated:{a.users['member'].pk}")
    # Members are told it is a correction, never which sections changed (it would point at the sensitive item).
    assert "Corrected" in message.subject and "corrected version" in message.body_text
    assert "Next meeting" not in message.body_text and "Next meeting" not in message.body_html
    minutes.refresh_from_db()
    assert minutes.circulated_version.corrects_number == 1 and minutes.circulated_version.is_correction


def test_actions_are_marked_done_by_the_institution_or_the_secretariat(world):
    a = world["a"]
    minutes = MinutesFactory(
        a,
        status=Minutes.Status.CIRCULATED,
        actions=[{"description": "Send the study", "institution": a.objects["company"], "due_on": date(2030, 1, 1)}],
    )
    action = minutes.actions.get()
    with pytest.raises(PermissionDenied):
        services.action_mark_done(action=action, actor=a.users["observer"])
    services.action_mark_done(action=action, actor=a.users["member"])
    services.action_mark_done(action=action, actor=a.users["member"])  # repeat: no-op
    action.refresh_from_db()
    assert action.status == "done" and action.done_by == a.users["member"]


def test_public_summary_is_checked_and_approved_separately(world):
    a = world["a"]
    minutes = MinutesFactory(a, status=Minutes.Status.CIRCULATED)
    services.summary_save(
        minutes=minutes,
        actor=a.users["secretariat"],
        title="Private security",
        text="Mining Co alpha explained its policy.",
    )
    with pytest.raises(AttributionUnresolved):
        services.summary_submit(minutes=minutes, actor=a.users["secretariat"])
    services.summary_save(
        minutes=minutes, actor=a.users["secretariat"], title="Private security", text="A company explained its policy."
    )
    services.summary_submit(minutes=minutes, actor=a.users["secretariat"])
    summary = services.summary_approve(minutes=minutes, actor=a.users["coordination"])
    assert summary.status == "approved"


def test_a_new_draft_has_its_closing_sections_in_the_groups_language(world):
    group = world["a"].group
    group.language = "es"
    group.save()
    from django.utils import translation

    with translation.override("es"):
        minutes = MinutesFactory(world["a"])
    titles = [section["title"] for section in minutes.sections]
    assert titles[-2:] == ["Otros asuntos", "Próxima reunión"]
