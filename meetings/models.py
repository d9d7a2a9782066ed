"""Meetings: plenaries, Coordination Group and extraordinary meetings, their agenda, invitations,
attendance, the topic backlog and members' requests for extraordinary meetings."""

import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Count, F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from members.models import Membership, Pillar, Representative, WorkingGroup
from vpwg.models import TimeStampedModel
from vpwg.uploads import FileContentValidator


class MeetingQuerySet(models.QuerySet):
    def plenaries(self):
        return self.filter(kind=Meeting.Kind.PLENARY)

    def not_cancelled(self):
        return self.exclude(status=Meeting.Status.CANCELLED)

    def upcoming(self, now=None):
        return self.filter(ends_at__gte=now or timezone.now())


class Meeting(TimeStampedModel):
    """One meeting of a group. Times are stored in UTC and shown in the group's time zone."""

    class Kind(models.TextChoices):
        PLENARY = "plenary", _("Plenary")
        COORDINATION = "coordination", _("Coordination Group meeting")
        EXTRAORDINARY = "extraordinary", _("Extraordinary meeting")

    class Format(models.TextChoices):
        IN_PERSON = "in_person", _("In person")
        ONLINE = "online", _("Online")
        HYBRID = "hybrid", _("Hybrid")

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        INVITED = "invited", _("Invitations sent")
        HELD = "held", _("Held")
        CANCELLED = "cancelled", _("Cancelled")

    ALLOWED = {  # from-status -> statuses it may move to
        Status.PLANNED: {Status.INVITED, Status.HELD, Status.CANCELLED},
        Status.INVITED: {Status.HELD, Status.CANCELLED},
        Status.HELD: set(),
        Status.CANCELLED: set(),
    }

    working_group = models.ForeignKey(WorkingGroup, on_delete=models.PROTECT, related_name="meetings")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.PLENARY)
    title = models.CharField(_("title"), max_length=200)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    format = models.CharField(_("format"), max_length=20, choices=Format.choices, default=Format.IN_PERSON)
    venue = models.CharField(_("venue"), max_length=250, blank=True)
    online_link = models.URLField(_("online link"), blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PLANNED)
    reminder_days = models.PositiveSmallIntegerField(
        _("send a reminder this many days before"), default=7, validators=[MaxValueValidator(60)]
    )
    invited_at = models.DateTimeField(null=True, blank=True)
    # The held plenary whose agreement (topics, guests, venue) this meeting starts from.
    follows = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="followed_by", verbose_name=_("follows")
    )
    # What the group agreed at this meeting for the next one (Peru step 5).
    next_guests = models.TextField(_("guests agreed for the next meeting"), blank=True)
    next_venue = models.CharField(_("venue agreed for the next meeting"), max_length=250, blank=True)
    next_notes = models.TextField(_("other agreements for the next meeting"), blank=True)
    next_topics = models.ManyToManyField(
        "Topic", blank=True, related_name="agreed_at", verbose_name=_("topics agreed for the next meeting")
    )
    next_agreed_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = MeetingQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_at"]
        verbose_name = _("meeting")
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")), name="meeting_ends_after_start"),
        ]
        indexes = [models.Index(fields=["working_group", "starts_at"], name="meeting_group_start_idx")]

    def __str__(self):
        return f"{self.title} ({self.starts_at:%Y-%m-%d})"

    def clean(self):
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("A meeting must end after it starts.")})
        if self.format in (self.Format.ONLINE, self.Format.HYBRID) and not self.online_link:
            raise ValidationError({"online_link": _("An online or hybrid meeting needs its online link.")})
        if self.format in (self.Format.IN_PERSON, self.Format.HYBRID) and not self.venue:
            raise ValidationError({"venue": _("A meeting in person needs a venue.")})

    @property
    def has_started(self) -> bool:
        return self.starts_at <= timezone.now()

    @property
    def length_minutes(self) -> int:
        return int((self.ends_at - self.starts_at).total_seconds() // 60)

    @property
    def is_open(self) -> bool:
        return self.status in (self.Status.PLANNED, self.Status.INVITED)

    @property
    def has_next_agreement(self) -> bool:
        return self.next_agreed_at is not None


class Guest(TimeStampedModel):
    """An outside speaker invited to present at a meeting."""

    working_group = models.ForeignKey(WorkingGroup, on_delete=models.PROTECT, related_name="meeting_guests")
    name = models.CharField(_("name"), max_length=200)
    affiliation = models.CharField(_("affiliation"), max_length=200, blank=True)
    expertise = models.CharField(_("expertise"), max_length=250, blank=True)
    # Where their personal link to the agenda goes (GuestInvitation); a guest has no account.
    email = models.EmailField(_("e-mail"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("guest speaker")

    def __str__(self):
        return f"{self.name} ({self.affiliation})" if self.affiliation else self.name


class AgendaItem(TimeStampedModel):
    class Format(models.TextChoices):
        PRESENTATION = "presentation", _("Presentation")
        DIALOGUE = "dialogue", _("Dialogue")
        WORKSHOP = "workshop", _("Workshop")
        PANEL = "panel", _("Panel")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda_items")
    position = models.PositiveSmallIntegerField(_("position"))
    title = models.CharField(_("title"), max_length=250)
    topic = models.ForeignKey(
        "Topic", null=True, blank=True, on_delete=models.SET_NULL, related_name="agenda_items", verbose_name=_("topic")
    )
    format = models.CharField(_("format"), max_length=20, choices=Format.choices, default=Format.PRESENTATION)
    length_minutes = models.PositiveSmallIntegerField(
        _("length (minutes)"), default=20, validators=[MinValueValidator(5), MaxValueValidator(480)]
    )
    # Empty: the item starts when the one before it ends (the first when the meeting starts). A fixed
    # time (a guest's slot, after a break) is in the group's time zone, on the meeting's day.
    start_time = models.TimeField(_("fixed start time"), null=True, blank=True)
    presenters = models.ManyToManyField(
        Representative, blank=True, related_name="agenda_items", verbose_name=_("presenters (representatives)")
    )
    guests = models.ManyToManyField(Guest, blank=True, related_name="agenda_items", verbose_name=_("guest speakers"))

    class Meta:
        ordering = ["meeting", "position"]
        verbose_name = _("agenda item")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "position"], name="agenda_item_unique_position"),
        ]

    def __str__(self):
        return f"{self.position}. {self.title}"


def new_nonce() -> str:
    return secrets.token_hex(16)


class GuestInvitation(TimeStampedModel):
    """A guest speaker's personal link to one meeting's agenda (a signed token naming this row).

    The link shows the agenda and the guest's own items, nothing else. A new `nonce` revokes the old
    link; a guest no longer on the meeting's agenda finds the link dead.
    """

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="guest_invitations")
    guest = models.ForeignKey(Guest, on_delete=models.CASCADE, related_name="invitations")
    nonce = models.CharField(max_length=32, default=new_nonce)
    sent_to = models.EmailField(_("sent to"), blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("guest invitation")
        constraints = [models.UniqueConstraint(fields=["meeting", "guest"], name="guest_invitation_unique")]

    def __str__(self):
        return f"{self.guest} → {self.meeting}"


# The uploads of today (vpwg.uploads): name and content must agree on an accepted kind. Presentations
# with photographs are larger than the 10 MB of a progress report's attachment.
DOCUMENT_VALIDATORS = [FileContentValidator(max_mb=20)]


def meeting_document_upload_to(instance, filename: str) -> str:
    # A random part: two uploads of "presentation.pdf" never overwrite each other.
    return f"meetings/{instance.working_group.slug}/{instance.meeting_id}/{secrets.token_hex(8)}-{filename}"


class MeetingDocument(TimeStampedModel):
    """A document of a meeting (the study under discussion) or of one of its agenda items (a presentation).

    Read by the meeting's audience until the meeting is over, then as circulated minutes are: by the
    current members' and observers' representatives (guardian's view_meetingdocument granted to their
    role groups), each PDF copy stamped for its reader and every download logged (vpwg.circulation).
    """

    working_group = models.ForeignKey(WorkingGroup, on_delete=models.PROTECT, related_name="meeting_documents")
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="documents")
    # Removing the item keeps the document, as one of the whole meeting.
    agenda_item = models.ForeignKey(
        AgendaItem,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="documents",
        verbose_name=_("agenda item"),
    )
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(
        _("file"), upload_to=meeting_document_upload_to, max_length=300, validators=DOCUMENT_VALIDATORS
    )
    original_name = models.CharField(max_length=200, blank=True)
    kind = models.CharField(max_length=10)  # what vpwg.uploads.kind_of found: pdf, docx, pptx, ...
    size = models.PositiveIntegerField(default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("meeting document")

    def __str__(self):
        return self.title

    @property
    def is_pdf(self) -> bool:
        return self.kind == "pdf"


class MeetingInvitation(TimeStampedModel):
    """One representative invited to one meeting, and their answer."""

    class Answer(models.TextChoices):
        PENDING = "pending", _("No answer yet")
        ATTENDING = "attending", _("Attending")
        NOT_ATTENDING = "not_attending", _("Not attending")
        ALTERNATE = "alternate", _("Sending the alternate")

    class Mode(models.TextChoices):
        """How one comes to a hybrid meeting."""

        IN_PERSON = "in_person", _("In person")
        ONLINE = "online", _("Online")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="invitations")
    representative = models.ForeignKey(Representative, on_delete=models.PROTECT, related_name="meeting_invitations")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="meeting_invitations")
    membership = models.ForeignKey(Membership, on_delete=models.PROTECT, related_name="meeting_invitations")
    answer = models.CharField(_("answer"), max_length=20, choices=Answer.choices, default=Answer.PENDING)
    answered_at = models.DateTimeField(null=True, blank=True)
    # Only for a hybrid meeting, and only when someone comes.
    mode = models.CharField(_("comes"), max_length=20, choices=Mode.choices, blank=True)
    # Who will come for the institution, when not the person invited (the alternate, a colleague).
    attendee_name = models.CharField(_("who will come"), max_length=200, blank=True)
    comment = models.TextField(_("comment"), max_length=1000, blank=True)

    class Meta:
        ordering = ["membership__institution__name"]
        verbose_name = _("meeting invitation")
        constraints = [models.UniqueConstraint(fields=["meeting", "user"], name="meeting_invitation_unique_user")]

    def __str__(self):
        return f"{self.user} → {self.meeting}"

    @property
    def working_group(self):
        return self.meeting.working_group


class Attendance(TimeStampedModel):
    """Whether an institution was at a meeting. The pillar is copied: memberships can change pillar."""

    class Status(models.TextChoices):
        PRESENT = "present", _("Present")
        EXCUSED = "excused", _("Excused")
        ABSENT = "absent", _("Absent")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendances")
    membership = models.ForeignKey(Membership, on_delete=models.PROTECT, related_name="attendances")
    pillar = models.CharField(_("pillar"), max_length=20, choices=Pillar.choices)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices)
    representative = models.ForeignKey(
        Representative,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="attendances",
        verbose_name=_("present through"),
    )
    # Copied when recorded, as the pillar is: observers are shown apart and left out of pillar rates.
    observer = models.BooleanField(_("as an observer"), default=False)

    class Meta:
        ordering = ["membership__institution__name"]
        verbose_name = _("attendance")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "membership"], name="attendance_unique_per_institution"),
            models.CheckConstraint(
                condition=Q(status="present") | Q(representative__isnull=True), name="attendance_rep_only_if_present"
            ),
        ]

    def __str__(self):
        return f"{self.membership.institution}: {self.get_status_display()}"


class GuestAttendance(TimeStampedModel):
    """A guest present at a meeting: a guest speaker of its agenda, or someone recorded at the door by name.

    Who attended is confidential under the Rule, guests included: the non-attribution check reads these
    names. The name is copied from the guest, so the register keeps what was true on the day.
    """

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="guest_attendances")
    guest = models.ForeignKey(
        Guest, null=True, blank=True, on_delete=models.SET_NULL, related_name="attendances", verbose_name=_("guest")
    )
    name = models.CharField(_("name"), max_length=200)
    affiliation = models.CharField(_("affiliation"), max_length=200, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("guest attendance")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "guest"], condition=Q(guest__isnull=False), name="guest_attendance_unique_guest"
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.affiliation})" if self.affiliation else self.name


class TopicQuerySet(models.QuerySet):
    def with_support(self):
        return self.annotate(support_count=Count("supports", distinct=True))

    def backlog(self):
        return self.filter(status=Topic.Status.OPEN).with_support().order_by("-support_count", "created_at")


class Topic(TimeStampedModel):
    """A discussion topic proposed by a member institution."""

    class Status(models.TextChoices):
        OPEN = "open", _("In the backlog")
        SCHEDULED = "scheduled", _("On an agenda")
        CLOSED = "closed", _("Closed")

    working_group = models.ForeignKey(WorkingGroup, on_delete=models.PROTECT, related_name="topics")
    title = models.CharField(_("title"), max_length=250)
    description = models.TextField(_("why it matters"), blank=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="proposed_topics"
    )
    membership = models.ForeignKey(
        Membership, null=True, blank=True, on_delete=models.PROTECT, related_name="proposed_topics"
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.OPEN)

    objects = TopicQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("topic")

    def __str__(self):
        return self.title


class TopicSupport(TimeStampedModel):
    """One institution supports one topic (one support per institution)."""

    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="supports")
    membership = models.ForeignKey(Membership, on_delete=models.PROTECT, related_name="topic_supports")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("topic support")
        constraints = [
            models.UniqueConstraint(fields=["topic", "membership"], name="topic_support_one_per_institution")
        ]

    def __str__(self):
        return f"{self.membership.institution} supports {self.topic}"


class MeetingRequest(TimeStampedModel):
    """A member's request for an extraordinary meeting; the Secretariat accepts or declines it."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Awaiting the Secretariat")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")

    ALLOWED = {
        Status.PENDING: {Status.ACCEPTED, Status.DECLINED},
        Status.ACCEPTED: set(),
        Status.DECLINED: set(),
    }

    working_group = models.ForeignKey(WorkingGroup, on_delete=models.PROTECT, related_name="meeting_requests")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    membership = models.ForeignKey(Membership, null=True, on_delete=models.PROTECT, related_name="meeting_requests")
    subject = models.CharField(_("subject"), max_length=250)
    reason = models.TextField(_("why a meeting is needed now"))
    preferred_date = models.DateField(_("preferred date"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(_("note to the requester"), blank=True)
    meeting = models.ForeignKey(Meeting, null=True, blank=True, on_delete=models.SET_NULL, related_name="requests")

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("meeting request")

    def __str__(self):
        return self.subject


class CalendarFeed(TimeStampedModel):
    """A person's private calendar address. Regenerating the token revokes the old address."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed")
    token = models.CharField(max_length=64, unique=True)

    class Meta:
        verbose_name = _("calendar feed")

    def __str__(self):
        return f"calendar feed of {self.user}"

    @staticmethod
    def new_token() -> str:
        return secrets.token_urlsafe(32)
