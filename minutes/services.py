"""Every change to minutes goes through here: one function per transition (STYLE.md).

Each transition locks the row, checks the actor's permission (vpwg/permissions.py), checks
Minutes.ALLOWED, records a MinutesStatusChange and an audit record, and queues notifications and the
PDF only after commit. Repeat requests: a second submit/return/circulate/correction finds the
minutes in another state and is refused with TransitionNotAllowed; a second approval by the same
person is refused with MinutesError; marking a done action done again is a no-op.
"""

from __future__ import annotations

import logging
from datetime import date

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, ngettext

from meetings.models import Meeting
from meetings.services import secretariat_staff
from members.models import CoordinationSeat, Membership, MinutesApprovalRule
from vpwg import circulation, permissions
from vpwg.audit import audit_record
from vpwg.celery import enqueue_on_commit
from vpwg.outbox import absolute_url, outbox_queue_email
from vpwg.pdf import render_pdf

from . import selectors
from .attribution import Checker
from .exceptions import AttributionUnresolved, MinutesError, StaleRevision, TransitionNotAllowed
from .models import (
    AttributionAcceptance,
    FollowUpAction,
    Minutes,
    MinutesApproval,
    MinutesComment,
    MinutesStatusChange,
    MinutesVersion,
    PublicSummary,
    PublicSummaryApproval,
)
from .rendering import FIELDS, change_summary

logger = logging.getLogger(__name__)


# Closing sections after the agenda items; titles marked here, translated when a draft starts.
CLOSING_SECTIONS = [
    ("other", gettext_noop("Other business")),
    ("next", gettext_noop("Next meeting")),
]


# --- helpers ---------------------------------------------------------------------------------


def _locked(minutes: Minutes) -> Minutes:
    return Minutes.objects.select_for_update().select_related("working_group", "meeting").get(pk=minutes.pk)


def _check_transition(minutes: Minutes, to_status: str, from_status: str | None = None) -> None:
    current = minutes.status
    if to_status not in Minutes.ALLOWED[current] or (from_status is not None and current != from_status):
        raise TransitionNotAllowed(
            _("Minutes that are “%(status)s” cannot become “%(to)s”.")
            % {"status": minutes.get_status_display(), "to": Minutes.Status(to_status).label}
        )


def _change_status(minutes: Minutes, to_status: str, *, actor, note: str = "", from_status: str | None = None):
    """Move `minutes` to `to_status` if ALLOWED (and, when given, only from `from_status`); log it."""
    _check_transition(minutes, to_status, from_status)
    current = minutes.status
    minutes.status = to_status
    MinutesStatusChange.objects.create(
        minutes=minutes,
        from_status=current,
        to_status=to_status,
        version_number=minutes.latest_version_number,
        actor=actor,
        note=note,
    )


def _queue(*, dedupe_key: str, user, template: str, minutes: Minutes, **context) -> None:
    """Queue one e-mail once per dedupe key (outbox_queue_email skips a repeat; a concurrent
    duplicate's IntegrityError is swallowed here)."""
    if not user.email:
        return
    try:
        with transaction.atomic():
            outbox_queue_email(
                dedupe_key=dedupe_key,
                recipient=user.email,
                template=f"minutes/emails/{template}",
                context={
                    "minutes": minutes,
                    "meeting": minutes.meeting,
                    "group": minutes.working_group,
                    "user": user,
                    **context,
                },
                working_group=minutes.working_group,
                language=minutes.working_group.language,
            )
    except IntegrityError:
        pass


def coordination_members(working_group) -> dict:
    """{user: pillar} of the current Coordination Group seat holders."""
    seats = (
        CoordinationSeat.objects.current(working_group.today())
        .filter(working_group=working_group)
        .select_related("representative__user")
    )
    return {seat.representative.user: seat.pillar for seat in seats}


def approval_progress(working_group, approvals: list) -> dict:
    """Whether `approvals` (objects with .user_id and .pillar) satisfy the group's approval rule.

    one_per_pillar: one approval from a seat holder of every pillar that has a seat now;
    majority: more than half of the current seat holders; all: every current seat holder.
    """
    members = coordination_members(working_group)
    member_ids = {user.pk for user in members}
    approved_ids = {a.user_id for a in approvals if a.user_id in member_ids}
    rule = working_group.minutes_approval_rule
    pillars = set(members.values())
    approved_pillars = {a.pillar for a in approvals if a.user_id in member_ids}
    if rule == MinutesApprovalRule.ALL:
        complete = bool(member_ids) and approved_ids >= member_ids
        missing = [user for user in members if user.pk not in approved_ids]
    elif rule == MinutesApprovalRule.MAJORITY:
        complete = len(approved_ids) * 2 > len(member_ids)
        missing = []
    else:
        complete = bool(pillars) and pillars <= approved_pillars
        missing = sorted(pillars - approved_pillars)
    return {
        "rule": MinutesApprovalRule(rule),
        "approved": len(approved_ids),
        "of": len(member_ids),
        "pillars": sorted(pillars),
        "approved_pillars": sorted(approved_pillars & pillars),
        "missing": missing,
        "complete": complete,
    }


# --- drafting --------------------------------------------------------------------------------


@transaction.atomic
def minutes_start(*, meeting: Meeting, actor) -> Minutes:
    """Create the draft minutes of a held meeting (one section per agenda item plus general ones).

    Requires draft_minutes. Idempotent: a meeting that has minutes returns them. Sets the meeting's
    `minutes_drafted_at` (the meetings reminder sweep stops chasing).
    """
    permissions.require(actor, "draft_minutes", meeting.working_group)
    existing = Minutes.objects.filter(meeting=meeting).first()
    if existing is not None:
        return existing
    if meeting.status != Meeting.Status.HELD:
        raise MinutesError(_("Minutes can only be drafted for a meeting that was held."))
    sections = [
        {"key": "opening", "title": _("Opening and context"), "agenda_item_id": None, "summary": "", "agreements": ""}
    ]
    for item in meeting.agenda_items.order_by("position"):
        sections.append(
            {
                "key": f"item-{item.pk}",
                "title": f"{item.position}. {item.title}",
                "agenda_item_id": item.pk,
                "summary": "",
                "agreements": "",
            }
        )
    for key, title in CLOSING_SECTIONS:
        sections.append({"key": key, "title": _(title), "agenda_item_id": None, "summary": "", "agreements": ""})
    minutes = Minutes.objects.create(
        working_group=meeting.working_group, meeting=meeting, sections=sections, created_by=actor
    )
    Meeting.objects.filter(pk=meeting.pk).update(minutes_drafted_at=timezone.now())
    audit_record(action="minutes.started", actor=actor, target=minutes, working_group=meeting.working_group)
    return minutes


@transaction.atomic
def minutes_save_draft(
    *, minutes: Minutes, actor, revision: int, texts: dict, list_attendees: bool | None = None
) -> Minutes:
    """Save the draft's section texts (`texts`: {section key: {"summary": ..., "agreements": ...}}).

    Requires draft_minutes and DRAFT. `revision` is the one the editor started from: if someone saved
    since, StaleRevision is raised and nothing changes (the caller shows the person their own text).
    """
    minutes = _locked(minutes)
    permissions.require(actor, "draft_minutes", minutes)
    if minutes.status != Minutes.Status.DRAFT:
        raise TransitionNotAllowed(_("These minutes are not a draft any more; they cannot be edited."))
    if revision != minutes.revision:
        raise StaleRevision(
            _(
                "Someone else saved these minutes while you were editing. Your text was not saved: it is shown "
                "below next to the saved version so you can merge the two."
            )
        )
    for section in minutes.sections:
        if section["key"] in texts:
            for field in FIELDS:
                if field in texts[section["key"]]:
                    section[field] = texts[section["key"]][field].replace("\r\n", "\n")
    if list_attendees is not None:
        minutes.list_attendees = list_attendees
    minutes.revision += 1
    minutes.save(update_fields=["sections", "list_attendees", "revision", "updated_at"])
    return minutes


# --- non-attribution -------------------------------------------------------------------------


def attribution_check(minutes: Minutes, *, scope: str = AttributionAcceptance.Scope.MINUTES) -> list[dict]:
    """Every hit of the check on the draft (or the public summary), each with its acceptance or None."""
    checker = Checker(selectors.attribution_names(minutes))
    if scope == AttributionAcceptance.Scope.SUMMARY:
        summary = getattr(minutes, "public_summary", None)
        documents = [("summary", _("Public summary"), "text", summary.text if summary else "")]
        if summary:
            documents.append(("summary", _("Public summary"), "title", summary.title))
    else:
        documents = [
            (section["key"], section["title"], field, section.get(field, ""))
            for section in minutes.sections
            for field in FIELDS
        ]
    acceptances = list(minutes.acceptances.filter(scope=scope))
    results = []
    for key, title, field, text in documents:
        for hit in checker.find(text, section=key, field=field):
            accepted = next((a for a in acceptances if _covers(a, hit)), None)
            results.append({"hit": hit, "section_title": title, "acceptance": accepted})
    return results


def _covers(acceptance: AttributionAcceptance, hit) -> bool:
    if acceptance.term != hit.term:
        return False
    if acceptance.covers_every_occurrence:
        return True
    return (acceptance.section_key, acceptance.field, acceptance.occurrence) == (hit.section, hit.field, hit.occurrence)


@transaction.atomic
def attribution_accept(
    *,
    minutes: Minutes,
    actor,
    term: str,
    reason: str,
    section_key: str = "",
    field: str = "",
    occurrence: int | None = None,
    scope: str = AttributionAcceptance.Scope.MINUTES,
) -> AttributionAcceptance:
    """Record that a mention is acceptable (e.g. the Secretariat naming itself as convenor).

    Requires draft_minutes and a reason. Without `section_key` it covers every occurrence of `term`.
    """
    permissions.require(actor, "draft_minutes", minutes)
    if not reason.strip():
        raise MinutesError(_("Say why this mention is acceptable."))
    acceptance = AttributionAcceptance.objects.create(
        minutes=minutes,
        scope=scope,
        term=term,
        section_key=section_key,
        field=field if section_key else "",
        occurrence=occurrence if section_key else None,
        reason=reason.strip(),
        actor=actor,
    )
    audit_record(
        action="minutes.attribution_accepted",
        actor=actor,
        target=minutes,
        working_group=minutes.working_group,
        reason=reason.strip(),
        term=term,
        scope=scope,
        section=section_key,
        occurrence=occurrence,
    )
    return acceptance


def _require_no_unresolved(minutes: Minutes, scope: str) -> None:
    unresolved = [r for r in attribution_check(minutes, scope=scope) if r["acceptance"] is None]
    if unresolved:
        raise AttributionUnresolved(
            ngettext(
                "The non-attribution check found %(count)s mention of a participant that is neither fixed nor "
                "accepted. Fix or accept it first.",
                "The non-attribution check found %(count)s mentions of participants that are neither fixed nor "
                "accepted. Fix or accept each one first.",
                len(unresolved),
            )
            % {"count": len(unresolved)}
        )


# --- workflow --------------------------------------------------------------------------------


@transaction.atomic
def minutes_submit(*, minutes: Minutes, actor, note: str = "") -> MinutesVersion:
    """The Secretariat submits the draft to the Coordination Group.

    Requires draft_minutes, DRAFT, and no unresolved non-attribution hit. Freezes the draft into a new
    MinutesVersion, tells the Coordination Group, and queues the version's PDF after commit.
    """
    minutes = _locked(minutes)
    permissions.require(actor, "draft_minutes", minutes)
    _check_transition(minutes, Minutes.Status.SUBMITTED, Minutes.Status.DRAFT)
    _require_no_unresolved(minutes, AttributionAcceptance.Scope.MINUTES)
    previous = minutes.versions.order_by("-number").first()
    version = MinutesVersion.objects.create(
        minutes=minutes,
        number=minutes.latest_version_number + 1,
        sections=minutes.sections,
        list_attendees=minutes.list_attendees,
        change_summary=change_summary(previous.sections, minutes.sections) if previous else "",
        created_by=actor,
    )
    minutes.latest_version_number = version.number
    _change_status(minutes, Minutes.Status.SUBMITTED, actor=actor, note=note)
    minutes.save(update_fields=["status", "latest_version_number", "updated_at"])
    audit_record(
        action="minutes.submitted",
        actor=actor,
        target=minutes,
        working_group=minutes.working_group,
        version=version.number,
    )
    url = absolute_url("minutes:minutes-detail", minutes.working_group.slug, minutes.pk)
    for user in coordination_members(minutes.working_group):
        _queue(
            dedupe_key=f"minutes:{minutes.pk}:v{version.number}:submitted:{user.pk}",
            user=user,
            template="submitted",
            minutes=minutes,
            version=version,
            url=url,
        )
    from .tasks import minutes_render_pdf_task

    enqueue_on_commit(minutes_render_pdf_task, version.pk)
    return version


@transaction.atomic
def minutes_comment(*, minutes: Minutes, actor, section_key: str, body: str) -> MinutesComment:
    """A Coordination Group member comments on one section of the version under review."""
    minutes = _locked(minutes)
    permissions.require(actor, "review_minutes", minutes)
    if minutes.status != Minutes.Status.SUBMITTED:
        raise TransitionNotAllowed(_("Only minutes awaiting the Coordination Group can be commented on."))
    if not body.strip():
        raise MinutesError(_("Write a comment."))
    version = minutes.versions.get(number=minutes.latest_version_number)
    titles = {s["key"]: s["title"] for s in version.sections}
    if section_key not in titles:
        raise MinutesError(_("Choose a section of these minutes."))
    return MinutesComment.objects.create(
        version=version, section_key=section_key, section_title=titles[section_key], author=actor, body=body.strip()
    )


@transaction.atomic
def minutes_return(*, minutes: Minutes, actor, note: str) -> Minutes:
    """A Coordination Group member requests changes: back to DRAFT for the Secretariat, with the comments.

    Requires review_minutes, SUBMITTED and a note. Approvals of the returned version no longer count.
    """
    minutes = _locked(minutes)
    permissions.require(actor, "review_minutes", minutes)
    if not note.strip():
        raise MinutesError(_("Say what should change."))
    _change_status(minutes, Minutes.Status.DRAFT, actor=actor, note=note.strip(), from_status=Minutes.Status.SUBMITTED)
    minutes.save(update_fields=["status", "updated_at"])
    audit_record(
        action="minutes.returned",
        actor=actor,
        target=minutes,
        working_group=minutes.working_group,
        reason=note.strip(),
        version=minutes.latest_version_number,
    )
    version = minutes.versions.get(number=minutes.latest_version_number)
    comments = list(version.comments.select_related("author"))
    url = absolute_url("minutes:minutes-detail", minutes.working_group.slug, minutes.pk)
    returned = minutes.history.count()
    for user in secretariat_staff(minutes.working_group):
        _queue(
            dedupe_key=f"minutes:{minutes.pk}:v{version.number}:returned{returned}:{user.pk}",
            user=user,
            template="returned",
            minutes=minutes,
            note=note.strip(),
            comments=comments,
            url=url,
        )
    return minutes


@transaction.atomic
def minutes_approve(*, minutes: Minutes, actor, note: str = "") -> Minutes:
    """A Coordination Group member approves the version under review.

    Requires review_minutes and SUBMITTED; a person approves a version once. When the approvals meet
    the group's rule (WorkingGroup.minutes_approval_rule), the minutes become APPROVED and the
    Secretariat is told.
    """
    minutes = _locked(minutes)
    permissions.require(actor, "review_minutes", minutes)
    if minutes.status != Minutes.Status.SUBMITTED:
        raise TransitionNotAllowed(
            _("Only minutes awaiting the Coordination Group can be approved; these are “%(status)s”.")
            % {"status": minutes.get_status_display()}
        )
    version = minutes.versions.get(number=minutes.latest_version_number)
    if version.approvals.filter(user=actor).exists():
        raise MinutesError(_("You have already approved this version."))
    pillar = coordination_members(minutes.working_group).get(actor, "")
    MinutesApproval.objects.create(version=version, user=actor, pillar=pillar)
    audit_record(
        action="minutes.approval_given",
        actor=actor,
        target=minutes,
        working_group=minutes.working_group,
        version=version.number,
        pillar=pillar,
    )
    progress = approval_progress(minutes.working_group, list(version.approvals.all()))
    if progress["complete"]:
        _change_status(minutes, Minutes.Status.APPROVED, actor=actor, note=note)
        minutes.save(update_fields=["status", "updated_at"])
        audit_record(
            action="minutes.approved",
            actor=actor,
            target=minutes,
            working_group=minutes.working_group,
            version=version.number,
        )
        url = absolute_url("minutes:minutes-detail", minutes.working_group.slug, minutes.pk)
        for user in secretariat_staff(minutes.working_group):
            _queue(
                dedupe_key=f"minutes:{minutes.pk}:v{version.number}:approved:{user.pk}",
                user=user,
                template="approved",
                minutes=minutes,
                version=version,
                url=url,
            )
    return minutes


@transaction.atomic
def minutes_circulate(*, minutes: Minutes, actor) -> Minutes:
    """The Secretariat circulates approved minutes to current members and observers.

    Requires draft_minutes and APPROVED. Grants `view_minutes` to the member and observer role groups
    and tells each representative once per version (a correction's e-mail says what changed).
    """
    minutes = _locked(minutes)
    permissions.require(actor, "draft_minutes", minutes)
    _change_status(minutes, Minutes.Status.CIRCULATED, actor=actor, from_status=Minutes.Status.APPROVED)
    version = minutes.versions.get(number=minutes.latest_version_number)
    correction = minutes.circulated_version_id is not None
    minutes.circulated_version = version
    minutes.circulated_at = timezone.now()
    minutes.save(update_fields=["status", "circulated_version", "circulated_at", "updated_at"])
    circulation.circulate(minutes)
    audit_record(
        action="minutes.circulated",
        actor=actor,
        target=minutes,
        working_group=minutes.working_group,
        version=version.number,
        correction=correction,
    )
    url = absolute_url("minutes:minutes-detail", minutes.working_group.slug, minutes.pk)
    for representative in circulation.circulation_recipients(minutes.working_group):
        user = representative.user
        _queue(
            dedupe_key=f"minutes:{minutes.pk}:v{version.number}:circulated:{user.pk}",
            user=user,
            template="circulated",
            minutes=minutes,
            version=version,
            correction=correction,
            changes=version.change_summary,
            url=url,
        )
    return minutes


@transaction.atomic
def minutes_start_correction(*, minutes: Minutes, actor, note: str) -> Minutes:
    """Open a correction of circulated minutes: a new draft (from the circulated text) that goes
    through approval again. Members keep reading the circulated version meanwhile.

    Requires draft_minutes, CIRCULATED and a note saying what is corrected.
    """
    minutes = _locked(minutes)
    permissions.require(actor, "draft_minutes", minutes)
    if not note.strip():
        raise MinutesError(_("Say what needs correcting."))
    _change_status(minutes, Minutes.Status.DRAFT, actor=actor, note=note.strip(), from_status=Minutes.Status.CIRCULATED)
    minutes.sections = minutes.circulated_version.sections
    minutes.revision += 1
    minutes.save(update_fields=["status", "sections", "revision", "updated_at"])
    audit_record(
        action="minutes.correction_started",
        actor=actor,
        target=minutes,
        working_group=minutes.working_group,
        reason=note.strip(),
    )
    return minutes


# --- PDF, reading and the access log -----------------------------------------------------------


def minutes_render_pdf(*, version: MinutesVersion) -> MinutesVersion:
    """Render one version's PDF into storage (minutes/<group>/<meeting>/v<n>.pdf). Safe to run twice:
    a second run overwrites the same file."""
    minutes = version.minutes
    context = selectors.minutes_document(minutes, version)
    with translation.override(minutes.working_group.language):
        html = render_to_string("minutes/pdf/minutes.html", context)
    pdf = render_pdf(html)
    # The field's upload_to adds "minutes/"; the storage name is what exists() and delete() see.
    name = f"{minutes.working_group.slug}/{minutes.meeting_id}/v{version.number}.pdf"
    storage = version.pdf.storage
    stored_name = version.pdf.field.generate_filename(version, name)
    if storage.exists(stored_name):
        storage.delete(stored_name)
    version.pdf.save(name, ContentFile(pdf), save=False)
    version.pdf_rendered_at = timezone.now()
    version.save(update_fields=["pdf", "pdf_rendered_at"])
    return version


def minutes_download(*, minutes: Minutes, version: MinutesVersion, user) -> bytes | None:
    """The stamped copy of `version` for `user`, logged; None if the PDF is not rendered yet (it is queued)."""
    if not version.pdf_rendered_at or not version.pdf:
        from .tasks import minutes_render_pdf_task

        enqueue_on_commit(minutes_render_pdf_task, version.pk)
        return None
    with version.pdf.open("rb") as handle:
        pdf = handle.read()
    stamped = circulation.stamped_copy(pdf, user=user, working_group=minutes.working_group)
    circulation.log_download(document=minutes, user=user, working_group=minutes.working_group, version=version.number)
    return stamped


def minutes_log_view(*, minutes: Minutes, version: MinutesVersion | None, user) -> None:
    circulation.log_view(
        document=minutes, user=user, working_group=minutes.working_group, version=version.number if version else None
    )


# --- follow-up actions -------------------------------------------------------------------------


@transaction.atomic
def action_add(
    *, minutes: Minutes, actor, description: str, institution: Membership, due_on: date, agenda_item=None
) -> FollowUpAction:
    """The Secretariat records a follow-up action assigned to an institution of the group."""
    permissions.require(actor, "draft_minutes", minutes)
    if institution.working_group_id != minutes.working_group_id:
        raise MinutesError(_("Assign the action to an institution of this group."))
    if agenda_item is not None and agenda_item.meeting_id != minutes.meeting_id:
        raise MinutesError(_("Choose an agenda item of this meeting."))
    action = FollowUpAction(
        minutes=minutes,
        agenda_item=agenda_item,
        description=description.strip(),
        institution=institution,
        due_on=due_on,
    )
    action.full_clean()
    action.save()
    audit_record(action="minutes.action_added", actor=actor, target=action, working_group=minutes.working_group)
    return action


@transaction.atomic
def action_mark_done(*, action: FollowUpAction, actor) -> FollowUpAction:
    """The assigned institution's representatives or the Secretariat mark an action done (repeat: no-op)."""
    action = FollowUpAction.objects.select_for_update().select_related("minutes__working_group").get(pk=action.pk)
    if not permissions.can_mark_action_done(actor, action):
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied
    if action.status == FollowUpAction.Status.DONE:
        return action
    action.status = FollowUpAction.Status.DONE
    action.done_at = timezone.now()
    action.done_by = actor
    action.save(update_fields=["status", "done_at", "done_by", "updated_at"])
    audit_record(action="minutes.action_done", actor=actor, target=action, working_group=action.working_group)
    return action


# --- public summary ----------------------------------------------------------------------------


def _locked_summary(minutes: Minutes) -> PublicSummary | None:
    return PublicSummary.objects.select_for_update().filter(minutes=minutes).first()


@transaction.atomic
def summary_save(*, minutes: Minutes, actor, title: str, text: str) -> PublicSummary:
    """The Secretariat writes the public summary (while it is a draft)."""
    permissions.require(actor, "draft_minutes", minutes)
    summary = _locked_summary(minutes)
    if summary is None:
        summary = PublicSummary(minutes=minutes)
    elif summary.status != PublicSummary.Status.DRAFT:
        raise TransitionNotAllowed(_("The public summary is not a draft any more; it cannot be edited."))
    summary.title, summary.text = title.strip(), text.replace("\r\n", "\n").strip()
    summary.full_clean()
    summary.save()
    return summary


def _summary_change(summary: PublicSummary, to_status: str, *, from_status: str) -> None:
    if summary.status != from_status or to_status not in PublicSummary.ALLOWED[summary.status]:
        raise TransitionNotAllowed(
            _("A public summary that is “%(status)s” cannot become “%(to)s”.")
            % {"status": summary.get_status_display(), "to": PublicSummary.Status(to_status).label}
        )
    summary.status = to_status


@transaction.atomic
def summary_submit(*, minutes: Minutes, actor) -> PublicSummary:
    """Submit the public summary to the Coordination Group. The non-attribution check applies."""
    permissions.require(actor, "draft_minutes", minutes)
    summary = _locked_summary(minutes)
    if summary is None:
        raise MinutesError(_("Write the public summary first."))
    _summary_change(summary, PublicSummary.Status.SUBMITTED, from_status=PublicSummary.Status.DRAFT)
    minutes.public_summary = summary
    _require_no_unresolved(minutes, AttributionAcceptance.Scope.SUMMARY)
    summary.round += 1
    summary.save(update_fields=["status", "round", "updated_at"])
    audit_record(action="minutes.summary_submitted", actor=actor, target=summary, working_group=minutes.working_group)
    return summary


@transaction.atomic
def summary_return(*, minutes: Minutes, actor, note: str) -> PublicSummary:
    permissions.require(actor, "review_minutes", minutes)
    summary = _locked_summary(minutes)
    if summary is None:
        raise TransitionNotAllowed(_("There is no public summary to review."))
    if not note.strip():
        raise MinutesError(_("Say what should change."))
    _summary_change(summary, PublicSummary.Status.DRAFT, from_status=PublicSummary.Status.SUBMITTED)
    summary.save(update_fields=["status", "updated_at"])
    audit_record(
        action="minutes.summary_returned",
        actor=actor,
        target=summary,
        working_group=minutes.working_group,
        reason=note.strip(),
    )
    return summary


@transaction.atomic
def summary_approve(*, minutes: Minutes, actor) -> PublicSummary:
    """A Coordination Group member approves the public summary; the group's rule decides when it is public."""
    permissions.require(actor, "review_minutes", minutes)
    summary = _locked_summary(minutes)
    if summary is None or summary.status != PublicSummary.Status.SUBMITTED:
        raise TransitionNotAllowed(_("Only a public summary awaiting the Coordination Group can be approved."))
    if summary.approvals.filter(round=summary.round, user=actor).exists():
        raise MinutesError(_("You have already approved this summary."))
    pillar = coordination_members(minutes.working_group).get(actor, "")
    PublicSummaryApproval.objects.create(summary=summary, round=summary.round, user=actor, pillar=pillar)
    progress = approval_progress(minutes.working_group, list(summary.approvals.filter(round=summary.round)))
    if progress["complete"]:
        _summary_change(summary, PublicSummary.Status.APPROVED, from_status=PublicSummary.Status.SUBMITTED)
        summary.approved_at = timezone.now()
        summary.save(update_fields=["status", "approved_at", "updated_at"])
        audit_record(
            action="minutes.summary_approved", actor=actor, target=summary, working_group=minutes.working_group
        )
    return summary
