"""The mail outbox: what must be sent is written in the caller's transaction; workers send it.

Every message goes out at most once, and a message whose fate is not known is shown to the
Secretariat, never sent again by itself. A worker:

1. **claims** the row in a transaction of its own, committed before anything is sent: a conditional
   UPDATE (unsent, not claimed) sets a lease (`claimed_until`), a token only this worker knows and
   `attempts + 1`. Two workers (or a send task and the drain) cannot both win it;
2. hands the message to the mail server, outside any transaction, so no database lock or connection
   is held while the mail server thinks;
3. **marks** it sent (matching its token), retrying with a bounded backoff when the database is
   busy ("database is locked" on SQLite) or the connection dropped (PostgreSQL restart): the mark is
   an idempotent UPDATE, so a retry after a lost reply is harmless.

If the mail server refuses the message (or cannot be reached) the claim is released with the error
and the row is tried again later, until MAX_ATTEMPTS. If the mark never lands (the worker was killed
after the hand-off, or the database stayed away longer than the retries), the lease runs out and the
drain records the row as **unknown**: the mail server may have delivered it. It is not resent
automatically, because a second copy of a confidential invitation (or of "minutes to review") costs
the Secretariat more trust than a visible "unknown" with a resend button: the Secretariat sees these
rows on the group's undelivered-mail page and decides (`outbox_resend`). A resend carries the same
`Message-ID` as the first copy (derived from the row), so a recipient's mail system recognises it.
"""

import hashlib
import html
import logging
import secrets
import smtplib
import time
from collections.abc import Callable
from datetime import timedelta
from functools import partial
from urllib.parse import urlsplit

from celery import shared_task
from django.conf import settings
from django.core.mail import EmailMultiAlternatives, mailers
from django.db import DatabaseError, IntegrityError, connection, transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from .audit import audit_record
from .celery import enqueue_on_commit
from .dates import group_time
from .errors import DomainError
from .i18n import language_for_address
from .models import OutboxMessage
from .permissions import access_for

logger = logging.getLogger(__name__)

# Waits between tries of a claim or mark when the database is busy or gone: about 15 s in all,
# longer than a PostgreSQL restart or a long SQLite writer, well inside the lease.
DATABASE_RETRY_DELAYS = (0.1, 0.2, 0.4, 0.8, 1.6, 3.2, 4.0, 4.0)
# The mail server may have taken the message when the connection broke mid-message: not "refused".
MAYBE_DELIVERED_ERRORS = (smtplib.SMTPServerDisconnected, TimeoutError, ConnectionError)


def absolute_url(view_name: str, *args) -> str:
    """A link for an e-mail: SITE_URL plus the reversed path."""
    from django.urls import reverse

    return settings.SITE_URL.rstrip("/") + reverse(view_name, args=args)


def lease_seconds() -> int:
    """How long a claim lasts: longer than one send (SMTP timeout) plus the mark's retries."""
    return getattr(settings, "OUTBOX_LEASE_SECONDS", 300)


def message_id_of(message: OutboxMessage) -> str:
    """The stable Message-ID of a row: the same on every copy, so a resend is recognisable."""
    digest = hashlib.sha256(message.dedupe_key.encode()).hexdigest()[:12]
    host = urlsplit(settings.SITE_URL).hostname or "localhost"
    return f"<outbox-{message.pk}-{digest}@{host}>"


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
    # In the recipient's language and on the group's clock (a deadline at 13:02 in Lima reads 13:02 (Lima)).
    with translation.override(language), group_time(working_group):
        # Plain-text parts are not HTML: undo the template engine's escaping (' would read &#x27;).
        subject = html.unescape(" ".join(render_to_string(f"{template}_subject.txt", context).split()))
        body_text = html.unescape(render_to_string(f"{template}_body.txt", context))
        body_html = render_to_string(f"{template}_body.html", context)
    fields = dict(
        recipient=recipient,
        subject=subject,
        body_text=body_text,
        body_html=body_html,
        attachments=attachments or [],
        working_group=working_group,
    )
    try:
        with transaction.atomic():  # a savepoint: a concurrent twin's row must not spoil the caller's transaction
            message = OutboxMessage.objects.create(dedupe_key=dedupe_key, **fields)
    except IntegrityError:  # the same key written by a concurrent request: that row is the message
        existing = OutboxMessage.objects.get(dedupe_key=dedupe_key)
        existing.queued_now = False
        return existing
    message.queued_now = True
    enqueue_on_commit(outbox_send_task, message.pk)
    return message


# --- sending -----------------------------------------------------------------------------------


def _with_database_retries(operation: Callable, what: str):
    """Run `operation`; when the database is busy or the connection dropped, reconnect and try again
    a bounded number of times (DATABASE_RETRY_DELAYS), then let the error through."""
    for delay in (*DATABASE_RETRY_DELAYS, None):
        try:
            return operation()
        except DatabaseError as error:
            if isinstance(error, IntegrityError) or delay is None:
                raise
            logger.warning("Outbox %s: database error, retrying in %.1f s: %s", what, delay, error)
            if not connection.in_atomic_block:  # a dropped connection is closed here, reopened on next use
                connection.close_if_unusable_or_obsolete()
            time.sleep(delay)


def outbox_claim(*, message_id: int) -> OutboxMessage | None:
    """Take the row for this worker with a lease, in a transaction committed before the send.

    Returns the row (with `claim_token` set), or None if it is not claimable: sent, given up, of
    unknown delivery, or claimed by another worker.
    """
    token = secrets.token_hex(16)
    now = timezone.now()
    with transaction.atomic():
        claimed = (
            OutboxMessage.objects.claimable()
            .filter(pk=message_id)
            .update(
                claimed_until=now + timedelta(seconds=lease_seconds()),
                claim_token=token,
                attempts=F("attempts") + 1,
                updated_at=now,
            )
        )
    if not claimed:
        return None
    return OutboxMessage.objects.get(pk=message_id, claim_token=token)


def outbox_mark_sent(*, message: OutboxMessage) -> bool:
    """The mail server accepted the message: record it. Matches the claim token, so only the worker
    that sent it marks it; also resolves a row the drain meanwhile recorded as unknown."""
    now = timezone.now()
    updated = OutboxMessage.objects.filter(pk=message.pk, claim_token=message.claim_token, sent_at__isnull=True).update(
        sent_at=now, claimed_until=None, unknown_at=None, updated_at=now
    )
    return bool(updated)


def outbox_release(*, message: OutboxMessage, error: Exception) -> None:
    """The mail server did not take the message: free the claim and keep the error for the next try;
    after MAX_ATTEMPTS the row is given up (failed) and shown to the Secretariat."""
    now = timezone.now()
    given_up = message.attempts >= OutboxMessage.MAX_ATTEMPTS
    OutboxMessage.objects.filter(pk=message.pk, claim_token=message.claim_token, sent_at__isnull=True).update(
        claimed_until=None,
        claim_token="",
        last_error=str(error)[:2000],
        failed_at=now if given_up else None,
        updated_at=now,
    )
    if given_up:
        logger.error("Giving up on outbox message %s after %s attempts: %s", message.pk, message.attempts, error)


def outbox_record_unknown(*, message: OutboxMessage, error: Exception | str) -> None:
    """The hand-off broke half-way: the mail server may have the message. Never resent by itself."""
    now = timezone.now()
    OutboxMessage.objects.filter(pk=message.pk, claim_token=message.claim_token, sent_at__isnull=True).update(
        unknown_at=now, last_error=str(error)[:2000], updated_at=now
    )
    logger.error("Outbox message %s %s: delivery unknown (%s)", message.pk, message_id_of(message), error)


def outbox_expire_claims() -> int:
    """Rows whose claim ran out without a "sent" mark become unknown (the worker died after the
    hand-off, or could not reach the database). Returns how many."""
    now = timezone.now()
    expired = list(OutboxMessage.objects.lease_expired(now).values_list("pk", flat=True))
    if expired:
        OutboxMessage.objects.lease_expired(now).filter(pk__in=expired).update(
            unknown_at=now, last_error="The sending worker never confirmed delivery.", updated_at=now
        )
        logger.error("Outbox messages %s: claim expired without a sent mark, delivery unknown", expired)
    return len(expired)


def _email(message: OutboxMessage) -> EmailMultiAlternatives:
    email = EmailMultiAlternatives(
        message.subject, message.body_text, to=[message.recipient], headers={"Message-ID": message_id_of(message)}
    )
    if message.body_html:
        email.attach_alternative(message.body_html, "text/html")
    for attachment in message.attachments:
        email.attach(attachment["filename"], attachment["content"], attachment["mimetype"])
    return email


def outbox_send(*, message_id: int) -> bool:
    """Claim, send and mark one row. Returns True if this call handed it to the mail server.

    Call it outside any transaction (a task, an on-commit callback): the claim must be committed
    before the send, and no lock may be held while the mail server answers.
    """
    message = _with_database_retries(partial(outbox_claim, message_id=message_id), "claim")
    if message is None:
        return False
    email = _email(message)
    mailer = mailers.default
    try:
        mailer.open()  # connecting, TLS, login: nothing has been handed over if this fails
    except Exception as error:  # noqa: BLE001 - SMTP, socket and TLS errors alike: try again later
        _with_database_retries(partial(outbox_release, message=message, error=error), "release")
        return False
    try:
        mailer.send_messages([email])
    except MAYBE_DELIVERED_ERRORS as error:
        _with_database_retries(partial(outbox_record_unknown, message=message, error=error), "unknown")
        return False
    except Exception as error:  # noqa: BLE001 - the server answered "no": nothing was delivered
        _with_database_retries(partial(outbox_release, message=message, error=error), "release")
        return False
    finally:
        mailer.close()
    try:
        _with_database_retries(partial(outbox_mark_sent, message=message), "mark sent")
    except DatabaseError:
        # Sent, but not recorded: the lease will run out and the drain records it as unknown.
        logger.exception("Outbox message %s %s was sent but could not be marked", message.pk, message_id_of(message))
    return True


def outbox_drain(*, limit: int = 500) -> int:
    """Record expired claims as unknown, then send every unclaimed pending row (oldest first).
    Returns how many this call sent."""
    _with_database_retries(outbox_expire_claims, "expire claims")
    sent = 0
    for message_id in list(OutboxMessage.objects.claimable().values_list("pk", flat=True)[:limit]):
        sent += outbox_send(message_id=message_id)
    return sent


# --- the Secretariat's view of what may not have arrived ---------------------------------------


def outbox_needing_attention(working_group):
    """The group's e-mails of unknown delivery or given up, newest first."""
    return OutboxMessage.objects.needs_attention().filter(working_group=working_group).order_by("-created_at")


@transaction.atomic
def outbox_resend(*, message: OutboxMessage, actor) -> OutboxMessage:
    """The Secretariat sends again an e-mail of unknown delivery or given up.

    Requires manage_outbox in the message's group and a row that is not sent; records
    `vpwg.outbox.resent`. The copy keeps the row's Message-ID. A second click finds the row queued
    again and is refused, so one click sends one copy.
    """
    message = OutboxMessage.objects.select_for_update().get(pk=message.pk)
    if message.working_group is None:
        raise DomainError(_("This e-mail belongs to no working group."))
    access_for(actor, message.working_group).require("manage_outbox")
    state = message.state
    if state not in (OutboxMessage.State.UNKNOWN, OutboxMessage.State.FAILED):
        raise DomainError(_("This e-mail is not waiting for a decision (it is sent or already queued)."))
    audit_record(
        action="vpwg.outbox.resent",
        actor=actor,
        target=message,
        working_group=message.working_group,
        previous_state=str(state),
        attempts=message.attempts,
        last_error=message.last_error[:500],
        message_id=message_id_of(message),
    )
    message.unknown_at = message.failed_at = message.claimed_until = None
    message.claim_token, message.last_error, message.attempts = "", "", 0
    message.save(
        update_fields=[
            "unknown_at",
            "failed_at",
            "claimed_until",
            "claim_token",
            "last_error",
            "attempts",
            "updated_at",
        ]
    )
    enqueue_on_commit(outbox_send_task, message.pk)
    return message


# The outbox's Celery entry points live next to the outbox, not in vpwg/tasks.py, so that queueing a row
# needs no import back from the tasks module (no import cycle). They keep their "vpwg.tasks." names, so
# messages already on the broker and the beat schedule still find them.


@shared_task(name="vpwg.tasks.outbox_send_task", acks_late=True)
def outbox_send_task(message_id: int) -> None:
    outbox_send(message_id=message_id)


@shared_task(name="vpwg.tasks.outbox_drain_task", acks_late=True)
def outbox_drain_task() -> None:
    outbox_drain()
