"""What can be exported, to whom, and its table: the directory, the attendance register, activities and the
decision register. Each reads what the matching page shows and no more (the directory shows no e-mail,
so its export has none; the register lists only the decisions this person may see); who may download
it is the rule in exchange/permissions.py."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from activities.models import Activity, Sector, Topic
from meetings.models import Attendance, Meeting
from members.decision_selectors import decision_register_for
from members.models import Institution, Membership, Pillar, Representative

from .kinds.activities import SECTOR_LABELS


@dataclass(frozen=True)
class Export:
    name: str
    label: object
    rule: str  # exchange.export_<name>, see exchange/permissions.py
    build: Callable  # (access object) -> (headers, rows)


def _labels(choices) -> dict:
    return {value: str(label) for value, label in choices}


def _person(representative: Representative) -> str:
    return representative.user.get_full_name() or representative.user.email


def directory_table(access) -> tuple[list, list]:
    """Current members and observers, as the directory lists them (by pillar, then name)."""
    working_group = access.working_group
    memberships = (
        Membership.objects.current()
        .filter(working_group=working_group)
        .select_related("institution")
        .prefetch_related(
            Prefetch(
                "representatives",
                queryset=Representative.objects.active().select_related("user").order_by("role", "user__last_name"),
                to_attr="active_representatives",
            )
        )
    )
    pillar_order = {value: index for index, value in enumerate(Pillar.values)}
    memberships = sorted(memberships, key=lambda m: (pillar_order.get(m.pillar, 9), m.institution.name.casefold()))
    kinds, pillars, statuses = (
        _labels(Institution.Kind.choices),
        _labels(Pillar.choices),
        _labels(Membership.Status.choices),
    )
    headers = [
        _("Institution"),
        _("Acronym"),
        _("Kind of institution"),
        _("Country"),
        _("Pillar"),
        _("Membership"),
        _("Member since"),
        _("Principal"),
        _("Principal: job title"),
        _("Alternates"),
    ]
    rows = []
    for membership in memberships:
        principal = next(
            (r for r in membership.active_representatives if r.role == Representative.Role.PRINCIPAL), None
        )
        alternates = [r for r in membership.active_representatives if r.role != Representative.Role.PRINCIPAL]
        institution = membership.institution
        rows.append(
            [
                institution.name,
                institution.acronym,
                kinds.get(institution.kind, institution.kind),
                institution.country,
                pillars.get(membership.pillar, membership.pillar),
                statuses.get(membership.status, membership.status),
                membership.joined_on,
                _person(principal) if principal else "",
                principal.job_title if principal else "",
                "; ".join(_person(r) for r in alternates),
            ]
        )
    return headers, rows


def attendance_table(access) -> tuple[list, list]:
    """Every recorded attendance entry: meeting, date, institution, pillar then, status, present through."""
    working_group = access.working_group
    entries = (
        Attendance.objects.filter(meeting__working_group=working_group)
        .exclude(meeting__status=Meeting.Status.CANCELLED)
        .select_related("meeting", "membership__institution", "representative__user")
        .order_by("meeting__starts_at", "meeting__pk", "membership__institution__name")
    )
    kinds, pillars = _labels(Meeting.Kind.choices), _labels(Pillar.choices)
    statuses = _labels(Attendance.Status.choices)
    tz = working_group.tzinfo
    headers = [
        _("Meeting"),
        _("Kind of meeting"),
        _("Date"),
        _("Institution"),
        _("Pillar"),
        _("Attendance"),
        _("Present through"),
    ]
    rows = [
        [
            entry.meeting.title,
            kinds.get(entry.meeting.kind, entry.meeting.kind),
            timezone.localtime(entry.meeting.starts_at, tz).date(),
            entry.membership.institution.name,
            pillars.get(entry.pillar, entry.pillar),
            statuses.get(entry.status, entry.status),
            _person(entry.representative) if entry.representative else "",
        ]
        for entry in entries
    ]
    return headers, rows


def activities_table(access) -> tuple[list, list]:
    """Every activity with its participants by sector, in the columns the activities import reads."""
    working_group = access.working_group
    activities = (
        Activity.objects.filter(working_group=working_group)
        .prefetch_related(
            Prefetch("organisers", queryset=Membership.objects.select_related("institution")),
            "partner_institutions",
            "funder_institutions",
        )
        .order_by("starts_on", "pk")
    )
    types, topics = _labels(Activity.Type.choices), _labels(Topic.choices)
    headers = [
        _("Title"),
        _("Type"),
        _("Starts on"),
        _("Ends on"),
        _("Place"),
        _("Region"),
        _("Organisers"),
        _("Topics"),
        _("Other topics"),
        _("Partners"),
        _("Funders"),
        *[str(SECTOR_LABELS[sector]) for sector in Sector.values],
        _("Participants"),
    ]
    rows = []
    for activity in activities:
        partners = [i.name for i in activity.partner_institutions.all()] + (
            [activity.partners_other] if activity.partners_other else []
        )
        funders = [i.name for i in activity.funder_institutions.all()] + (
            [activity.funders_other] if activity.funders_other else []
        )
        rows.append(
            [
                activity.title,
                types.get(activity.type, activity.type),
                activity.starts_on,
                activity.ends_on,
                activity.place,
                activity.region,
                "; ".join(sorted(m.institution.name for m in activity.organisers.all())),
                "; ".join(topics.get(value, value) for value in activity.topics),
                activity.topics_other,
                "; ".join(partners),
                "; ".join(funders),
                *[getattr(activity, f"participants_{sector}") for sector in Sector.values],
                activity.participants_total,
            ]
        )
    return headers, rows


def decisions_table(access) -> tuple[list, list]:
    """The decision register as its page shows it to this person (members' selector filters by access)."""
    entries = decision_register_for(access)
    headers = [_("Date"), _("Kind"), _("Subject"), _("Outcome"), _("Rule"), _("Notes")]
    return headers, [[e.on, e.kind_label, e.title, e.outcome, e.rule, e.detail] for e in entries]


EXPORTS = {
    "directory": Export("directory", gettext_lazy("Member directory"), "exchange.export_directory", directory_table),
    "attendance": Export(
        "attendance", gettext_lazy("Attendance register"), "exchange.export_attendance", attendance_table
    ),
    "activities": Export("activities", gettext_lazy("Activities"), "exchange.export_activities", activities_table),
    "decisions": Export("decisions", gettext_lazy("Decision register"), "exchange.export_decisions", decisions_table),
}
