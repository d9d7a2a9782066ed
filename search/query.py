"""Running a search: the group's rows that match and that the person may read, best first, by kind.

PostgreSQL: the row's tsvector (the group's language, unaccented) against a prefix tsquery of the
words, plus trigram word similarity on the names of institutions and representatives (misspelt or
unaccented names); ranked by ts_rank, and word similarity for names.
SQLite: the FTS5 table of the same lexemes (search/lexemes.py) against the terms' lexemes as prefixes,
plus pg_trgm's word similarity computed in Python; ranked by bm25 (title weighs ten times the body).
Both find the same rows (tests/search/test_demo_search.py); only the order within a kind may differ.

Two queries whatever the data, on top of the access object's own: every match the person may read,
ranked (ids, kinds and years only: the counts and the filters come from it), then the texts shown.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import connection
from django.db.models import BooleanField, FloatField
from django.db.models.expressions import RawSQL

from vpwg.permissions import GroupAccess

from .highlight import highlight, snippet, terms_of
from .lexemes import WORD_SIMILARITY_THRESHOLD, lexeme
from .models import NAME_KINDS, TEXT_SEARCH_CONFIG, Kind, SearchEntry
from .visibility import visible_entries

MAX_QUERY_CHARS = 200
MAX_TERMS = 8


@dataclass
class Hit:
    kind: str
    object_id: int  # of the model the row was built from (the row's `source`)
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
    """(WHERE expression, rank expression) for the database in use.

    Both match the same rows (search/lexemes.py): the terms' lexemes as prefixes of the row's lexemes,
    or, for names, the words' trigram similarity to the name (pg_trgm's `<%`).
    """
    names = [str(kind) for kind in NAME_KINDS]
    phrase = " ".join(terms)
    if connection.vendor == "postgresql":
        tsquery = " & ".join(f"{term}:*" for term in terms)
        match = RawSQL(
            "(search_searchentry.search_vector @@ to_tsquery(%s::regconfig, %s)"
            " OR (search_searchentry.kind IN %s AND %s <%% search_searchentry.title_folded))",
            [config, tsquery, tuple(names), phrase],
            output_field=BooleanField(),
        )
        rank = RawSQL(
            "ts_rank(search_searchentry.search_vector, to_tsquery(%s::regconfig, %s))"
            " + CASE WHEN search_searchentry.kind IN %s"
            " THEN word_similarity(%s, search_searchentry.title_folded) ELSE 0 END",
            [config, tsquery, tuple(names), phrase],
            output_field=FloatField(),
        )
        return match, rank
    # SQLite: the FTS5 table holds lexemes; the terms' lexemes are looked up as prefixes. Terms that are
    # all stop words match no text (PostgreSQL's to_tsquery drops them too), only names.
    fts = " ".join(f'"{found}"*' for term in terms if (found := lexeme(config, term)) is not None) or '""'
    institution, representative = names  # NAME_KINDS
    match = RawSQL(
        "(search_searchentry.id IN (SELECT rowid FROM search_fts WHERE search_fts MATCH %s)"
        " OR (search_searchentry.kind IN (%s, %s)"
        " AND search_word_similarity(%s, search_searchentry.title_folded) >= %s))",
        [fts, institution, representative, phrase, WORD_SIMILARITY_THRESHOLD],
        output_field=BooleanField(),
    )
    # bm25 is lower for better rows; negated so that both vendors sort by rank descending.
    rank = RawSQL(
        "coalesce(-(SELECT bm25(search_fts, 10.0, 1.0) FROM search_fts WHERE search_fts MATCH %s"
        " AND search_fts.rowid = search_searchentry.id), 0)"
        " + CASE WHEN search_searchentry.kind IN (%s, %s)"
        " THEN search_word_similarity(%s, search_searchentry.title_folded) ELSE 0 END",
        [fts, institution, representative, phrase],
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
    # One query ranks every match the person may read (small tuples); the counts, the year filter and
    # the best of each kind are taken from it here, then a second query reads the texts shown.
    matches = (
        SearchEntry.objects.filter(visible_entries(access))
        .filter(match)
        .annotate(rank=rank)
        .order_by("-rank", "pk")
        .values_list("pk", "kind", "year")
    )
    years: set[int] = set()
    kind_counts: dict[str, int] = {}
    chosen: dict[str, list[int]] = {}
    for pk, row_kind, row_year in matches:
        if row_year:
            years.add(row_year)
        if year is not None and row_year != year:
            continue
        kind_counts[row_kind] = kind_counts.get(row_kind, 0) + 1
        best = chosen.setdefault(row_kind, [])
        if (not kind or row_kind == kind) and len(best) < per_kind:
            best.append(pk)
    shown = {
        row["pk"]: row
        for row in SearchEntry.objects.filter(pk__in=[pk for pks in chosen.values() for pk in pks]).values(
            "pk", "kind", "object_id", "title", "body", "url", "year"
        )
    }
    labels = dict(Kind.choices)
    ordered = []
    for value in Kind.values:
        if not chosen.get(value):
            continue
        group = KindResults(value, str(labels[value]), kind_counts.get(value, 0))
        for pk in chosen[value]:
            row = shown[pk]
            group.hits.append(
                Hit(
                    kind=value,
                    object_id=row["object_id"],
                    title=row["title"],
                    url=row["url"],
                    year=row["year"],
                    title_html=highlight(row["title"], terms),
                    snippet_html=snippet(row["body"], terms),
                )
            )
        ordered.append(group)
    return Results(text=text, terms=terms, kinds=ordered, kind_counts=kind_counts, years=sorted(years, reverse=True))
