"""What waits in minutes (vpwg.waiting): minutes and public summaries for the Coordination Group to
approve, drafts to finish, approved minutes to circulate and held meetings without minutes for the
Secretariat, and follow-up actions of the person's institution."""

from __future__ import annotations

from datetime import timedelta

from django.db.models import Exists, F, OuterRef
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext_lazy

from meetings.models import Meeting
from meetings.reminders import minutes_alert_horizon_days, minutes_due_days
from meetings.waiting import meeting_title
from members.waiting import represented
from vpwg.waiting import Overflow, WaitingItem, WaitingQuery, at_most, register_waiting_source

from .models import FollowUpAction, Minutes, MinutesApproval, PublicSummary, PublicSummaryApproval

LIMIT = 5
# The state a version returned by the Coordination Group is in (the draft state before there was one).
CHANGES_REQUESTED = getattr(Minutes.Status, "CHANGES_REQUESTED", "changes_requested")


def _reviews(access) -> bool:
    """The Coordination Group reviews; the Secretariat (which drafts) does not review its own text."""
    return access.can("review_minutes") and not access.can("draft_minutes")


def minutes_to_approve(user, group, access):
    """Minutes awaiting the Coordination Group whose version under review this person has not approved."""
    if not _reviews(access):
        return []
    approved = MinutesApproval.objects.filter(
        version__minutes=OuterRef("pk"), version__number=OuterRef("latest_version_number"), user=user
    )
    rows = (
        Minutes.objects.filter(working_group=group, status=Minutes.Status.SUBMITTED)
        .exclude(Exists(approved))
        .select_related("meeting__working_group")
        .order_by("meeting__starts_at", "pk")
    )

    def make(minutes):
        return WaitingItem(
            kind="minutes.approve",
            label=_("Minutes to review and approve"),
            title=meeting_title(minutes.meeting),
            url=reverse("minutes:minutes-detail", args=[group.slug, minutes.pk]),
            action=_("Review and approve"),
        )

    return [WaitingQuery(rows, lambda rows: [make(row) for row in rows])]


def summaries_to_approve(user, group, access):
    """Public summaries awaiting the Coordination Group, not approved by this person in this round."""
    if not _reviews(access):
        return []
    approved = PublicSummaryApproval.objects.filter(summary=OuterRef("pk"), round=OuterRef("round"), user=user)
    rows = (
        PublicSummary.objects.filter(minutes__working_group=group, status=PublicSummary.Status.SUBMITTED)
        .exclude(Exists(approved))
        .select_related("minutes__meeting__working_group")
        .order_by("pk")
    )

    def make(summary):
        return WaitingItem(
            kind="minutes.summary_approve",
            label=_("Public summary to approve"),
            title=meeting_title(summary.minutes.meeting),
            url=reverse("minutes:minutes-detail", args=[group.slug, summary.minutes_id]),
            action=_("Review"),
        )

    return [WaitingQuery(rows, lambda rows: [make(row) for row in rows])]


def minutes_to_finish(user, group, access):
    """The Secretariat's drafts (a first draft, a correction, a version returned for changes) and the
    approved minutes it has yet to circulate."""
    if not access.can("draft_minutes"):
        return []
    rows = (
        Minutes.objects.filter(
            working_group=group, status__in=[Minutes.Status.DRAFT, CHANGES_REQUESTED, Minutes.Status.APPROVED]
        )
        .select_related("meeting__working_group")
        .order_by("meeting__starts_at", "pk")
    )

    def make(minutes):
        if minutes.status == Minutes.Status.APPROVED:
            return WaitingItem(
                kind="minutes.circulate",
                label=_("Approved minutes to circulate"),
                title=meeting_title(minutes.meeting),
                url=reverse("minutes:minutes-circulate", args=[group.slug, minutes.pk]),
                action=_("Circulate to members"),
            )
        if minutes.status == CHANGES_REQUESTED:
            return WaitingItem(
                kind="minutes.revise",
                label=_("Minutes returned for changes"),
                title=meeting_title(minutes.meeting),
                url=reverse("minutes:minutes-edit", args=[group.slug, minutes.pk]),
                action=_("Revise"),
            )
        return WaitingItem(
            kind="minutes.draft",
            label=_("Draft minutes to finish"),
            title=meeting_title(minutes.meeting),
            url=reverse("minutes:minutes-edit", args=[group.slug, minutes.pk]),
            action=_("Continue the draft"),
        )

    return [WaitingQuery(rows, lambda rows: [make(row) for row in rows])]


def meetings_without_minutes(user, group, access):
    """Held meetings of the last months without minutes: the Secretariat starts the draft in one click."""
    if not access.can("draft_minutes"):
        return []
    rows = (
        Meeting.objects.filter(
            working_group=group,
            status=Meeting.Status.HELD,
            minutes__isnull=True,
            ends_at__gte=timezone.now() - timedelta(days=minutes_alert_horizon_days()),
        )
        .select_related("working_group")
        .order_by("starts_at", "pk")
    )

    def make(meeting):
        return WaitingItem(
            kind="minutes.start",
            label=_("Held meeting without minutes"),
            title=meeting_title(meeting),
            url=reverse("minutes:minutes-start", args=[group.slug, meeting.pk]),
            action=_("Start the minutes"),
            due=timezone.localtime(meeting.ends_at, group.tzinfo).date() + timedelta(days=minutes_due_days()),
            post=True,
        )

    return [WaitingQuery(rows, lambda rows: [make(row) for row in rows])]


def actions_due(user, group, access):
    """Open follow-up actions assigned to the person's institution, once their minutes are circulated."""
    if not access.is_representative:
        return []
    rows = FollowUpAction.objects.filter(
        minutes__working_group=group,
        status=FollowUpAction.Status.OPEN,
        institution_id__in=represented(user, group),
        version_number__lte=F("minutes__circulated_version__number"),
    ).order_by("due_on", "pk")

    def make(action):
        return WaitingItem(
            kind="minutes.action",
            label=_("Follow-up action"),
            title=action.description,
            url=reverse("minutes:action-done", args=[group.slug, action.pk]),
            action=_("Mark done"),
            due=action.due_on,
            post=True,
        )

    more = Overflow(
        kind="minutes.action",
        label=_("Follow-up actions"),
        title=ngettext_lazy("%(n)s more follow-up action", "%(n)s more follow-up actions", "n"),
        url=reverse("minutes:action-list", args=[group.slug]),
        action=_("Open the list"),
    )

    return [WaitingQuery(rows, lambda rows: at_most(rows, LIMIT, make, more))]


register_waiting_source("minutes.approve", minutes_to_approve, order=5)
register_waiting_source("minutes.summaries", summaries_to_approve, order=6)
register_waiting_source("minutes.finish", minutes_to_finish, order=50)
register_waiting_source("minutes.without_minutes", meetings_without_minutes, order=55)
register_waiting_source("minutes.actions", actions_due, order=60)
