"""Who may import and export what, registered with the access object (`vpwg.permissions.access_for`).

Imports: the capability of the app each kind writes to (institutions and representatives:
manage_representatives; activities: manage_activities; past meetings: manage_meetings); the services
those rows go through check it again. Exports mirror the pages: the directory for whoever may read the
directory; activities for everyone in the group, like the activities pages; the attendance register,
which names who attended (confidential under the Chatham House Rule), only for manage_meetings, as the
register page in meetings (`meetings:attendance-record`) is: members see attendance by pillar only.
"""

from __future__ import annotations

from vpwg.permissions import GroupAccess, register_rule

IMPORT_CAPABILITIES = {
    "institutions": "manage_representatives",
    "activities": "manage_activities",
    "meetings": "manage_meetings",
}


def can_import(access: GroupAccess, kind: str | None = None) -> bool:
    """`kind` of rows, or (None) any kind: the import and export page."""
    if kind is None:
        return any(access.can(capability) for capability in IMPORT_CAPABILITIES.values())
    return kind in IMPORT_CAPABILITIES and access.can(IMPORT_CAPABILITIES[kind])


def can_export_directory(access: GroupAccess, obj=None) -> bool:
    return access.can("view_directory")


def can_export_attendance(access: GroupAccess, obj=None) -> bool:
    return access.can("manage_meetings")


def can_export_activities(access: GroupAccess, obj=None) -> bool:
    return access.can("view_group")


def can_export_decisions(access: GroupAccess, obj=None) -> bool:
    """The register page is open to the whole group; its rows are filtered per person (members' selector)."""
    return access.can("view_group")


RULES = {
    "exchange.import": can_import,
    "exchange.export_directory": can_export_directory,
    "exchange.export_attendance": can_export_attendance,
    "exchange.export_activities": can_export_activities,
    "exchange.export_decisions": can_export_decisions,
}


def register() -> None:
    """Called from ExchangeConfig.ready()."""
    for name, rule in RULES.items():
        register_rule(name, rule)
