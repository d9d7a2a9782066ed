"""The review loop's pages (issue 16, item 5): comments beside their section on the review page and in the
editor, resolving one without losing the text being edited, "changes requested" at the top, the Markdown
preview, the save bar, the word-level diff and the corrected-version notice; their queries are pinned."""

from datetime import date

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from members import services as member_services
from members.models import Pillar
from minutes import services
from minutes.models import Minutes, MinutesComment
from tests.factories.members import InstitutionFactory, MembershipFactory, RepresentativeFactory
from tests.factories.minutes import MinutesFactory

pytestmark = pytest.mark.django_db


def _url(name, minutes, **kwargs):
    return reverse(
        f"minutes:{name}", kwargs={"group_slug": minutes.working_group.slug, "minutes_id": minutes.pk, **kwargs}
    )


def _section_html(body: str, minutes, key: str) -> str:
    """The HTML of one section of the page (from its element to the next section's)."""
    start = body.index(f'id="section-{key}"')
    keys = [s["key"] for s in minutes.sections]
    following = keys[keys.index(key) + 1 :]
    end = min([body.index(f'id="section-{k}"', start) for k in following] or [len(body)])
    return body[start:end]


def _own_client(user) -> Client:
    """A client of its own (client_as signs one shared client in and out)."""
    client = Client()
    client.force_login(user)
    return client


def _second_reviewer(world):
    membership = MembershipFactory(
        working_group=world.group, pillar=Pillar.COMPANIES, institution=InstitutionFactory(name="Andes Gold")
    )
    rep = RepresentativeFactory(membership=membership)
    member_services.coordination_seat_assign(working_group=world.group, representative=rep, started_on=date(2020, 1, 1))
    return rep.user


def _returned(world, body="Say it in one line.", note="Shorten the opening."):
    minutes = MinutesFactory(world, status=Minutes.Status.SUBMITTED)
    comment = services.minutes_comment(
        minutes=minutes, actor=world.users["coordination"], section_key="opening", body=body
    )
    services.minutes_return(minutes=minutes, actor=world.users["coordination"], note=note)
    minutes.refresh_from_db()
    return minutes, comment


def test_a_reviewer_comments_from_the_form_beside_the_section_and_the_others_see_it_there(world, client_as):
    a = world["a"]
    other = _second_reviewer(a)
    minutes = MinutesFactory(a, status=Minutes.Status.SUBMITTED)
    client = client_as(a.users["coordination"])
    body = client.get(_url("minutes-detail", minutes)).content.decode()
    assert '<select name="section_key"' not in body  # no drop-down of sections at the bottom
    for section in minutes.sections:
        assert f'id="comment-on-{section["key"]}"' in _section_html(body, minutes, section["key"])

    response = client.post(_url("minutes-comment", minutes), {"section_key": "next", "body": "Add the venue."})
    assert response.status_code == 302 and response["Location"].endswith("#section-next")
    comment = MinutesComment.objects.get()

    seen_by_other = client_as(other).get(_url("minutes-detail", minutes)).content.decode()
    assert "Add the venue." in _section_html(seen_by_other, minutes, "next")
    assert "Add the venue." not in _section_html(seen_by_other, minutes, "opening")
    assert f'form="resolve-{comment.pk}"' not in seen_by_other  # only its author or the Secretariat resolves it
    own = client_as(a.users["coordination"]).get(_url("minutes-detail", minutes)).content.decode()
    assert f'form="resolve-{comment.pk}"' in own and f'id="resolve-{comment.pk}"' in own


def test_changes_requested_shows_the_note_at_the_top_and_the_comments_beside_their_sections_in_the_editor(
    world, client_as
):
    a = world["a"]
    minutes, comment = _returned(a)
    client = client_as(a.users["secretariat"])
    page = client.get(_url("minutes-detail", minutes)).content.decode()
    assert 'class="status status-changes_requested"' in page and "Changes requested" in page
    assert page.index("Shorten the opening.") < page.index('class="minutes-document"')

    editor = client.get(_url("minutes-edit", minutes)).content.decode()
    assert editor.index("Shorten the opening.") < editor.index('id="minutes-editor"')
    assert "returned version 1" in editor
    opening = _section_html(editor, minutes, "opening")
    assert "Say it in one line." in opening and f'form="resolve-{comment.pk}"' in opening
    # The resolve forms are outside the editor's form (a form inside a form is not a form).
    assert editor.index(f'id="resolve-{comment.pk}"') > editor.index("</form>", editor.index('id="minutes-editor"'))
    assert 'class="minutes-savebar"' in editor and "Saved at " in editor
    assert 'hx-post="' + _url("minutes-preview", minutes) in editor


def test_resolving_from_the_editor_answers_htmx_with_the_comment_and_otherwise_goes_back(world, client_as):
    a = world["a"]
    minutes, comment = _returned(a)
    url = _url("minutes-comment-resolve", minutes, comment_id=comment.pk)
    assert client_as(_second_reviewer(a)).post(url).status_code == 403
    assert client_as(a.users["member"]).post(url).status_code == 404  # the member does not see these minutes

    response = client_as(a.users["secretariat"]).post(url, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    fragment = response.content.decode()
    assert fragment.strip().startswith(f'<article class="minutes-comment is-resolved" id="comment-{comment.pk}"')
    assert "Resolved by" in fragment and a.users["secretariat"].get_full_name() in fragment

    editor = _url("minutes-edit", minutes)
    again = client_as(a.users["coordination"]).post(url, {"next": editor})
    assert again.status_code == 302 and again["Location"] == f"{editor}#comment-{comment.pk}"
    elsewhere = client_as(a.users["coordination"]).post(url, {"next": "https://evil.example/"})
    assert elsewhere["Location"].endswith("#section-opening")
    assert MinutesComment.objects.get(pk=comment.pk).resolved_by == a.users["secretariat"]


def test_the_preview_renders_markdown_as_the_minutes_pages_do_and_saves_nothing(world, client_as):
    a = world["a"]
    minutes = MinutesFactory(a)
    client = client_as(a.users["secretariat"])
    text = "**Agreed:** a *study*.\n\n- one\n- two\n\n<script>alert(1)</script> [x](javascript:alert(1))"
    response = client.post(
        _url("minutes-preview", minutes), {"field": "summary-opening", "summary-opening": text}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="preview-summary-opening"' in html
    assert "<strong>Agreed:</strong>" in html and "<em>study</em>" in html and "<li>one</li>" in html
    assert "<script>" not in html and "javascript:" not in html
    minutes.refresh_from_db()
    assert "Agreed" not in minutes.sections[0]["summary"]
    assert client.post(_url("minutes-preview", minutes), {"field": "revision"}).status_code == 400
    submitted = MinutesFactory(a, status=Minutes.Status.SUBMITTED)
    reviewer = client_as(a.users["coordination"])
    assert reviewer.post(_url("minutes-preview", submitted), {"field": "summary-opening"}).status_code == 403


def test_autosave_says_when_it_saved(world, client_as):
    a = world["a"]
    minutes, _ = _returned(a)
    response = client_as(a.users["secretariat"]).post(
        _url("minutes-autosave", minutes), {"revision": minutes.revision, "summary-opening": "One line."}
    )
    assert response.status_code == 200
    assert response.json()["status"].startswith("Saved automatically at ")


def test_the_version_page_shows_the_words_that_changed_side_by_side(world, client_as):
    a = world["a"]
    minutes, _ = _returned(a)
    services.minutes_save_draft(
        minutes=minutes,
        actor=a.users["secretariat"],
        revision=minutes.revision,
        texts={"opening": {"summary": "The group approved the draft law."}},
    )
    services.minutes_submit(minutes=minutes, actor=a.users["secretariat"])
    client = client_as(a.users["coordination"])
    body = client.get(_url("minutes-version", minutes, number=2)).content.decode()
    assert "What changed since version 1" in body and 'class="diff-table"' in body
    assert "<del>discussed</del>" in body and "<ins>approved</ins>" in body
    assert "<del>The group discussed" not in body  # the words, not the paragraph
    detail = client.get(_url("minutes-detail", minutes)).content.decode()
    assert "<ins>approved</ins>" in detail
    # Compared with an earlier version chosen on the page (here the only one), or the previous by default.
    version_url = _url("minutes-version", minutes, number=2)
    assert "<ins>approved</ins>" in client.get(f"{version_url}?against=1").content.decode()
    assert client.get(f"{version_url}?against=x").status_code == 200


def test_members_are_told_of_a_correction_only_after_one_and_never_which_sections_changed(world, client_as):
    a = world["a"]
    secretariat, member = a.users["secretariat"], a.users["member"]
    minutes, _ = _returned(a)
    services.minutes_save_draft(
        minutes=minutes, actor=secretariat, revision=minutes.revision, texts={"opening": {"summary": "One line."}}
    )
    services.minutes_submit(minutes=minutes, actor=secretariat)
    services.minutes_approve(minutes=minutes, actor=a.users["coordination"])
    services.minutes_circulate(minutes=minutes, actor=secretariat)
    first = client_as(member).get(_url("minutes-detail", minutes)).content.decode()
    assert "corrected version" not in first.lower() and "Changed" not in first  # version 2 of the first review

    minutes.refresh_from_db()
    services.minutes_start_correction(minutes=minutes, actor=secretariat, note="The date")
    minutes.refresh_from_db()
    services.minutes_save_draft(
        minutes=minutes, actor=secretariat, revision=minutes.revision, texts={"next": {"summary": "In Cusco."}}
    )
    services.minutes_submit(minutes=minutes, actor=secretariat)
    services.minutes_approve(minutes=minutes, actor=a.users["coordination"])
    services.minutes_circulate(minutes=minutes, actor=secretariat)
    corrected = client_as(member).get(_url("minutes-detail", minutes)).content.decode()
    assert "This is a corrected version. It replaces version 2, circulated earlier." in corrected
    assert "Changed" not in corrected and "minutes-changes" not in corrected and "The date" not in corrected
    staff = client_as(secretariat).get(_url("minutes-detail", minutes)).content.decode()
    assert "This version corrects circulated version 2." in staff
    assert "Changed in this version:" in staff and "<li>Next meeting</li>" in staff  # a list, not raw "- " text


def _queries(client, url, method="get", **kwargs) -> int:
    getattr(client, method)(url, **kwargs)  # warm the session
    with CaptureQueriesContext(connection) as captured:
        response = getattr(client, method)(url, **kwargs)
    assert response.status_code == 200, url
    return len(captured.captured_queries)


# Exact queries of the review loop's pages, the same with one comment and with six (no N+1). Every
# full page has the 4 of every signed-in page (session, user, group, roles and capabilities) and the
# navigation's count of what waits for the person (1); then its own reads:
EXPECTED = {
    # the minutes, the comments (one query, with their authors and resolvers), the change request
    "editor (changes requested)": 8,
    # the minutes, the version, actions, attendance, approvals, the previous version (for the diff), the
    # comments, the Coordination Group seats (approval rule), history, versions, the public summary
    "review page (reviewer)": 16,
    # the minutes, the version, approvals, the previous version, comments, actions, attendance
    "version page (reviewer)": 12,
    # an htmx fragment: the 4 and the minutes, nothing else (no navigation)
    "preview": 5,
}


def test_review_pages_issue_a_fixed_number_of_queries(world, client_as):
    a = world["a"]
    minutes, _ = _returned(a)
    secretariat, coordination = _own_client(a.users["secretariat"]), _own_client(a.users["coordination"])
    services.minutes_submit(minutes=minutes, actor=a.users["secretariat"])
    services.minutes_comment(minutes=minutes, actor=a.users["coordination"], section_key="next", body="Venue?")
    pages = {
        "review page (reviewer)": (coordination, _url("minutes-detail", minutes), "get", {}),
        "version page (reviewer)": (coordination, _url("minutes-version", minutes, number=2), "get", {}),
    }
    counts = [{name: _queries(c, url, m, **kw) for name, (c, url, m, kw) in pages.items()}]
    for key in [s["key"] for s in minutes.sections] + ["opening"]:
        services.minutes_comment(minutes=minutes, actor=a.users["coordination"], section_key=key, body="More")
    counts.append({name: _queries(c, url, m, **kw) for name, (c, url, m, kw) in pages.items()})

    services.minutes_return(minutes=minutes, actor=a.users["coordination"], note="See the comments")
    minutes.refresh_from_db()
    editing = {
        "editor (changes requested)": (secretariat, _url("minutes-edit", minutes), "get", {}),
        "preview": (
            secretariat,
            _url("minutes-preview", minutes),
            "post",
            {"data": {"field": "summary-opening", "summary-opening": "*x*"}},
        ),
    }
    counts[1].update({name: _queries(c, url, m, **kw) for name, (c, url, m, kw) in editing.items()})
    assert counts[0] == {k: v for k, v in counts[1].items() if k in counts[0]}, counts
    assert counts[1] == EXPECTED, counts[1]
