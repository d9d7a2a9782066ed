"""The people: representatives of a membership, the Coordination Group seats, the Secretariat's terms,
group administrators and invitations."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from vpwg.models import TimeStampedModel

from .groups import Pillar, WorkingGroup
from .institutions import Institution, Membership


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
