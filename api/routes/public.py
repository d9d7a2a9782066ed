"""What anyone may read without a token: a group's approved, non-attributed public summaries."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Query, Router

from members.models import WorkingGroup
from minutes.models import PublicSummary

from ..auth import public_rate_limit
from ..pagination import Paging, page
from ..schemas import Page, PublicSummaryOut

router = Router(tags=["public"])


def _summary(summary: PublicSummary) -> dict:
    meeting = summary.minutes.meeting
    return {
        "title": summary.title,
        "text": summary.text,
        "meeting_date": timezone.localtime(meeting.starts_at, summary.minutes.working_group.tzinfo).date(),
        "approved_at": summary.approved_at,
    }


@router.get(
    "/public/groups/{group_slug}/summaries",
    response=Page[PublicSummaryOut],
    auth=None,
    summary="A group's public summaries (no token needed)",
)
def public_summaries(request, group_slug: str, paging: Query[Paging]):
    public_rate_limit(request)
    group = get_object_or_404(WorkingGroup, slug=group_slug)
    rows = (
        PublicSummary.objects.filter(minutes__working_group=group, status=PublicSummary.Status.APPROVED)
        .select_related("minutes__meeting", "minutes__working_group")
        .order_by("-minutes__meeting__starts_at", "pk")
    )
    return page(request, rows, _summary, paging)
