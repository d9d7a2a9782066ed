"""Membership applications: public or proposed, endorsed, reviewed and decided by the Coordination Group."""

import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from vpwg import permissions
from vpwg.audit import audit_record
from vpwg.models import OutboxMessage
from vpwg.outbox import absolute_url, outbox_queue_email
from vpwg.permissions import Role
from vpwg.workflow import transition

from .. import roles
from ..exceptions import MembersError
from ..models import (
    ApplicationEndorsement,
    ApplicationEvent,
    ApplicationReview,
    Membership,
    MembershipApplication,
    Representative,
    WorkingGroup,
)
from .core import institution_find_or_create, membership_admit
from .representatives import invitation_create

__all__ = [
    "application_submit",
    "application_propose",
    "application_endorse",
    "application_request_info",
    "application_provide_info",
    "application_review",
    "application_decide",
    "applications_remind_overdue",
    "application_find_duplicate",
]

APPLICANT_FIELDS = [
    "institution_name",
    "institution_acronym",
    "institution_kind",
    "institution_country",
    "institution_website",
    "pillar",
    "contact_first_name",
    "contact_last_name",
    "contact_email",
    "contact_job_title",
    "motivation",
    "motivation_pdf",
    "criterion_vps_member",
    "criterion_institutional",
    "criterion_relevant_work",
    "criterion_reputation",
]

Status = MembershipApplication.Status


def _normalise(name: str) -> str:
    return " ".join(name.casefold().split())


def application_find_duplicate(*, working_group: WorkingGroup, institution_name: str) -> MembershipApplication | None:
    """An open application of the same institution (name compared without case or spacing)."""
    wanted = _normalise(institution_name)
    for application in MembershipApplication.objects.filter(
        working_group=working_group, status__in=MembershipApplication.OPEN, duplicate_of__isnull=True
    ):
        if _normalise(application.institution_name) == wanted:
            return application
    return None


def _current_membership_named(working_group, institution_name):
    return (
        Membership.objects.current()
        .filter(working_group=working_group, institution__name__iexact=institution_name.strip())
        .first()
    )


def _create(
    *, working_group: WorkingGroup, data: dict, proposed_by: Representative | None, actor, language: str = ""
) -> MembershipApplication:
    if _current_membership_named(working_group, data["institution_name"]):
        raise MembersError(_("%(name)s is already a member of this group.") % {"name": data["institution_name"]})
    original = application_find_duplicate(working_group=working_group, institution_name=data["institution_name"])
    application = MembershipApplication(
        working_group=working_group,
        proposed_by=proposed_by,
        duplicate_of=original,
        status_token=secrets.token_urlsafe(32),
        language=language if language in dict(settings.LANGUAGES) else "",
        **{k: v for k, v in data.items() if k in APPLICANT_FIELDS},
    )
    application.full_clean()
    application.save()
    ApplicationEvent.objects.create(
        application=application, kind=ApplicationEvent.Kind.SUBMITTED, to_status=Status.SUBMITTED, actor=actor
    )
    if original is not None:
        # Linked, not silently doubled: the original shows the second submission in its history.
        ApplicationEvent.objects.create(
            application=original,
            kind=ApplicationEvent.Kind.DUPLICATE,
            text=_("Another application for this institution arrived (#%(id)s).") % {"id": application.pk},
            actor=actor,
        )
    audit_record(
        action="members.application.submitted",
        actor=actor,
        target=application,
        working_group=working_group,
        proposed=proposed_by is not None,
        duplicate_of=original.pk if original else None,
    )
    _tell_applicant(application, "application_received")
    return application


@transaction.atomic
def application_submit(*, working_group: WorkingGroup, data: dict, language: str = "") -> MembershipApplication:
    """A public application (no account). The contact person gets a link to follow its status. Their
    e-mails are written in `language`, the language of the form they used (else the group's)."""
    return _create(working_group=working_group, data=data, proposed_by=None, actor=None, language=language)


@transaction.atomic
def application_propose(*, working_group: WorkingGroup, data: dict, actor) -> MembershipApplication:
    """A member's representative proposes an institution; the application records who proposed it."""
    permissions.require(actor, "propose_member", working_group)
    proposer = roles.representation_of(actor, working_group, participating=False)
    if proposer is None:
        raise MembersError(_("Only a member's representative can propose an institution."))
    return _create(working_group=working_group, data=data, proposed_by=proposer, actor=actor)


@transaction.atomic
def application_endorse(*, application: MembershipApplication, actor, comment: str = "") -> ApplicationEndorsement:
    """A member of the pillar the applicant asks to join supports it (once per institution)."""
    application = MembershipApplication.objects.select_for_update().get(pk=application.pk)
    permissions.require(actor, "endorse_application", application.working_group)
    if not application.is_open:
        raise MembersError(_("This application has been decided."))
    representative = (
        Representative.objects.active()
        .select_related("membership")
        .filter(user=actor, working_group=application.working_group, membership__status=Membership.Status.MEMBER)
        .first()
    )
    if representative is None or representative.membership.pillar != application.pillar:
        raise MembersError(_("Only members of the same pillar can endorse this application."))
    if application.endorsements.filter(membership=representative.membership).exists():
        raise MembersError(_("Your institution has already endorsed this application."))
    endorsement = ApplicationEndorsement.objects.create(
        application=application, membership=representative.membership, endorsed_by=actor, comment=comment
    )
    audit_record(
        action="members.application.endorsed",
        actor=actor,
        target=application,
        working_group=application.working_group,
        institution=str(representative.membership.institution),
    )
    return endorsement


def _move(application: MembershipApplication, to_status: str, *, kind: str, actor, text: str = ""):
    """One step along ALLOWED, recorded in the application's history."""
    if application.status in (Status.ADMITTED, Status.REJECTED):
        refusal = _("This application has already been decided (%(status)s).") % {
            "status": application.get_status_display().lower()
        }
    else:
        refusal = _("This step is not possible now.")
    from_status = transition(application, to_status, message=refusal)
    ApplicationEvent.objects.create(
        application=application, kind=kind, from_status=from_status, to_status=to_status, text=text, actor=actor
    )


@transaction.atomic
def application_request_info(*, application: MembershipApplication, actor, question: str) -> MembershipApplication:
    """The Secretariat asks the applicant for more information (by e-mail, answered on the status page)."""
    application = MembershipApplication.objects.select_for_update().get(pk=application.pk)
    permissions.require(actor, "manage_applications", application.working_group)
    if not question.strip():
        raise MembersError(_("Write what the applicant should add."))
    _move(application, Status.INFO_REQUESTED, kind=ApplicationEvent.Kind.INFO_REQUESTED, actor=actor, text=question)
    application.save(update_fields=["status", "updated_at"])
    audit_record(
        action="members.application.info_requested",
        actor=actor,
        target=application,
        working_group=application.working_group,
        reason=question,
    )
    _tell_applicant(application, "application_info_requested", question=question)
    return application


@transaction.atomic
def application_provide_info(*, status_token: str, answer: str) -> MembershipApplication:
    """The applicant answers an information request from the status page (no account needed)."""
    application = MembershipApplication.objects.select_for_update().filter(status_token=status_token).first()
    if application is None:
        raise MembersError(_("This link is not valid."))
    if application.status != Status.INFO_REQUESTED:
        raise MembersError(_("No information is awaited for this application."))
    if not answer.strip():
        raise MembersError(_("Write your answer."))
    _move(application, Status.SUBMITTED, kind=ApplicationEvent.Kind.INFO_PROVIDED, actor=None, text=answer)
    application.save(update_fields=["status", "updated_at"])
    audit_record(
        action="members.application.info_provided", target=application, working_group=application.working_group
    )
    return application


@transaction.atomic
def application_review(*, application: MembershipApplication, actor, opinion: str, comment: str) -> ApplicationReview:
    """A Coordination Group member records (or changes) their view, with a comment."""
    application = MembershipApplication.objects.select_for_update().get(pk=application.pk)
    permissions.require(actor, "decide_applications", application.working_group)
    if not application.is_open:
        raise MembersError(_("This application has already been decided."))
    if not comment.strip():
        raise MembersError(_("Add a comment to your view."))
    pillar = roles.coordination_members(application.working_group).get(actor, "")
    review, _created = ApplicationReview.objects.update_or_create(
        application=application,
        reviewer=actor,
        defaults={"opinion": opinion, "comment": comment, "pillar": pillar},
    )
    audit_record(
        action="members.application.reviewed",
        actor=actor,
        target=application,
        working_group=application.working_group,
        opinion=opinion,
    )
    return review


@transaction.atomic
def application_decide(*, application: MembershipApplication, adopted=None, actor=None) -> MembershipApplication:
    """Apply the Coordination Group's adopted decision about an application (members.services.decisions
    calls it; there is no other way): what it decided and why are the decision's (`adopted.proposal`,
    `adopted.reason`), `actor` is whoever closed it (None: the periodic sweep). Admission creates (or
    links) the institution and membership and invites the contact person; the applicant is told the
    outcome. A decided application refuses a second one.
    """
    application = MembershipApplication.objects.select_for_update().get(pk=application.pk)
    if adopted is None or not adopted.authorises(application, "admission"):
        raise MembersError(_("This needs an adopted decision of the Coordination Group about this application."))
    decision, reason = adopted.proposal, adopted.reason
    if not reason.strip():
        raise MembersError(_("Give the reasons for the decision."))
    Decision = MembershipApplication.Decision
    target = {
        Decision.ADMIT_MEMBER: Status.ADMITTED,
        Decision.ADMIT_OBSERVER: Status.ADMITTED,
        Decision.REJECT: Status.REJECTED,
        Decision.DEFER: Status.DEFERRED,
    }[decision]
    _move(application, target, kind=ApplicationEvent.Kind.DECIDED, actor=actor, text=reason)
    application.decision, application.decision_reason = decision, reason
    application.decided_at, application.decided_by = timezone.now(), actor
    if target == Status.ADMITTED:
        _admit(application, actor=actor, as_observer=decision == Decision.ADMIT_OBSERVER)
    application.save()
    audit_record(
        action=f"members.application.{decision}",
        actor=actor,
        target=application,
        working_group=application.working_group,
        reason=reason,
    )
    _tell_applicant(application, "application_decided")
    return application


def _admit(application: MembershipApplication, *, actor, as_observer: bool) -> None:
    group = application.working_group
    institution = institution_find_or_create(
        name=application.institution_name,
        kind=application.institution_kind,
        country=application.institution_country,
        acronym=application.institution_acronym,
    )
    if Membership.objects.filter(working_group=group, institution=institution).exists():
        raise MembersError(
            _("%(name)s already has a membership in this group (past or present).") % {"name": institution}
        )
    status = Membership.Status.OBSERVER if as_observer else Membership.Status.MEMBER
    application.membership = membership_admit(
        working_group=group,
        institution=institution,
        pillar=application.pillar,
        status=status,
        actor=actor,
        reason=_("Admitted on application #%(id)s") % {"id": application.pk},
    )
    invitation_create(
        membership=application.membership,
        email=application.contact_email,
        first_name=application.contact_first_name,
        last_name=application.contact_last_name,
        role=Representative.Role.PRINCIPAL,
        job_title=application.contact_job_title,
        invited_by=actor,
        language=application.language,
    )


def _tell_applicant(application: MembershipApplication, template: str, **extra) -> None:
    step = application.events.count()
    outbox_queue_email(
        dedupe_key=f"application:{application.pk}:{template}:{step}",
        recipient=application.contact_email,
        template=f"members/emails/{template}",
        context={
            "application": application,
            "working_group": application.working_group,
            "status_url": absolute_url("applications:status", application.status_token),
            **extra,
        },
        working_group=application.working_group,
        language=application.language or application.working_group.language,  # the form's language
    )


def applications_remind_overdue(*, now=None) -> int:
    """Remind the Coordination Group of applications waiting longer than the group's limit.

    Each member of the group hears of each overdue application once (outbox dedupe key). Returns the
    number of reminders queued by this call.
    """
    now = now or timezone.now()
    overdue = [
        application
        for application in MembershipApplication.objects.filter(status__in=MembershipApplication.OPEN)
        .select_related("working_group")
        .order_by("pk")
        if application.created_at <= now - timedelta(days=application.working_group.application_review_days)
    ]
    # One query for every group's Coordination Group and one for the reminders already queued.
    coordinators: dict[int, list] = {}
    role_groups = {permissions.role_group_name(a.working_group, Role.COORDINATION): a.working_group_id for a in overdue}
    for user in (
        get_user_model()
        .objects.filter(groups__name__in=role_groups, is_active=True)
        .annotate(role_group=F("groups__name"))
    ):
        if user.role_group in role_groups:
            coordinators.setdefault(role_groups[user.role_group], []).append(user)
    wanted = {
        f"application:{a.pk}:overdue:{user.pk}": (a, user)
        for a in overdue
        for user in coordinators.get(a.working_group_id, [])
    }
    already = set(OutboxMessage.objects.filter(dedupe_key__in=wanted).values_list("dedupe_key", flat=True))
    queued = 0
    for key, (application, user) in wanted.items():
        if key in already:
            continue
        group = application.working_group
        outbox_queue_email(
            dedupe_key=key,
            recipient=user.email,
            template="members/emails/application_overdue",
            context={
                "application": application,
                "working_group": group,
                "url": absolute_url("members:application-detail", group.slug, application.pk),
                "days": (now - application.created_at).days,
            },
            working_group=group,
            language=group.language,
        )
        queued += 1
    return queued
