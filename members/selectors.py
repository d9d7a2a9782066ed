"""Reads for the members pages; each returns what one page needs in a fixed number of queries."""

from collections import OrderedDict

from django.db.models import Case, Count, Prefetch, Q, When
from django.http import Http404

from vpwg import permissions

from .models import CoordinationSeat, Institution, Membership, Pillar, Representative, SecretariatTerm


def directory_for(working_group, pillar: str | None = None):
    """Current members, then observers, by name, with their active representatives (a queryset: the
    directory pages it; two queries for a page). One pillar's, or every pillar's when `pillar` is None."""
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
    )
    if pillar is not None:
        memberships = memberships.filter(pillar=pillar)
    members_first = Case(When(status=Membership.Status.MEMBER, then=0), default=1)
    return memberships.order_by(members_first, "institution__name", "pk")


def directory_sections(memberships) -> OrderedDict:
    """The rows of one directory page by pillar, labelled for the table.

    {pillar: {"label", "members": [...], "observers": [...]}} in pillar order.
    """
    directory = OrderedDict(
        (value, {"label": label, "members": [], "observers": []}) for value, label in Pillar.choices
    )
    # Labels translated once per page, not once per row: get_FOO_display() rebuilds the choices and
    # translates on every call, which was a third of the page's time for a hundred institutions.
    kinds = {value: str(label) for value, label in Institution.Kind.choices}
    statuses = {value: str(label) for value, label in Membership.Status.choices}
    roles = {value: str(label).lower() for value, label in Representative.Role.choices}
    for membership in memberships:
        membership.kind_label = kinds.get(membership.institution.kind, membership.institution.kind)
        membership.status_label = statuses.get(membership.status, membership.status)
        for representative in membership.active_representatives:
            representative.role_label = roles.get(representative.role, representative.role)
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
        .select_related("institution", "institution__parent", "working_group")
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


def organisation_relatives_for(user, institution: Institution) -> list[Membership]:
    """The other institutions of `institution`'s organisation (those under the same parent, or under
    `institution` itself), in the groups where `user` holds a role: one query, none when `user` holds none.

    Only groups of the viewer's own, so a page never tells who belongs to another group."""
    slugs = permissions.group_slugs_of(user)
    if not slugs:
        return []
    family = Q(institution__parent_id=institution.pk)
    if institution.parent_id is not None:
        family |= Q(institution__parent_id=institution.parent_id) | Q(institution_id=institution.parent_id)
    return list(
        Membership.objects.filter(family, working_group__slug__in=slugs)
        .exclude(institution_id=institution.pk)
        .select_related("institution", "working_group")
        .order_by("institution__name", "working_group__name")
    )


def parent_choices_for(user, institution: Institution):
    """The organisations `user` may pick as `institution`'s parent: institutions of the groups where they
    hold a role, and organisations that are no group's member (a government, a company group)."""
    return (
        Institution.objects.filter(
            Q(memberships__working_group__slug__in=permissions.group_slugs_of(user)) | Q(memberships__isnull=True)
        )
        .exclude(pk=institution.pk)
        .distinct()
        .order_by("name")
    )


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


def groups_of(user) -> list:
    """The working groups in which `user` holds a role, by name."""
    from vpwg.permissions import group_slugs_of

    from .models import WorkingGroup

    return list(WorkingGroup.objects.filter(slug__in=group_slugs_of(user)).order_by("name"))


# --- applications, lifecycle, management, audit, charter ------------------------------------------


def applications_visible_to(user, working_group):
    """The queue for the Secretariat and Coordination Group; members see open ones of their own pillar
    (to endorse); anyone else None (not allowed)."""
    from vpwg import permissions

    from .models import MembershipApplication

    access = permissions.access_for(user, working_group)
    base = (
        MembershipApplication.objects.filter(working_group=working_group)
        .select_related("proposed_by__membership__institution", "duplicate_of")
        .annotate(endorsement_count=Count("endorsements", distinct=True), review_count=Count("reviews", distinct=True))
    )
    if access.can("manage_applications") or access.can("decide_applications"):
        return base.order_by("-created_at")
    if access.can("endorse_application"):
        pillar = _own_pillar(user, working_group)
        return base.filter(status__in=MembershipApplication.OPEN, pillar=pillar).order_by("-created_at")
    return None


def _own_pillar(user, working_group):
    return (
        Representative.objects.active()
        .filter(user=user, working_group=working_group)
        .values_list("membership__pillar", flat=True)
        .first()
    )


def application_for(user, working_group, application_id):
    """One application with everything its page shows, if `user` may see it; else None."""
    visible = applications_visible_to(user, working_group)
    if visible is None:
        return None
    return (
        visible.prefetch_related(
            "events__actor", "reviews__reviewer", "endorsements__membership__institution", "duplicates"
        )
        .filter(pk=application_id)
        .first()
    )


def coordination_seats_for(working_group):
    today = working_group.today()
    seats = list(
        CoordinationSeat.objects.filter(working_group=working_group)
        .select_related("representative__user", "representative__membership__institution")
        .order_by("pillar", "-started_on")
    )
    for seat in seats:
        seat.is_current = seat.started_on <= today and (seat.ended_on is None or seat.ended_on >= today)
    return seats


def secretariat_terms_for(working_group):
    return (
        SecretariatTerm.objects.filter(working_group=working_group)
        .select_related("institution")
        .prefetch_related("staff")
        .order_by("-started_on")
    )


def audit_trail_for(working_group):
    from vpwg.models import AuditRecord

    return AuditRecord.objects.filter(working_group=working_group).select_related("actor")


def charter_rules_for(working_group) -> list[tuple[str, object]]:
    """(label, display value) of each rule, in charter order."""
    from .services.charter import CHARTER_FIELDS

    rules = []
    for name in CHARTER_FIELDS:
        field = working_group._meta.get_field(name)
        value = getattr(working_group, name)
        if field.choices:
            value = getattr(working_group, f"get_{name}_display")()
        rules.append((field.verbose_name, value))
    return rules


def application_summary_for(user, working_group) -> dict:
    """For the dashboard: whether to link the applications page and how many are open (one query)."""
    from vpwg import permissions

    from .models import MembershipApplication

    access = permissions.access_for(user, working_group)
    if access.can("manage_applications") or access.can("decide_applications"):
        count = MembershipApplication.objects.filter(
            working_group=working_group, status__in=MembershipApplication.OPEN
        ).count()
        return {"show_applications": True, "open_applications": count}
    return {"show_applications": access.can("endorse_application"), "open_applications": 0}
