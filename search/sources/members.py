"""The directory: institutions (one entry per membership of a group) and their active representatives.

Both are read by everyone who may open the directory (`view_directory`), as the directory pages are.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model

from members.models import Institution, Membership, Representative

from ..models import Kind
from . import Entry, Source, group_url, plain

DIRECTORY = "directory"


def build_institution(membership: Membership) -> list[Entry]:
    institution = membership.institution
    title = f"{institution.name} ({institution.acronym})" if institution.acronym else institution.name
    body = plain(
        institution.get_kind_display(),
        membership.get_pillar_display(),
        membership.get_status_display(),
        institution.country,
        " · ".join(institution.aliases or []),
    )
    url = group_url("members:institution-detail", membership.working_group, institution_id=institution.pk)
    return [Entry(Kind.INSTITUTION, DIRECTORY, title, body, url, membership.joined_on.year)]


def build_representative(representative: Representative) -> list[Entry]:
    if representative.ended_on is not None:
        return []  # people who left are not searched for; the institution page keeps its history
    user, membership = representative.user, representative.membership
    title = user.get_full_name() or user.email
    body = plain(
        representative.job_title,
        representative.get_role_display(),
        membership.institution.name,
        membership.get_pillar_display(),
    )
    url = group_url(
        "members:institution-detail", representative.working_group, institution_id=membership.institution_id
    )
    return [Entry(Kind.REPRESENTATIVE, DIRECTORY, title, body, url, representative.started_on.year)]


SOURCES = [
    Source(
        model=Membership,
        build=build_institution,
        queryset=lambda: Membership.objects.select_related("institution", "working_group"),
        group_path="working_group",
        follows={Institution: "institution"},
    ),
    Source(
        model=Representative,
        build=build_representative,
        queryset=lambda: Representative.objects.active().select_related(
            "user", "membership__institution", "working_group"
        ),
        group_path="working_group",
        follows={
            # A status change ends the representatives with a queryset update (members.services.lifecycle):
            # all of the membership's, ended ones included, are built again (an ended one has no rows).
            Membership: "membership",
            Representative: "membership__representatives",
            Institution: "membership__institution",
            get_user_model(): "user",
        },
    ),
]

AUDIENCES = {DIRECTORY: lambda access: access.can("view_directory")}
