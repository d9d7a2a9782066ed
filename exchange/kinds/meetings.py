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
from . import Kind, ParsedRow, example_member, first_seen, label_of

DEFAULT_START = datetime.time(9, 0)
# Given on a meeting's first row; its other rows (one per institution) may leave them empty.
MEETING_FIELDS = ("starts", "ends", "format", "venue", "online_link")


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
        example=label_of(Meeting.Kind.choices, Meeting.Kind.PLENARY),
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
        example=label_of(Meeting.Format.choices, Meeting.Format.IN_PERSON),
        hint=gettext_lazy("In person when empty."),
    ),
    Column("venue", gettext_lazy("Venue"), max_length=250, example=lambda group: "Lima"),
    Column("online_link", gettext_lazy("Online link"), kind="url", max_length=200),
    Column(
        "institution",
        gettext_lazy("Institution"),
        max_length=200,
        example=example_member,
        hint=gettext_lazy("A member institution by name or acronym; empty to record the meeting alone."),
    ),
    Column(
        "attendance",
        gettext_lazy("Attendance"),
        kind="choice",
        choices=lambda: Attendance.Status.choices,
        example=label_of(Attendance.Status.choices, Attendance.Status.PRESENT),
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
        """The group's memberships and their representatives (present or past: the meetings are past), and
        the meetings it has recorded (by kind, title and day)."""
        representatives: dict[int, list[Representative]] = {}
        for representative in Representative.objects.filter(working_group=working_group).select_related("user"):
            representatives.setdefault(representative.membership_id, []).append(representative)
        tz = working_group.tzinfo
        recorded = Meeting.objects.filter(working_group=working_group).values_list("kind", "title", "starts_at")
        return {
            **super().start(working_group),
            "representatives": representatives,
            "recorded": {_recorded_key(kind, title, timezone.localdate(at, tz)) for kind, title, at in recorded},
        }

    def check(self, row: ParsedRow, *, working_group, state: dict) -> None:
        values, result = row.values, row.result
        values["kind"] = values.get("kind") or Meeting.Kind.PLENARY
        key = (fold(values.get("title") or ""), values.get("date"), values["kind"])
        first = state.setdefault("meetings", {}).setdefault(key, row)
        if first is row:  # the meeting's first row gives its time, format and venue
            self._check_meeting(row, working_group)
        elif first.values.get("meeting_failed"):
            result.fail(_("The meeting's details on row %(row)d have errors.") % {"row": first.number})
        else:
            for name in MEETING_FIELDS:
                values[name] = first.values.get(name)
        self._check_attendance(row, state)

    def _check_meeting(self, row: ParsedRow, working_group) -> None:
        values, result = row.values, row.result
        errors = len(result.errors)
        values["format"] = values.get("format") or Meeting.Format.IN_PERSON
        self._check_times(row, working_group)
        if values["format"] in (Meeting.Format.IN_PERSON, Meeting.Format.HYBRID) and not values.get("venue"):
            self.fail(row, _("A meeting in person needs a venue."), "venue")
        if values["format"] in (Meeting.Format.ONLINE, Meeting.Format.HYBRID) and not values.get("online_link"):
            self.fail(row, _("An online or hybrid meeting needs its online link."), "online_link")
        values["meeting_failed"] = len(result.errors) > errors or any(
            column == str(self.column(name).label) for column, _message in result.errors for name in ("title", "date")
        )

    def _check_times(self, row: ParsedRow, working_group) -> None:
        values = row.values
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
            self.fail(row, _("A meeting must end after it starts."), "ends_at")
        if starts_at > timezone.now():
            self.fail(row, _("Only meetings that have already taken place can be imported."), "date")

    def _check_attendance(self, row: ParsedRow, state: dict) -> None:
        values = row.values
        name, status = values.get("institution"), values.get("attendance")
        values["membership"] = values["person"] = None
        if not name:
            if status or values.get("representative"):
                self.fail(row, _("Name the institution this attendance is for."), "institution")
            return
        membership = self.member(row, name, "institution", state)
        if membership is None:
            return
        values["membership"] = membership
        if not status:
            self.fail(row, _("Required: present, excused or absent."), "attendance")
        if values.get("date") is not None:
            key = (fold(values["title"] or ""), values["date"], values["kind"], membership.pk)
            earlier = first_seen(state, "attendance", key, row)
            if earlier is not None:
                self.fail(
                    row,
                    _("This institution is already listed for this meeting on row %(row)d.") % {"row": earlier},
                    "institution",
                )
        person = values.get("representative")
        if person:
            if status != Attendance.Status.PRESENT:
                self.fail(row, _("Only an institution present is present through someone."), "representative")
                return
            values["person"] = _representative(state["representatives"].get(membership.pk, []), person)
            if values["person"] is None:
                self.fail(
                    row,
                    _("“%(person)s” is not a representative of %(institution)s.")
                    % {"person": person[:80], "institution": membership.institution.name},
                    "representative",
                )

    def units(self, rows: list[ParsedRow]) -> list[list[ParsedRow]]:
        meetings: dict[tuple, list[ParsedRow]] = {}
        for row in rows:
            key = (fold(row.values["title"]), row.values["date"], row.values["kind"])
            meetings.setdefault(key, []).append(row)
        return list(meetings.values())

    def execute(self, unit, *, working_group, actor, state):
        first = unit[0].values
        if _recorded_key(first["kind"], first["title"], first["date"]) in state["recorded"]:
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

    def succeeded(self, unit, created, state) -> None:
        first = unit[0].values
        if created:
            state["recorded"].add(_recorded_key(first["kind"], first["title"], first["date"]))


def _recorded_key(kind: str, title: str, day: datetime.date) -> tuple[str, str, datetime.date]:
    return kind, title.strip().casefold(), day


def _representative(representatives: list[Representative], person: str) -> Representative | None:
    """The one of a membership's `representatives` (present or past) that `person` names, by e-mail or name."""
    if "@" in person:
        wanted = person.strip().casefold()
        return next((r for r in representatives if r.user.email.casefold() == wanted), None)
    wanted = fold(person)
    return next((r for r in representatives if fold(r.user.get_full_name()) == wanted), None)
