"""Permission rows for every minutes URL: GET and POST, every role, and each workflow state.

Who sees minutes: the Secretariat always; the Coordination Group from the first submission; member
and observer representatives once circulated (the coordination user also represents the NGO);
nobody else (the group administrator included) — and what they cannot see answers 404.
"""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from minutes.models import Minutes, MinutesComment
from tests.factories.minutes import MinutesFactory, held_meeting

from . import LOGIN, Row, everyone, only, public

STATES = ["draft", "submitted", "changes_requested", "approved", "circulated"]
EDITABLE = {"draft", "changes_requested"}  # Minutes.EDITABLE: the Secretariat edits the text
GROUP_ROLES = ["member", "observer", "coordination", "secretariat", "admin"]


def build(world):
    """Minutes in every state (and what the rows need), created once per matrix world.

    Built in one transaction whose on-commit work (PDF rendering, e-mails) is dropped: the matrix
    tests access, not rendering, and must not write PDFs into the real media folder.
    """
    with transaction.atomic():
        _build(world)
        transaction.get_connection().run_on_commit.clear()


def _build(world):
    for state in STATES:
        action = {  # added to the draft, so it goes with the first version (circulated with it)
            "description": "Share the draft regulation",
            "institution": world.objects["company"],
            "due_on": timezone.localdate() + timedelta(days=30),
        }
        minutes = MinutesFactory(world, status=state, title=f"Plenary with {state} minutes", actions=[action])
        world.objects[f"minutes_{state}"] = minutes
        world.objects[f"action_{state}"] = minutes.actions.get()
        if state != "draft":  # a reviewer's comment on the first version, to resolve
            world.objects[f"comment_{state}"] = MinutesComment.objects.create(
                version=minutes.versions.get(number=1),
                section_key="opening",
                section_title="Opening and context",
                author=world.users["coordination"],
                body="Shorter, please.",
            )
    world.objects["meeting_without_minutes"] = held_meeting(world, title="Plenary awaiting minutes", attendance=False)


def visible(state: str) -> set:
    roles = {"secretariat"}
    if state != "draft":
        roles.add("coordination")
    if state == "circulated":
        roles |= {"member", "observer"}
    return roles


def expect(state: str, allowed, status=200, not_allowed=403) -> dict:
    """`allowed` roles that can see the minutes get `status`; others who see them `not_allowed`; 404 otherwise.
    `status` may be a dict state -> status."""
    see = visible(state)
    ok = status[state] if isinstance(status, dict) else status
    result = {"anonymous": LOGIN, "outsider": 404}
    for role in GROUP_ROLES:
        if role not in see:
            result[role] = 404
        elif role in set(allowed):
            result[role] = ok
        else:
            result[role] = not_allowed
    return result


def _minutes(state):
    return lambda world: {"minutes_id": world.objects[f"minutes_{state}"].pk}


def _version(state):
    return lambda world: {"minutes_id": world.objects[f"minutes_{state}"].pk, "number": 1}


def _edit_data(world, state):
    minutes = world.objects[f"minutes_{state}"]
    data = {"revision": minutes.revision, "then": "stay"}
    for section in minutes.sections:
        data[f"summary-{section['key']}"] = "Participants discussed the regulation."
    return data


SECRETARIAT = {"secretariat"}
REVIEWERS = {"coordination"}
READERS = {"secretariat", "coordination", "member", "observer"}

ROWS = [
    Row("minutes:index", everyone(200)),
    Row("minutes:action-list", everyone(200)),
    Row(
        "minutes:minutes-start",
        only(SECRETARIAT),
        kwargs=lambda w: {"meeting_id": w.objects["meeting_without_minutes"].pk},
    ),
    Row(
        "minutes:minutes-start",
        only(SECRETARIAT, 302),
        kwargs=lambda w: {"meeting_id": w.objects["meeting_without_minutes"].pk},
        method="post",
    ),
    Row("public:summaries", public(200), kwargs=lambda w: {"group_slug": w.group.slug}, group_scoped=False),
]

for state in STATES:
    is_draft = state == "draft"  # never submitted: no version yet
    editable = state in EDITABLE
    kw = _minutes(state)
    ROWS += [
        Row("minutes:minutes-detail", expect(state, READERS), kwargs=kw, label=state),
        Row("minutes:minutes-edit", expect(state, SECRETARIAT, 200 if editable else 302), kwargs=kw, label=state),
        Row(
            "minutes:minutes-edit",
            expect(state, SECRETARIAT, 302),
            kwargs=kw,
            method="post",
            data=lambda w, s=state: _edit_data(w, s),
            label=state,
        ),
        Row(
            "minutes:minutes-autosave",
            expect(state, SECRETARIAT, 200 if editable else 400),
            kwargs=kw,
            method="post",
            data=lambda w, s=state: _edit_data(w, s),
            label=state,
        ),
        # The editor's Markdown preview (an htmx fragment): the Secretariat, in every state (it saves nothing).
        Row(
            "minutes:minutes-preview",
            expect(state, SECRETARIAT),
            kwargs=kw,
            method="post",
            data=lambda w: {"field": "summary-opening", "summary-opening": "**Agreed**"},
            label=state,
        ),
        Row("minutes:minutes-check", expect(state, SECRETARIAT), kwargs=kw, label=state),
        Row(
            "minutes:minutes-check",
            expect(state, SECRETARIAT, 302),
            kwargs=kw,
            method="post",
            data=lambda w: {"term": "Mining Co", "scope": "minutes", "reason": "Convenor", "every_occurrence": "on"},
            label=state,
        ),
        # The editor's live check (JSON): the Secretariat only, in every state (it changes nothing).
        Row(
            "minutes:minutes-check-text",
            expect(state, SECRETARIAT),
            kwargs=kw,
            method="post",
            data=lambda w: {"summary-opening": "Mining Co presented its policy."},
            label=state,
        ),
        # A suggested wording applied from the check (a save): the Secretariat, back to the check in every
        # state (a mention no longer there, or a text that is not a draft, is a message there).
        Row(
            "minutes:minutes-check-apply",
            expect(state, SECRETARIAT, 302),
            kwargs=kw,
            method="post",
            data=lambda w: {
                "section_key": "opening",
                "field": "summary",
                "start": 0,
                "end": 9,
                "matched": "Mining Co",
                "suggestion": "A company",
            },
            label=state,
        ),
        Row("minutes:minutes-readers", expect(state, SECRETARIAT), kwargs=kw, label=state),
        # Rewording a follow-up action: a draft's, by the Secretariat; otherwise a message and the page.
        Row(
            "minutes:action-edit",
            expect(state, SECRETARIAT, 200 if editable else 302),
            kwargs=lambda w, s=state: {**_minutes(s)(w), "action_id": w.objects[f"action_{s}"].pk},
            label=state,
        ),
        Row(
            "minutes:action-edit",
            expect(state, SECRETARIAT, 302),
            kwargs=lambda w, s=state: {**_minutes(s)(w), "action_id": w.objects[f"action_{s}"].pk},
            method="post",
            data=lambda w: {"description": "Share the draft regulation with the group"},
            label=state,
        ),
        Row(
            "minutes:action-add",
            expect(state, SECRETARIAT, 302),
            kwargs=kw,
            method="post",
            data=lambda w: {
                "description": "Send the study",
                "institution": w.objects["ngo"].pk,
                "due_on": "2030-01-31",
            },
            label=state,
        ),
        Row("minutes:summary-edit", expect(state, SECRETARIAT), kwargs=kw, label=state),
        Row(
            "minutes:summary-edit",
            expect(state, SECRETARIAT, 302),
            kwargs=kw,
            method="post",
            data=lambda w: {"title": "Private security", "text": "The group discussed regulation."},
            label=state,
        ),
        Row("minutes:summary-submit", expect(state, SECRETARIAT, 302), kwargs=kw, method="post", label=state),
        Row("minutes:summary-approve", expect(state, REVIEWERS, 302), kwargs=kw, method="post", label=state),
        Row(
            "minutes:summary-return",
            expect(state, REVIEWERS, 302),
            kwargs=kw,
            method="post",
            data=lambda w: {"note": "Shorter"},
            label=state,
        ),
        # Transitions: GET confirms, POST acts (from a wrong state: a message and back to the page).
        Row("minutes:minutes-submit", expect(state, SECRETARIAT), kwargs=kw, label=state),
        Row("minutes:minutes-submit", expect(state, SECRETARIAT, 302), kwargs=kw, method="post", label=state),
        Row("minutes:minutes-circulate", expect(state, SECRETARIAT), kwargs=kw, label=state),
        Row("minutes:minutes-circulate", expect(state, SECRETARIAT, 302), kwargs=kw, method="post", label=state),
        Row("minutes:minutes-correct", expect(state, SECRETARIAT), kwargs=kw, label=state),
        Row(
            "minutes:minutes-correct",
            expect(state, SECRETARIAT, 302),
            kwargs=kw,
            method="post",
            data=lambda w: {"note": "A date was wrong"},
            label=state,
        ),
        Row("minutes:minutes-approve", expect(state, REVIEWERS), kwargs=kw, label=state),
        Row("minutes:minutes-approve", expect(state, REVIEWERS, 302), kwargs=kw, method="post", label=state),
        Row("minutes:minutes-return", expect(state, REVIEWERS), kwargs=kw, label=state),
        Row(
            "minutes:minutes-return",
            expect(state, REVIEWERS, 302),
            kwargs=kw,
            method="post",
            data=lambda w: {"note": "Remove the second paragraph"},
            label=state,
        ),
        Row(
            "minutes:minutes-comment",
            expect(state, REVIEWERS, 302),
            kwargs=kw,
            method="post",
            data=lambda w, s=state: {"section_key": "opening", "body": "Too long"},
            label=state,
        ),
        *(
            # Resolving a comment: the Secretariat or the comment's author (coordination), in any state once
            # there is one (a repeat is a no-op); members who read circulated minutes get 403.
            [
                Row(
                    "minutes:minutes-comment-resolve",
                    expect(state, SECRETARIAT | REVIEWERS, 302),
                    kwargs=lambda w, s=state: {**_minutes(s)(w), "comment_id": w.objects[f"comment_{s}"].pk},
                    method="post",
                    label=state,
                )
            ]
            if not is_draft
            else []
        ),
        # Versions and PDFs: a draft never submitted has none (404 even for the Secretariat); readers
        # get only the circulated version, never the review pages. PDFs are not rendered in the
        # matrix (no commit), so the download answers with a message and a redirect.
        Row(
            "minutes:minutes-version",
            {**expect(state, SECRETARIAT | REVIEWERS), **({"secretariat": 404} if is_draft else {})},
            kwargs=_version(state),
            label=state,
        ),
        Row(
            "minutes:minutes-pdf",
            {**expect(state, READERS, 302), **({"secretariat": 404} if is_draft else {})},
            kwargs=kw,
            label=state,
        ),
        # Follow-up actions (assigned to the company): its representative ("member") or the Secretariat.
        Row(
            "minutes:action-done",
            expect(state, {"secretariat", "member"}, 302),
            kwargs=lambda w, s=state: {"action_id": w.objects[f"action_{s}"].pk},
            method="post",
            label=state,
        ),
    ]

assert all(isinstance(Minutes.Status(s), str) for s in STATES)
