"""Which index rows one person may read in one group: one Q, with the apps' own selectors as subqueries.

Each audience's resolver (search/sources/) answers from the access object (`vpwg.permissions.
access_for`): every row of that audience in the group, none, or the rows whose object ids a queryset
yields (minutes circulated to this person, reports they may open). The result is one WHERE clause,
so a search costs the same number of queries whatever the person may see.
"""

from __future__ import annotations

import functools

from django.db.models import Q, QuerySet

from vpwg.permissions import GroupAccess

from .sources import all_audiences


@functools.cache
def _audiences():
    return all_audiences()


def visible_entries(access: GroupAccess) -> Q:
    """The rows of `access.working_group` that `access.user` may read (matches nothing for a stranger)."""
    if not access.can("view_group"):
        return Q(pk__in=[])
    allowed = Q(pk__in=[])
    for audience, resolve in _audiences().items():
        answer = resolve(access)
        if answer is True:
            allowed |= Q(audience=audience)
        elif isinstance(answer, QuerySet):
            allowed |= Q(audience=audience, object_id__in=answer)
    return Q(working_group=access.working_group) & allowed
