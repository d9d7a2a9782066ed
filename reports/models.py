"""Report models (app label `reports`).

The tables were created when these models belonged to the `vpwg` app and keep their names
(`vpwg_annualreport`, ...): reports/migrations/0001_initial.py took the models over without
touching a row (see its docstring).

- `Report`: one rendered PDF per subject (a group's annual report, a member's annual report, the pack
  of an upcoming meeting) with its render state. `file` always holds the last good copy: a failed
  render leaves it in place.
- `AnnualReport`: the group's report for a year — narrative written by the Secretariat, approved by
  the Coordination Group, circulated like minutes (guardian `view_annualreport` per row to the
  member and observer role groups, see vpwg/circulation.py).
- `MemberReportSection`: the section list of members' annual reports per pillar (admin-editable data).
- `MemberReport`: one member institution's report for a year.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from vpwg.models import TimeStampedModel


class AnnualReport(TimeStampedModel):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Awaiting Coordination Group")
        APPROVED = "approved", _("Approved")
        CIRCULATED = "circulated", _("Circulated to members")

    ALLOWED = {
        Status.DRAFT: {Status.SUBMITTED},
        Status.SUBMITTED: {Status.APPROVED, Status.DRAFT},  # back to DRAFT = returned for changes
        Status.APPROVED: {Status.CIRCULATED},
        Status.CIRCULATED: set(),
    }

    working_group = models.ForeignKey("members.WorkingGroup", on_delete=models.PROTECT, related_name="annual_reports")
    year = models.PositiveSmallIntegerField(_("year"))
    foreword = models.TextField(_("foreword (Markdown)"), blank=True)
    lessons_learned = models.TextField(_("lessons learned (Markdown)"), blank=True)
    challenges = models.TextField(_("challenges (Markdown)"), blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    revision = models.PositiveIntegerField(default=1)  # optimistic locking of the narrative
    submitted_at = models.DateTimeField(null=True, blank=True)
    approved_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    circulated_at = models.DateTimeField(null=True, blank=True)
    return_note = models.TextField(blank=True)

    class Meta:
        db_table = "vpwg_annualreport"
        ordering = ["-year"]
        verbose_name = _("group annual report")
        constraints = [models.UniqueConstraint(fields=["working_group", "year"], name="annual_report_once_per_year")]
        # Django's built-in "view_annualreport" is the permission circulation grants (per object).

    def __str__(self):
        return f"Annual report {self.year} ({self.working_group.slug})"

    @property
    def is_locked(self) -> bool:
        return self.status != self.Status.DRAFT


class MemberReportSection(models.Model):
    """One section of the members' annual report structure for a pillar. Admins adjust these rows;
    a report keeps the titles it was written under (copied into MemberReport.sections)."""

    pillar = models.CharField(_("pillar"), max_length=20, choices=[
        ("government", _("Government")), ("companies", _("Companies")), ("civil_society", _("Civil society")),
    ])  # fmt: skip
    position = models.PositiveSmallIntegerField(_("position"))
    key = models.SlugField(_("key"), max_length=40)
    title = models.CharField(_("title"), max_length=200)
    guidance = models.TextField(_("guidance for the author"), blank=True)
    per_country = models.BooleanField(
        _("one part per country"), default=False, help_text=_("Repeated for each country the report covers.")
    )
    active = models.BooleanField(_("in use"), default=True)

    class Meta:
        db_table = "vpwg_memberreportsection"
        ordering = ["pillar", "position"]
        verbose_name = _("member report section")
        constraints = [models.UniqueConstraint(fields=["pillar", "key"], name="member_report_section_unique_key")]

    def __str__(self):
        return f"{self.get_pillar_display()}: {self.title}"


class MemberReport(TimeStampedModel):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        APPROVED = "approved", _("Approved by the Secretariat")

    ALLOWED = {  # from-status -> statuses it may move to
        Status.DRAFT: {Status.SUBMITTED},
        Status.SUBMITTED: {Status.APPROVED},
        Status.APPROVED: set(),
    }
    SENT = (Status.SUBMITTED, Status.APPROVED)  # in the group's hands

    working_group = models.ForeignKey("members.WorkingGroup", on_delete=models.PROTECT, related_name="member_reports")
    membership = models.ForeignKey("members.Membership", on_delete=models.PROTECT, related_name="annual_reports")
    year = models.PositiveSmallIntegerField(_("year"))
    countries = models.CharField(
        _("countries covered"), max_length=300, blank=True, help_text=_("Comma-separated, e.g. Peru, Colombia")
    )
    # [{"key", "title", "guidance", "country", "text"}] — the structure at creation, with the texts.
    sections = models.JSONField(default=list)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    revision = models.PositiveIntegerField(default=1)
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The organisation the report covers, when the institution writes for the one it belongs to (the
    # embassy for its government): its per-country sections are pre-filled from every group where one
    # of the organisation's institutions takes part (services.member_report_prefill).
    organisation = models.ForeignKey(
        "members.Institution",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("organisation covered"),
    )
    # [{"group", "group_name", "country", "kind", "institution", "text", "generated", "edited", "sources"}]:
    # one editable item per group and kind (meetings, activities, tasks, outreach); `generated` is what the
    # platform said at the last pre-fill, `text` what the report says (the author's edit, if any).
    platform_items = models.JSONField(default=list, blank=True)
    prefilled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "vpwg_memberreport"
        ordering = ["-year", "membership__institution__name"]
        verbose_name = _("member annual report")
        constraints = [models.UniqueConstraint(fields=["membership", "year"], name="member_report_once_per_year")]

    def __str__(self):
        return f"{self.membership.institution} — {self.year}"

    @property
    def country_list(self) -> list[str]:
        return [c.strip() for c in self.countries.split(",") if c.strip()]

    @property
    def is_sent(self) -> bool:
        return self.status in self.SENT


class Report(TimeStampedModel):
    """A rendered PDF and its render state. One row per subject; re-rendering reuses the row."""

    class Kind(models.TextChoices):
        ANNUAL_GROUP = "annual_group", _("Group annual report")
        MEMBER_ANNUAL = "member_annual", _("Member annual report")
        MEETING_PACK = "meeting_pack", _("Meeting pack")

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RENDERING = "rendering", _("Rendering")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Failed")

    BUSY = (Status.QUEUED, Status.RENDERING)

    working_group = models.ForeignKey("members.WorkingGroup", on_delete=models.PROTECT, related_name="reports")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    annual_report = models.ForeignKey(
        AnnualReport, null=True, blank=True, on_delete=models.CASCADE, related_name="renders"
    )
    member_report = models.ForeignKey(
        MemberReport, null=True, blank=True, on_delete=models.CASCADE, related_name="renders"
    )
    meeting = models.ForeignKey(
        "meetings.Meeting", null=True, blank=True, on_delete=models.CASCADE, related_name="reports"
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0)  # 0–100
    stage = models.CharField(max_length=120, blank=True)
    error = models.TextField(blank=True)
    file = models.FileField(upload_to="reports/", blank=True)  # the last good copy
    pages = models.PositiveIntegerField(null=True, blank=True)
    rendered_at = models.DateTimeField(null=True, blank=True)  # of `file`
    render_seconds = models.FloatField(null=True, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    requested_at = models.DateTimeField(null=True, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "vpwg_report"
        ordering = ["-requested_at", "-pk"]
        verbose_name = _("report")
        constraints = [
            models.UniqueConstraint(fields=["annual_report"], name="report_one_per_annual_report"),
            models.UniqueConstraint(fields=["member_report"], name="report_one_per_member_report"),
            models.UniqueConstraint(fields=["meeting"], name="report_one_pack_per_meeting"),
            models.CheckConstraint(
                condition=(
                    Q(
                        kind="annual_group",
                        annual_report__isnull=False,
                        member_report__isnull=True,
                        meeting__isnull=True,
                    )
                    | Q(
                        kind="member_annual",
                        annual_report__isnull=True,
                        member_report__isnull=False,
                        meeting__isnull=True,
                    )
                    | Q(
                        kind="meeting_pack",
                        annual_report__isnull=True,
                        member_report__isnull=True,
                        meeting__isnull=False,
                    )
                ),
                name="report_subject_matches_kind",
            ),
            models.CheckConstraint(condition=Q(progress__lte=100), name="report_progress_percent"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} #{self.pk} ({self.status})"

    @property
    def is_busy(self) -> bool:
        return self.status in self.BUSY

    @property
    def subject(self):
        return self.annual_report or self.member_report or self.meeting


class AnnualReportAcceptance(models.Model):
    """A non-attribution hit in the annual report's texts that the Secretariat accepted, with the reason.

    Covers every occurrence of `term` (`field` empty) or one: the n-th (`occurrence`, from 1) of the
    term in one field (foreword, lessons_learned, challenges). As minutes.AttributionAcceptance.
    """

    annual_report = models.ForeignKey(AnnualReport, on_delete=models.CASCADE, related_name="acceptances")
    term = models.CharField(max_length=250)
    field = models.CharField(max_length=20, blank=True)
    occurrence = models.PositiveIntegerField(null=True, blank=True)
    reason = models.TextField(_("reason"))
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("accepted mention in an annual report")

    def __str__(self):
        return f"{self.term}: {self.reason[:40]}"

    @property
    def covers_every_occurrence(self) -> bool:
        return not self.field
