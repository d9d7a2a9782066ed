"""The decision register: Coordination Group decisions as this person may see them (members' rule
`members.see_decision`: the outcome and the reasons; the votes stay with the Coordination Group)."""

from __future__ import annotations

from django.http import Http404
from ninja import Query, Router
from pydantic import Field

from members.decision_selectors import decision_visible_to
from members.models import Decision

from ..auth import access
from ..pagination import Paging, Period
from ..schemas import DecisionOut, Page

router = Router(tags=["decisions"])


class DecisionFilter(Period):
    status: str | None = Field(None, description="open, adopted, rejected or lapsed")


def _decision(decision: Decision) -> dict:
    return {
        "id": decision.pk,
        "kind": decision.kind,
        "title": decision.subject_label,
        "status": decision.status,
        "reason": decision.reason,
        "opened_at": decision.created_at,
        "deadline": decision.deadline,
        "closed_at": decision.closed_at,
    }


@router.get("/groups/{group_slug}/decisions", response=Page[DecisionOut], summary="Decisions you may see")
def decision_list(request, group_slug: str, filters: Query[DecisionFilter], paging: Query[Paging]):
    _group, group_access = access(request, group_slug)
    rows = Decision.objects.filter(working_group=group_access.working_group).select_related("subject_type")
    if filters.since:
        rows = rows.filter(created_at__date__gte=filters.since)
    if filters.until:
        rows = rows.filter(created_at__date__lte=filters.until)
    if filters.status:
        rows = rows.filter(status=filters.status)
    # The rule may read the subject: asked row by row, as the register page does.
    visible = [d for d in rows.order_by("-created_at", "-pk") if group_access.allows("members.see_decision", d)]
    chunk = visible[paging.offset : paging.offset + paging.limit]
    return {
        "count": len(visible),
        "limit": paging.limit,
        "offset": paging.offset,
        "next": _next_url(request, paging, len(visible)),
        "results": [_decision(decision) for decision in chunk],
    }


@router.get("/groups/{group_slug}/decisions/{decision_id}", response=DecisionOut, summary="A decision")
def decision_detail(request, group_slug: str, decision_id: int):
    _group, group_access = access(request, group_slug)
    decision = decision_visible_to(group_access, decision_id)
    if decision is None:
        raise Http404
    return _decision(decision)


def _next_url(request, paging: Paging, count: int) -> str | None:
    if paging.offset + paging.limit >= count:
        return None
    query = request.GET.copy()
    query["offset"] = str(paging.offset + paging.limit)
    return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")
