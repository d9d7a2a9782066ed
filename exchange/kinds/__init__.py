"""What can be imported: each kind names its columns, checks a row beyond its cells, and writes a unit of
rows (one row, or the rows of one meeting) through the owning app's services.

The shape every kind shares is here, in `Kind`: a stored row is parsed cell by cell (`parse`), checked
against the group's data read once per run (`start`: the group's institutions by name and acronym,
what is already recorded), written (`execute`), and what later rows must know of it remembered
(`succeeded`). A kind says only what is its own: its columns, its checks, how it writes.

A kind's `execute` runs inside a savepoint of its own: a refusal (DomainError, ValidationError) rolls
that unit back whole, so no row is ever half saved. It reads the group through `state`, not row by
row: an import of a thousand rows costs the services' own queries and few more.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Model
from django.utils.translation import gettext as _

from ..columns import CellError, Column, fold, squash
from ..exceptions import ExchangeError
from ..models import ImportKind


class RowError(ExchangeError):
    """A unit of rows is refused, naming the column at fault."""

    def __init__(self, message: str, column: Column | None = None):
        super().__init__(message)
        self.column = column


@dataclass
class RowResult:
    """What one row of the file did (or would do): its outcome, errors by column, and notes."""

    row: int
    outcome: str = "created"  # created | matched | skipped | error
    errors: list = field(default_factory=list)  # [[column label, message]]
    notes: list = field(default_factory=list)

    def fail(self, message: str, column: Column | None = None) -> None:
        self.outcome = "error"
        self.errors.append([str(column.label) if column is not None else "", str(message)])

    @property
    def failed(self) -> bool:
        return self.outcome == "error"

    def as_dict(self) -> dict:
        return {"row": self.row, "outcome": self.outcome, "errors": self.errors, "notes": self.notes}


@dataclass
class ParsedRow:
    number: int
    values: dict  # column key -> parsed value (None when empty)
    result: RowResult


class Kind:
    """The base: one unit per row."""

    name: str = ""
    capability: str = ""
    columns: list[Column] = []

    def column(self, key: str) -> Column:
        return next(column for column in self.columns if column.key == key)

    def examples(self, working_group) -> list[str]:
        """An example row, in the active language, in column order."""
        return [column.example(working_group) if column.example else "" for column in self.columns]

    def parse(self, number: int, cells: dict[str, str]) -> ParsedRow:
        """A stored row ({column key: cell text}) as values; a cell that is not a value is an error of its column."""
        result = RowResult(row=number)
        values = {}
        for column in self.columns:
            try:
                values[column.key] = column.parse(cells.get(column.key, ""))
            except CellError as error:
                values[column.key] = None
                result.fail(str(error), column)
        return ParsedRow(number=number, values=values, result=result)

    def fail(self, row: ParsedRow, message: str, key: str | None = None) -> None:
        """Refuse `row`, naming the column `key` (or none)."""
        row.result.fail(message, self.column(key) if key else None)

    def start(self, working_group) -> dict:
        """State shared by the rows of one run, read once: the group's memberships by name and acronym
        (`member`), and whatever else a kind adds (what is already recorded, what earlier rows claimed)."""
        return {"members": member_lookup(working_group)}

    def member(self, row: ParsedRow, name: str, key: str, state: dict):
        """The membership of the group called `name` (name or acronym), or None and `row` fails on `key`."""
        membership = state["members"].get(fold(name))
        if membership is None:
            self.fail(row, unknown_member(name), key)
        return membership

    def check(self, row: ParsedRow, *, working_group, state: dict) -> None:
        """Checks across cells and against the group's data; failures go on `row.result`."""

    def units(self, rows: list[ParsedRow]) -> list[list[ParsedRow]]:
        return [[row] for row in rows]

    def execute(self, unit: list[ParsedRow], *, working_group, actor, state: dict) -> list[Model]:
        """Write the unit through the services; return what was created, in creation order."""
        raise NotImplementedError

    def succeeded(self, unit: list[ParsedRow], created: list[Model], state: dict) -> None:
        """The unit's savepoint was kept: what later rows must know of it goes into `state` here (never in
        `execute`, whose writes may still be rolled back)."""

    def created_alongside(self, created: list[Model]) -> list[Model]:
        """What the services wrote along with `created` (a membership's history), read once at the end of
        the run; it goes after everything else, so that undoing the import deletes it first."""
        return []


def label_of(choices, value):
    """An example cell: the label of `value` among `choices`, in the active language."""
    return lambda group: str(dict(choices)[value])


def example_member(working_group, *, acronym: bool = False) -> str:
    """An example cell: the group's first institution, by its acronym if asked and it has one."""
    membership = working_group.memberships.select_related("institution").order_by("pk").first()
    if membership is None:
        return ""
    return (acronym and membership.institution.acronym) or membership.institution.name


def first_seen(state: dict, bucket: str, key, row: ParsedRow) -> int | None:
    """The row number that claimed `key` before `row` in this run, or None (and `row` claims it now)."""
    seen = state.setdefault(bucket, {})
    if key in seen:
        return seen[key]
    seen[key] = row.number
    return None


def member_lookup(working_group) -> dict[str, object]:
    """{folded name or acronym: Membership} of every membership of the group, past or present."""
    from members.models import Membership

    memberships = list(Membership.objects.filter(working_group=working_group).select_related("institution"))
    lookup = {fold(membership.institution.name): membership for membership in memberships}
    for membership in memberships:  # a name wins over another institution's acronym
        if membership.institution.acronym:
            lookup.setdefault(fold(membership.institution.acronym), membership)
    return lookup


def remember_member(lookup: dict, membership) -> None:
    """Add a membership created by an earlier row to a `member_lookup`."""
    lookup.setdefault(fold(membership.institution.name), membership)
    if membership.institution.acronym:
        lookup.setdefault(fold(membership.institution.acronym), membership)


def unknown_member(name: str) -> str:
    return _("No institution of this group is called “%(name)s” (name or acronym).") % {"name": squash(name)[:80]}


def registry() -> dict[str, Kind]:
    from .activities import ActivitiesKind
    from .institutions import InstitutionsKind
    from .meetings import MeetingsKind

    return {
        ImportKind.INSTITUTIONS: InstitutionsKind(),
        ImportKind.ACTIVITIES: ActivitiesKind(),
        ImportKind.MEETINGS: MeetingsKind(),
    }
