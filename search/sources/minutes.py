"""Minutes: one entry per text a reader may hold, so that each person finds only the version they may read.

- `minutes.manager`: the working draft, for the Secretariat (draft_minutes), who reads everything;
- `minutes.review`: the latest submitted version, for the Coordination Group (review_minutes) from
  the first submission on — never the Secretariat's unsubmitted draft;
- `minutes.reader`: the circulated version, for the representatives it was circulated to (guardian's
  `view_minutes`, read through `minutes.selectors.minutes_visible_to`), only while they hold it.
Approved public summaries are for everyone in the group (they are public anyway).
Levels follow `minutes.permissions.minutes_access_level`: a person gets the entry of their level only.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from meetings.models import Meeting
from minutes.models import Minutes, MinutesVersion, PublicSummary
from minutes.selectors import minutes_visible_to

from ..models import Kind
from . import Entry, Source, group_url, plain

MANAGER, REVIEW, READER, PUBLIC = "minutes.manager", "minutes.review", "minutes.reader", "minutes.public"


def _sections_text(sections: list) -> str:
    return plain(*(part for section in sections for part in (section.get("title"), section.get("summary"),
                                                              section.get("agreements"))))  # fmt: skip


def build_minutes(minutes: Minutes) -> list[Entry]:
    meeting = minutes.meeting
    title = meeting.title
    url = group_url("minutes:minutes-detail", minutes.working_group, minutes_id=minutes.pk)
    year = timezone.localtime(meeting.starts_at, minutes.working_group.tzinfo).year
    entries = [Entry(Kind.MINUTES, MANAGER, title, _sections_text(minutes.sections), url, year)]
    versions = {v.number: v for v in minutes.versions.all()}
    latest = versions.get(minutes.latest_version_number)
    if latest is not None:
        entries.append(Entry(Kind.MINUTES, REVIEW, title, _sections_text(latest.sections), url, year))
    if minutes.circulated_version_id:
        circulated = next((v for v in versions.values() if v.pk == minutes.circulated_version_id), None)
        if circulated is not None:
            entries.append(Entry(Kind.MINUTES, READER, title, _sections_text(circulated.sections), url, year))
    return entries


def build_summary(summary: PublicSummary) -> list[Entry]:
    if summary.status != PublicSummary.Status.APPROVED:
        return []
    minutes = summary.minutes
    url = reverse("public:summaries", kwargs={"group_slug": minutes.working_group.slug})
    year = summary.approved_at.year if summary.approved_at else None
    return [Entry(Kind.MINUTES, PUBLIC, summary.title, plain(minutes.meeting.title, summary.text), url, year)]


def _minutes():
    return Minutes.objects.select_related("meeting", "working_group").prefetch_related("versions")


def resolve_reader(access):
    """Circulated minutes, for the people who read them as members or observers (not a higher level)."""
    if access.can("draft_minutes") or access.can("review_minutes"):
        return False
    return minutes_visible_to(access.user, access.working_group).filter(circulated_version__isnull=False).values("pk")


SOURCES = [
    Source(
        model=Minutes,
        build=build_minutes,
        queryset=_minutes,
        group_path="working_group",
        follows={MinutesVersion: "versions", Meeting: "meeting"},
    ),
    Source(
        model=PublicSummary,
        build=build_summary,
        queryset=lambda: PublicSummary.objects.select_related("minutes__meeting", "minutes__working_group"),
        group_path="minutes__working_group",
    ),
]

AUDIENCES = {
    MANAGER: lambda access: access.can("draft_minutes"),
    REVIEW: lambda access: access.can("review_minutes") and not access.can("draft_minutes"),
    READER: resolve_reader,
    PUBLIC: lambda access: access.can("view_group"),
}
