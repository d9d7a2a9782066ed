"""Membership applications, their history, endorsements and the Coordination Group's views."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from vpwg.models import TimeStampedModel
from vpwg.uploads import FileContentValidator

from .groups import Pillar, WorkingGroup
from .institutions import Institution, Membership
from .roles import Representative


class MembershipApplication(TimeStampedModel):
    """An institution asking to join (publicly, or proposed by a member), decided by the Coordination Group."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Awaiting review")
        INFO_REQUESTED = "info_requested", _("More information requested")
        DEFERRED = "deferred", _("Deferred")
        ADMITTED = "admitted", _("Admitted")
        REJECTED = "rejected", _("Rejected")

    class Decision(models.TextChoices):
        ADMIT_MEMBER = "admit_member", _("Admit as member")
        ADMIT_OBSERVER = "admit_observer", _("Admit as observer")
        REJECT = "reject", _("Reject")
        DEFER = "defer", _("Defer")

    OPEN = (Status.SUBMITTED, Status.INFO_REQUESTED, Status.DEFERRED)
    ALLOWED = {  # from-status -> statuses it may move to
        Status.SUBMITTED: {Status.INFO_REQUESTED, Status.DEFERRED, Status.ADMITTED, Status.REJECTED},
        Status.INFO_REQUESTED: {Status.SUBMITTED, Status.DEFERRED, Status.ADMITTED, Status.REJECTED},
        Status.DEFERRED: {Status.INFO_REQUESTED, Status.DEFERRED, Status.ADMITTED, Status.REJECTED},
        Status.ADMITTED: set(),
        Status.REJECTED: set(),
    }

    working_group = models.ForeignKey(WorkingGroup, on_delete=models.PROTECT, related_name="applications")
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.SUBMITTED)
    institution_name = models.CharField(_("institution name"), max_length=200)
    institution_acronym = models.CharField(_("acronym"), max_length=40, blank=True)
    institution_kind = models.CharField(_("kind of institution"), max_length=40, choices=Institution.Kind.choices)
    institution_country = models.CharField(_("country"), max_length=100)
    institution_website = models.URLField(_("website"), blank=True)
    pillar = models.CharField(_("pillar it asks to join"), max_length=20, choices=Pillar.choices)
    contact_first_name = models.CharField(_("contact person's first name"), max_length=150)
    contact_last_name = models.CharField(_("contact person's last name"), max_length=150)
    contact_email = models.EmailField(_("contact person's e-mail"))
    contact_job_title = models.CharField(_("contact person's job title"), max_length=150, blank=True)
    motivation = models.TextField(_("motivation letter"))
    motivation_pdf = models.FileField(
        _("motivation letter (PDF)"),
        upload_to="applications/%Y/",
        blank=True,
        validators=[FileContentValidator(kinds=("pdf",), max_mb=5)],
        help_text=_("Optional. A PDF of at most 5 MB."),
    )
    criterion_vps_member = models.TextField(
        _("a) Member of the Voluntary Principles, or proposed by its pillar: how"), blank=True
    )
    criterion_institutional = models.TextField(_("b) Institutional, not individual, representation: how"))
    criterion_relevant_work = models.TextField(_("c) Works on security, human rights and extractive industries: how"))
    criterion_reputation = models.TextField(_("d) Regarded among its peers and within the sector: how"))
    proposed_by = models.ForeignKey(
        Representative, null=True, blank=True, on_delete=models.PROTECT, related_name="proposals"
    )
    duplicate_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="duplicates"
    )
    status_token = models.CharField(max_length=64, unique=True)
    decision = models.CharField(_("decision"), max_length=20, choices=Decision.choices, blank=True)
    decision_reason = models.TextField(_("reasons"), blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    membership = models.ForeignKey(Membership, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    # The language of the form the applicant used: their e-mails are written in it (blank: the group's).
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES, blank=True)

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("membership application")

    def __str__(self):
        return f"{self.institution_name} → {self.working_group.slug}"

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN

    @property
    def contact_name(self) -> str:
        return f"{self.contact_first_name} {self.contact_last_name}".strip()


class ApplicationEvent(models.Model):
    """The application's history: status changes, information requests and answers. Append-only."""

    class Kind(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")
        INFO_REQUESTED = "info_requested", _("Information requested")
        INFO_PROVIDED = "info_provided", _("Information provided")
        DECIDED = "decided", _("Decided")
        DUPLICATE = "duplicate", _("Possible duplicate received")

    application = models.ForeignKey(MembershipApplication, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    from_status = models.CharField(max_length=20, blank=True)
    to_status = models.CharField(max_length=20, blank=True)
    text = models.TextField(blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]


class ApplicationEndorsement(models.Model):
    """A member institution of the same pillar supporting an application (one per institution)."""

    application = models.ForeignKey(MembershipApplication, on_delete=models.CASCADE, related_name="endorsements")
    membership = models.ForeignKey(Membership, on_delete=models.PROTECT, related_name="+")
    endorsed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    comment = models.TextField(_("comment"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["application", "membership"], name="endorsement_one_per_institution")
        ]


class ApplicationReview(TimeStampedModel):
    """A Coordination Group member's view on an application (one per person; changing it updates it)."""

    class Opinion(models.TextChoices):
        ADMIT_MEMBER = "admit_member", _("Admit as member")
        ADMIT_OBSERVER = "admit_observer", _("Admit as observer")
        REJECT = "reject", _("Reject")
        DEFER = "defer", _("Defer")
        ABSTAIN = "abstain", _("Abstain")

    application = models.ForeignKey(MembershipApplication, on_delete=models.CASCADE, related_name="reviews")
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    pillar = models.CharField(max_length=20, choices=Pillar.choices)
    opinion = models.CharField(_("view"), max_length=20, choices=Opinion.choices)
    comment = models.TextField(_("comment"))

    class Meta:
        ordering = ["created_at"]
        constraints = [models.UniqueConstraint(fields=["application", "reviewer"], name="review_one_per_reviewer")]
