"""What waits in members (vpwg.waiting): Coordination Group votes, written procedures to vote on, and
membership applications to handle. Found by vpwg.waiting by its module name."""

from __future__ import annotations

from datetime import timedelta

from django.db.models import Exists, OuterRef, Q
from django.db.models.functions import Lower, Trim
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext_lazy

from vpwg.permissions import Role
from vpwg.waiting import Overflow, WaitingItem, WaitingQuery, at_most, register_waiting_source

from .decision_hooks import subject_for
from .models import (
    ApplicationReview,
    Decision,
    DecisionKind,
    DecisionStatus,
    DecisionVote,
    MembershipApplication,
    ProcedureVote,
    Representative,
    WrittenProcedure,
)

LIMIT = 5  # lines of one kind before "and N more"


def _local_date(moment, group):
    return timezone.localtime(moment, group.tzinfo).date()


def represented(user, group):
    """The memberships `user` actively represents in `group`, as a sub-select (no query of its own)."""
    return Representative.objects.active().filter(user=user, working_group=group).values("membership_id")


def _subject_is(label: str) -> Q:
    app_label, _dot, model = label.partition(".")
    return Q(subject_type__app_label=app_label, subject_type__model=model)


def decisions_to_vote(user, group, access):
    """Open Coordination Group decisions this person votes on and has not: a seat holder with the kind's
    capability, not recused (their own institution concerned, or the applicant's contact person)."""
    kinds = [
        kind
        for kind in DecisionKind.values
        if (subject := subject_for(kind)) is not None and access.can(subject.capability)
    ]
    if not kinds:
        return []
    mine = represented(user, group)
    recused = Q(_subject_is("members.membership"), subject_id__in=mine)
    names = (
        Representative.objects.active()
        .filter(user=user)
        .annotate(name=Lower(Trim("membership__institution__name")))
        .values("name")
    )
    applicants = MembershipApplication.objects.annotate(name=Lower(Trim("institution_name"))).filter(
        Q(contact_email__iexact=user.email) | Q(name__in=names)
    )
    recused |= Q(_subject_is("members.membershipapplication"), subject_id__in=applicants.values("pk"))
    rows = (
        Decision.objects.filter(
            working_group=group, status=DecisionStatus.OPEN, kind__in=kinds, deadline__gt=timezone.now()
        )
        .exclude(Exists(DecisionVote.objects.filter(decision=OuterRef("pk"), voter=user)))
        .exclude(recused)
        .order_by("deadline", "pk")
    )

    def make(decision):
        return WaitingItem(
            kind="members.decision_vote",
            label=decision.get_kind_display(),
            title=decision.subject_label,
            url=reverse("members:decision-vote", args=[group.slug, decision.pk]),
            action=_("Vote"),
            due=_local_date(decision.deadline, group),
        )

    more = Overflow(
        kind="members.decision_vote",
        label=_("Coordination Group decisions"),
        title=ngettext_lazy("%(n)s more decision to vote on", "%(n)s more decisions to vote on", "n"),
        url=reverse("members:decision-register", args=[group.slug]),
        action=_("Open the register"),
    )

    return [WaitingQuery(rows, lambda rows: at_most(rows, LIMIT, make, more))]


def procedures_to_vote(user, group, access):
    """Open written procedures on which the person's institution has not voted (observers only when the
    procedure lets them)."""
    if access.has_role(Role.MEMBER):
        rows = WrittenProcedure.objects.filter(working_group=group)
    elif access.has_role(Role.OBSERVER):
        rows = WrittenProcedure.objects.filter(working_group=group, observers_vote=True)
    else:
        return []
    mine = represented(user, group)
    rows = (
        rows.filter(status=DecisionStatus.OPEN, deadline__gt=timezone.now())
        .filter(Exists(mine))
        .exclude(Exists(ProcedureVote.objects.filter(procedure=OuterRef("pk"), membership_id__in=mine)))
        .order_by("deadline", "pk")
    )

    def make(procedure):
        return WaitingItem(
            kind="members.procedure_vote",
            label=_("Written procedure"),
            title=procedure.title,
            url=reverse("members:procedure-detail", args=[group.slug, procedure.pk]),
            action=_("Read and vote"),
            due=_local_date(procedure.deadline, group),
        )

    more = Overflow(
        kind="members.procedure_vote",
        label=_("Written procedures"),
        title=ngettext_lazy("%(n)s more written procedure", "%(n)s more written procedures", "n"),
        url=reverse("members:procedure-list", args=[group.slug]),
        action=_("Open the list"),
    )

    return [WaitingQuery(rows, lambda rows: at_most(rows, LIMIT, make, more))]


def applications_waiting(user, group, access):
    """The Secretariat (manage_applications): applications received and not yet handled. A Coordination
    Group member (decide_applications): open applications without their view and not yet put to a vote
    (an open decision is in the votes)."""
    answers = []
    open_applications = MembershipApplication.objects.filter(working_group=group)
    if access.can("manage_applications"):
        rows = open_applications.filter(status=MembershipApplication.Status.SUBMITTED).order_by("created_at", "pk")

        def received(application):
            return WaitingItem(
                kind="members.application_received",
                label=_("Membership application"),
                title=application.institution_name,
                url=reverse("members:application-detail", args=[group.slug, application.pk]),
                action=_("Open the application"),
                due=_review_due(application, group),
            )

        answers.append(WaitingQuery(rows, lambda rows: at_most(rows, LIMIT, received, _more_applications(group))))
    if access.can("decide_applications"):
        under_vote = Decision.objects.filter(
            _subject_is("members.membershipapplication"), status=DecisionStatus.OPEN, subject_id=OuterRef("pk")
        )
        rows = (
            open_applications.filter(
                status__in=[MembershipApplication.Status.SUBMITTED, MembershipApplication.Status.DEFERRED]
            )
            .exclude(Exists(ApplicationReview.objects.filter(application=OuterRef("pk"), reviewer=user)))
            .exclude(Exists(under_vote))
            .order_by("created_at", "pk")
        )

        def to_review(application):
            return WaitingItem(
                kind="members.application_review",
                label=_("Membership application"),
                title=application.institution_name,
                url=reverse("members:application-review", args=[group.slug, application.pk]),
                action=_("Give your view"),
                due=_review_due(application, group),
            )

        answers.append(WaitingQuery(rows, lambda rows: at_most(rows, LIMIT, to_review, _more_applications(group))))
    return answers


def _review_due(application, group):
    """The group's limit for deciding an application (its charter: days after it arrived)."""
    return _local_date(application.created_at, group) + timedelta(days=group.application_review_days)


def _more_applications(group):
    return Overflow(
        kind="members.applications_more",
        label=_("Membership applications"),
        title=ngettext_lazy("%(n)s more application", "%(n)s more applications", "n"),
        url=reverse("members:application-list", args=[group.slug]),
        action=_("Open the list"),
    )


register_waiting_source("members.decisions", decisions_to_vote, order=10)
register_waiting_source("members.procedures", procedures_to_vote, order=11)
register_waiting_source("members.applications", applications_waiting, order=30)
