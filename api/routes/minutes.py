"""Minutes: the metadata of the minutes this person may open, and their stamped PDF (logged as a download,
exactly like the browser's: minutes.services.minutes_download stamps through vpwg.circulation and logs).

Visibility is the minutes app's own (`minutes_visible_to`, `minutes_for`): drafts for the Secretariat,
submitted versions for the Coordination Group, the circulated version for current members and observers.
"""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.urls import reverse
from ninja import Query, Router
from pydantic import Field

from minutes import selectors, services
from minutes.models import Minutes
from vpwg.permissions import AccessLevel

from ..auth import access
from ..errors import ApiError
from ..pagination import Paging, Period, page
from ..schemas import Error, MinutesOut, Page

router = Router(tags=["minutes"])


class MinutesFilter(Period):
    circulated: bool | None = Field(None, description="Only minutes circulated to members (true) or not (false)")


def _level(group_access, minutes: Minutes) -> AccessLevel:
    """The level of a row of `minutes_visible_to` without a query per row (minutes.permissions decides the
    same: the Secretariat manages, the Coordination Group reviews what was submitted, others read)."""
    if group_access.can("draft_minutes"):
        return AccessLevel.MANAGER
    if group_access.can("review_minutes") and minutes.latest_version_number > 0:
        return AccessLevel.REVIEWER
    return AccessLevel.READER


def _minutes(request, minutes: Minutes, level: AccessLevel) -> dict:
    if level.is_reader:
        version, status = minutes.circulated_version.number, Minutes.Status.CIRCULATED
    else:
        version, status = minutes.latest_version_number or None, minutes.status
    pdf = None
    if version:
        pdf = reverse("api:v1:minutes_pdf", kwargs={"group_slug": minutes.working_group.slug, "minutes_id": minutes.pk})
    return {
        "id": minutes.pk,
        "meeting_id": minutes.meeting_id,
        "meeting_title": minutes.meeting.title,
        "meeting_starts_at": minutes.meeting.starts_at,
        "access_level": str(level),
        "status": status,
        "version": version,
        "circulated_at": minutes.circulated_at,
        "pdf_url": request.build_absolute_uri(pdf) if pdf else None,
    }


@router.get("/groups/{group_slug}/minutes", response=Page[MinutesOut], summary="The minutes you may open")
def minutes_list(request, group_slug: str, filters: Query[MinutesFilter], paging: Query[Paging]):
    group, group_access = access(request, group_slug)
    rows = (
        selectors.minutes_visible_to(request.user, group)
        .select_related("meeting", "working_group", "circulated_version")
        .order_by("-meeting__starts_at", "pk")
    )
    if filters.since:
        rows = rows.filter(meeting__starts_at__date__gte=filters.since)
    if filters.until:
        rows = rows.filter(meeting__starts_at__date__lte=filters.until)
    if filters.circulated is not None:
        rows = rows.filter(circulated_version__isnull=not filters.circulated)
    return page(request, rows, lambda minutes: _minutes(request, minutes, _level(group_access, minutes)), paging)


@router.get("/groups/{group_slug}/minutes/{minutes_id}", response=MinutesOut, summary="One set of minutes")
def minutes_detail(request, group_slug: str, minutes_id: int):
    group, _access = access(request, group_slug)
    minutes, level = selectors.minutes_for(request.user, group, minutes_id)
    return _minutes(request, minutes, level)


@router.get(
    "/groups/{group_slug}/minutes/{minutes_id}/pdf",
    response={200: None, 404: Error, 503: Error},
    url_name="minutes_pdf",
    summary="Your stamped PDF copy (logged like a browser download)",
    openapi_extra={"responses": {200: {"description": "application/pdf", "content": {"application/pdf": {}}}}},
)
def minutes_pdf(request, group_slug: str, minutes_id: int):
    group, _access = access(request, group_slug)
    minutes, level = selectors.minutes_for(request.user, group, minutes_id)
    version = selectors.version_for(minutes, level)
    if version is None:
        raise Http404
    pdf = services.minutes_download(minutes=minutes, version=version, user=request.user)
    if pdf is None:
        raise ApiError(503, "pdf_not_ready", "The PDF is being prepared: try again in a minute.", {"Retry-After": "60"})
    response = HttpResponse(pdf, content_type="application/pdf")
    filename = f"minutes-{minutes.meeting.starts_at:%Y-%m-%d}-v{version.number}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response
