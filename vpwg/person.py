"""One person across the working groups they belong to (issue 19): what waits for them in each group,
read for the platform's home page.

Each group's list is the group's own (vpwg/waiting.py: every app's sources), read the way the group's
home reads it (`waiting_kept`, kept between writes in the group: vpwg.kept), on the group's clock (a
due date or a meeting's time is the group's). The groups are those in which the person holds a role
today: leaving a group takes it off at once.
"""

from __future__ import annotations

from dataclasses import dataclass

from .dates import group_time
from .permissions import access_for, group_slugs_of
from .tenant import tenant_model
from .waiting import Waiting, waiting_kept


@dataclass(frozen=True)
class GroupWaiting:
    """One group of the person's home: the group, their roles there, and what waits for them in it."""

    group: object
    roles: tuple
    waiting: Waiting


def groups_of(user) -> list:
    """The working groups in which `user` holds a role, by name (one query; none without a group)."""
    slugs = group_slugs_of(user)
    if not slugs:
        return []
    return list(tenant_model().objects.filter(slug__in=slugs).order_by("name"))


def waiting_across_groups(user, groups: list | None = None) -> list[GroupWaiting]:
    """What waits for `user` in each of their groups (`groups`, else `groups_of(user)`), by group name.

    A fixed number of queries per group (its sources' queries, or none when kept), whatever the number
    of things waiting. Only groups whose pages the person may see are listed.
    """
    groups = groups_of(user) if groups is None else groups
    found = []
    for group in groups:
        access = access_for(user, group)
        if not access.can("view_group"):
            continue
        with group_time(group):
            waiting = waiting_kept(user, group)
        roles = tuple(sorted(access.roles, key=lambda role: list(type(role)).index(role)))
        found.append(GroupWaiting(group=group, roles=roles, waiting=waiting))
    return found
