"""The mail outbox: what must be sent is written in the caller's transaction; workers send it.

A row is sent at most once (it is locked while sending and `sent_at` is set right after the
mail server accepts it); only a worker dying between those two steps can repeat a message.
"""

import html
import logging

from celery import shared_task
from django.core.mail import EmailMultiAlternatives, mailers
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from .celery import enqueue_on_commit
from .i18n import language_for_address
from .models import OutboxMessage

logger = logging.getLogger(__name__)


def absolute_url(view_name: str, *args) -> str:
    """A link for an e-mail: SITE_URL plus the reversed path."""
    from django.conf import settings
    from django.urls import reverse

    return settings.SITE_URL.rstrip("/") + reverse(view_name, args=args)


def outbox_queue_email(
    *,
    dedupe_key: str,
    recipient: str,
    template: str,
    context: dict,
    working_group=None,
    attachments: list | None = None,
    language: str | None = None,
) -> OutboxMessage:
    """Render `template` (`<app>/emails/<name>`: _subject.txt, _body.txt, _body.html) and queue it,
    in the recipient's language if they chose one, else in `language`.

    Idempotent on `dedupe_key`: a second call returns the existing row and queues nothing.
    """
    existing = OutboxMessage.objects.filter(dedupe_key=dedupe_key).first()
    if existing is not None:
        existing.queued_now = False
        return existing
    # The recipient's own choice of language wins over the caller's default (usually the group's).
    language = language_for_address(recipient, default=language)
    with translation.override(language):
        # Plain-text parts are not HTML: undo the template engine's escaping (' would read &#x27;).
        subject = html.unescape(" ".join(render_to_string(f"{template}_subject.txt", context).split()))
        body_text = html.unescape(render_to_string(f"{template}_body.txt", context))
        body_html = render_to_string(f"{template}_body.html", context)
    message = OutboxMessage.objects.create(
        dedupe_key=dedupe_key,
        recipient=recipient,
        subject=subject,
        body_text=body_text,
        body_html=body_html,
        attachments=attachments or [],
        working_group=working_group,
    )
    message.queued_now = True
    enqueue_on_commit(outbox_send_task, message.pk)
    return message


def outbox_send(*, message_id: int) -> bool:
    """Send one pending row. Returns True if this call sent it, False if it was not pending."""
    with transaction.atomic():
        message = OutboxMessage.objects.select_for_update(skip_locked=True).pending().filter(pk=message_id).first()
        if message is None:
            return False
        email = EmailMultiAlternatives(message.subject, message.body_text, to=[message.recipient])
        if message.body_html:
            email.attach_alternative(message.body_html, "text/html")
        for attachment in message.attachments:
            email.attach(attachment["filename"], attachment["content"], attachment["mimetype"])
        try:
            mailers.default.send_messages([email])
        except Exception as error:  # SMTP and socket errors: keep the row, retry later
            message.attempts += 1
            message.last_error = str(error)[:2000]
            if message.attempts >= OutboxMessage.MAX_ATTEMPTS:
                message.failed_at = timezone.now()
                logger.error("Giving up on outbox message %s: %s", message.pk, error)
            message.save(update_fields=["attempts", "last_error", "failed_at", "updated_at"])
            return False
        message.sent_at = timezone.now()
        message.attempts += 1
        message.save(update_fields=["sent_at", "attempts", "updated_at"])
        return True


def outbox_drain(*, limit: int = 500) -> int:
    """Send every pending row (oldest first). Returns how many this call sent."""
    sent = 0
    for message_id in OutboxMessage.objects.pending().values_list("pk", flat=True)[:limit]:
        sent += outbox_send(message_id=message_id)
    return sent


# The outbox's Celery entry points live next to the outbox, not in vpwg/tasks.py, so that queueing a row
# needs no import back from the tasks module (no import cycle). They keep their "vpwg.tasks." names, so
# messages already on the broker and the beat schedule still find them.


@shared_task(name="vpwg.tasks.outbox_send_task", acks_late=True)
def outbox_send_task(message_id: int) -> None:
    outbox_send(message_id=message_id)


@shared_task(name="vpwg.tasks.outbox_drain_task", acks_late=True)
def outbox_drain_task() -> None:
    outbox_drain()
