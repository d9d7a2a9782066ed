"""What the platform knows of an organisation's work in each group, for a member's annual report that
covers the organisation (issue 19, item 3): the Government of the Netherlands' report reads, for each
group where one of its institutions (its embassies) takes part, the plenaries that institution
attended, the activities it organised, funded or hosted with their participants, the work-plan tasks
it leads and their progress, and the outreach it took part in.

Only what each group already shows its members: titles, dates, places, participant counts, task
status and the lead's own progress notes, outreach contacts (all on the group's pages for every
role). Never the minutes, nor who else attended, nor another institution's name: an activity's other
organisers and funders are not named. A constant number of queries whatever the number of groups and
records (the tree of institutions aside: one query per level under the organisation).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Exists, OuterRef, Q
from django.utils import formats, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from activities.models import Activity, OutreachContact
from meetings.models import Attendance, Meeting
from members.models import Institution, Membership
from workplan.models import ProgressReport, Task

# The order of an organisation's items within a group, and the kinds a report may hold.
ITEM_KINDS = ("meetings", "activities", "tasks", "outreach")
KIND_LABELS = {
    "meetings": gettext_lazy("Plenaries attended"),
    "activities": gettext_lazy("Activities organised, funded or hosted"),
    "tasks": gettext_lazy("Work-plan tasks led"),
    "outreach": gettext_lazy("Outreach"),
}
SOURCE_LABELS = {
    "meeting": gettext_lazy("plenary"),
    "activity": gettext_lazy("activity"),
    "task": gettext_lazy("task"),
    "outreach": gettext_lazy("outreach contact"),
}
# Longest quote of a progress note or an outreach purpose in an item (the author edits from there).
QUOTE_CHARS = 280


def institutions_under(organisation: Institution) -> set[int]:
    """The organisation and every institution under it (children, their children...), as ids. One
    query per level; Institution.clean refuses cycles, and `seen` stops one regardless."""
    seen, frontier = {organisation.pk}, {organisation.pk}
    while frontier:
        frontier = set(
            Institution.objects.filter(parent_id__in=frontier).exclude(pk__in=seen).values_list("pk", flat=True)
        )
        seen |= frontier
    return seen


def organisation_memberships(organisation: Institution) -> list[Membership]:
    """The participating memberships (member or observer) of the organisation's institutions, in every
    group, with their group and institution."""
    return list(
        Membership.objects.filter(
            institution_id__in=institutions_under(organisation), status__in=Membership.PARTICIPATING
        )
        .select_related("working_group", "institution")
        .order_by("working_group__name", "institution__name")
    )


def organisation_countries(memberships: list[Membership], first: str = "") -> list[str]:
    """The countries of the groups of `memberships`, `first` (the report's own group's) first."""
    countries = []
    for country in [first, *(m.working_group.country for m in memberships)]:
        if country and country not in countries:
            countries.append(country)
    return countries


@dataclass
class _Found:
    """What one group holds of the organisation's institutions in the year."""

    held: list = field(default_factory=list)
    attended: list = field(default_factory=list)
    activities: list = field(default_factory=list)
    tasks: list = field(default_factory=list)
    outreach: list = field(default_factory=list)


def _day(value) -> str:
    return formats.date_format(value, "DATE_FORMAT")


def _markdown(lines: list[str]) -> str:
    """The summary sentence, then its list (Markdown needs the blank line to start a list)."""
    return "\n\n".join(filter(None, [lines[0], "\n".join(lines[1:])]))


def _quote(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= QUOTE_CHARS else text[: QUOTE_CHARS - 1].rstrip() + "…"


def _read(memberships: list[Membership], year: int) -> dict[int, _Found]:
    """Seven queries: held plenaries, attendance, activities, tasks, progress notes, outreach."""
    membership_ids = [m.pk for m in memberships]
    group_ids = {m.working_group_id for m in memberships}
    institution_ids = {m.institution_id for m in memberships}
    by_group: dict[int, _Found] = defaultdict(_Found)
    start, end = date(year, 1, 1), date(year, 12, 31)

    held = list(
        Meeting.objects.plenaries()
        .filter(working_group_id__in=group_ids, status=Meeting.Status.HELD, starts_at__year=year)
        .order_by("starts_at", "pk")
    )
    present = set(
        Attendance.objects.filter(
            meeting__in=[m.pk for m in held], membership_id__in=membership_ids, status=Attendance.Status.PRESENT
        ).values_list("meeting_id", flat=True)
    )
    for meeting in held:
        found = by_group[meeting.working_group_id]
        found.held.append(meeting)
        if meeting.pk in present:
            found.attended.append(meeting)

    through = Activity.organisers.through, Activity.funder_institutions.through, Activity.partner_institutions.through
    # The activities of the year in those groups with the organisation's part in each: three EXISTS in
    # one query rather than three queries and a merge.
    activities = (
        Activity.objects.filter(working_group_id__in=group_ids, starts_on__year=year)
        .annotate(
            organised=Exists(through[0].objects.filter(activity=OuterRef("pk"), membership_id__in=membership_ids)),
            funded=Exists(through[1].objects.filter(activity=OuterRef("pk"), institution_id__in=institution_ids)),
            hosted=Exists(through[2].objects.filter(activity=OuterRef("pk"), institution_id__in=institution_ids)),
        )
        .filter(Q(organised=True) | Q(funded=True) | Q(hosted=True))
        .order_by("starts_on", "pk")
    )
    for activity in activities:
        by_group[activity.working_group_id].activities.append(activity)

    tasks = list(
        Task.objects.filter(lead_id__in=membership_ids, starts_on__lte=end, due_on__gte=start)
        .select_related("work_plan")
        .order_by("due_on", "pk")
    )
    latest: dict[int, ProgressReport] = {}
    for note in ProgressReport.objects.filter(task__in=[t.pk for t in tasks]).order_by("task_id", "created_at", "pk"):
        latest[note.task_id] = note  # the last one wins
    for task in tasks:
        task.latest_progress = latest.get(task.pk)
        by_group[task.work_plan.working_group_id].tasks.append(task)

    involved = OutreachContact.members_involved.through.objects.filter(
        outreachcontact=OuterRef("pk"), membership_id__in=membership_ids
    )
    for contact in (
        OutreachContact.objects.filter(working_group_id__in=group_ids, contacted_on__year=year)
        .filter(Exists(involved))
        .order_by("contacted_on", "pk")
    ):
        by_group[contact.working_group_id].outreach.append(contact)
    return by_group


def _meetings_item(found: _Found, name: str, year: int) -> tuple[str, list]:
    if not found.held:
        return _("No plenary was held in %(year)s.") % {"year": year}, []
    lines = [
        ngettext(
            "%(name)s attended %(attended)s of %(held)s plenary held in %(year)s.",
            "%(name)s attended %(attended)s of the %(held)s plenaries held in %(year)s.",
            len(found.held),
        )
        % {"name": name, "attended": len(found.attended), "held": len(found.held), "year": year}
    ]
    lines += [f"- {meeting.title} ({_day(meeting.starts_at.date())})" for meeting in found.attended]
    sources = [{"kind": "meeting", "id": m.pk, "label": f"{m.title} ({_day(m.starts_at.date())})"} for m in found.held]
    return _markdown(lines), sources


def _activities_item(found: _Found, name: str, year: int) -> tuple[str, list]:
    total = sum(a.participants_total for a in found.activities)
    lines = [
        ngettext(
            "%(name)s organised, funded or hosted %(count)s activity in %(year)s (%(participants)s participants).",
            "%(name)s organised, funded or hosted %(count)s activities in %(year)s (%(participants)s participants).",
            len(found.activities),
        )
        % {"name": name, "count": len(found.activities), "year": year, "participants": total}
    ]
    for activity in found.activities:
        roles = [
            label
            for flag, label in (
                (activity.organised, _("organiser")),
                (activity.funded, _("funder")),
                (activity.hosted, _("host or partner")),
            )
            if flag
        ]
        sectors = ", ".join(f"{label} {count}" for label, count in activity.sector_counts() if count)
        where = f", {activity.place}" if activity.place else ""
        lines.append(
            f"- {activity.title} ({_day(activity.starts_on)}{where}): {', '.join(roles)}; "
            + ngettext("%(count)s participant", "%(count)s participants", activity.participants_total)
            % {"count": activity.participants_total}
            + (f" ({sectors})" if sectors else "")
        )
    sources = [{"kind": "activity", "id": a.pk, "label": f"{a.title} ({_day(a.starts_on)})"} for a in found.activities]
    return _markdown(lines), sources


def _tasks_item(found: _Found, name: str, year: int) -> tuple[str, list]:
    lines = [
        ngettext(
            "%(name)s leads %(count)s work-plan task.", "%(name)s leads %(count)s work-plan tasks.", len(found.tasks)
        )
        % {"name": name, "count": len(found.tasks)}
    ]
    for task in found.tasks:
        line = f"- {task.title} ({task.get_category_display()}; " + _("due on %(day)s") % {"day": _day(task.due_on)}
        line += f"): {task.get_status_display()}."
        if task.latest_progress is not None:
            line += " " + _("Latest progress (%(day)s): %(text)s") % {
                "day": _day(task.latest_progress.created_at.date()),
                "text": _quote(task.latest_progress.text),
            }
        lines.append(line)
    sources = [{"kind": "task", "id": t.pk, "label": f"{t.work_plan.title}: {t.title}"} for t in found.tasks]
    return _markdown(lines), sources


def _outreach_item(found: _Found, name: str, year: int) -> tuple[str, list]:
    lines = [
        ngettext(
            "%(name)s took part in %(count)s outreach contact in %(year)s.",
            "%(name)s took part in %(count)s outreach contacts in %(year)s.",
            len(found.outreach),
        )
        % {"name": name, "count": len(found.outreach), "year": year}
    ]
    for contact in found.outreach:
        line = f"- {_day(contact.contacted_on)}: {contact.institution_name} ({contact.get_kind_display()}). "
        line += _quote(contact.purpose)
        if contact.outcome.strip():
            line += " " + _("Outcome: %(text)s") % {"text": _quote(contact.outcome)}
        lines.append(line)
    sources = [
        {"kind": "outreach", "id": c.pk, "label": f"{c.institution_name} ({_day(c.contacted_on)})"}
        for c in found.outreach
    ]
    return _markdown(lines), sources


_BUILDERS = {
    "meetings": (_meetings_item, lambda found: True),  # always said, even "0 of 3"
    "activities": (_activities_item, lambda found: bool(found.activities)),
    "tasks": (_tasks_item, lambda found: bool(found.tasks)),
    "outreach": (_outreach_item, lambda found: bool(found.outreach)),
}


def organisation_contributions(organisation: Institution, year: int, *, language: str, first_country: str = ""):
    """(countries, items) for a report on `year` covering `organisation`: the countries of the groups
    where its institutions take part (`first_country` first), and one item per group and kind with
    the platform's text (Markdown, in `language`) and its sources. Nine queries for an organisation
    one level deep (the embassies under a government), whatever the number of groups and records."""
    memberships = organisation_memberships(organisation)
    found = _read(memberships, year) if memberships else {}
    countries = organisation_countries(memberships, first_country)
    groups: dict[int, list[Membership]] = {}
    for membership in memberships:
        groups.setdefault(membership.working_group_id, []).append(membership)
    items = []
    with translation.override(language):
        for group_memberships in groups.values():
            group = group_memberships[0].working_group
            group_found = found.get(group.pk, _Found())
            name = ", ".join(m.institution.name for m in group_memberships)
            for kind in ITEM_KINDS:
                build, has_any = _BUILDERS[kind]
                if not has_any(group_found):
                    continue
                text, sources = build(group_found, name, year)
                items.append(
                    {
                        "group": group.slug,
                        "group_name": group.name,
                        "country": group.country,
                        "institution": name,
                        "kind": kind,
                        "generated": text,
                        "sources": sources,
                    }
                )
    items.sort(key=lambda item: (countries.index(item["country"]), item["group_name"], ITEM_KINDS.index(item["kind"])))
    return countries, items
