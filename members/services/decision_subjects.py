"""The members' kinds of decision (admission, warning, suspension, expulsion, reinstatement): what each
is about, when it is possible, who is recused, and the one transition service that applies it.
Work plans and annual reports register theirs from their own apps (see members.decision_hooks)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..decision_hooks import DecisionSubject, register_subject
from ..exceptions import MembersError
from ..models import DecisionKind, Membership, MembershipApplication, Representative
from .applications import application_decide
from .lifecycle import membership_expel, membership_reinstate, membership_suspend, membership_warn

__all__ = ["register_member_subjects"]

Proposal = MembershipApplication.Decision
LIFECYCLE_SERVICES = {
    DecisionKind.WARNING: membership_warn,
    DecisionKind.SUSPENSION: membership_suspend,
    DecisionKind.EXPULSION: membership_expel,
    DecisionKind.REINSTATEMENT: membership_reinstate,
}


# --- applications ----------------------------------------------------------------------------


def _check_application(application: MembershipApplication, proposal: str) -> None:
    if not application.is_open:
        raise MembersError(_("This application has already been decided."))
    if proposal not in Proposal.values:
        raise MembersError(_("Choose what the Coordination Group should decide."))


def _apply_application(decision, application: MembershipApplication, actor) -> None:
    application_decide(application=application, adopted=decision, actor=actor)


def _recused_on_application(application: MembershipApplication, users) -> set[int]:
    """Those who are the applicant's contact person, or who represent (in any group) an institution of
    the applicant's name: their own institution is the subject."""
    email = application.contact_email.strip().casefold()
    name = application.institution_name.strip()
    represents_it = set(
        Representative.objects.active()
        .filter(user__in=users, membership__institution__name__iexact=name)
        .values_list("user_id", flat=True)
    )
    return represents_it | {user.pk for user in users if (user.email or "").casefold() == email}


def _application_url(application: MembershipApplication) -> str:
    return reverse("members:application-detail", args=[application.working_group.slug, application.pk])


def _application_public(decision) -> bool:
    """Members learn of admissions; an applicant that was not admitted stays between it and the group's runners."""
    return decision.status == "adopted" and decision.proposal in (Proposal.ADMIT_MEMBER, Proposal.ADMIT_OBSERVER)


# --- memberships ------------------------------------------------------------------------------

LIFECYCLE_REFUSALS = {
    DecisionKind.WARNING: gettext_lazy("Only a current member or observer can be warned."),
    DecisionKind.SUSPENSION: gettext_lazy("This membership cannot be suspended now."),
    DecisionKind.EXPULSION: gettext_lazy("This membership cannot be expelled now."),
    DecisionKind.REINSTATEMENT: gettext_lazy("Only a suspended membership can be reinstated."),
}


def _possible(kind: str, membership: Membership) -> bool:
    allowed = Membership.ALLOWED[membership.status]
    return {
        DecisionKind.WARNING: membership.is_participating,
        DecisionKind.SUSPENSION: Membership.Status.SUSPENDED in allowed,
        DecisionKind.EXPULSION: Membership.Status.EXPELLED in allowed,
        DecisionKind.REINSTATEMENT: membership.status == Membership.Status.SUSPENDED,
    }[kind]


def _lifecycle_subject(kind: str) -> DecisionSubject:
    def check(membership: Membership, proposal: str) -> None:
        if not _possible(kind, membership):
            raise MembersError(str(LIFECYCLE_REFUSALS[kind]))

    def apply(decision, membership: Membership, actor) -> None:
        LIFECYCLE_SERVICES[kind](membership=membership, adopted=decision, actor=actor)

    def recused(membership: Membership, users) -> set[int]:
        """Those who represent the institution concerned (its seat holders)."""
        return set(
            Representative.objects.active()
            .filter(user__in=users, membership=membership)
            .values_list("user_id", flat=True)
        )

    return DecisionSubject(
        kind=kind,
        model="members.membership",
        capability="decide_membership",
        label=lambda membership: membership.institution.name,
        check=check,
        apply=apply,
        url=lambda membership: reverse(
            "members:institution-detail", args=[membership.working_group.slug, membership.institution_id]
        ),
        recused=recused,
    )


def register_member_subjects() -> None:
    """Called from MembersConfig.ready()."""
    register_subject(
        DecisionSubject(
            kind=DecisionKind.ADMISSION,
            model="members.membershipapplication",
            capability="decide_applications",
            label=lambda application: application.institution_name,
            check=_check_application,
            apply=_apply_application,
            url=_application_url,
            recused=_recused_on_application,
            proposals=tuple(Proposal.choices),
            public=_application_public,
        )
    )
    for kind in LIFECYCLE_SERVICES:
        register_subject(_lifecycle_subject(kind))
