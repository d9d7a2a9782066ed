"""The one notify helper: record what happened in the audit trail, then queue e-mail to the people
concerned, each in their own language (their profile's choice, else the group's working language).

    notify(
        action="minutes.submitted", actor=actor, target=minutes, working_group=group,
        recipients=coordination_users, template="minutes/emails/submitted",
        context={"minutes": minutes}, dedupe_key=f"minutes-submitted:{minutes.pk}:{version}",
    )

Every message is written to the outbox in the caller's transaction (sent after commit, once per
`dedupe_key` and recipient), so a rollback sends nothing and a repeat call sends nothing twice.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import IntegrityError, transaction

from .audit import audit_record
from .outbox import outbox_queue_email


def queue_email_once(
    *, user, dedupe_key: str, template: str, context: dict, working_group=None, attachments: list | None = None
) -> bool:
    """Queue one e-mail to `user` unless `dedupe_key` was queued before. Returns True when queued now.

    A concurrent duplicate (the unique key raced) is a no-op, not an error. `attachments` as for the
    outbox ([{"filename", "mimetype", "content"}]: a meeting's calendar file).
    """
    if not getattr(user, "email", ""):
        return False
    default_language = getattr(working_group, "language", None)
    try:
        with transaction.atomic():
            message = outbox_queue_email(
                dedupe_key=dedupe_key,
                recipient=user.email,
                template=template,
                context={"user": user, "group": working_group, **context},
                working_group=working_group,
                attachments=attachments,
                language=default_language,
            )
    except IntegrityError:
        return False
    return message.queued_now


def notify(
    *,
    action: str,
    actor,
    target,
    working_group,
    recipients: Iterable,
    template: str,
    context: dict,
    dedupe_key: str,
    reason: str = "",
    **audit_data,
) -> int:
    """Write the audit record `action`, then queue `template` to each of `recipients` (users) once.

    The e-mail's dedupe key is `<dedupe_key>:<user id>`. Returns how many recipients were written to.
    """
    audit_record(action=action, actor=actor, target=target, working_group=working_group, reason=reason, **audit_data)
    return notify_only(
        recipients=recipients,
        template=template,
        context=context,
        dedupe_key=dedupe_key,
        working_group=working_group,
    )


def notify_only(*, recipients: Iterable, template: str, context: dict, dedupe_key: str, working_group) -> int:
    """Queue `template` to each of `recipients` once, without an audit record (reminders, sweeps)."""
    queued = 0
    seen = set()
    for user in recipients:
        if user.pk in seen:
            continue
        seen.add(user.pk)
        queued += queue_email_once(
            user=user,
            dedupe_key=f"{dedupe_key}:{user.pk}",
            template=template,
            context=context,
            working_group=working_group,
        )
    return queued
