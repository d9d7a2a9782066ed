"""The working group (the tenant, whose settings are its charter), its recorded charter changes and
people's preferences."""

import zoneinfo

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from vpwg.dates import zone_label
from vpwg.models import TimeStampedModel


class Pillar(models.TextChoices):
    COMPANIES = "companies", _("Companies")
    GOVERNMENT = "government", _("Government")
    CIVIL_SOCIETY = "civil_society", _("Civil society")


class MinutesApprovalRule(models.TextChoices):
    ONE_PER_PILLAR = "one_per_pillar", _("One Coordination Group member of each pillar approves")
    MAJORITY = "majority", _("A majority of the Coordination Group approves")
    ALL = "all", _("Every Coordination Group member approves")


DEFAULT_CRITERIA = (
    "Members (a) represent institutions that are already members of the Voluntary Principles or are proposed "
    "by their pillar; (b) take part in their institutional, not individual, capacity; (c) work on security, "
    "human rights and extractive industries; (d) are highly regarded among their peers and within the sector."
)

TIME_ZONE_CHOICES = [(name, name) for name in sorted(zoneinfo.available_timezones())]


class WorkingGroup(TimeStampedModel):
    """The tenant. Its settings are the group's working rules (the charter reads them)."""

    slug = models.SlugField(max_length=40, unique=True, help_text=_("Used in every address: /g/<slug>/"))
    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=60, blank=True)
    country = models.CharField(_("country"), max_length=100)
    time_zone = models.CharField(_("time zone"), max_length=60, choices=TIME_ZONE_CHOICES, default="UTC")
    language = models.CharField(_("main language"), max_length=8, choices=settings.LANGUAGES, default="en")
    objectives = models.TextField(_("long-term objectives"), blank=True)
    meeting_cadence_months = models.PositiveSmallIntegerField(
        _("months between plenaries"), default=3, validators=[MinValueValidator(1)]
    )
    plenary_length_minutes = models.PositiveSmallIntegerField(
        _("plenary length (minutes)"), default=120, validators=[MinValueValidator(15)]
    )
    require_mfa_for_privileged = models.BooleanField(
        _("require two-factor sign-in for the Secretariat, Coordination Group and administrators"), default=True
    )
    application_review_days = models.PositiveSmallIntegerField(
        _("days before a waiting application reminds the Coordination Group"), default=30
    )
    max_unexcused_absences = models.PositiveSmallIntegerField(
        _("plenaries missed in a row without excuse before a member is flagged"), default=3
    )
    coordination_seats_per_pillar = models.PositiveSmallIntegerField(
        _("Coordination Group seats per pillar"), default=1, validators=[MinValueValidator(1)]
    )
    observers_may_propose_members = models.BooleanField(_("observers may propose new members"), default=False)
    session_idle_minutes = models.PositiveSmallIntegerField(
        _("sign members out after this many idle minutes"), default=30, validators=[MinValueValidator(5)]
    )
    chatham_house_rule = models.BooleanField(_("meetings are held under the Chatham House Rule"), default=True)
    minutes_approval_rule = models.CharField(
        _("minutes approval rule"),
        max_length=20,
        choices=MinutesApprovalRule.choices,
        default=MinutesApprovalRule.ONE_PER_PILLAR,
    )
    requires_annual_member_reports = models.BooleanField(_("members report on their efforts every year"), default=False)
    member_report_due_days = models.PositiveSmallIntegerField(
        _("days after the year ends by which members' annual reports are due"), default=90
    )
    membership_criteria = models.TextField(_("membership criteria"), default=DEFAULT_CRITERIA)
    working_rules = models.TextField(_("other working rules"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("working group")

    def __str__(self):
        return self.name

    @property
    def tzinfo(self):
        return zoneinfo.ZoneInfo(self.time_zone)

    @property
    def zone_label(self) -> str:
        """The time zone as readers name it, "Lima" for America/Lima: what pages and e-mails print."""
        return zone_label(self.tzinfo)

    def today(self):
        return timezone.localdate(timezone=self.tzinfo)


class CharterChange(models.Model):
    """A recorded decision changing one of the group's rules (the rules themselves are the group's fields)."""

    working_group = models.ForeignKey(WorkingGroup, on_delete=models.PROTECT, related_name="charter_changes")
    field = models.CharField(max_length=60)
    old_value = models.TextField(blank=True)
    new_value = models.TextField(blank=True)
    reason = models.TextField(_("decision and reason"))
    decided_on = models.DateField(_("decided on"))
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-decided_on", "-created_at"]


class UserProfile(models.Model):
    """Per-person preferences that must follow the person across devices (e-mails and PDFs use them)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile")
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES, blank=True)
    # The Monday e-mail of what waits for the person in each group (members/services/digest.py); on
    # unless they turn it off here or with the link in the e-mail.
    weekly_digest = models.BooleanField(
        _("weekly e-mail of what waits for me"),
        default=True,
        help_text=_("Every Monday, when something waits for you: minutes to approve, votes, invitations, tasks."),
    )

    def __str__(self):
        return f"{self.user} ({self.language or '-'})"
