"""What the index holds: one `Source` per model whose rows can be found, and who may read each audience.

A source builds the entries of one object (`build(obj) -> [Entry]`, one per audience that may read a
text), lists every object for a rebuild (`queryset()`), and names the other models whose changes
alter its entries (`follows`: model -> the lookup that leads from the source's objects to one of
that model, such as "meeting" or "membership__institution": the objects to build again when it changes). An audience
resolver (`AUDIENCES`) turns a person's access object into the rows of that audience they may read:
True (every row of the group), False (none), or a queryset of object ids (those only).

The sources live here, in the search app, rather than in each app: search sits above every app in
the import layers, so it may read them all while they know nothing of it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import models
from django.urls import reverse

from vpwg.permissions import GroupAccess


@dataclass(frozen=True)
class Entry:
    kind: str
    audience: str
    title: str
    body: str
    url: str
    year: int | None = None


@dataclass(frozen=True)
class Source:
    model: type[models.Model]
    build: Callable[[models.Model], list[Entry]]
    queryset: Callable[[], models.QuerySet]
    group_path: str  # the lookup from the model to its WorkingGroup ("meeting__working_group")
    follows: dict[type[models.Model], str] = field(default_factory=dict)
    # Many-to-many relations whose change alters the entries (the through models send m2m_changed).
    m2m: tuple = ()

    @property
    def label(self) -> str:
        return self.model._meta.label_lower

    def group_of(self, obj: models.Model):
        for name in self.group_path.split("__"):
            obj = getattr(obj, name)
        return obj


AudienceResolver = Callable[[GroupAccess], "bool | models.QuerySet"]

_MARKUP = re.compile(r"[*_#>`~|]+|\[([^\]]*)\]\([^)]*\)")


def plain(*parts) -> str:
    """The non-empty parts as one text, with Markdown emphasis, headings and links reduced to words."""
    text = "\n".join(str(part) for part in parts if part)
    return _MARKUP.sub(lambda m: m.group(1) or " ", text)


def group_url(name: str, working_group, **kwargs) -> str:
    return reverse(name, kwargs={"group_slug": working_group.slug, **kwargs})


def _modules():
    from . import activities, decisions, meetings, members, minutes, reports, workplan

    return [members, decisions, meetings, minutes, workplan, activities, reports]


def all_sources() -> list[Source]:
    return [source for module in _modules() for source in module.SOURCES]


def all_audiences() -> dict[str, AudienceResolver]:
    return {name: resolver for module in _modules() for name, resolver in module.AUDIENCES.items()}
