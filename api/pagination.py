"""Pages of a list: `?limit=` (1–100, default 50) and `?offset=`; the answer carries the total and the next page."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from urllib.parse import urlencode

from ninja import Schema
from pydantic import Field


class Paging(Schema):
    limit: int = Field(50, ge=1, le=100)
    offset: int = Field(0, ge=0, le=1_000_000)


class Period(Schema):
    since: date | None = Field(None, description="On or after this day (YYYY-MM-DD)")
    until: date | None = Field(None, description="On or before this day (YYYY-MM-DD)")


def page(request, rows, serialize: Callable, paging: Paging) -> dict:
    """One page of `rows` (a queryset, ordered): two queries, the count and the page."""
    count = rows.count()
    items = list(rows[paging.offset : paging.offset + paging.limit])
    next_url = None
    if paging.offset + paging.limit < count:
        query = request.GET.copy()
        query["offset"] = str(paging.offset + paging.limit)
        query["limit"] = str(paging.limit)
        next_url = request.build_absolute_uri(f"{request.path}?{urlencode(sorted(query.items()))}")
    return {
        "count": count,
        "limit": paging.limit,
        "offset": paging.offset,
        "next": next_url,
        "results": [serialize(item) for item in items],
    }
