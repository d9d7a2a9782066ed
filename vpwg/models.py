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
        return self.filter(sent_at__isnull=True, failed_at__isnull=True)


class OutboxMessage(TimeStampedModel):
    """An e-mail that must go out exactly once.

    Written in the same transaction as the change that causes it; workers drain the
    table. `dedupe_key` makes a repeated request (a reminder sweep run twice) a no-op.
    """

    MAX_ATTEMPTS = 8

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

    objects = OutboxMessageQuerySet.as_manager()

    class Meta:
        ordering = ["created_at"]
        indexes = [models.Index(fields=["sent_at", "failed_at"], name="outbox_pending_idx")]

    def __str__(self):
        return f"{self.recipient}: {self.subject}"


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

