"""The group's search, as on the results page: only what the token's owner may read."""

from __future__ import annotations

from ninja import Query, Router, Schema
from pydantic import Field

from search.query import MAX_QUERY_CHARS, search

from ..auth import access
from ..schemas import SearchOut

router = Router(tags=["search"])


class SearchParams(Schema):
    q: str = Field("", max_length=MAX_QUERY_CHARS, description="The words to find (none: no results)")
    kind: str = Field("", description="institution, representative, meeting, minutes, task, activity, …")
    year: int | None = Field(None, ge=1900, le=2200)


@router.get("/groups/{group_slug}/search", response=SearchOut, summary="Search everything you may read")
def group_search(request, group_slug: str, params: Query[SearchParams]):
    _group, group_access = access(request, group_slug)
    results = search(group_access, params.q, kind=params.kind, year=params.year, per_kind=20)
    hits = [
        {"kind": hit.kind, "title": hit.title, "url": hit.url, "year": hit.year, "snippet_html": str(hit.snippet_html)}
        for group in results.kinds
        for hit in group.hits
    ]
    return {"query": params.q, "total": results.total, "counts": results.kind_counts, "hits": hits}
