"""Reads for the minutes pages; visibility comes from the access object (minutes/permissions.py)."""

from __future__ import annotations

from collections import Counter

from django.db.models import F, Prefetch, Q
from django.http import Http404
from django.utils import timezone

from meetings.models import Attendance, Guest, GuestAttendance, Meeting
from members.models import Pillar, Representative, WorkingGroup
from vpwg import permissions
from vpwg.documents import document_access_for
from vpwg.listing import choose_year
from vpwg.permissions import AccessLevel

from .attribution import KIND_GUEST, Name, from_institution, from_user, person_name
from .diffing import compare_sections
from .models import FollowUpAction, Minutes, MinutesComment, MinutesStatusChange, MinutesVersion, PublicSummary
from .permissions import VIEW_PERMISSION
from .rendering import localised, render_markdown, section_title


def minutes_visible_to(user, working_group: WorkingGroup):
    """The Minutes of `working_group` that `user` may open (a queryset; no per-row checks): all for the
    Secretariat, those submitted at least once for the Coordination Group, and those circulated to
    a member's or observer's representative."""
    access = permissions.access_for(user, working_group)
    minutes = Minutes.objects.filter(working_group=working_group)
    if access.can("draft_minutes"):
        return minutes
    if not access.roles:
        return minutes.none()
    circulated = permissions.circulated_to(user, minutes, VIEW_PERMISSION, working_group)
    if access.can("review_minutes"):
        return minutes.filter(Q(latest_version_number__gt=0) | Q(pk__in=circulated.values("pk")))
    return circulated


# The Secretariat's list of held meetings still without minutes shows the most recent ones only.
WAITING_SHOWN = 10


def minutes_list_for(user, working_group: WorkingGroup, *, year: int | None = None, all_waiting: bool = False) -> dict:
    """The minutes `user` may open, folded by the year of their meeting (issue 18).

    For the Secretariat and the Coordination Group, first every minutes still in the workflow (not
    circulated, whatever the year); then the circulated minutes of one year (`year` if it has any,
    else the most recent) and how many each year has; for the Secretariat also the most recent held
    meetings without minutes (every one with `all_waiting`).

    One query (two for the Secretariat), whatever the group's size. The visibility test is the costly
    part (the circulation grants: ~10 ms on the scale data), so it runs once: every visible minutes
    comes in that query, with only the columns the list shows (a group has one per meeting), and
    the years are counted here; only one year's rows reach the template.
    """
    access = permissions.access_for(user, working_group)
    follows = access.can("draft_minutes") or access.can("review_minutes")
    rows = list(
        minutes_visible_to(user, working_group)
        .select_related("meeting")
        .only("id", "status", "meeting_id", "circulated_version_id", "meeting__title", "meeting__starts_at")
        .order_by("-meeting__starts_at", "-pk")
    )
    tz = working_group.tzinfo
    # A member reads every minutes circulated to them (one being corrected still shows its circulated copy).
    in_progress = [m for m in rows if follows and m.status != Minutes.Status.CIRCULATED]
    finished = [m for m in rows if not (follows and m.status != Minutes.Status.CIRCULATED)]
    for minutes in finished:
        minutes.year = timezone.localtime(minutes.meeting.starts_at, tz).year
    counts = dict(Counter(m.year for m in finished))
    year = choose_year(year, counts)
    waiting = []
    if access.can("draft_minutes"):
        waiting = Meeting.objects.filter(
            working_group=working_group, status=Meeting.Status.HELD, minutes__isnull=True
        ).order_by("-starts_at")
        waiting = list(waiting if all_waiting else waiting[: WAITING_SHOWN + 1])
    return {
        "in_progress": in_progress,
        "minutes_list": [m for m in finished if m.year == year],
        "year": year,
        "year_counts": counts,
        "meetings_without_minutes": waiting if all_waiting else waiting[:WAITING_SHOWN],
        "more_without_minutes": not all_waiting and len(waiting) > WAITING_SHOWN,
    }


def minutes_for(user, working_group: WorkingGroup, minutes_id: int) -> tuple[Minutes, AccessLevel]:
    """The minutes and how `user` reads them (MANAGER, REVIEWER or READER); 404 if not visible."""
    minutes = (
        Minutes.objects.filter(working_group=working_group, pk=minutes_id)
        .select_related("working_group", "meeting", "circulated_version")
        .first()
    )
    if minutes is None:
        raise Http404
    level = permissions.access_for(user, working_group).level(minutes)
    if level is None:
        raise Http404
    return minutes, level


def version_for(minutes: Minutes, level: AccessLevel, number: int | None = None) -> MinutesVersion | None:
    """The version `level` may read: readers only the circulated one; others any (default: latest)."""
    if level.is_reader:
        return minutes.circulated_version
    number = number or minutes.latest_version_number
    if not number:
        return None
    return minutes.versions.filter(number=number).first()


def meeting_for_minutes(working_group: WorkingGroup, meeting_id: int) -> Meeting:
    meeting = Meeting.objects.filter(working_group=working_group, pk=meeting_id).first()
    if meeting is None:
        raise Http404
    return meeting


def attribution_names(minutes: Minutes) -> list[Name]:
    """The names the non-attribution check looks for (three queries): the institutions recorded in the
    meeting's attendance (present, excused or absent: naming who was missing reveals who was there)
    with their acronyms, aliases, kind and pillar, the people present and the agenda's presenters with
    what they represent, and the guest speakers and the guests recorded present (at the door, by name)
    with their affiliations. An embassy is found by the
    country it represents, never by the group's own country (`WorkingGroup.country`)."""
    host_country = minutes.working_group.country
    names: list[Name] = []
    attendances = Attendance.objects.filter(meeting_id=minutes.meeting_id).select_related(
        "membership__institution", "representative__user"
    )
    for attendance in attendances:
        institution = attendance.membership.institution
        names.append(from_institution(institution, pillar=attendance.pillar, host_country=host_country))
        if attendance.representative is not None:
            names.append(from_user(attendance.representative.user, institution=institution, pillar=attendance.pillar))
    presenters = Representative.objects.filter(agenda_items__meeting_id=minutes.meeting_id).select_related(
        "user", "membership__institution"
    )
    for representative in presenters:
        membership = representative.membership
        names.append(from_user(representative.user, institution=membership.institution, pillar=membership.pillar))
        names.append(from_institution(membership.institution, pillar=membership.pillar, host_country=host_country))
    # The agenda's guest speakers and the guests recorded present by name only (at the door): one query.
    agenda_guests = Guest.objects.filter(agenda_items__meeting_id=minutes.meeting_id).order_by()
    door_guests = GuestAttendance.objects.filter(meeting_id=minutes.meeting_id, guest__isnull=True).order_by()
    agenda_guests = agenda_guests.values_list("name", "affiliation")
    door_guests = door_guests.values_list("name", "affiliation")
    for name, affiliation in agenda_guests.union(door_guests).order_by("name"):
        names.append(guest_name(name))
        if affiliation:
            names.append(Name(affiliation, KIND_GUEST))
    return list(dict.fromkeys(names))  # one entry per name: the compiled check is cached by this list


def guest_name(full_name: str) -> Name:
    """A guest speaker recorded as one text: the last word is the surname, the last two when the name has
    four words or more ("Luz Marina Condori Mamani": two given names and two surnames, the Spanish usage)."""
    parts = full_name.split()
    surnames = 2 if len(parts) >= 4 else 1  # a single word is searched as a surname: certain
    return person_name(
        given=" ".join(parts[: len(parts) - surnames]),
        surname=" ".join(parts[len(parts) - surnames :]),
        full_name=full_name,
        kind=KIND_GUEST,
    )


def minutes_document(minutes: Minutes, version: MinutesVersion | None, sections: list | None = None) -> dict:
    """What the minutes page and the PDF show: sections as safe HTML with their follow-up actions (a
    version's own; the draft's all, each marked `not_circulated` or not), and attendance (counts per
    pillar, or the institutions present if this version lists them)."""
    sections = sections if sections is not None else (version.sections if version else minutes.sections)
    list_attendees = version.list_attendees if version else minutes.list_attendees
    actions = FollowUpAction.objects.filter(minutes=minutes).select_related("institution__institution")
    if version is not None:  # a version (its page, its PDF) carries the actions submitted with it or before
        actions = actions.in_version(version.number)
    actions = list(actions.annotate(circulated_number=F("minutes__circulated_version__number")).order_by("due_on"))
    for action in actions:  # the draft shows the Secretariat what members do not see yet
        action.not_circulated = action.version_number is None or action.version_number > (action.circulated_number or 0)
    by_item: dict = {}
    for action in actions:
        by_item.setdefault(action.agenda_item_id, []).append(action)
    rendered = []
    for section in sections:
        rendered.append(
            {
                **section,
                "title": section_title(section),  # a fixed section's heading in the reader's language
                "summary_html": render_markdown(section.get("summary", "")),
                "agreements_html": render_markdown(section.get("agreements", "")),
                "actions": by_item.pop(section.get("agenda_item_id"), []) if section.get("agenda_item_id") else [],
            }
        )
    present = list(
        Attendance.objects.filter(meeting_id=minutes.meeting_id, status=Attendance.Status.PRESENT)
        .select_related("membership__institution")
        .order_by("membership__institution__name")
    )
    counts = {value: {"label": label, "count": 0} for value, label in Pillar.choices}
    for attendance in present:
        counts[attendance.pillar]["count"] += 1
    return {
        "minutes": minutes,
        "meeting": minutes.meeting,
        "group": minutes.working_group,
        "version": version,
        "sections": rendered,
        "general_actions": [a for rest in by_item.values() for a in rest],
        "list_attendees": list_attendees,
        "present_institutions": [a.membership.institution for a in present] if list_attendees else [],
        "present_by_pillar": list(counts.values()),
        "present_total": len(present),
    }


def minutes_page_shared(minutes: Minutes, version: MinutesVersion | None, *, draft: bool, follows_review: bool) -> dict:
    """What the minutes page shows every reader at one level: the document (the draft for those who may
    read it, else `version`), and for those who follow the review, with a version, its comments,
    approvals, the history and the versions; the change request and the public
    summary. Nothing of the reader's own: the page keeps this between writes (vpwg.kept), with the
    approvals' progress (minutes.services.approval_progress)."""
    shared = minutes_document(minutes, None if draft else version)
    shared["showing_draft"] = draft
    if follows_review and version is not None:
        shared.update(review_for(minutes, version))
        shared["history"] = history_for(minutes)
        shared["versions"] = versions_of(minutes)
    shared["change_request"] = change_request_for(minutes) if follows_review else None
    shared["summary"] = summary_of(minutes) if follows_review else None
    return shared


def review_for(minutes: Minutes, version: MinutesVersion, against: int | None = None) -> dict:
    """Comments per section, approvals and the word-level diff from the previous version (or from version
    `against`, an earlier one) (three queries)."""
    approvals = list(version.approvals.select_related("user"))
    number = against if against and 0 < against < version.number else version.number - 1
    previous = minutes.versions.filter(number=number).first() if number > 0 else None
    return {
        "comments_by_section": comments_for(minutes, version.number),
        "approvals": approvals,
        "previous": previous,
        "diff_to": version,
        "diff": compare_sections(localised(previous.sections), localised(version.sections)) if previous else [],
    }


def comments_for(minutes: Minutes, number: int) -> dict[str, list[MinutesComment]]:
    """The comments to show beside each section (one query): those on version `number` and those on
    earlier versions not resolved yet, oldest first, keyed by section key. Each carries its minutes
    (`comment.version.minutes`), which the rule of who may resolve it reads."""
    comments: dict = {}
    if not number:
        return comments
    rows = (
        MinutesComment.objects.filter(version__minutes=minutes)
        .filter(Q(version__number=number) | Q(version__number__lt=number, resolved_at__isnull=True))
        .select_related("author", "resolved_by", "version")
        .order_by("created_at", "pk")
    )
    for comment in rows:
        comment.version.minutes = minutes
        comments.setdefault(comment.section_key, []).append(comment)
    return comments


def open_comment_count(minutes: Minutes) -> int:
    """How many of the reviewers' comments are not resolved yet: those comments_for shows as open (one
    query, none before the first version)."""
    if not minutes.latest_version_number:
        return 0
    return MinutesComment.objects.filter(
        version__minutes=minutes, version__number__lte=minutes.latest_version_number, resolved_at__isnull=True
    ).count()


def comment_for(minutes: Minutes, comment_id: int) -> MinutesComment:
    """A comment on these minutes (404 otherwise), with its author and version."""
    comment = (
        MinutesComment.objects.filter(version__minutes=minutes, pk=comment_id)
        .select_related("author", "resolved_by", "version")
        .first()
    )
    if comment is None:
        raise Http404
    comment.version.minutes = minutes
    return comment


def change_request_for(minutes: Minutes) -> MinutesStatusChange | None:
    """While changes are requested: the request (who, when, the note); one query, none otherwise."""
    if minutes.status != Minutes.Status.CHANGES_REQUESTED:
        return None
    return (
        minutes.history.filter(to_status=Minutes.Status.CHANGES_REQUESTED)
        .select_related("actor")
        .order_by("-created_at", "-pk")
        .first()
    )


def history_for(minutes: Minutes) -> list:
    return list(minutes.history.select_related("actor"))


def versions_of(minutes: Minutes) -> list:
    return list(
        minutes.versions.order_by("-number").only(
            "pk", "minutes_id", "number", "created_at", "pdf_rendered_at", "pdf", "change_summary"
        )
    )


def actions_visible_to(user, working_group: WorkingGroup, *, open_only: bool = True) -> list[FollowUpAction]:
    """Follow-up actions of the minutes `user` may open (one query). Readers see those of the circulated
    versions only; the Secretariat and the Coordination Group see the others too, `not_circulated`."""
    actions = _actions_for(user, working_group).select_related(
        "institution__institution", "minutes__meeting", "minutes__circulated_version", "agenda_item"
    )
    if open_only:
        actions = actions.filter(status=FollowUpAction.Status.OPEN)
    actions = list(actions.order_by("due_on", "pk"))
    for action in actions:
        action.not_circulated = not action.is_circulated
    return actions


def _actions_for(user, working_group: WorkingGroup):
    access = permissions.access_for(user, working_group)
    actions = FollowUpAction.objects.filter(minutes__in=minutes_visible_to(user, working_group).values("pk"))
    if not access.can("draft_minutes") and not access.can("review_minutes"):
        actions = actions.circulated()  # not a correction's actions before the Coordination Group approves them
    return actions


def action_for(user, working_group: WorkingGroup, action_id: int) -> FollowUpAction:
    action = (
        _actions_for(user, working_group)
        .filter(pk=action_id)
        .select_related("minutes__working_group", "minutes__circulated_version")
        .first()
    )
    if action is None:
        raise Http404
    return action


def acceptances_of(minutes: Minutes) -> list:
    """The recorded acceptances of mentions, with who accepted them (one query)."""
    return list(minutes.acceptances.select_related("actor"))


def readers_of(minutes: Minutes) -> list:
    return list(document_access_for(minutes)[:500])


def public_summaries(working_group: WorkingGroup) -> list[PublicSummary]:
    return list(
        PublicSummary.objects.filter(minutes__working_group=working_group, status=PublicSummary.Status.APPROVED)
        .select_related("minutes__meeting")
        .order_by("-minutes__meeting__starts_at")
    )


def summary_of(minutes: Minutes) -> PublicSummary | None:
    summary = (
        PublicSummary.objects.filter(minutes=minutes)
        .prefetch_related(Prefetch("approvals", to_attr="all_approvals"))
        .first()
    )
    if summary is not None:
        summary.minutes = minutes  # the rules read it: no second query for the minutes row
    return summary
