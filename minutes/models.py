"""Minutes under the Chatham House Rule: drafts, immutable versions, review, circulation, follow-up
actions and the public summary.

Visibility is decided in vpwg/permissions.py. Circulation grants Django's built-in `view_minutes`
permission on the Minutes row to the group's member and observer role groups (guardian group-object
permissions), so a membership that ends (its people leave those role groups) loses access to every
set of minutes at once.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from meetings.models import AgendaItem, Meeting
from members.models import Membership, Pillar, WorkingGroup
from vpwg.models import TimeStampedModel


class MinutesQuerySet(models.QuerySet):
    def circulated(self):
        """Minutes that members can read (a correction under way keeps the last circulated version)."""
        return self.filter(circulated_version__isnull=False)


class Minutes(TimeStampedModel):
    """The minutes of one meeting. The draft is edited in place (`sections`, `revision`); each
    submission freezes it into a MinutesVersion."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Awaiting Coordination Group")
        CHANGES_REQUESTED = "changes_requested", _("Changes requested")
        APPROVED = "approved", _("Approved")
        CIRCULATED = "circulated", _("Circulated to members")

    ALLOWED = {  # from-status -> statuses it may move to
        Status.DRAFT: {Status.SUBMITTED},
        Status.SUBMITTED: {Status.APPROVED, Status.CHANGES_REQUESTED},  # only by minutes_approve / minutes_return
        Status.CHANGES_REQUESTED: {Status.SUBMITTED},  # the Secretariat revises and submits a new version
        Status.APPROVED: {Status.CIRCULATED},
        Status.CIRCULATED: {Status.DRAFT},  # only by minutes_start_correction
    }
    # The Secretariat edits the text in these (a first draft or a correction; a version returned for changes).
    EDITABLE = frozenset({Status.DRAFT, Status.CHANGES_REQUESTED})

    working_group = models.ForeignKey(WorkingGroup, on_delete=models.PROTECT, related_name="minutes")
    meeting = models.OneToOneField(Meeting, on_delete=models.PROTECT, related_name="minutes")
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    # [{"key", "title", "agenda_item_id" (or None for general sections), "summary", "agreements"}]
    sections = models.JSONField(default=list)
    revision = models.PositiveIntegerField(default=1)  # optimistic locking of the draft
    list_attendees = models.BooleanField(
        _("list who attended in the circulated minutes"),
        default=False,
        help_text=_("Off: only the number of institutions present per pillar (the Rule protects who attended)."),
    )
    latest_version_number = models.PositiveIntegerField(default=0)
    circulated_version = models.ForeignKey(
        "MinutesVersion", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    circulated_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = MinutesQuerySet.as_manager()

    class Meta:
        ordering = ["-meeting__starts_at"]
        verbose_name = _("minutes")
        verbose_name_plural = _("minutes")
        # Django's built-in "view_minutes" permission is the one circulation grants (per object).

    def __str__(self):
        return f"Minutes: {self.meeting.title}"

    @property
    def is_editable(self) -> bool:
        return self.status in self.EDITABLE

    @property
    def is_locked(self) -> bool:
        return not self.is_editable


class MinutesVersion(models.Model):
    """One submitted text, never changed afterwards. Its PDF is rendered once, by a task."""

    minutes = models.ForeignKey(Minutes, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    sections = models.JSONField(default=list)
    list_attendees = models.BooleanField(default=False)
    change_summary = models.TextField(blank=True)  # sections changed since the previous version
    # The circulated version this one corrects (set when a correction of circulated minutes is submitted);
    # NULL for the versions of the first circulation, however many the review took.
    corrects_number = models.PositiveIntegerField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    pdf = models.FileField(upload_to="minutes/", blank=True)
    pdf_rendered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["minutes", "number"]
        verbose_name = _("minutes version")
        constraints = [models.UniqueConstraint(fields=["minutes", "number"], name="minutes_version_unique_number")]

    def __str__(self):
        return f"{self.minutes} v{self.number}"

    @property
    def is_correction(self) -> bool:
        return self.corrects_number is not None


class MinutesStatusChange(models.Model):
    """One entry of the workflow history. Rows are only ever added."""

    minutes = models.ForeignKey(Minutes, on_delete=models.CASCADE, related_name="history")
    from_status = models.CharField(max_length=20, choices=Minutes.Status.choices)
    to_status = models.CharField(max_length=20, choices=Minutes.Status.choices)
    version_number = models.PositiveIntegerField(default=0)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    note = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("minutes status change")

    def __str__(self):
        return f"{self.minutes_id}: {self.from_status} → {self.to_status}"


class MinutesApproval(models.Model):
    """A Coordination Group member approves one version. The pillar is the seat's at approval time."""

    version = models.ForeignKey(MinutesVersion, on_delete=models.CASCADE, related_name="approvals")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    pillar = models.CharField(max_length=20, choices=Pillar.choices, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("minutes approval")
        constraints = [models.UniqueConstraint(fields=["version", "user"], name="minutes_approval_once_per_person")]

    def __str__(self):
        return f"{self.user} approved {self.version}"


class MinutesComment(models.Model):
    """A reviewer's comment on one section of one version, shown beside that section to the other
    reviewers and to the Secretariat in the editor until it is resolved (by the Secretariat or its author)."""

    version = models.ForeignKey(MinutesVersion, on_delete=models.CASCADE, related_name="comments")
    section_key = models.CharField(max_length=40)
    section_title = models.CharField(max_length=260)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    body = models.TextField(_("comment"))
    created_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("minutes comment")

    def __str__(self):
        return f"{self.author} on {self.section_title}"

    @property
    def is_resolved(self) -> bool:
        return self.resolved_at is not None


class AttributionAcceptance(models.Model):
    """A non-attribution hit the Secretariat accepted, with the reason.

    Covers every occurrence of `term` in the document (`section_key` empty) or one occurrence:
    the n-th (`occurrence`, from 1) of the term in one field of one section.
    """

    class Scope(models.TextChoices):
        MINUTES = "minutes", _("Minutes")
        SUMMARY = "summary", _("Public summary")

    minutes = models.ForeignKey(Minutes, on_delete=models.CASCADE, related_name="acceptances")
    scope = models.CharField(max_length=10, choices=Scope.choices, default=Scope.MINUTES)
    term = models.CharField(max_length=250)
    section_key = models.CharField(max_length=40, blank=True)
    field = models.CharField(max_length=20, blank=True)
    occurrence = models.PositiveIntegerField(null=True, blank=True)
    reason = models.TextField(_("reason"))
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("accepted mention")

    def __str__(self):
        return f"{self.term}: {self.reason[:40]}"

    @property
    def covers_every_occurrence(self) -> bool:
        return not self.section_key


class FollowUpActionQuerySet(models.QuerySet):
    def in_version(self, number: int):
        """The actions carried by version `number` of their minutes (those first submitted in it or before)."""
        return self.filter(version_number__lte=number)

    def circulated(self):
        """The actions members may see: those of the circulated version (NULL compares false: pending ones drop)."""
        return self.filter(version_number__lte=models.F("minutes__circulated_version__number"))


class FollowUpAction(TimeStampedModel):
    """Something agreed at the meeting that an institution will do by a date.

    An action belongs to the minutes version it was first submitted in (`version_number`, set by
    `minutes_submit`; NULL while it waits for the next submission). Members see it only once that
    version, or a later one, is circulated: the Coordination Group approves it with the text.
    """

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        DONE = "done", _("Done")

    minutes = models.ForeignKey(Minutes, on_delete=models.CASCADE, related_name="actions")
    agenda_item = models.ForeignKey(
        AgendaItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("agenda item")
    )
    description = models.TextField(_("what is to be done"))
    institution = models.ForeignKey(
        Membership, on_delete=models.PROTECT, related_name="follow_up_actions", verbose_name=_("institution")
    )
    due_on = models.DateField(_("due on"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    done_at = models.DateTimeField(null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    version_number = models.PositiveIntegerField(_("first in version"), null=True, blank=True, editable=False)

    objects = FollowUpActionQuerySet.as_manager()

    class Meta:
        ordering = ["status", "due_on", "pk"]
        verbose_name = _("follow-up action")

    def __str__(self):
        return self.description[:60]

    @property
    def working_group(self):
        return self.minutes.working_group

    @property
    def is_circulated(self) -> bool:
        """In the circulated version (select `minutes__circulated_version` to ask without a query)."""
        circulated = self.minutes.circulated_version
        return self.version_number is not None and circulated is not None and self.version_number <= circulated.number


class PublicSummary(TimeStampedModel):
    """A short, non-attributed summary members may share; approved separately by the Coordination Group."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Awaiting Coordination Group")
        APPROVED = "approved", _("Approved and public")

    ALLOWED = {
        Status.DRAFT: {Status.SUBMITTED},
        Status.SUBMITTED: {Status.APPROVED, Status.DRAFT},
        Status.APPROVED: set(),
    }

    minutes = models.OneToOneField(Minutes, on_delete=models.CASCADE, related_name="public_summary")
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("summary (Markdown)"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    round = models.PositiveIntegerField(default=0)  # incremented on each submission; approvals count per round
    approved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-approved_at", "-pk"]
        verbose_name = _("public summary")
        verbose_name_plural = _("public summaries")

    def __str__(self):
        return self.title

    @property
    def working_group(self):
        return self.minutes.working_group


class PublicSummaryApproval(models.Model):
    summary = models.ForeignKey(PublicSummary, on_delete=models.CASCADE, related_name="approvals")
    round = models.PositiveIntegerField()
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    pillar = models.CharField(max_length=20, choices=Pillar.choices, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("public summary approval")
        constraints = [
            models.UniqueConstraint(fields=["summary", "round", "user"], name="summary_approval_once_per_round")
        ]
