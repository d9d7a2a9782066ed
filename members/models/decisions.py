"""How the group decides: the Coordination Group's decision rules (part of the charter), its decisions
with one vote per member, and written procedures (votes of the member institutions between plenaries).

The rules are data; counting votes is `members.services.decision_rules` and every change is a service.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from vpwg.models import TimeStampedModel
from vpwg.uploads import FileContentValidator

from .groups import Pillar, WorkingGroup
from .institutions import Membership


class DecisionKind(models.TextChoices):
    """What the Coordination Group decides (each kind has its rule in the charter)."""

    ADMISSION = "admission", _("Admission of an applicant")
    WARNING = "warning", _("Warning to a member")
    SUSPENSION = "suspension", _("Suspension of a member")
    EXPULSION = "expulsion", _("Expulsion of a member")
    REINSTATEMENT = "reinstatement", _("Reinstatement of a member")
    ANNUAL_REPORT = "annual_report", _("Approval of the annual report")
    WORK_PLAN = "work_plan", _("Approval of the work plan")


class DecisionRule(models.TextChoices):
    """How the Coordination Group's votes are counted (members whose institution is concerned do not vote)."""

    ANY_ONE = "any_one", _("Any one Coordination Group member agrees")
    ONE_PER_PILLAR = "one_per_pillar", _("One Coordination Group member of each pillar agrees")
    MAJORITY = "majority", _("A majority of the Coordination Group agrees")
    ALL = "all", _("Every Coordination Group member agrees")
    CONSENSUS = "consensus", _("Consensus: nobody objects within the time allowed")


# The charter's defaults (issue 14). The annual report and the work plan follow the minutes approval
# rule of the group (None here), so a group that changed that rule need not change these twice.
DEFAULT_DECISION_RULES = {
    DecisionKind.ADMISSION: DecisionRule.ONE_PER_PILLAR,
    DecisionKind.WARNING: DecisionRule.ANY_ONE,
    DecisionKind.SUSPENSION: DecisionRule.ONE_PER_PILLAR,
    DecisionKind.EXPULSION: DecisionRule.ONE_PER_PILLAR,
    DecisionKind.REINSTATEMENT: DecisionRule.ONE_PER_PILLAR,
    DecisionKind.ANNUAL_REPORT: None,
    DecisionKind.WORK_PLAN: None,
}
DEFAULT_DECISION_DAYS = 14


class CharterDecisionRule(TimeStampedModel):
    """The rule the charter sets for one kind of decision. No row: the default. Changed only through
    `decision_rule_change`, which records the change as a CharterChange, like the charter's other rules."""

    working_group = models.ForeignKey(WorkingGroup, on_delete=models.PROTECT, related_name="decision_rules")
    kind = models.CharField(_("kind of decision"), max_length=20, choices=DecisionKind.choices)
    rule = models.CharField(_("rule"), max_length=20, choices=DecisionRule.choices)
    days = models.PositiveSmallIntegerField(
        _("days to decide"),
        default=DEFAULT_DECISION_DAYS,
        validators=[MinValueValidator(1), MaxValueValidator(90)],
        help_text=_("The deadline of each decision; for consensus, the days in which anyone may object."),
    )

    class Meta:
        verbose_name = _("decision rule")
        constraints = [models.UniqueConstraint(fields=["working_group", "kind"], name="decision_rule_one_per_kind")]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.get_rule_display()} ({self.working_group.slug})"


class DecisionStatus(models.TextChoices):
    OPEN = "open", _("Open for votes")
    ADOPTED = "adopted", _("Adopted")
    REJECTED = "rejected", _("Not adopted")
    LAPSED = "lapsed", _("Lapsed")


class VoteChoice(models.TextChoices):
    AGREE = "agree", _("Agree")
    OBJECT = "object", _("Object")
    ABSTAIN = "abstain", _("Abstain")


DECISION_ALLOWED = {  # from-status -> statuses it may move to: a decision closes once
    DecisionStatus.OPEN: {DecisionStatus.ADOPTED, DecisionStatus.REJECTED, DecisionStatus.LAPSED},
    DecisionStatus.ADOPTED: set(),
    DecisionStatus.REJECTED: set(),
    DecisionStatus.LAPSED: set(),
}


class DecisionQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status=DecisionStatus.OPEN)

    def about(self, subject):
        return self.filter(subject_type=ContentType.objects.get_for_model(subject), subject_id=subject.pk)


class Decision(TimeStampedModel):
    """One Coordination Group decision about one subject (an application, a membership, a report...).

    The rule is copied from the charter when the decision opens: a later charter change does not change
    how an open decision is counted. `reason` is what the subject is told; the votes stay internal.
    """

    Status = DecisionStatus
    ALLOWED = DECISION_ALLOWED

    working_group = models.ForeignKey(WorkingGroup, on_delete=models.PROTECT, related_name="decisions")
    kind = models.CharField(_("kind of decision"), max_length=20, choices=DecisionKind.choices)
    # The subject lives in members or in an app above it (work plans, annual reports): a generic relation.
    subject_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    subject_id = models.PositiveBigIntegerField()
    subject = GenericForeignKey("subject_type", "subject_id")
    subject_label = models.CharField(_("about"), max_length=250)  # as it was named when the decision opened
    # What is proposed when the kind allows several outcomes (an application: admit, observer, reject, defer).
    proposal = models.CharField(_("proposal"), max_length=20, blank=True)
    rule = models.CharField(_("rule"), max_length=20, choices=DecisionRule.choices)
    reason = models.TextField(_("reasons given to the institution concerned"))
    effective_on = models.DateField(_("takes effect on"), null=True, blank=True)
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    deadline = models.DateTimeField(_("deadline"))
    status = models.CharField(_("status"), max_length=20, choices=DecisionStatus.choices, default=DecisionStatus.OPEN)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    # How the rule was applied (a pillar without an eligible voter, a late or failed effect), for the record.
    outcome_note = models.TextField(_("notes on the outcome"), blank=True)
    applied_at = models.DateTimeField(_("took effect at"), null=True, blank=True)

    objects = DecisionQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("Coordination Group decision")
        constraints = [
            # One open decision per subject: a second proposal waits, or is voted as the open one.
            models.UniqueConstraint(
                fields=["subject_type", "subject_id"], condition=Q(status="open"), name="decision_one_open_per_subject"
            ),
        ]
        indexes = [models.Index(fields=["working_group", "status"], name="decision_group_status_idx")]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.subject_label}"

    @property
    def is_open(self) -> bool:
        return self.status == DecisionStatus.OPEN

    @property
    def is_past_deadline(self) -> bool:
        return timezone.now() >= self.deadline

    def authorises(self, subject, kind: str) -> bool:
        """Is this the adopted decision of `kind` about `subject`, not yet applied? The transition services
        ask it, and the stored row answers, not this instance: an unsaved, altered or already applied
        decision authorises nothing (members.services.decisions stores the adoption before applying it)."""
        subject_type = ContentType.objects.get_for_model(subject)
        if not (
            self.pk
            and self.status == DecisionStatus.ADOPTED
            and self.applied_at is None
            and self.kind == kind
            and self.subject_type_id == subject_type.pk
            and self.subject_id == subject.pk
            and self.working_group_id == getattr(subject, "working_group_id", None)
        ):
            return False
        return Decision.objects.filter(
            pk=self.pk,
            working_group_id=self.working_group_id,
            kind=kind,
            subject_type=subject_type,
            subject_id=subject.pk,
            status=DecisionStatus.ADOPTED,
            applied_at__isnull=True,
        ).exists()

    @property
    def is_scheduled(self) -> bool:
        """Adopted with a future effective date: the periodic sweep applies it on that day."""
        return self.status == DecisionStatus.ADOPTED and self.applied_at is None and self.effective_on is not None


class DecisionVote(TimeStampedModel):
    """A Coordination Group member's vote, with a reason. Voting again replaces it until the decision closes."""

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="votes")
    voter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    pillar = models.CharField(_("pillar"), max_length=20, choices=Pillar.choices)
    choice = models.CharField(_("vote"), max_length=10, choices=VoteChoice.choices)
    reason = models.TextField(_("reason"))

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["decision", "voter"], name="decision_vote_one_per_voter")]

    def __str__(self):
        return f"{self.voter}: {self.choice}"


class ProcedureRule(models.TextChoices):
    MAJORITY = "majority", _("A majority of the member institutions agrees")
    ONE_PER_PILLAR = "one_per_pillar", _("At least one member institution of each pillar agrees")
    CONSENSUS = "consensus", _("Consensus: every member institution votes and none objects")
    SILENCE = "silence", _("Silence procedure: adopted unless a member institution objects by the deadline")


class TallyVisibility(models.TextChoices):
    AFTER_VOTE = "after_vote", _("Once their institution has voted")
    AFTER_CLOSE = "after_close", _("Once the procedure has closed")


class WrittenProcedure(TimeStampedModel):
    """A proposal put to every member institution between plenaries: one vote per institution."""

    Status = DecisionStatus
    Rule = ProcedureRule
    ALLOWED = DECISION_ALLOWED

    working_group = models.ForeignKey(WorkingGroup, on_delete=models.PROTECT, related_name="written_procedures")
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("proposal (Markdown)"))
    attachment = models.FileField(
        _("attachment (PDF)"),
        upload_to="procedures/%Y/",
        blank=True,
        validators=[FileContentValidator(kinds=("pdf",), max_mb=10)],
        help_text=_("Optional. A PDF of at most 10 MB."),
    )
    rule = models.CharField(_("rule"), max_length=20, choices=ProcedureRule.choices, default=ProcedureRule.MAJORITY)
    deadline = models.DateTimeField(_("deadline"))
    observers_vote = models.BooleanField(_("observers vote too"), default=False)
    tally_visibility = models.CharField(
        _("members see the tally"),
        max_length=20,
        choices=TallyVisibility.choices,
        default=TallyVisibility.AFTER_VOTE,
    )
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    status = models.CharField(_("status"), max_length=20, choices=DecisionStatus.choices, default=DecisionStatus.OPEN)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    outcome_note = models.TextField(_("notes on the outcome"), blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("written procedure")
        indexes = [models.Index(fields=["working_group", "status"], name="procedure_group_status_idx")]

    def __str__(self):
        return self.title

    @property
    def is_open(self) -> bool:
        return self.status == DecisionStatus.OPEN

    @property
    def is_past_deadline(self) -> bool:
        return timezone.now() >= self.deadline


class ProcedureVote(models.Model):
    """The vote of one member institution, cast once by any of its representatives."""

    procedure = models.ForeignKey(WrittenProcedure, on_delete=models.CASCADE, related_name="votes")
    membership = models.ForeignKey(Membership, on_delete=models.PROTECT, related_name="+")
    pillar = models.CharField(_("pillar"), max_length=20, choices=Pillar.choices)
    cast_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    choice = models.CharField(_("vote"), max_length=10, choices=VoteChoice.choices)
    reason = models.TextField(_("reason"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["procedure", "membership"], name="procedure_vote_one_per_institution")
        ]


class ProcedureComment(models.Model):
    """A remark on a written procedure (observers who do not vote speak here)."""

    procedure = models.ForeignKey(WrittenProcedure, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    membership = models.ForeignKey(Membership, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("comment"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
