"""Reads for the members pages; each returns what one page needs in a fixed number of queries."""

from collections import OrderedDict

from django.db.models import Count, Prefetch, Q
from django.http import Http404

from .models import CoordinationSeat, Institution, Membership, Pillar, Representative, SecretariatTerm


def directory_for(working_group) -> OrderedDict:
    """Current members and observers grouped by pillar, with their principal representatives.

    {pillar label: {"members": [...], "observers": [...], "counts": {...}}} in pillar order.
    """
    memberships = (
        Membership.objects.current()
        .filter(working_group=working_group)
        .select_related("institution")
        .prefetch_related(
            Prefetch(
                "representatives",
                queryset=Representative.objects.active().select_related("user").order_by("role", "user__last_name"),
                to_attr="active_representatives",
            )
        )
        .order_by("institution__name")
    )
    directory = OrderedDict(
        (value, {"label": label, "members": [], "observers": []}) for value, label in Pillar.choices
    )
    for membership in memberships:
        key = "members" if membership.status == Membership.Status.MEMBER else "observers"
        directory[membership.pillar][key].append(membership)
    return directory


def pillar_counts(working_group) -> list[dict]:
    """Members and observers per pillar (one query)."""
    rows = (
        Membership.objects.current()
        .filter(working_group=working_group)
        .values("pillar")
        .annotate(
            members=Count("pk", filter=Q(status=Membership.Status.MEMBER)),
            observers=Count("pk", filter=Q(status=Membership.Status.OBSERVER)),
        )
    )
    by_pillar = {row["pillar"]: row for row in rows}
    return [
        {
            "pillar": value,
            "label": label,
            "members": by_pillar.get(value, {}).get("members", 0),
            "observers": by_pillar.get(value, {}).get("observers", 0),
        }
        for value, label in Pillar.choices
    ]


def institution_page_for(working_group, institution_id: int) -> Membership:
    """The membership of an institution in this group with its people and history; 404 if none.

    Institutions with an ended membership stay readable: their history is the point of the page.
    """
    membership = (
        Membership.objects.filter(working_group=working_group, institution_id=institution_id)
        .select_related("institution", "working_group")
        .prefetch_related(
            Prefetch(
                "representatives",
                queryset=Representative.objects.select_related("user").order_by("ended_on", "role", "started_on"),
                to_attr="all_representatives",
            ),
            Prefetch("history", to_attr="status_history"),
        )
        .first()
    )
    if membership is None:
        raise Http404
    return membership


def management_for(working_group) -> dict:
    """Who holds the Secretariat and the Coordination Group seats today."""
    today = working_group.today()
    secretariat = (
        SecretariatTerm.objects.current(today)
        .filter(working_group=working_group)
        .select_related("institution")
        .prefetch_related("staff")
        .first()
    )
    seats = list(
        CoordinationSeat.objects.current(today)
        .filter(working_group=working_group)
        .select_related("representative__user", "representative__membership__institution")
        .order_by("pillar")
    )
    return {"secretariat": secretariat, "seats": seats}


def institutions_of(working_group):
    return Institution.objects.filter(memberships__working_group=working_group)


def groups_of(user) -> list:
    """The working groups in which `user` holds a role, by name."""
    from vpwg.permissions import group_slugs_of

    from .models import WorkingGroup

    return list(WorkingGroup.objects.filter(slug__in=group_slugs_of(user)).order_by("name"))
