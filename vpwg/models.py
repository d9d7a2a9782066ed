"""Shared models: the timestamp base, the mail outbox and the audit trail."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class OutboxMessageQuerySet(models.QuerySet):
    def pending(self):
        """Not sent, not given up, not of unknown delivery: the worker may still send these."""
        return self.filter(sent_at__isnull=True, failed_at__isnull=True, unknown_at__isnull=True)

    def claimable(self):
        """Pending and claimed by no worker: free to claim."""
        return self.pending().filter(claimed_until__isnull=True)

    def lease_expired(self, now):
        """Claimed, never marked sent, and the claim ran out: the worker died or lost the database."""
        return self.pending().filter(claimed_until__lt=now)

    def needs_attention(self):
        """Unsent rows a person must look at: delivery unknown, or given up after the last attempt."""
        return self.filter(sent_at__isnull=True).filter(
            models.Q(unknown_at__isnull=False) | models.Q(failed_at__isnull=False)
        )


class OutboxMessage(TimeStampedModel):
    """An e-mail that must go out once, and never twice.

    Written in the same transaction as the change that causes it; workers claim a row, send it, then
    mark it sent (vpwg/outbox.py says why a lost mark becomes "unknown" rather than a second copy).
    `dedupe_key` makes a repeated request (a reminder sweep run twice) a no-op.
    """

    MAX_ATTEMPTS = 8

    class State(models.TextChoices):
        PENDING = "pending", _("Waiting to be sent")
        SENDING = "sending", _("Being sent")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed: the mail server refused it")
        UNKNOWN = "unknown", _("Unknown: it may have been delivered")

    dedupe_key = models.CharField(max_length=200, unique=True)
    recipient = models.EmailField()
    subject = models.CharField(max_length=250)
    body_text = models.TextField()
    body_html = models.TextField(blank=True)
    # [{"filename": ..., "mimetype": ..., "content": <text>}] for small text attachments (.ics).
    attachments = models.JSONField(default=list, blank=True)
    working_group = models.ForeignKey(
        settings.VPWG_TENANT_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    sent_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    failed_at = models.DateTimeField(null=True, blank=True)
    # The claim of one worker: until when it may send, and the token only it knows (its mark must match).
    claimed_until = models.DateTimeField(null=True, blank=True)
    claim_token = models.CharField(max_length=32, blank=True)
    # The claim ran out with no "sent" mark: the mail server may have taken it. Never resent by itself.
    unknown_at = models.DateTimeField(null=True, blank=True)

    objects = OutboxMessageQuerySet.as_manager()

    class Meta:
        ordering = ["created_at"]
        indexes = [models.Index(fields=["sent_at", "failed_at"], name="outbox_pending_idx")]

    def __str__(self):
        return f"{self.recipient}: {self.subject}"

    @property
    def state(self) -> str:
        if self.sent_at is not None:
            return self.State.SENT
        if self.unknown_at is not None:
            return self.State.UNKNOWN
        if self.failed_at is not None:
            return self.State.FAILED
        return self.State.SENDING if self.claimed_until is not None else self.State.PENDING


class AuditRecord(models.Model):
    """Who did what, to what, when and why. Append-only: nothing updates or deletes rows."""

    working_group = models.ForeignKey(
        settings.VPWG_TENANT_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="audit_records"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField(max_length=80, db_index=True)  # dotted code: members.representative.invited
    target_type = models.CharField(max_length=80, blank=True)
    target_id = models.CharField(max_length=40, blank=True)
    target_label = models.CharField(max_length=250, blank=True)
    reason = models.TextField(blank=True)
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("audit record")

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action} {self.target_label}"


class DocumentAccess(models.Model):
    """One view or download of a confidential document (minutes, reports) by one person.

    Generic over the document (content type + id) so minutes and reports share one log and one
    "who has read what" page. Append-only; written through `vpwg.documents.document_access_log`.
    """

    class Action(models.TextChoices):
        VIEW = "view", _("Viewed")
        DOWNLOAD = "download", _("Downloaded")

    working_group = models.ForeignKey(settings.VPWG_TENANT_MODEL, on_delete=models.PROTECT, related_name="+")
    content_type = models.ForeignKey("contenttypes.ContentType", on_delete=models.PROTECT, related_name="+")
    object_id = models.PositiveBigIntegerField()
    version = models.PositiveIntegerField(null=True, blank=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    action = models.CharField(max_length=10, choices=Action.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("document access")
        indexes = [models.Index(fields=["content_type", "object_id"], name="document_access_object_idx")]

    def __str__(self):
        return f"{self.user} {self.action} {self.content_type_id}:{self.object_id} v{self.version}"


class SubmitToken(models.Model):
    """One form submission that appended something (vpwg/idempotency.py).

    The token comes with the form and is written in the transaction of the append: a second submit
    of the same form (a double click, a resend after a timeout) finds it taken, appends nothing and
    is sent where the first went.
    """

    token = models.CharField(max_length=64, unique=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.CASCADE, related_name="+")
    path = models.CharField(max_length=300)
    redirect_to = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("submitted form")

    def __str__(self):
        return f"{self.path} {self.created_at:%Y-%m-%d %H:%M}"
