"""Running a search: the group's rows that match and that the person may read, best first, by kind.

PostgreSQL: the row's tsvector (the group's language, unaccented) against a prefix tsquery of the
words, plus trigram word similarity on the names of institutions and representatives (misspelt or
unaccented names); ranked by ts_rank, and word similarity for names.
SQLite: the FTS5 table (accents removed, prefix terms), ranked by bm25 (title weighs ten times the body).

Two queries whatever the data: the counts per kind and year (for the filters), then the best rows of
each kind (a window function keeps the first `per_kind` of each), on top of the access object's own.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import connection
from django.db.models import BooleanField, Count, F, FloatField, Window
from django.db.models.expressions import RawSQL
from django.db.models.functions import RowNumber

from vpwg.permissions import GroupAccess

from .highlight import highlight, snippet, terms_of
from .models import NAME_KINDS, TEXT_SEARCH_CONFIG, Kind, SearchEntry
from .visibility import visible_entries

MAX_QUERY_CHARS = 200
MAX_TERMS = 8


@dataclass
class Hit:
    kind: str
    title: str
    url: str
    year: int | None
    title_html: str
    snippet_html: str


@dataclass
class KindResults:
    kind: str
    label: str
    total: int
    hits: list[Hit] = field(default_factory=list)

    @property
    def more(self) -> bool:
        return self.total > len(self.hits)


@dataclass
class Results:
    text: str
    terms: list[str]
    kinds: list[KindResults]
    kind_counts: dict[str, int]
    years: list[int]

    @property
    def total(self) -> int:
        return sum(self.kind_counts.values())


def _matching(terms: list[str], config: str):
    """(WHERE expression, rank expression) for the database in use."""
    if connection.vendor == "postgresql":
        tsquery = " & ".join(f"{term}:*" for term in terms)
        phrase = " ".join(terms)
        names = tuple(str(kind) for kind in NAME_KINDS)
        match = RawSQL(
            "(search_searchentry.search_vector @@ to_tsquery(%s::regconfig, %s)"
            " OR (search_searchentry.kind IN %s AND %s <%% search_searchentry.title_folded))",
            [config, tsquery, names, phrase],
            output_field=BooleanField(),
        )
        rank = RawSQL(
            "ts_rank(search_searchentry.search_vector, to_tsquery(%s::regconfig, %s))"
            " + CASE WHEN search_searchentry.kind IN %s"
            " THEN word_similarity(%s, search_searchentry.title_folded) ELSE 0 END",
            [config, tsquery, names, phrase],
            output_field=FloatField(),
        )
        return match, rank
    fts = " ".join(f'"{term}"*' for term in terms)
    match = RawSQL(
        "search_searchentry.id IN (SELECT rowid FROM search_fts WHERE search_fts MATCH %s)",
        [fts],
        output_field=BooleanField(),
    )
    # bm25 is lower for better rows; negated so that both vendors sort by rank descending.
    rank = RawSQL(
        "-(SELECT bm25(search_fts, 10.0, 1.0) FROM search_fts WHERE search_fts MATCH %s"
        " AND search_fts.rowid = search_searchentry.id)",
        [fts],
        output_field=FloatField(),
    )
    return match, rank


def search(access: GroupAccess, text: str, *, kind: str = "", year: int | None = None, per_kind: int = 5) -> Results:
    """The rows of `access.working_group` matching `text` that `access.user` may read.

    `kind` and `year` narrow the rows; the counts per kind and the years ignore `kind` (so the filter
    can be changed) but honour `year`. At most `per_kind` hits of each kind, best first.
    """
    terms = terms_of(text[:MAX_QUERY_CHARS])[:MAX_TERMS]
    if not terms:
        return Results(text=text, terms=[], kinds=[], kind_counts={}, years=[])
    config = TEXT_SEARCH_CONFIG.get(access.working_group.language, "simple")
    match, rank = _matching(terms, config)
    rows = SearchEntry.objects.filter(visible_entries(access)).filter(match)

    facets = list(rows.values("kind", "year").annotate(n=Count("pk")).order_by())
    years = sorted({row["year"] for row in facets if row["year"]}, reverse=True)
    kind_counts: dict[str, int] = {}
    for row in facets:
        if year is None or row["year"] == year:
            kind_counts[row["kind"]] = kind_counts.get(row["kind"], 0) + row["n"]

    if year is not None:
        rows = rows.filter(year=year)
    if kind:
        rows = rows.filter(kind=kind)
    best = (
        rows.annotate(rank=rank)
        .annotate(position=Window(RowNumber(), partition_by=[F("kind")], order_by=[F("rank").desc(), F("pk").asc()]))
        .filter(position__lte=per_kind)
        .values("kind", "title", "body", "url", "year", "rank")
        .order_by("kind", "-rank")
    )
    by_kind: dict[str, KindResults] = {}
    labels = dict(Kind.choices)
    for row in best:
        group = by_kind.setdefault(
            row["kind"],
            KindResults(row["kind"], str(labels.get(row["kind"], row["kind"])), kind_counts.get(row["kind"], 0)),
        )
        group.hits.append(
            Hit(
                kind=row["kind"],
                title=row["title"],
                url=row["url"],
                year=row["year"],
                title_html=highlight(row["title"], terms),
                snippet_html=snippet(row["body"], terms),
            )
        )
    ordered = [by_kind[value] for value in Kind.values if value in by_kind]
    return Results(text=text, terms=terms, kinds=ordered, kind_counts=kind_counts, years=years)
