"""Who may do what with memberships and applications, registered with the access object
(`vpwg.permissions.access_for`). The services enforce the same rules; these are what the pages ask.

Lifecycle: the Coordination Group (decide_membership) warns, suspends, reinstates and expels; a
member withdraws through its own representative, or the Secretariat records it (manage_representatives).
Which moves exist comes from `Membership.ALLOWED`, the table the services check.
Applications: a member endorses an open application of its own pillar, once per institution.
"""

from __future__ import annotations

from vpwg.permissions import GroupAccess, Role, register_rule

from .decision_hooks import subject_for
from .models import Decision, Membership, MembershipApplication, Representative, TallyVisibility, WrittenProcedure


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


# --- decisions and written procedures (issue 14) ----------------------------------------------
#
# A Coordination Group decision: its votes and reasons are for the Coordination Group and the
# Secretariat; the institution concerned, and the group's members where the outcome is public (the
# register), see the outcome and the reasons given. Who may vote (a seat holder not recused) is
# counted by the service, which refuses with a message.
# A written procedure: the Secretariat or the Coordination Group opens it; every representative reads
# it and comments; members (and observers, when it says so) vote once per institution; the live tally
# is the Secretariat's, the others see it once their institution voted or the procedure closed.


def _runs_decisions(access: GroupAccess) -> bool:
    return access.has_role(Role.SECRETARIAT, Role.COORDINATION)


def can_follow_decision(access: GroupAccess, decision: Decision) -> bool:
    """Every vote with its reason: the Coordination Group and the Secretariat."""
    return _runs_decisions(access)


def can_see_decision(access: GroupAccess, decision: Decision) -> bool:
    """The outcome and the reasons given: those who follow it, the institution concerned, and the
    group's members once a public outcome is reached (see DecisionSubject.public)."""
    if _runs_decisions(access):
        return True
    if decision.subject_type.model == "membership" and access.represents(decision.subject_id):
        return True
    if decision.is_open or not access.can("view_group"):
        return False
    subject = subject_for(decision.kind)
    return subject is None or bool(subject.public(decision))


def can_vote_decision(access: GroupAccess, decision: Decision) -> bool:
    """A seat holder while the decision is open (recusal and the deadline: the service says why not)."""
    subject = subject_for(decision.kind)
    return decision.is_open and subject is not None and access.can(subject.capability)


def can_open_procedure(access: GroupAccess, working_group=None) -> bool:
    return _runs_decisions(access)


def can_comment_procedure(access: GroupAccess, procedure: WrittenProcedure) -> bool:
    return procedure.is_open and (access.is_representative or _runs_decisions(access))


def can_vote_procedure(access: GroupAccess, procedure: WrittenProcedure) -> bool:
    """A representative of a member institution (of an observer too, when the procedure says so)."""
    if not procedure.is_open or procedure.is_past_deadline:
        return False
    roles = {Role.MEMBER, Role.OBSERVER} if procedure.observers_vote else {Role.MEMBER}
    return access.has_role(*roles) and bool(access.institution_ids)


def can_see_procedure_tally(access: GroupAccess, procedure: WrittenProcedure, *, voted: bool = False) -> bool:
    """The Secretariat always (live); others after the deadline or the close, or once their
    institution has voted when the procedure shows the tally after a vote."""
    if access.has_role(Role.SECRETARIAT) or not procedure.is_open or procedure.is_past_deadline:
        return True
    return voted and procedure.tally_visibility == TallyVisibility.AFTER_VOTE


def can_see_procedure_votes(access: GroupAccess, procedure: WrittenProcedure) -> bool:
    """Which institution voted what: the Secretariat and the Coordination Group."""
    return _runs_decisions(access)


RULES = {
    **{f"members.{step}_membership": rule for step, rule in LIFECYCLE_RULES.items()},
    "members.follow_decision": can_follow_decision,
    "members.see_decision": can_see_decision,
    "members.vote_decision": can_vote_decision,
    "members.open_procedure": can_open_procedure,
    "members.comment_procedure": can_comment_procedure,
    "members.vote_procedure": can_vote_procedure,
    "members.see_procedure_tally": can_see_procedure_tally,
    "members.see_procedure_votes": can_see_procedure_votes,
    "members.invite_representative": can_invite_representative,
    "members.request_application_info": can_request_application_info,
    "members.decide_application": can_decide_application,
    "members.endorse_application": can_endorse_application,
}


def register() -> None:
    """Called from MembersConfig.ready()."""
    for name, rule in RULES.items():
        register_rule(name, rule)
