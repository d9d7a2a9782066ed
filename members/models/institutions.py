"""Institutions (the members), their memberships of a group and each membership's dated history."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from vpwg.models import TimeStampedModel

from .groups import Pillar, WorkingGroup

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
    # The organisation it belongs to (an embassy to its government, a subsidiary to its group): set by
    # members.services.institution_set_parent, which refuses cycles. PROTECT: an organisation with
    # institutions under it is not deleted by accident.
    parent = models.ForeignKey(
        "self",
        verbose_name=_("belongs to"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("institution")
        constraints = [models.UniqueConstraint(fields=["name", "country"], name="institution_unique_name_country")]

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        if self.parent_id is not None and self.parent_cycle(self.parent_id):
            raise ValidationError(
                {"parent": _("An institution cannot belong to itself, nor to one of the institutions under it.")},
                code="parent_cycle",
            )

    def parent_cycle(self, parent_id: int) -> bool:
        """Would `parent_id` as this institution's parent make a loop? (itself, or one under it)"""
        if self.pk is None:
            return False
        seen, current = set(), parent_id
        while current is not None and current not in seen:
            if current == self.pk:
                return True
            seen.add(current)
            current = Institution.objects.filter(pk=current).values_list("parent_id", flat=True).first()
        return False


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
