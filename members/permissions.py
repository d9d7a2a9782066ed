"""Who may do what with memberships and applications, registered with the access object
(`vpwg.permissions.access_for`). The services enforce the same rules; these are what the pages ask.

Lifecycle: the Coordination Group (decide_membership) warns, suspends, reinstates and expels; a
member withdraws through its own representative, or the Secretariat records it (manage_representatives).
Which moves exist comes from `Membership.ALLOWED`, the table the services check.
Applications: a member endorses an open application of its own pillar, once per institution.
"""

from __future__ import annotations

from vpwg.permissions import GroupAccess, register_rule

from .models import Membership, MembershipApplication, Representative


def _decides(access: GroupAccess) -> bool:
    return access.can("decide_membership")


def _may_become(membership: Membership, status: str) -> bool:
    return status in Membership.ALLOWED[membership.status]


def can_warn_membership(access: GroupAccess, membership: Membership) -> bool:
    return _decides(access) and membership.is_participating


def can_suspend_membership(access: GroupAccess, membership: Membership) -> bool:
    return _decides(access) and _may_become(membership, Membership.Status.SUSPENDED)


def can_reinstate_membership(access: GroupAccess, membership: Membership) -> bool:
    return _decides(access) and membership.status == Membership.Status.SUSPENDED


def can_expel_membership(access: GroupAccess, membership: Membership) -> bool:
    return _decides(access) and _may_become(membership, Membership.Status.EXPELLED)


def can_withdraw_membership(access: GroupAccess, membership: Membership) -> bool:
    """Its own representative, or the Secretariat on the member's behalf."""
    return _may_become(membership, Membership.Status.WITHDRAWN) and (
        access.can("manage_representatives") or access.represents(membership.pk)
    )


def can_invite_representative(access: GroupAccess, membership: Membership) -> bool:
    """The Secretariat invites representatives of a current member or observer."""
    return access.can("manage_representatives") and membership.is_participating


LIFECYCLE_RULES = {
    "warn": can_warn_membership,
    "suspend": can_suspend_membership,
    "reinstate": can_reinstate_membership,
    "expel": can_expel_membership,
    "withdraw": can_withdraw_membership,
}


def lifecycle_steps(access: GroupAccess, membership: Membership) -> list[str]:
    """The lifecycle steps this person may take on `membership` now (for buttons and the step page)."""
    return [step for step, rule in LIFECYCLE_RULES.items() if rule(access, membership)]


def can_request_application_info(access: GroupAccess, application: MembershipApplication) -> bool:
    """The Secretariat asks the applicant for more while the application is open."""
    return access.can("manage_applications") and application.is_open


def can_decide_application(access: GroupAccess, application: MembershipApplication) -> bool:
    """Coordination Group members record their view and the decision while the application is open."""
    return access.can("decide_applications") and application.is_open


def can_endorse_application(access: GroupAccess, application: MembershipApplication) -> bool:
    """A representative of a member (not an observer) of the applicant's pillar, while the application
    is open, once per institution. Two queries, as application_endorse checks it."""
    if not application.is_open or not access.can("endorse_application"):
        return False
    representative = (
        Representative.objects.active()
        .select_related("membership")
        .filter(user=access.user, working_group=access.working_group, membership__status=Membership.Status.MEMBER)
        .first()
    )
    if representative is None or representative.membership.pillar != application.pillar:
        return False
    return not application.endorsements.filter(membership=representative.membership).exists()


RULES = {
    **{f"members.{step}_membership": rule for step, rule in LIFECYCLE_RULES.items()},
    "members.invite_representative": can_invite_representative,
    "members.request_application_info": can_request_application_info,
    "members.decide_application": can_decide_application,
    "members.endorse_application": can_endorse_application,
}


def register() -> None:
    """Called from MembersConfig.ready()."""
    for name, rule in RULES.items():
        register_rule(name, rule)
