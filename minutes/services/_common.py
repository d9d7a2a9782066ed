"""What the minutes workflows share: the locked row, the one status change, and telling people."""

from __future__ import annotations

from django.utils.translation import gettext as _

from vpwg.notify import notify
from vpwg.outbox import absolute_url
from vpwg.workflow import transition

from ..models import Minutes, MinutesStatusChange, MinutesVersion

# Queued by name (vpwg.celery.enqueue_on_commit): minutes.tasks imports these services.
RENDER_TASK = "minutes.tasks.minutes_render_pdf_task"


def locked(minutes: Minutes) -> Minutes:
    """`minutes` re-read and locked for this transaction, with its group and meeting."""
    return Minutes.objects.select_for_update().select_related("working_group", "meeting").get(pk=minutes.pk)


def refusal(minutes: Minutes, to_status: str) -> str:
    """The message for a move Minutes.ALLOWED does not allow (translated in the minutes' own words)."""
    return _("Minutes that are “%(status)s” cannot become “%(to)s”.") % {
        "status": minutes.get_status_display(),
        "to": Minutes.Status(to_status).label,
    }


def change_status(minutes: Minutes, to_status: str, *, actor, note: str = "", from_status: str | None = None) -> None:
    """Move `minutes` to `to_status` if Minutes.ALLOWED lets it (and, when given, only from `from_status`)
    and record the MinutesStatusChange. The caller saves the row."""
    previous = transition(minutes, to_status, from_status=from_status, message=refusal(minutes, to_status))
    MinutesStatusChange.objects.create(
        minutes=minutes,
        from_status=previous,
        to_status=to_status,
        version_number=minutes.latest_version_number,
        actor=actor,
        note=note,
    )


def email_context(minutes: Minutes, **extra) -> dict:
    """What every minutes e-mail shows: the minutes, their meeting and a link to them."""
    return {
        "minutes": minutes,
        "meeting": minutes.meeting,
        "url": absolute_url("minutes:minutes-detail", minutes.working_group.slug, minutes.pk),
        **extra,
    }


def notify_version(
    minutes: Minutes,
    version: MinutesVersion,
    event: str,
    *,
    actor,
    recipients,
    occasion: str = "",
    reason: str = "",
    context: dict | None = None,
    **audit_data,
) -> int:
    """Record `minutes.<event>` for `version`, then e-mail `minutes/emails/<event>` to `recipients`, once
    per person and version (dedupe key `minutes:<id>:v<n>:<occasion or event>:<user id>`)."""
    return notify(
        action=f"minutes.{event}",
        actor=actor,
        target=minutes,
        working_group=minutes.working_group,
        recipients=recipients,
        template=f"minutes/emails/{event}",
        context=email_context(minutes, version=version, **(context or {})),
        dedupe_key=f"minutes:{minutes.pk}:v{version.number}:{occasion or event}",
        reason=reason,
        version=version.number,
        **audit_data,
    )
