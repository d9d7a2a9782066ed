"""The member directory: institutions (their membership of the group), representatives. view_directory."""

from __future__ import annotations

from django.http import Http404
from ninja import Query, Router, Schema
from pydantic import Field

from members.models import Membership, Representative

from ..auth import access
from ..pagination import Paging, page
from ..schemas import InstitutionDetailOut, InstitutionOut, Page, RepresentativeOut

router = Router(tags=["directory"])


class MembershipFilter(Schema):
    status: list[str] = Field(
        default=["member", "observer"], description="member, observer, suspended, withdrawn, expelled"
    )
    pillar: str | None = Field(None, description="companies, government or civil_society")


def _institution(membership: Membership) -> dict:
    institution = membership.institution
    return {
        "id": institution.pk,
        "membership_id": membership.pk,
        "name": institution.name,
        "acronym": institution.acronym,
        "kind": institution.kind,
        "country": institution.country,
        "website": institution.website,
        "pillar": membership.pillar,
        "status": membership.status,
        "joined_on": membership.joined_on,
        "ended_on": membership.ended_on,
    }


@router.get("/groups/{group_slug}/institutions", response=Page[InstitutionOut], summary="Member institutions")
def institution_list(request, group_slug: str, filters: Query[MembershipFilter], paging: Query[Paging]):
    group, _access = access(request, group_slug, "view_directory")
    rows = Membership.objects.filter(working_group=group, status__in=filters.status).select_related("institution")
    if filters.pillar:
        rows = rows.filter(pillar=filters.pillar)
    return page(request, rows.order_by("institution__name", "pk"), _institution, paging)


@router.get(
    "/groups/{group_slug}/institutions/{institution_id}", response=InstitutionDetailOut, summary="An institution"
)
def institution_detail(request, group_slug: str, institution_id: int):
    group, _access = access(request, group_slug, "view_directory")
    membership = (
        Membership.objects.filter(working_group=group, institution_id=institution_id)
        .select_related("institution")
        .prefetch_related("history")
        .first()
    )
    if membership is None:
        raise Http404
    return {
        **_institution(membership),
        "aliases": membership.institution.aliases or [],
        "history": [
            {
                "action": change.action,
                "from_status": change.from_status,
                "to_status": change.to_status,
                "pillar": change.pillar,
                "effective_on": change.effective_on,
            }
            for change in membership.history.all()
        ],
    }


def _representative(representative: Representative) -> dict:
    membership = representative.membership
    return {
        "id": representative.pk,
        "name": representative.user.get_full_name() or representative.user.email,
        "institution_id": membership.institution_id,
        "institution": membership.institution.name,
        "pillar": membership.pillar,
        "role": representative.role,
        "job_title": representative.job_title,
        "started_on": representative.started_on,
    }


@router.get("/groups/{group_slug}/representatives", response=Page[RepresentativeOut], summary="Active representatives")
def representative_list(request, group_slug: str, paging: Query[Paging], institution_id: int | None = None):
    group, _access = access(request, group_slug, "view_directory")
    rows = (
        Representative.objects.active()
        .filter(working_group=group, membership__status__in=Membership.PARTICIPATING)
        .select_related("user", "membership__institution")
        .order_by("membership__institution__name", "role", "user__last_name", "pk")
    )
    if institution_id is not None:
        rows = rows.filter(membership__institution_id=institution_id)
    return page(request, rows, _representative, paging)
