"""Who the non-attribution check looks for in the group's annual report: everyone who took part that year."""

from __future__ import annotations

from datetime import date

from django.db.models import Q

from meetings.models import Guest
from members.models import Membership, Representative
from minutes.attribution import KIND_GUEST, Name, from_institution, from_user
from minutes.selectors import guest_name

from ..models import AnnualReport


def annual_report_names(annual: AnnualReport) -> list[Name]:
    """The names the check looks for in the annual report's texts (three queries): every institution that
    took part during the year or since (with its aliases, kind and pillar), every person who represented
    one during the year or since (the report is written after the year: today's people may be named),
    and the guest speakers of the year's meetings."""
    group = annual.working_group
    first, last = date(annual.year, 1, 1), date(annual.year, 12, 31)
    during = Q(ended_on__isnull=True) | Q(ended_on__gte=first)
    names: list[Name] = []
    memberships = Membership.objects.filter(during, working_group=group).select_related("institution")
    for membership in memberships:
        names.append(from_institution(membership.institution, pillar=membership.pillar, host_country=group.country))
    representatives = Representative.objects.filter(during, working_group=group).select_related(
        "user", "membership__institution"
    )
    for representative in representatives:
        membership = representative.membership
        names.append(from_user(representative.user, institution=membership.institution, pillar=membership.pillar))
    guests = Guest.objects.filter(
        working_group=group, agenda_items__meeting__starts_at__date__range=(first, last)
    ).distinct()
    for guest in guests:
        names.append(guest_name(guest.name))
        if guest.affiliation:
            names.append(Name(guest.affiliation, KIND_GUEST))
    return list(dict.fromkeys(names))
