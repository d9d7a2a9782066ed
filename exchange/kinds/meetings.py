"""Past meetings with their attendance register: one row per institution at a meeting (a row with no
institution records the meeting alone). The rows of one meeting (same title, date and kind) are one unit:
the meeting is recorded as held by meetings' `meeting_schedule(backfill=True)`, then its register by
`attendance_record`. A meeting already recorded (same kind, title and date) is matched and left alone."""

from __future__ import annotations

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from meetings import services as meetings_services
from meetings.models import Attendance, Meeting
from members.models import Representative

from ..columns import Column, fold
from ..permissions import IMPORT_CAPABILITIES
from . import Kind, ParsedRow, first_seen, member_lookup, unknown_member

DEFAULT_START = datetime.time(9, 0)
# Given on a meeting's first row; its other rows (one per institution) may leave them empty.
MEETING_FIELDS = ("starts", "ends", "format", "venue", "online_link")


def _label_of(choices, value):
    return lambda group: str(dict(choices)[value])


def _example_member(working_group) -> str:
    membership = working_group.memberships.select_related("institution").order_by("pk").first()
    return membership.institution.name if membership is not None else ""


COLUMNS = [
    Column(
        "title",
        gettext_lazy("Meeting"),
        required=True,
        max_length=200,
        example=lambda group: _("First plenary of the year"),
    ),
    Column(
        "kind",
        gettext_lazy("Kind of meeting"),
        kind="choice",
        choices=lambda: Meeting.Kind.choices,
        example=_label_of(Meeting.Kind.choices, Meeting.Kind.PLENARY),
        hint=gettext_lazy("Plenary when empty."),
    ),
    Column("date", gettext_lazy("Date"), kind="date", required=True, example=lambda group: "2019-03-14"),
    Column(
        "starts_at",
        gettext_lazy("Starts at"),
        kind="time",
        example=lambda group: "09:30",
        hint=gettext_lazy("09:00 when empty, in the group's time zone."),
    ),
    Column(
        "ends_at",
        gettext_lazy("Ends at"),
        kind="time",
        example=lambda group: "11:30",
        hint=gettext_lazy("The group's usual plenary length when empty."),
    ),
    Column(
        "format",
        gettext_lazy("Format"),
        kind="choice",
        choices=lambda: Meeting.Format.choices,
        example=_label_of(Meeting.Format.choices, Meeting.Format.IN_PERSON),
        hint=gettext_lazy("In person when empty."),
    ),
    Column("venue", gettext_lazy("Venue"), max_length=250, example=lambda group: "Lima"),
    Column("online_link", gettext_lazy("Online link"), kind="url", max_length=200),
    Column(
        "institution",
        gettext_lazy("Institution"),
        max_length=200,
        example=_example_member,
        hint=gettext_lazy("A member institution by name or acronym; empty to record the meeting alone."),
    ),
    Column(
        "attendance",
        gettext_lazy("Attendance"),
        kind="choice",
        choices=lambda: Attendance.Status.choices,
        example=_label_of(Attendance.Status.choices, Attendance.Status.PRESENT),
    ),
    Column(
        "representative",
        gettext_lazy("Present through"),
        max_length=254,
        hint=gettext_lazy("The representative's e-mail or full name; only for an institution present."),
    ),
]


class MeetingsKind(Kind):
    name = "meetings"
    capability = IMPORT_CAPABILITIES["meetings"]
    columns = COLUMNS

    def start(self, working_group) -> dict:
        return {"members": member_lookup(working_group)}

    def check(self, row: ParsedRow, *, working_group, state: dict) -> None:
        values, result = row.values, row.result
        values["kind"] = values.get("kind") or Meeting.Kind.PLENARY
        key = (fold(values.get("title") or ""), values.get("date"), values["kind"])
        first = state.setdefault("meetings", {}).setdefault(key, row)
        if first is row:  # the meeting's first row gives its time, format and venue
            self._check_meeting(values, result, working_group)
        elif first.values.get("meeting_failed"):
            result.fail(_("The meeting's details on row %(row)d have errors.") % {"row": first.number})
        else:
            for name in MEETING_FIELDS:
                values[name] = first.values.get(name)
        self._check_attendance(row, state)

    def _check_meeting(self, values: dict, result, working_group) -> None:
        errors = len(result.errors)
        values["format"] = values.get("format") or Meeting.Format.IN_PERSON
        self._check_times(values, result, working_group)
        if values["format"] in (Meeting.Format.IN_PERSON, Meeting.Format.HYBRID) and not values.get("venue"):
            result.fail(_("A meeting in person needs a venue."), self.column("venue"))
        if values["format"] in (Meeting.Format.ONLINE, Meeting.Format.HYBRID) and not values.get("online_link"):
            result.fail(_("An online or hybrid meeting needs its online link."), self.column("online_link"))
        values["meeting_failed"] = len(result.errors) > errors or any(
            column == str(self.column(name).label) for column, _message in result.errors for name in ("title", "date")
        )

    def _check_times(self, values: dict, result, working_group) -> None:
        day = values.get("date")
        if day is None:
            return
        tz = working_group.tzinfo
        starts_at = datetime.datetime.combine(day, values.get("starts_at") or DEFAULT_START, tzinfo=tz)
        if values.get("ends_at"):
            ends_at = datetime.datetime.combine(day, values["ends_at"], tzinfo=tz)
        else:
            ends_at = starts_at + datetime.timedelta(minutes=working_group.plenary_length_minutes)
        values["starts"], values["ends"] = starts_at, ends_at
        if ends_at <= starts_at:
            result.fail(_("A meeting must end after it starts."), self.column("ends_at"))
        if starts_at > timezone.now():
            result.fail(_("Only meetings that have already taken place can be imported."), self.column("date"))

    def _check_attendance(self, row: ParsedRow, state: dict) -> None:
        values, result = row.values, row.result
        name, status = values.get("institution"), values.get("attendance")
        values["membership"] = values["person"] = None
        if not name:
            if status or values.get("representative"):
                result.fail(_("Name the institution this attendance is for."), self.column("institution"))
            return
        membership = state["members"].get(fold(name))
        if membership is None:
            result.fail(unknown_member(name), self.column("institution"))
            return
        values["membership"] = membership
        if not status:
            result.fail(_("Required: present, excused or absent."), self.column("attendance"))
        if values.get("date") is not None:
            key = (fold(values["title"] or ""), values["date"], values["kind"], membership.pk)
            earlier = first_seen(state, "attendance", key, row)
            if earlier is not None:
                result.fail(
                    _("This institution is already listed for this meeting on row %(row)d.") % {"row": earlier},
                    self.column("institution"),
                )
        person = values.get("representative")
        if person:
            if status != Attendance.Status.PRESENT:
                result.fail(_("Only an institution present is present through someone."), self.column("representative"))
                return
            values["person"] = _representative(membership, person)
            if values["person"] is None:
                result.fail(
                    _("“%(person)s” is not a representative of %(institution)s.")
                    % {"person": person[:80], "institution": membership.institution.name},
                    self.column("representative"),
                )

    def units(self, rows: list[ParsedRow]) -> list[list[ParsedRow]]:
        meetings: dict[tuple, list[ParsedRow]] = {}
        for row in rows:
            key = (fold(row.values["title"]), row.values["date"], row.values["kind"])
            meetings.setdefault(key, []).append(row)
        return list(meetings.values())

    def execute(self, unit, *, working_group, actor, state):
        first = unit[0].values
        existing = _recorded(working_group, first)
        if existing is not None:
            for row in unit:
                row.result.outcome = "skipped"
                row.result.notes.append(
                    _("This meeting is already recorded: not duplicated, its attendance not changed.")
                )
            return []
        meeting = meetings_services.meeting_schedule(
            working_group=working_group,
            actor=actor,
            kind=first["kind"],
            title=first["title"],
            starts_at=first["starts"],
            ends_at=first["ends"],
            format=first["format"],
            venue=first.get("venue") or "",
            online_link=first.get("online_link") or "",
            backfill=True,
        )
        entries = [
            {
                "membership": row.values["membership"],
                "status": row.values["attendance"],
                "representative": row.values["person"],
            }
            for row in unit
            if row.values["membership"] is not None
        ]
        if entries:
            meetings_services.attendance_record(meeting=meeting, actor=actor, entries=entries)
        unit[0].result.notes.append(_("Meeting recorded as held."))
        return [meeting, *meeting.attendances.order_by("pk")]


def _recorded(working_group, values: dict) -> Meeting | None:
    day_start = datetime.datetime.combine(values["date"], datetime.time(0), tzinfo=working_group.tzinfo)
    return Meeting.objects.filter(
        working_group=working_group,
        kind=values["kind"],
        title__iexact=values["title"],
        starts_at__gte=day_start,
        starts_at__lt=day_start + datetime.timedelta(days=1),
    ).first()


def _representative(membership, person: str) -> Representative | None:
    """A representative (present or past: the meeting is in the past) of `membership`, by e-mail or name."""
    representatives = Representative.objects.filter(membership=membership).select_related("user")
    if "@" in person:
        return representatives.filter(user__email__iexact=person.strip()).first()
    wanted = fold(person)
    return next((r for r in representatives if fold(r.user.get_full_name()) == wanted), None)
