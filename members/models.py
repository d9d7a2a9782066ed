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
from vpwg.uploads import FileContentValidator


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

    def today(self):
        return timezone.localdate(timezone=self.tzinfo)


MIN_ALIAS_LETTERS = 2


def normalise_aliases(value, *, is_ordinary_word=None) -> tuple[list[str], list[str]]:
    """An institution's other names, cleaned: `value` is a list or a text with one name per line.

    Empty lines are dropped and duplicates merged (ignoring case and spacing, first spelling kept).
    Raises ValidationError for an alias of one letter (it would flag every initial). Returns
    (aliases, warnings); a warning names an alias that `is_ordinary_word(alias)` says is also an
    ordinary word, which the non-attribution check then matches only when capitalised.
    """
    if value is None:
        return [], []
    if isinstance(value, str):
        value = value.splitlines()
    if not isinstance(value, (list, tuple)) or not all(isinstance(item, str) for item in value):
        raise ValidationError(_("Give the other names as a list, one name per line."), code="aliases_not_list")
    aliases, seen, warnings = [], set(), []
    for raw in value:
        alias = " ".join(raw.split())
        if not alias:
            continue
        if sum(char.isalnum() for char in alias) < MIN_ALIAS_LETTERS:
            raise ValidationError(
                _("“%(alias)s” is too short to be another name: give at least two letters."),
                code="alias_too_short",
                params={"alias": alias},
            )
        key = alias.casefold()
        if key in seen:
            continue
        seen.add(key)
        aliases.append(alias)
        if is_ordinary_word is not None and is_ordinary_word(alias):
            warnings.append(
                _("“%(alias)s” is also an ordinary word: it is found only when written with a capital.")
                % {"alias": alias}
            )
    return aliases, warnings


def validate_aliases(value) -> None:
    """Field validator: the stored list must already be clean (see normalise_aliases)."""
    aliases, _warnings = normalise_aliases(value)
    if aliases != list(value):
        raise ValidationError(_("Remove empty and repeated names."), code="aliases_not_clean")


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
    # Other names a reader knows it by, in any language (Spanish names, acronyms): the non-attribution
    # check looks for them too. Stored clean: a list of strings (see normalise_aliases).
    aliases = models.JSONField(_("other names"), default=list, blank=True, validators=[validate_aliases])

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
    ALLOWED = {  # from-status -> statuses it may move to (a warning keeps the status)
        Status.MEMBER: {Status.SUSPENDED, Status.WITHDRAWN, Status.EXPELLED},
        Status.OBSERVER: {Status.SUSPENDED, Status.WITHDRAWN, Status.EXPELLED},
        Status.SUSPENDED: {Status.MEMBER, Status.OBSERVER, Status.WITHDRAWN, Status.EXPELLED},
        Status.WITHDRAWN: set(),
        Status.EXPELLED: set(),
    }

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


class MembershipAction(models.TextChoices):
    """What a membership history entry records (a warning changes no status)."""

    ADMITTED = "admitted", _("Admitted")
    WARNED = "warned", _("Warned")
    SUSPENDED = "suspended", _("Suspended")
    REINSTATED = "reinstated", _("Reinstated")
    EXPELLED = "expelled", _("Expelled")
    WITHDREW = "withdrew", _("Withdrew")


class MembershipStatusChange(models.Model):
    """One dated entry of a membership's history. Rows are only ever added."""

    membership = models.ForeignKey(Membership, on_delete=models.PROTECT, related_name="history")
    action = models.CharField(max_length=20, choices=MembershipAction.choices, default=MembershipAction.ADMITTED)

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

    def __str__(self):
        return f"{self.user} ({self.language or '-'})"
