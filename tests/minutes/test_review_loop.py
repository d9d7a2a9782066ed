"""The review loop (issue 16, item 5): comments on a section that the Secretariat or their author resolve,
the "changes requested" state, the word-level diff, and the corrected-version notice."""

from datetime import date

import pytest
from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.template.loader import render_to_string

from members import services as member_services
from members.models import Pillar
from minutes import selectors, services
from minutes.diffing import compare_sections, text_rows, word_diff
from minutes.exceptions import MinutesError, TransitionNotAllowed
from minutes.models import Minutes, MinutesComment, MinutesStatusChange
from tests.factories.members import InstitutionFactory, MembershipFactory, RepresentativeFactory
from tests.factories.minutes import MinutesFactory
from vpwg.models import AuditRecord
from vpwg.permissions import access_for

pytestmark = pytest.mark.django_db


def _second_reviewer(world):
    membership = MembershipFactory(
        working_group=world.group, pillar=Pillar.COMPANIES, institution=InstitutionFactory(name="Andes Gold")
    )
    rep = RepresentativeFactory(membership=membership)
    member_services.coordination_seat_assign(working_group=world.group, representative=rep, started_on=date(2020, 1, 1))
    return rep.user


def _returned(world, note="Shorten the opening."):
    """Submitted minutes with a comment on the opening, returned for changes."""
    minutes = MinutesFactory(world, status=Minutes.Status.SUBMITTED)
    coordination = world.users["coordination"]
    comment = services.minutes_comment(
        minutes=minutes, actor=coordination, section_key="opening", body="Too long; say it in one line."
    )
    services.minutes_return(minutes=minutes, actor=coordination, note=note)
    minutes.refresh_from_db()
    return minutes, comment


# --- the "changes requested" state -------------------------------------------------------------


def test_requesting_changes_is_its_own_state_that_the_secretariat_edits_and_a_new_version_leaves(world):
    a = world["a"]
    secretariat = a.users["secretariat"]
    minutes, _ = _returned(a)
    assert minutes.status == Minutes.Status.CHANGES_REQUESTED and minutes.is_editable
    assert minutes.get_status_display() == "Changes requested"
    access = access_for(secretariat, a.group)
    assert access.allows("minutes.edit_minutes", minutes) and access.allows("minutes.submit_minutes", minutes)
    assert not access_for(a.users["coordination"], a.group).allows("minutes.review_minutes", minutes)
    request = selectors.change_request_for(minutes)
    assert request.note == "Shorten the opening." and request.actor == a.users["coordination"]
    assert request.version_number == 1

    services.minutes_save_draft(
        minutes=minutes, actor=secretariat, revision=minutes.revision, texts={"opening": {"summary": "One line."}}
    )
    version = services.minutes_submit(minutes=minutes, actor=secretariat)
    minutes.refresh_from_db()
    assert minutes.status == Minutes.Status.SUBMITTED and version.number == 2
    assert selectors.change_request_for(minutes) is None
    # The versions of the first review are not corrections, however many there are.
    assert version.corrects_number is None and not version.is_correction
    steps = list(minutes.history.values_list("from_status", "to_status"))
    assert steps[-2:] == [("submitted", "changes_requested"), ("changes_requested", "submitted")]


def test_changes_can_only_be_requested_of_submitted_minutes_and_need_a_note(world):
    a = world["a"]
    coordination = a.users["coordination"]
    minutes = MinutesFactory(a, status=Minutes.Status.SUBMITTED)
    with pytest.raises(MinutesError):
        services.minutes_return(minutes=minutes, actor=coordination, note="  ")
    assert Minutes.objects.get(pk=minutes.pk).status == Minutes.Status.SUBMITTED
    services.minutes_return(minutes=minutes, actor=coordination, note="Fix the date")
    for service in (services.minutes_return, services.minutes_approve):
        with pytest.raises(TransitionNotAllowed):
            service(minutes=minutes, actor=coordination, note="again")
    with pytest.raises(TransitionNotAllowed):
        services.minutes_circulate(minutes=minutes, actor=a.users["secretariat"])
    assert Minutes.objects.get(pk=minutes.pk).status == Minutes.Status.CHANGES_REQUESTED
    assert minutes.history.filter(to_status=Minutes.Status.CHANGES_REQUESTED).count() == 1


def test_a_follow_up_action_added_while_changes_are_requested_goes_with_the_next_version(world):
    a = world["a"]
    minutes, _ = _returned(a)
    action = services.action_add(
        minutes=minutes,
        actor=a.users["secretariat"],
        description="Send the study",
        institution=a.objects["company"],
        due_on=date(2030, 1, 1),
    )
    assert action.version_number is None
    services.minutes_submit(minutes=minutes, actor=a.users["secretariat"])
    action.refresh_from_db()
    assert action.version_number == 2


def test_old_returned_drafts_become_changes_requested_in_the_migration(world):
    from importlib import import_module

    migration = import_module("minutes.migrations.0003_review_loop_changes_requested_comment_resolution")
    a = world["a"]
    returned, _ = _returned(a)
    # As before this change: a return sent the minutes back to "draft".
    Minutes.objects.filter(pk=returned.pk).update(status=Minutes.Status.DRAFT)
    MinutesStatusChange.objects.filter(minutes=returned, to_status="changes_requested").update(to_status="draft")
    fresh = MinutesFactory(a)
    migration.forwards(apps, None)
    assert Minutes.objects.get(pk=returned.pk).status == Minutes.Status.CHANGES_REQUESTED
    assert Minutes.objects.get(pk=fresh.pk).status == Minutes.Status.DRAFT


# --- comments beside their section, resolvable -------------------------------------------------


def test_comments_are_resolved_by_the_secretariat_or_their_author_who_and_when_recorded(world):
    a = world["a"]
    other_reviewer = _second_reviewer(a)
    minutes, comment = _returned(a)
    for outsider in (other_reviewer, a.users["member"], world["b"].users["secretariat"]):
        with pytest.raises(PermissionDenied):
            services.minutes_comment_resolve(comment=comment, actor=outsider)
    assert not MinutesComment.objects.get(pk=comment.pk).is_resolved

    resolved = services.minutes_comment_resolve(comment=comment, actor=a.users["secretariat"])
    assert resolved.resolved_by == a.users["secretariat"] and resolved.resolved_at is not None
    again = services.minutes_comment_resolve(comment=comment, actor=a.users["coordination"])  # repeat: no-op
    assert again.resolved_by == a.users["secretariat"] and again.resolved_at == resolved.resolved_at
    assert AuditRecord.objects.filter(action="minutes.comment_resolved").count() == 1
    assert AuditRecord.objects.filter(action="minutes.comment_added").count() == 1

    # Its author resolves a comment of their own.
    services.minutes_submit(minutes=minutes, actor=a.users["secretariat"])
    own = services.minutes_comment(minutes=minutes, actor=other_reviewer, section_key="next", body="Add the venue.")
    services.minutes_comment_resolve(comment=own, actor=other_reviewer)
    assert MinutesComment.objects.get(pk=own.pk).resolved_by == other_reviewer


def test_comments_are_posted_only_on_a_submitted_version_and_a_section_of_it(world):
    a = world["a"]
    coordination = a.users["coordination"]
    minutes, _ = _returned(a)
    with pytest.raises(TransitionNotAllowed):
        services.minutes_comment(minutes=minutes, actor=coordination, section_key="opening", body="Late")
    services.minutes_submit(minutes=minutes, actor=a.users["secretariat"])
    with pytest.raises(MinutesError):
        services.minutes_comment(minutes=minutes, actor=coordination, section_key="nowhere", body="x")
    with pytest.raises(MinutesError):
        services.minutes_comment(minutes=minutes, actor=coordination, section_key="opening", body="  ")
    with pytest.raises(PermissionDenied):
        services.minutes_comment(minutes=minutes, actor=a.users["secretariat"], section_key="opening", body="x")


def test_open_comments_of_an_earlier_version_stay_beside_their_section_until_resolved(world):
    a = world["a"]
    secretariat = a.users["secretariat"]
    minutes, open_comment = _returned(a)
    services.minutes_submit(minutes=minutes, actor=secretariat)
    minutes.refresh_from_db()
    new = services.minutes_comment(
        minutes=minutes, actor=a.users["coordination"], section_key="next", body="Add the venue."
    )
    services.minutes_return(minutes=minutes, actor=a.users["coordination"], note="Venue")
    minutes.refresh_from_db()
    services.minutes_comment_resolve(comment=new, actor=secretariat)

    on_two = selectors.comments_for(minutes, 2)
    assert [c.pk for c in on_two["opening"]] == [open_comment.pk]  # v1's, still open
    assert [c.pk for c in on_two["next"]] == [new.pk]  # v2's own, resolved, still shown with who resolved it
    services.minutes_comment_resolve(comment=open_comment, actor=secretariat)
    services.minutes_submit(minutes=minutes, actor=secretariat)
    assert selectors.comments_for(minutes, 3) == {}  # nothing open from before, nothing on v3 yet


# --- the corrected-version notice --------------------------------------------------------------


def _through_review_twice(world):
    """Circulated minutes whose circulated version is v2 because the review returned v1."""
    minutes, _ = _returned(world)
    services.minutes_save_draft(
        minutes=minutes,
        actor=world.users["secretariat"],
        revision=minutes.revision,
        texts={"opening": {"summary": "One line."}},
    )
    services.minutes_submit(minutes=minutes, actor=world.users["secretariat"])
    services.minutes_approve(minutes=minutes, actor=world.users["coordination"])
    services.minutes_circulate(minutes=minutes, actor=world.users["secretariat"])
    minutes.refresh_from_db()
    return minutes


def test_the_first_circulation_is_not_a_correction_even_as_version_two(world):
    from vpwg.models import OutboxMessage

    a = world["a"]
    minutes = _through_review_twice(a)
    assert minutes.circulated_version.number == 2 and not minutes.circulated_version.is_correction
    message = OutboxMessage.objects.get(dedupe_key=f"minutes:{minutes.pk}:v2:circulated:{a.users['member'].pk}")
    assert "corrected" not in message.body_text.lower() and "Corrected" not in message.subject


def test_a_correction_records_the_circulated_version_it_corrects(world):
    a = world["a"]
    secretariat = a.users["secretariat"]
    minutes = _through_review_twice(a)
    services.minutes_start_correction(minutes=minutes, actor=secretariat, note="The date")
    minutes.refresh_from_db()
    assert minutes.status == Minutes.Status.DRAFT  # a correction is a draft, not "changes requested"
    services.minutes_save_draft(
        minutes=minutes, actor=secretariat, revision=minutes.revision, texts={"next": {"summary": "In Cusco."}}
    )
    version = services.minutes_submit(minutes=minutes, actor=secretariat)
    assert version.number == 3 and version.corrects_number == 2


# --- the word-level diff -----------------------------------------------------------------------


def test_word_diff_marks_the_words_that_changed_not_the_paragraph():
    left, right = word_diff("The group discussed the draft law.", "The group approved the draft law.")
    assert left == [
        {"kind": "same", "text": "The group "},
        {"kind": "del", "text": "discussed"},
        {"kind": "same", "text": " the draft law."},
    ]
    assert [s for s in right if s["kind"] != "same"] == [{"kind": "ins", "text": "approved"}]
    # Two neighbouring words replaced are one deletion, not two joined by an unchanged space.
    left, right = word_diff("a very old text", "a brand new text")
    assert [s["text"] for s in left if s["kind"] == "del"] == ["very old"]
    assert [s["text"] for s in right if s["kind"] == "ins"] == ["brand new"]


def test_diff_aligns_lines_and_keeps_unchanged_ones_as_context():
    rows = text_rows("First paragraph.\n\nSecond one.", "First paragraph.\n\nSecond one, longer.\n\nA third.")
    assert [row["changed"] for row in rows] == [False, True, True]
    assert rows[1]["right"] == [
        {"kind": "same", "text": "Second one"},
        {"kind": "ins", "text": ", longer"},
        {"kind": "same", "text": "."},
    ]
    assert rows[2]["left"] == [] and rows[2]["right"] == [{"kind": "ins", "text": "A third."}]
    sections = compare_sections(
        [{"key": "a", "title": "A", "summary": "x", "agreements": ""}, {"key": "gone", "title": "G", "summary": "y"}],
        [{"key": "a", "title": "A", "summary": "x", "agreements": "Agreed."}],
    )
    assert [(s["key"], s["removed"], [f["name"] for f in s["fields"]]) for s in sections] == [
        ("a", False, ["agreements"]),
        ("gone", True, ["summary"]),
    ]


def test_the_diff_is_escaped_and_marked_with_ins_and_del():
    from minutes.models import MinutesVersion

    diff = compare_sections(
        [{"key": "a", "title": "Opening <b>", "summary": "Said <script>alert(1)</script> before"}],
        [{"key": "a", "title": "Opening <b>", "summary": "Said <img onerror=x> after"}],
    )
    html = render_to_string(
        "minutes/includes/_diff.html",
        {"diff": diff, "previous": MinutesVersion(number=1), "diff_to": MinutesVersion(number=2)},
    )
    assert "<script" not in html and "<img" not in html and "<b>" not in html
    assert "Opening &lt;b&gt;" in html and "&lt;" in html
    assert "before</del>" in html and "after</ins>" in html
    assert "Version 1" in html and "Version 2" in html
