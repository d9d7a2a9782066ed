"""The groups the token's owner belongs to."""

from ninja import Router

from members.models import WorkingGroup
from vpwg import permissions

from ..auth import group_for
from ..schemas import GroupOut

router = Router(tags=["groups"])


def _group(group, user) -> dict:
    return {
        "slug": group.slug,
        "name": group.name,
        "short_name": group.short_name,
        "country": group.country,
        "language": group.language,
        "time_zone": group.time_zone,
        "roles": sorted(permissions.roles_of(user, group)),
    }


@router.get("/groups", response=list[GroupOut], summary="The groups you belong to")
def group_list(request):
    groups = WorkingGroup.objects.filter(slug__in=permissions.group_slugs_of(request.user)).order_by("name")
    return [_group(group, request.user) for group in groups]


@router.get("/groups/{group_slug}", response=GroupOut, summary="One of your groups")
def group_detail(request, group_slug: str):
    return _group(group_for(request, group_slug), request.user)
