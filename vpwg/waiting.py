"""What waits for one person in one working group: a registry the apps fill, read by the group's home
page, the count in the navigation and the weekly digest e-mail.

vpwg imports no app, so each app states what waits in a `waiting.py` module of its own, imported by
name the first time the registry is read (as Django's admin finds `admin.py` modules):

    # minutes/waiting.py
    from vpwg.waiting import WaitingItem, WaitingQuery, register_waiting_source

    def to_approve(user, group, access):
        if not access.can("review_minutes"):
            return []
        rows = Minutes.objects.filter(working_group=group, status=Minutes.Status.SUBMITTED)
        return [WaitingQuery(rows, lambda rows: [WaitingItem(...) for minutes in rows])]

    register_waiting_source("minutes.to_approve", to_approve)

A source is `source(user, group, access) -> list[WaitingItem | WaitingQuery]` and reads nothing from
the database itself: what it needs is a lazy queryset in a `WaitingQuery`. So

- the home page evaluates each query once (one SQL query each: a fixed number, whatever the size of the
  group), and turns the rows into items;
- the navigation's count asks every query at once, in ONE SQL query (a COUNT sub-select per queryset),
  once per request; on the home page it is the sum of the items already read (no query).

The count of a `WaitingQuery` is the number of rows of its queryset (or of `count`, when the rows read
for the page differ, e.g. one row standing for "nothing scheduled"): its items must add up to it
(`WaitingItem.count`). tests/vpwg/test_waiting.py checks that for every role.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date

from django.db.models import F, Func, IntegerField, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import translation
from django.utils.module_loading import autodiscover_modules

from .kept import kept
from .permissions import access_for
from .tenant import tenant_model


@dataclass(frozen=True)
class WaitingItem:
    """One line of "waiting for you": what it is, which one, and the one click that does it."""

    kind: str  # a stable name, "minutes.approve": tests and the page's styling use it
    label: str  # what kind of thing, for the reader: "Minutes to approve"
    title: str  # which one: "Plenary, 10 March 2027"
    url: str  # the page (or, with `post`, the action) one click away
    action: str  # the button: "Review and approve"
    due: date | None = None  # by when (overdue ones are marked)
    count: int = 1  # how many things the line stands for; 0: for information only (the next plenary)
    post: bool = False  # `url` is an action done by a POST (a button on the page), not a page to open

    @property
    def counts(self) -> bool:
        return self.count > 0


@dataclass(frozen=True)
class WaitingQuery:
    """A lazy read of what waits: `rows` (a queryset) and how they become items.

    `rows` must neither be sliced nor need DISTINCT when `count` is not given: its COUNT is the count.
    """

    rows: QuerySet
    items: Callable[[list], list[WaitingItem]]  # the evaluated rows -> items whose counts add up to the count
    counted: bool = True  # False: items for information only (count 0)
    count: QuerySet | None = None  # counted instead of `rows` (e.g. `rows` is sliced)


@dataclass(frozen=True)
class _Source:
    name: str
    source: Callable
    order: int


_SOURCES: dict[str, _Source] = {}
_discovered = False
_discover_lock = threading.Lock()


def register_waiting_source(name: str, source: Callable, *, order: int = 100) -> None:
    """An app states what waits (`source(user, group, access) -> [WaitingItem | WaitingQuery]`).
    `order` places its items among others due the same day (lower first). Registering a name again
    replaces the source."""
    _SOURCES[name] = _Source(name, source, order)


def _discover() -> None:
    global _discovered
    if _discovered:
        return
    with _discover_lock:
        if not _discovered:
            autodiscover_modules("waiting")  # each installed app's waiting.py registers its sources
            _discovered = True


def sources() -> list[_Source]:
    _discover()
    return sorted(_SOURCES.values(), key=lambda s: (s.order, s.name))


def _asked(user, group, access) -> list[tuple[_Source, list]]:
    if not user.is_authenticated or not access.roles:
        return []  # no role here: nothing waits, and nothing is read
    return [(source, list(source.source(user, group, access) or [])) for source in sources()]


def _sort_key(group_today: date):
    def key(pair):
        position, item = pair
        # What counts first, the overdue and soonest due before the undated, then the registry's order.
        return (not item.counts, item.due is None, item.due or group_today, position)

    return key


@dataclass
class Waiting:
    """What waits for one person in one group: `items` to do (counted) and `notices` (information)."""

    items: list[WaitingItem] = field(default_factory=list)
    notices: list[WaitingItem] = field(default_factory=list)
    today: date | None = None

    @property
    def count(self) -> int:
        return sum(item.count for item in self.items)

    def __bool__(self) -> bool:
        return bool(self.items)


def waiting_for(user, group, access=None) -> Waiting:
    """Every item waiting for `user` in `group`, soonest due first (one query per WaitingQuery)."""
    access = access or access_for(user, group)
    collected: list[WaitingItem] = []
    for _source, answers in _asked(user, group, access):
        for answer in answers:
            if isinstance(answer, WaitingQuery):
                collected.extend(answer.items(list(answer.rows)))
            else:
                collected.append(answer)
    today = group.today() if hasattr(group, "today") else date.today()
    ordered = [item for _position, item in sorted(enumerate(collected), key=_sort_key(today))]
    return Waiting(
        items=[item for item in ordered if item.counts],
        notices=[item for item in ordered if not item.counts],
        today=today,
    )


def _count_of(queryset: QuerySet):
    """A scalar sub-select: SELECT COUNT(pk) FROM (the queryset's tables) WHERE (its filters)."""
    rows = queryset.order_by().prefetch_related(None).values(waiting_n=Func(F("pk"), function="COUNT"))
    return Coalesce(Subquery(rows, output_field=IntegerField()), Value(0))


def waiting_count(user, group, access=None) -> int:
    """How many things wait for `user` in `group`: every source's queries counted in one SQL query."""
    access = access or access_for(user, group)
    total, counts = 0, []
    for _source, answers in _asked(user, group, access):
        for answer in answers:
            if isinstance(answer, WaitingQuery):
                if answer.counted:
                    queryset = answer.count if answer.count is not None else answer.rows
                    if not queryset.query.is_empty():
                        counts.append(_count_of(queryset))
            else:
                total += answer.count
    if counts:
        row = tenant_model().objects.filter(pk=group.pk).values(**{f"n{i}": c for i, c in enumerate(counts)}).first()
        total += sum(row.values()) if row else 0
    return total


# --- per request -----------------------------------------------------------------------------------


def _request_cache(request) -> dict:
    cache = request.__dict__.setdefault("_vpwg_waiting", {})
    return cache.setdefault(request.working_group.pk, {})


def waiting_kept(user, group) -> Waiting:
    """`waiting_for(user, group)`, kept between writes in the group (vpwg.kept): what the group's home
    and the person's home across groups (vpwg/person.py) both read."""
    # The items' words are in the reader's language: kept per language.
    name = f"list:{user.pk}:{translation.get_language()}"
    return kept(group, f"waiting:{name}", lambda: waiting_for(user, group))


def waiting_for_request(request) -> Waiting:
    """The home page's list, read once per request (and kept between writes in the group: vpwg.kept);
    the navigation's count then costs nothing."""
    cache = _request_cache(request)
    if "waiting" not in cache:
        cache["waiting"] = waiting_kept(request.user, request.working_group)
        cache["count"] = cache["waiting"].count
    return cache["waiting"]


def waiting_count_for_request(request) -> int:
    """The navigation's count: the list's if this request read it, else the kept count or one query."""
    if getattr(request, "working_group", None) is None:
        return 0
    cache = _request_cache(request)
    if "count" not in cache:
        user, group = request.user, request.working_group
        cache["count"] = kept(group, f"waiting:count:{user.pk}", lambda: waiting_count(user, group))
    return cache["count"]


# --- helpers for sources ------------------------------------------------------------------------


@dataclass(frozen=True)
class Overflow:
    """The line standing for a source's rows past its limit: "3 more tasks", one click to the list.

    `title` is plural-aware and lazy, keyed on "n": `ngettext_lazy("%(n)s more task", "%(n)s more tasks", "n")`.
    """

    kind: str
    label: str
    title: str
    url: str
    action: str

    def __call__(self, n: int) -> WaitingItem:
        title = self.title % {"n": n}
        return WaitingItem(kind=self.kind, label=self.label, title=title, url=self.url, action=self.action, count=n)


def at_most(rows: list, limit: int, make: Callable, more: Callable[[int], WaitingItem]) -> list[WaitingItem]:
    """Items for the first `limit` rows, then one line standing for the rest (its count: how many)."""
    items = [make(row) for row in rows[:limit]]
    if len(rows) > limit:
        items.append(more(len(rows) - limit))
    return items


def items_of(answers: Iterable) -> list[WaitingItem]:
    """The items of a source's answers, evaluating its queries (tests and the digest's preview)."""
    items = []
    for answer in answers:
        items.extend(answer.items(list(answer.rows)) if isinstance(answer, WaitingQuery) else [answer])
    return items
