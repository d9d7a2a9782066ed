"""What a group's pages may keep between writes in the group: figures derived from its rows that cost
more to build than to store (issue 18). The "waiting for you" list and count (vpwg/waiting.py) are read
on every page, and building their queries cost about 10 ms of a ~30 ms page (a dozen querysets compiled
into one); the activity statistics render a dozen charts from as many aggregate queries.

Each group has a "generation" in the cache, renewed by every write in the group: any audited change
(vpwg.audit, including Celery's and the API's) and any successful POST to a group page
(vpwg.views.group_view), once the write commits. A kept value carries the generation it was computed
in and counts only while that generation is current: never stale after a write, and at most
VPWG_GROUP_CACHE_SECONDS old for what changes by the clock alone (a task falling due).

On only with a Redis cache (VPWG_GROUP_CACHE_SECONDS > 0); off in tests (exact query counts) and on
the embedded default, where a database cache would cost the query it saves.

What is kept, by name (under `kept:<group pk>:`), and where:
- `waiting:list:<user>:<language>`, `waiting:count:<user>`: the person's waiting list and its count
  (vpwg/waiting.py; also read for each group by the home across groups, vpwg/person.py);
- `dashboard:<language>`: the dashboard's pillar counts, Secretariat and seats; `directory:counts:
  <language>` and `directory:<language>:<pillar>:<page>`: the directory's counts and one page of it
  (members/views/directory.py);
- `meetings:<year>`, `meeting:<id>`: the meeting list of one year, a meeting with its agenda (meetings);
- `workplan:<id>:<language>`: a work plan's page; `statistics:<language>:<years>`: the statistics' charts;
- `activities:<language>:<query>`: the activity list; `audit:<language>:<query>`: the audit trail;
- `minutes-list:<user>:<language>:<query>`: a reader's minutes list; `minutes-page:<id>:<version>:
  <draft><follows review>:<language>`: what every reader at one level sees on a minutes page.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache as shared_cache
from django.db import transaction


def _seconds() -> int:
    return getattr(settings, "VPWG_GROUP_CACHE_SECONDS", 0)


def _generation_key(group_pk) -> str:
    return f"group-generation:{group_pk}"


def group_changed(group) -> None:
    """Something in `group` (a group or its pk) was written: all it keeps is stale once the write commits."""
    if not _seconds() or group is None:
        return
    key = _generation_key(getattr(group, "pk", group))
    transaction.on_commit(lambda: shared_cache.set(key, time.time_ns(), None))


def kept(group, name: str, compute: Callable):
    """`compute()`, or what it gave last time in this generation of `group`. `name` says what it is and
    for whom (every input the value depends on besides the group's rows: the person, the language...)."""
    seconds = _seconds()
    if not seconds:
        return compute()
    generation_key, value_key = _generation_key(group.pk), f"kept:{group.pk}:{name}"
    found = shared_cache.get_many([generation_key, value_key])
    generation, value = found.get(generation_key), found.get(value_key)
    if generation is not None and value is not None and value[0] == generation:
        return value[1]
    fresh = compute()
    if generation is None:  # the first read since Redis started (or lost the key): open a generation
        shared_cache.add(generation_key, time.time_ns(), None)
    elif not transaction.get_connection().in_atomic_block:  # never keep what may roll back
        shared_cache.set(value_key, (generation, fresh), seconds)
    return fresh


def query_key(params) -> str:
    """A short name for a query string (`request.GET`), its order ignored: a page kept per query."""
    encoded = "&".join(sorted(f"{name}={value}" for name, values in params.lists() for value in values))
    return hashlib.blake2s(encoded.encode(), digest_size=8).hexdigest()
