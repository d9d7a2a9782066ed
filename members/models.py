"""Working groups, institutions, memberships, representatives and the management levels."""

import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from vpwg.models import TimeStampedModel


class Pillar(models.TextChoices):
    COMPANIES = "companies", _("Companies")
    GOVERNMENT = "government", _("Government")
    CIVIL_SOCIETY = "civil_society", _("Civil society")


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

    class Meta:
        ordering = ["name"]
        verbose_name = _("working group")

    def __str__(self):
        return self.name

    @property
    def tzinfo(self):
        return zoneinfo.ZoneInfo(self.time_zone)

    def today(self):
        return timezone.localdate(timezone=self.tzinfo)


class Institution(TimeStampedModel):
    """An organisation. It is the member, not its people; it may belong to several groups."""

    class Kind(models.TextChoices):
        HOST_STATE_AGENCY = "host_state_agency", _("Host-state agency")
        FOREIGN_GOVERNMENT = "foreign_government", _("Foreign government or embassy")
        COMPANY = "company", _("Company")
        NGO = "ngo", _("Non-governmental organisation")
        ACADEMIC = "academic", _("Academic institution")
        INTERNATIONAL_ORGANISATION = "international_organisation", _("International organisation")
        INDUSTRY_ASSOCIATION = "industry_association", _("Industry association")

    name = models.CharField(_("name"), max_length=200)
    acronym = models.CharField(_("acronym"), max_length=40, blank=True)
    kind = models.CharField(_("kind"), max_length=40, choices=Kind.choices)
    country = models.CharField(_("country"), max_length=100, blank=True)
    website = models.URLField(_("website"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("institution")
        constraints = [models.UniqueConstraint(fields=["name", "country"], name="institution_unique_name_country")]

    def __str__(self):
        return self.name


class MembershipQuerySet(models.QuerySet):
    def current(self):
        """Members and observers: the institutions that take part today."""
        return self.filter(status__in=Membership.PARTICIPATING)


class Membership(TimeStampedModel):
    """An institution in a working group. `status` is the latest entry of its history."""

    class Status(models.TextChoices):
        MEMBER = "member", _("Member")
        OBSERVER = "observer", _("Observer")
        SUSPENDED = "suspended", _("Suspended")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        EXPELLED = "expelled", _("Expelled")

    PARTICIPATING = (Status.MEMBER, Status.OBSERVER)
    ENDED = (Status.WITHDRAWN, Status.EXPELLED)

    working_group = models.ForeignKey(WorkingGroup, on_delete=models.PROTECT, related_name="memberships")
    institution = models.ForeignKey(Institution, on_delete=models.PROTECT, related_name="memberships")
    pillar = models.CharField(_("pillar"), max_length=20, choices=Pillar.choices)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.MEMBER)
    joined_on = models.DateField(_("joined on"))
    ended_on = models.DateField(_("ended on"), null=True, blank=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["institution__name"]
        verbose_name = _("membership")
        constraints = [
            models.UniqueConstraint(fields=["working_group", "institution"], name="membership_unique_per_group"),
        ]

    def __str__(self):
        return f"{self.institution} ({self.get_status_display()}, {self.working_group.slug})"

    @property
    def is_participating(self) -> bool:
        return self.status in self.PARTICIPATING


class MembershipStatusChange(models.Model):
    """One dated entry of a membership's history. Rows are only ever added."""

    membership = models.ForeignKey(Membership, on_delete=models.PROTECT, related_name="history")
    from_status = models.CharField(max_length=20, choices=Membership.Status.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=Membership.Status.choices)
    pillar = models.CharField(max_length=20, choices=Pillar.choices)
    effective_on = models.DateField(_("effective on"))
    reason = models.TextField(_("reason"), blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["effective_on", "created_at", "pk"]
        verbose_name = _("membership status change")

    def __str__(self):
        return f"{self.membership.institution}: {self.from_status or '—'} → {self.to_status} ({self.effective_on})"


class RepresentativeQuerySet(models.QuerySet):
    def active(self):
        return self.filter(ended_on__isnull=True)


class Representative(TimeStampedModel):
    """A person acting for one institution in one working group. Ending keeps the row."""

    class Role(models.TextChoices):
        PRINCIPAL = "principal", _("Principal")
        ALTERNATE = "alternate", _("Alternate")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="representations")
    membership = models.ForeignKey(Membership, on_delete=models.PROTECT, related_name="representatives")
    # Copied from the membership so the database can enforce "one institution per group per person".
    working_group = models.ForeignKey(WorkingGroup, on_delete=models.PROTECT, related_name="+")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.PRINCIPAL)
    job_title = models.CharField(_("job title"), max_length=150, blank=True)
    started_on = models.DateField(_("since"))
    ended_on = models.DateField(_("until"), null=True, blank=True)

    objects = RepresentativeQuerySet.as_manager()

    class Meta:
        ordering = ["role", "user__last_name"]
        verbose_name = _("representative")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "working_group"],
                condition=Q(ended_on__isnull=True),
                name="representative_one_institution_per_group",
            ),
            models.UniqueConstraint(
                fields=["membership"],
                condition=Q(ended_on__isnull=True, role="principal"),
                name="representative_one_principal",
            ),
        ]

    def __str__(self):
        return f"{self.user.get_full_name() or self.user.email} ({self.membership.institution})"

    def clean(self):
        if self.membership_id and self.working_group_id and self.membership.working_group_id != self.working_group_id:
            raise ValidationError(_("The representative's group must be the membership's group."))


class TermQuerySet(models.QuerySet):
    def current(self, on=None):
        on = on or timezone.localdate()
        return self.filter(Q(ended_on__isnull=True) | Q(ended_on__gte=on), started_on__lte=on)


class CoordinationSeat(TimeStampedModel):
    """A Coordination Group seat for one pillar, held by a representative for a term."""

    working_group = models.ForeignKey(WorkingGroup, on_delete=models.PROTECT, related_name="coordination_seats")
    pillar = models.CharField(_("pillar"), max_length=20, choices=Pillar.choices)
    representative = models.ForeignKey(Representative, on_delete=models.PROTECT, related_name="seats")
    started_on = models.DateField(_("term starts"))
    ended_on = models.DateField(_("term ends"), null=True, blank=True)

    objects = TermQuerySet.as_manager()

    class Meta:
        ordering = ["pillar", "started_on"]
        verbose_name = _("Coordination Group seat")

    def __str__(self):
        return f"{self.get_pillar_display()}: {self.representative}"

    def clean(self):
        if self.ended_on and self.started_on and self.ended_on < self.started_on:
            raise ValidationError({"ended_on": _("A term cannot end before it starts.")})
        if self.representative_id and self.representative.membership.pillar != self.pillar:
            raise ValidationError(
                {"representative": _("The seat holder must represent an institution of this pillar.")}
            )


class SecretariatTerm(TimeStampedModel):
    """An institution holding the Secretariat for a term (the role can rotate), and its staff."""

    working_group = models.ForeignKey(WorkingGroup, on_delete=models.PROTECT, related_name="secretariat_terms")
    institution = models.ForeignKey(Institution, on_delete=models.PROTECT, related_name="secretariat_terms")
    staff = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="secretariat_terms", blank=True)
    started_on = models.DateField(_("term starts"))
    ended_on = models.DateField(_("term ends"), null=True, blank=True)

    objects = TermQuerySet.as_manager()

    class Meta:
        ordering = ["-started_on"]
        verbose_name = _("Secretariat term")

    def __str__(self):
        return f"{self.institution} ({self.started_on}–{self.ended_on or ''})"

    def clean(self):
        if self.ended_on and self.started_on and self.ended_on < self.started_on:
            raise ValidationError({"ended_on": _("A term cannot end before it starts.")})


class GroupAdministrator(TimeStampedModel):
    """A person who administers one working group's users, roles and settings."""

    working_group = models.ForeignKey(WorkingGroup, on_delete=models.PROTECT, related_name="administrators")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    started_on = models.DateField(_("since"))
    ended_on = models.DateField(_("until"), null=True, blank=True)

    objects = TermQuerySet.as_manager()

    class Meta:
        verbose_name = _("group administrator")

    def __str__(self):
        return f"{self.user} ({self.working_group.slug})"


class Invitation(TimeStampedModel):
    """A link that lets an invited person set a password and become a representative."""

    VALID_DAYS = 14

    token = models.CharField(max_length=64, unique=True)
    email = models.EmailField(_("e-mail"))
    first_name = models.CharField(_("first name"), max_length=150)
    last_name = models.CharField(_("last name"), max_length=150)
    membership = models.ForeignKey(Membership, on_delete=models.PROTECT, related_name="invitations")
    role = models.CharField(_("role"), max_length=20, choices=Representative.Role.choices)
    job_title = models.CharField(_("job title"), max_length=150, blank=True)
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    representative = models.ForeignKey(Representative, null=True, blank=True, on_delete=models.SET_NULL)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("invitation")

    def __str__(self):
        return f"{self.email} → {self.membership.institution}"

    @property
    def working_group(self):
        return self.membership.working_group

    @property
    def is_expired(self) -> bool:
        return timezone.now() >= self.expires_at
