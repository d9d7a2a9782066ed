"""The one module that decides who may do what.

Each working group has one Django group per role (`peru:secretariat`, `peru:member`, ...).
Role capabilities are guardian object permissions on the `WorkingGroup` row, granted to
those Django groups: rows grow with groups × roles, never with people or objects, and a
change of role is one group-membership change that takes effect everywhere at once.
Per-object guardian grants (to a role group, or to one user) are for exceptions.

Views and services ask `can()` / `require()` / `get_visible_group_or_404()`, nothing else.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from functools import cached_property

from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from guardian.core import ObjectPermissionChecker
from guardian.models import GroupObjectPermission

from .access_rows import access_rows, use_capability_table
from .access_rows import forget as forget_access_rows
from .tenant import tenant_model


class Role(models.TextChoices):
    SECRETARIAT = "secretariat", _("Secretariat")
    COORDINATION = "coordination", _("Coordination Group")
    MEMBER = "member", _("Member representative")
    OBSERVER = "observer", _("Observer representative")
    ADMIN = "admin", _("Group administrator")


# Roles that may be required to use two-factor authentication (a group setting).
PRIVILEGED_ROLES = frozenset({Role.SECRETARIAT, Role.COORDINATION, Role.ADMIN})

ALL_ROLES = frozenset(Role)
REPRESENTATIVES = frozenset({Role.MEMBER, Role.OBSERVER})
RUNNERS = frozenset({Role.SECRETARIAT, Role.ADMIN})

# capability codename (a permission on members.WorkingGroup) -> (description, roles granted it).
# Editing this table and running `migrate` re-grants every group (see sync_all_capabilities...).
CAPABILITIES: dict[str, tuple[str, frozenset]] = {
    "view_group": ("View the group's pages", ALL_ROLES),
    "view_directory": ("View the member directory and institutions", ALL_ROLES),
    "manage_representatives": ("Invite, replace and remove representatives", RUNNERS),
    "view_audit": ("Read the group's audit trail", RUNNERS | {Role.COORDINATION}),
    "manage_roles": ("Change Coordination Group seats and the Secretariat", RUNNERS),
    "manage_settings": ("Change the group's settings and charter", frozenset({Role.ADMIN})),
    "manage_applications": ("Handle the membership application queue", RUNNERS),
    "decide_applications": ("Record Coordination Group decisions", frozenset({Role.COORDINATION})),
    "decide_membership": ("Warn, suspend, reinstate or expel members", frozenset({Role.COORDINATION})),
    "endorse_application": ("Endorse an application of one's own pillar", frozenset({Role.MEMBER})),
    "propose_member": ("Propose a new member institution", frozenset({Role.MEMBER})),
    "manage_meetings": ("Schedule meetings, agendas, invitations, attendance", RUNNERS),
    "request_meeting": ("Request an extraordinary meeting", REPRESENTATIVES),
    "propose_topic": ("Propose discussion topics", REPRESENTATIVES),
    "support_topic": ("Support a proposed topic", frozenset({Role.MEMBER})),
    # The Coordination Group prepares plenaries (Peru step 6b): it may shape agendas too.
    "edit_agenda": ("Edit meeting agendas and pull topics into them", RUNNERS | {Role.COORDINATION}),
    "view_compliance": ("See attendance compliance flags", RUNNERS | {Role.COORDINATION}),
    "draft_minutes": ("Draft and circulate minutes", frozenset({Role.SECRETARIAT})),
    "review_minutes": ("Review and approve minutes", frozenset({Role.COORDINATION})),
    "manage_workplan": ("Edit the work plan", RUNNERS),
    "manage_activities": ("Record activities and outreach", RUNNERS),
    "view_reports": ("Open the report centre", ALL_ROLES),
    "manage_reports": ("Request and circulate reports", RUNNERS),
    # The Secretariat sends the group's mail: it sees what may not have arrived and resends it.
    "manage_outbox": ("See e-mails of unknown delivery or given up, and resend them", frozenset({Role.SECRETARIAT})),
}

use_capability_table(CAPABILITIES)  # cached access rows are kept under this table's digest


def role_group_name(working_group, role: str) -> str:
    return f"{working_group.slug}:{role}"


def _working_group_of(obj):
    if isinstance(obj, tenant_model()):
        return obj
    return obj.working_group


# --- reading -----------------------------------------------------------------------------


def _role_map(user) -> dict[str, set]:
    """{group slug: roles} for `user`, from their Django groups (vpwg/access_rows.py: once per request)."""
    cache = getattr(user, "_vpwg_roles", None)
    if cache is None:
        cache = {}
        for name in access_rows(user).group_names:
            slug, _sep, role = name.partition(":")
            if role in Role.values:
                cache.setdefault(slug, set()).add(Role(role))
        user._vpwg_roles = cache
    return cache


def roles_of(user, working_group) -> frozenset:
    """The roles `user` holds in `working_group`."""
    if not user.is_authenticated or not user.is_active:
        return frozenset()
    return frozenset(_role_map(user).get(working_group.slug, ()))


def group_slugs_of(user) -> set[str]:
    """Slugs of the working groups in which `user` holds any role."""
    if not user.is_authenticated or not user.is_active:
        return set()
    return set(_role_map(user))


def capabilities_of(user, working_group) -> frozenset[str]:
    """Capability codenames `user` has in `working_group`: the grants of their role groups on its row,
    read with their groups (vpwg/access_rows.py)."""
    if not user.is_authenticated or not user.is_active:
        return frozenset()
    cache = user.__dict__.setdefault("_vpwg_caps", {})
    if working_group.pk not in cache:
        if not roles_of(user, working_group):
            cache[working_group.pk] = frozenset()  # no role here: no need to ask the database
        else:
            # Capabilities are granted to role groups only, so the user-level rows need no query.
            cache[working_group.pk] = access_rows(user).capabilities_on(working_group)
    return cache[working_group.pk]


def can(user, capability: str, obj) -> bool:
    """May `user` exercise `capability` on `obj` (a WorkingGroup or anything with `.working_group`)?

    A capability granted on the object itself (guardian per-object row) also counts.
    """
    working_group = _working_group_of(obj)
    if capability in capabilities_of(user, working_group):
        return True
    if obj is not working_group and user.is_authenticated and user.is_active:
        return capability in ObjectPermissionChecker(user).get_perms(obj)
    return False


def require(user, capability: str, obj) -> None:
    if not can(user, capability, obj):
        raise PermissionDenied


def is_platform_admin(user) -> bool:
    """An administrator of the whole installation (a Django superuser): above every group, not in one."""
    return bool(user.is_authenticated and user.is_active and user.is_superuser)


def get_visible_group_or_404(user, slug: str):
    """The working group named by `slug` if `user` may see it; 404 otherwise (never confirm it exists)."""
    group = tenant_model().objects.filter(slug=slug).first()
    if group is None or not can(user, "view_group", group):
        raise Http404
    return group


def forget_cached_permissions(user) -> None:
    """After a change of roles: drop what this request and the shared cache know of `user`'s access."""
    for attr in ("_vpwg_roles", "_vpwg_caps", "_vpwg_access"):
        user.__dict__.pop(attr, None)
    forget_access_rows(user)


# --- network staff: a role above groups -------------------------------------------------------
#
# Staff of a network (issue 19) read the network's figures of the groups that share them, and
# nothing inside any group: the role is the Django group `network:<slug>:staff`, which grants no
# capability on any working-group row (its name is no `<group slug>:<role>`, so _role_map skips it).


def network_staff_group_name(network_slug: str) -> str:
    return f"network:{network_slug}:staff"


def is_network_staff(user, network_slug: str) -> bool:
    """Is `user` staff of the network `network_slug`? (read with their groups: no query of its own)"""
    if not user.is_authenticated or not user.is_active:
        return False
    return network_staff_group_name(network_slug) in access_rows(user).group_names


def network_slugs_of(user) -> list[str]:
    """Slugs of the networks `user` is staff of (no query of its own)."""
    if not user.is_authenticated or not user.is_active:
        return []
    prefix, suffix = "network:", ":staff"
    return [
        name[len(prefix) : -len(suffix)]
        for name in access_rows(user).group_names
        if name.startswith(prefix) and name.endswith(suffix)
    ]


@transaction.atomic
def set_network_staff(user, network_slug: str, staff: bool) -> bool:
    """Make `user` staff of the network (or not). Returns whether anything changed."""
    group, _created = Group.objects.get_or_create(name=network_staff_group_name(network_slug))
    holds = user.groups.filter(pk=group.pk).exists()
    if holds == staff:
        return False
    if staff:
        user.groups.add(group)
    else:
        user.groups.remove(group)
    forget_cached_permissions(user)
    return True


# --- the access object: one per request and group --------------------------------------------
#
# Views, selectors and templates ask `access_for(user, group)`; apps register their own rules
# (`can_<verb>_<entity>`) and the access level of their documents in `AppConfig.ready()`, so this
# module never imports an app.


class AccessLevel(StrEnum):
    """How a person reads a confidential document. None (not an enum member) means: not visible, 404."""

    MANAGER = "manager"  # runs it: the Secretariat for minutes, manage_reports for reports
    REVIEWER = "reviewer"  # the Coordination Group once submitted
    READER = "reader"  # a current member or observer once circulated
    AUTHOR = "author"  # a representative of the institution whose report it is

    @property
    def is_manager(self) -> bool:
        return self is AccessLevel.MANAGER

    @property
    def is_reviewer(self) -> bool:
        return self is AccessLevel.REVIEWER

    @property
    def is_reader(self) -> bool:
        return self is AccessLevel.READER

    @property
    def is_author(self) -> bool:
        return self is AccessLevel.AUTHOR


RULES: dict[str, Callable] = {}  # "minutes.mark_action_done" -> fn(access, obj) -> bool
DOCUMENT_LEVELS: dict[str, Callable] = {}  # "minutes.minutes" -> fn(access, obj) -> AccessLevel | None
_INSTITUTIONS_LOOKUP: list[Callable] = []  # fn(user, working_group) -> set of membership ids represented


def register_rule(name: str, rule: Callable) -> None:
    """An app states who may do `name` (`<app>.<verb>_<entity>`): `rule(access, obj) -> bool`."""
    RULES[name] = rule


def register_document_level(model_label: str, level: Callable) -> None:
    """An app states how a person reads its documents: `level(access, obj) -> AccessLevel | None`."""
    DOCUMENT_LEVELS[model_label] = level


def register_institutions_lookup(lookup: Callable) -> None:
    """members tells which institutions (membership ids) a person actively represents in a group."""
    _INSTITUTIONS_LOOKUP[:] = [lookup]


class _Capabilities:
    """`access.may.manage_meetings` in templates: a capability asked by name, never a role string."""

    def __init__(self, access: GroupAccess):
        self._access = access

    def __getitem__(self, capability: str) -> bool:
        return self._access.can(capability)

    def __contains__(self, capability: str) -> bool:
        return self._access.can(capability)


class GroupAccess:
    """What one person may do in one working group: roles, capabilities, the institutions they
    represent, and their access level to each confidential document. Built once per request."""

    def __init__(self, user, working_group):
        self.user = user
        self.working_group = working_group

    @cached_property
    def roles(self) -> frozenset:
        return roles_of(self.user, self.working_group)

    @cached_property
    def capabilities(self) -> frozenset[str]:
        return capabilities_of(self.user, self.working_group)

    @cached_property
    def institution_ids(self) -> frozenset[int]:
        """Memberships this person actively represents here (as member or observer representative)."""
        if not self.roles & REPRESENTATIVES or not _INSTITUTIONS_LOOKUP:
            return frozenset()
        return frozenset(_INSTITUTIONS_LOOKUP[0](self.user, self.working_group))

    @property
    def may(self) -> _Capabilities:
        return _Capabilities(self)

    def has_role(self, *roles) -> bool:
        return bool(self.roles & set(roles))

    @property
    def is_representative(self) -> bool:
        return bool(self.roles & REPRESENTATIVES)

    def represents(self, membership_id) -> bool:
        return membership_id in self.institution_ids

    def can(self, capability: str, obj=None) -> bool:
        if capability in self.capabilities:
            return True
        if obj is not None and obj is not self.working_group:
            return can(self.user, capability, obj)
        return False

    def require(self, capability: str, obj=None) -> None:
        if not self.can(capability, obj):
            raise PermissionDenied

    def allows(self, rule: str, obj=None) -> bool:
        """An app's registered rule (`minutes.mark_action_done`) for `obj`."""
        return bool(RULES[rule](self, obj))

    def require_rule(self, rule: str, obj=None) -> None:
        if not self.allows(rule, obj):
            raise PermissionDenied

    def level(self, obj) -> AccessLevel | None:
        """This person's access level to the document `obj`, or None (not visible)."""
        return DOCUMENT_LEVELS[obj._meta.label_lower](self, obj)


def access_for(user, working_group) -> GroupAccess:
    """The access object of `user` in `working_group`, built once per request (kept on the user)."""
    cache = user.__dict__.setdefault("_vpwg_access", {})
    access = cache.get(working_group.pk)
    if access is None or access.working_group is not working_group:
        access = cache[working_group.pk] = GroupAccess(user, working_group)
    return access


# --- writing (called by services only) ------------------------------------------------------


def _capability_permissions() -> dict[str, Permission]:
    content_type = ContentType.objects.get_for_model(tenant_model())
    existing = {p.codename: p for p in Permission.objects.filter(content_type=content_type)}
    for codename, (description, _roles) in CAPABILITIES.items():
        if codename not in existing:
            existing[codename] = Permission.objects.create(
                content_type=content_type, codename=codename, name=description
            )
    return existing


@transaction.atomic
def sync_group_capabilities(working_group) -> None:
    """Make the role groups of `working_group` hold exactly the grants in CAPABILITIES."""
    permissions = _capability_permissions()
    content_type = ContentType.objects.get_for_model(working_group)
    for role in Role:
        group, _created = Group.objects.get_or_create(name=role_group_name(working_group, role))
        wanted = {permissions[c].pk for c, (_d, roles) in CAPABILITIES.items() if role in roles}
        rows = GroupObjectPermission.objects.filter(
            group=group, content_type=content_type, object_pk=str(working_group.pk)
        )
        have = set(rows.values_list("permission_id", flat=True))
        rows.filter(permission_id__in=have - wanted).delete()
        GroupObjectPermission.objects.bulk_create(
            [
                GroupObjectPermission(
                    group=group, permission_id=pk, content_type=content_type, object_pk=str(working_group.pk)
                )
                for pk in wanted - have
            ]
        )


def sync_all_capabilities_after_migrate(**kwargs) -> None:
    for working_group in tenant_model().objects.using(kwargs.get("using", "default")).all():
        sync_group_capabilities(working_group)


@transaction.atomic
def set_roles(user, working_group, roles: set) -> tuple[set, set]:
    """Give `user` exactly `roles` in `working_group`. Returns (added, removed)."""
    current = {
        Role(name.partition(":")[2])
        # By the role groups' exact names: other groups may share the prefix (`network:<slug>:staff`).
        for name in user.groups.filter(name__in=[role_group_name(working_group, r) for r in Role]).values_list(
            "name", flat=True
        )
    }
    added, removed = set(roles) - current, current - set(roles)
    if added:
        user.groups.add(*Group.objects.filter(name__in=[role_group_name(working_group, r) for r in added]))
    if removed:
        user.groups.remove(*Group.objects.filter(name__in=[role_group_name(working_group, r) for r in removed]))
    forget_cached_permissions(user)
    return added, removed


# --- circulation of confidential documents (minutes, the group's annual report) ---------------
#
# One mechanism for every circulated document: the built-in `view_<model>` permission granted per
# object to the `<slug>:member` and `<slug>:observer` role groups. Leaving the group (leaving those
# role groups) removes access to everything at once. vpwg/circulation.py builds on these.

CIRCULATION_READER_ROLES = (Role.MEMBER, Role.OBSERVER)


def circulation_grant(obj, perm: str) -> None:
    """Let the current members' and observers' representatives read `obj` (idempotent)."""
    from guardian.shortcuts import assign_perm

    for role in CIRCULATION_READER_ROLES:
        group, _created = Group.objects.get_or_create(name=role_group_name(obj.working_group, role))
        assign_perm(perm, group, obj)


def circulated_to(user, queryset, perm: str, working_group):
    """The rows of `queryset` circulated to `user` as a member or observer representative."""
    from guardian.shortcuts import get_objects_for_user

    if not roles_of(user, working_group) & set(CIRCULATION_READER_ROLES):
        return queryset.none()
    return get_objects_for_user(user, perm, klass=queryset, accept_global_perms=False, with_superuser=False)


def is_circulated_to(user, obj, perm: str) -> bool:
    if not roles_of(user, obj.working_group) & set(CIRCULATION_READER_ROLES):
        return False
    return perm.partition(".")[2] in ObjectPermissionChecker(user).get_perms(obj)


# --- reports (issue 7) ---------------------------------------------------------------------------
#
# The rules live in reports/permissions.py, registered with the access object.
