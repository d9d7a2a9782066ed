"""Trainings and dissemination events, and the outreach log (relations and alliances)."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from members.models import Institution, Membership
from vpwg.models import TimeStampedModel
from vpwg.uploads import FileContentValidator

# The shared validator checks that the name and the content agree on an accepted kind.
ATTACHMENT_VALIDATORS = [FileContentValidator(max_mb=10)]


class Sector(models.TextChoices):
    """Participants' sectors; each has a count field `participants_<value>` on Activity."""

    CIVIL_SERVANTS = "civil_servants", _("Civil servants")
    POLICE = "police", _("Police")
    BUSINESS = "business", _("Business")
    PRIVATE_SECURITY = "private_security", _("Private security")
    UNIONS = "unions", _("Unions")
    NGOS = "ngos", _("NGOs")
    INTERNATIONAL = "international", _("International agencies")
    COMMUNITY_LEADERS = "community_leaders", _("Community leaders")
    OTHER = "other", _("Other")


SECTOR_FIELDS = [f"participants_{value}" for value in Sector.values]


class Topic(models.TextChoices):
    USE_OF_FORCE = "use_of_force", _("Use of force")
    SOCIAL_CONFLICTS = "social_conflicts", _("Social conflicts")
    HUMAN_RIGHTS = "human_rights", _("Human rights")
    INDIGENOUS_CONSENT = "indigenous_consent", _("Indigenous peoples and free, prior and informed consent")
    PRIVATE_SECURITY = "private_security", _("Private security")
    POLICE_AGREEMENTS = "police_agreements", _("Agreements between police and companies")
    BUSINESS_HUMAN_RIGHTS = "business_human_rights", _("UN Guiding Principles on Business and Human Rights")
    VOLUNTARY_PRINCIPLES = "voluntary_principles", _("The Voluntary Principles")
    INVESTMENT_DEVELOPMENT = "investment_development", _("Investment, development and security")
    OTHER = "other", _("Other")


class Activity(TimeStampedModel):
    class Type(models.TextChoices):
        COURSE = "course", _("Course")
        WORKSHOP = "workshop", _("Workshop")
        SEMINAR = "seminar", _("Seminar")
        FORUM = "forum", _("Forum")
        PANEL = "panel", _("Panel discussion")
        BREAKFAST = "breakfast", _("Breakfast")
        ROUND_TABLE = "round_table", _("Round table")
        VISIT = "visit", _("Visit")
        OTHER = "other", _("Other")

    working_group = models.ForeignKey("members.WorkingGroup", on_delete=models.PROTECT, related_name="activities")
    type = models.CharField(_("type"), max_length=20, choices=Type.choices)
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    region = models.CharField(
        _("region"), max_length=100, blank=True, help_text=_("For example Lima, Cusco, Apurímac.")
    )
    organisers = models.ManyToManyField(
        Membership, blank=True, related_name="organised_activities", verbose_name=_("organisers (member institutions)")
    )
    partner_institutions = models.ManyToManyField(
        Institution, blank=True, related_name="partnered_activities", verbose_name=_("partner institutions")
    )
    partners_other = models.CharField(_("other partners"), max_length=500, blank=True)
    funder_institutions = models.ManyToManyField(
        Institution, blank=True, related_name="funded_activities", verbose_name=_("funding institutions")
    )
    funders_other = models.CharField(_("other funders"), max_length=500, blank=True)
    topics = models.JSONField(_("topics"), default=list, blank=True)  # Topic values
    topics_other = models.CharField(_("other topics"), max_length=300, blank=True)
    task = models.ForeignKey(
        "workplan.Task",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="activities",
        verbose_name=_("work plan task"),
    )
    participants_civil_servants = models.PositiveIntegerField(_("Civil servants"), default=0)
    participants_police = models.PositiveIntegerField(_("Police"), default=0)
    participants_business = models.PositiveIntegerField(_("Business"), default=0)
    participants_private_security = models.PositiveIntegerField(_("Private security"), default=0)
    participants_unions = models.PositiveIntegerField(_("Unions"), default=0)
    participants_ngos = models.PositiveIntegerField(_("NGOs"), default=0)
    participants_international = models.PositiveIntegerField(_("International agencies"), default=0)
    participants_community_leaders = models.PositiveIntegerField(_("Community leaders"), default=0)
    participants_other = models.PositiveIntegerField(_("Other participants"), default=0)
    # Derived in the database, so statistics sum one column and it can never disagree with the parts.
    participants_total = models.GeneratedField(
        expression=(
            F("participants_civil_servants")
            + F("participants_police")
            + F("participants_business")
            + F("participants_private_security")
            + F("participants_unions")
            + F("participants_ngos")
            + F("participants_international")
            + F("participants_community_leaders")
            + F("participants_other")
        ),
        output_field=models.PositiveIntegerField(),
        db_persist=True,
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Optimistic locking: an edit based on an older version is refused instead of overwriting.
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-starts_on", "-pk"]
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=F("starts_on")), name="activity_ends_after_start"),
            *[
                models.CheckConstraint(condition=Q(**{f"{name}__gte": 0}), name=f"activity_{name}_not_negative")
                for name in SECTOR_FIELDS
            ],
        ]
        indexes = [models.Index(fields=["working_group", "starts_on"], name="activity_group_start_idx")]

    def __str__(self):
        return self.title

    def sector_counts(self) -> list[tuple[str, int]]:
        return [(label, getattr(self, f"participants_{value}")) for value, label in Sector.choices]

    def topic_labels(self) -> list[str]:
        labels = dict(Topic.choices)
        return [str(labels.get(value, value)) for value in self.topics]


def attachment_upload_to(instance, filename: str) -> str:
    return f"activities/{instance.activity.working_group.slug}/activity-{instance.activity_id}/{filename}"


class ActivityAttachment(TimeStampedModel):
    class Kind(models.TextChoices):
        AGENDA = "agenda", _("Agenda")
        PHOTO = "photo", _("Photo")
        MATERIAL = "material", _("Material")
        OTHER = "other", _("Other")

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="attachments")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.MATERIAL)
    file = models.FileField(_("file"), upload_to=attachment_upload_to, validators=ATTACHMENT_VALIDATORS)
    original_name = models.CharField(max_length=200, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["kind", "pk"]
        verbose_name = _("activity attachment")

    def __str__(self):
        return self.original_name or self.file.name


class OutreachContact(TimeStampedModel):
    """A contact with an outside institution: what was sought, what came of it, when to follow up."""

    class Kind(models.TextChoices):
        MINISTRY = "ministry", _("Ministry or government agency")
        POLICE = "police", _("Police or armed forces")
        REGULATOR = "regulator", _("Regulator")
        INITIATIVE = "initiative", _("Other initiative")
        COMPANY = "company", _("Company")
        EMBASSY = "embassy", _("Embassy")
        NGO = "ngo", _("NGO")
        INTERNATIONAL = "international", _("International organisation")
        OTHER = "other", _("Other")

    working_group = models.ForeignKey("members.WorkingGroup", on_delete=models.PROTECT, related_name="outreach")
    contacted_on = models.DateField(_("contacted on"))
    institution_name = models.CharField(_("institution contacted"), max_length=200)
    kind = models.CharField(_("kind of institution"), max_length=20, choices=Kind.choices)
    members_involved = models.ManyToManyField(
        Membership, blank=True, related_name="outreach_contacts", verbose_name=_("members involved")
    )
    purpose = models.TextField(_("what was sought"))
    outcome = models.TextField(_("outcome"), blank=True)
    follow_up_on = models.DateField(_("follow up on"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-contacted_on", "-pk"]
        verbose_name = _("outreach contact")
        constraints = [
            models.CheckConstraint(
                condition=Q(follow_up_on__isnull=True) | Q(follow_up_on__gte=F("contacted_on")),
                name="outreach_follow_up_after_contact",
            )
        ]

    def __str__(self):
        return f"{self.institution_name} ({self.contacted_on})"
