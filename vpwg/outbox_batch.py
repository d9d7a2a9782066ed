"""Queue many e-mails at once, for the sweeps (reminders, compliance flags, work plan reminders).

`queue_email_once` (vpwg/notify.py) costs about six queries per e-mail (its savepoints, the key
check, the recipient's language, the insert): fine for one invitation, 22,000 queries for the first
reminder sweep over a large backlog. Here each batch of up to BATCH_SIZE e-mails costs a fixed
number of queries whatever its size: which keys are queued already, the recipients' languages, one
multi-row insert that skips keys queued meanwhile (the unique key, as before), and the ids of the
rows written. Each batch is its own transaction: a worker that dies keeps the batches it finished,
and the next run queues the rest (the keys make it a no-op for the others).

The same rows as `queue_email_once`: same rendering, language rule and dedupe key; each row is sent
by its own task after commit (vpwg/outbox.py), so several workers share a large sweep.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from django.conf import settings
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import translation

from .celery import enqueue_on_commit
from .i18n import languages_for_addresses
from .models import OutboxMessage

BATCH_SIZE = 200


@dataclass
class Email:
    """One e-mail to queue: `user` receives `template` rendered with `context` (plus user and group)."""

    user: object
    dedupe_key: str
    template: str
    context: dict = field(default_factory=dict)
    working_group: object = None


def _batches(items: Iterable[Email], size: int) -> Iterator[list[Email]]:
    batch = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def _render(email: Email, language: str) -> OutboxMessage:
    context = {"user": email.user, "group": email.working_group, **email.context}
    with translation.override(language):
        subject = html.unescape(" ".join(render_to_string(f"{email.template}_subject.txt", context).split()))
        body_text = html.unescape(render_to_string(f"{email.template}_body.txt", context))
        body_html = render_to_string(f"{email.template}_body.html", context)
    return OutboxMessage(
        dedupe_key=email.dedupe_key,
        recipient=email.user.email,
        subject=subject,
        body_text=body_text,
        body_html=body_html,
        attachments=[],
        working_group=email.working_group,
    )


def _queue_batch(batch: list[Email]) -> list[Email]:
    """Queue one batch in its own transaction; returns the e-mails queued by this call."""
    from .notify import queue_email_once
    from .outbox import outbox_send_task

    with transaction.atomic():
        seen = _queued_keys([email.dedupe_key for email in batch])
        fresh = []
        for email in batch:
            if email.dedupe_key not in seen and getattr(email.user, "email", ""):
                seen.add(email.dedupe_key)
                fresh.append(email)
        if not fresh:
            return []
        languages = languages_for_addresses({email.user.email for email in fresh})
        rows = [_render(email, languages.get(email.user.email) or _group_language(email)) for email in fresh]
        try:
            with transaction.atomic():  # a savepoint: a key queued meanwhile by a concurrent sweep fails it
                OutboxMessage.objects.bulk_create(rows)  # one INSERT; the ids come back (PostgreSQL, SQLite)
        except IntegrityError:
            # The race the unique key exists for: queue this batch one by one, skipping the twin.
            return [email for email in fresh if queue_email_once(**_arguments(email))]
        for row in rows:
            enqueue_on_commit(outbox_send_task, row.pk)
    return fresh


def _queued_keys(keys: list[str]) -> set[str]:
    return set(OutboxMessage.objects.filter(dedupe_key__in=keys).values_list("dedupe_key", flat=True))


def _group_language(email: Email) -> str:
    return getattr(email.working_group, "language", None) or settings.LANGUAGE_CODE


def _arguments(email: Email) -> dict:
    return {
        "user": email.user,
        "dedupe_key": email.dedupe_key,
        "template": email.template,
        "context": email.context,
        "working_group": email.working_group,
    }


def queue_emails_once(emails: Iterable[Email], *, batch_size: int | None = None) -> list[Email]:
    """Queue each of `emails` unless its dedupe key was queued before; returns those queued now."""
    queued = []
    for batch in _batches(emails, batch_size or BATCH_SIZE):
        queued.extend(_queue_batch(batch))
    return queued
