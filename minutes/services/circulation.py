"""Circulation: approved minutes go to current members and observers; each version has a PDF, and
every copy read or downloaded is marked for its reader and logged (vpwg.circulation)."""

from __future__ import annotations

from django.core.files.base import ContentFile
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from vpwg import circulation, permissions
from vpwg.celery import enqueue_on_commit
from vpwg.dates import group_time
from vpwg.i18n import language_of
from vpwg.pdf import language_copy_name, other_languages, read_in_language, render_pdf

from .. import selectors
from ..models import Minutes, MinutesVersion
from ._common import RENDER_TASK, change_status, locked, notify_version


@transaction.atomic
def minutes_circulate(*, minutes: Minutes, actor) -> Minutes:
    """The Secretariat circulates approved minutes to current members and observers.

    Requires draft_minutes and APPROVED. Grants `view_minutes` to the member and observer role groups
    and tells each representative once per version (a correction's e-mail says what changed).
    """
    minutes = locked(minutes)
    permissions.require(actor, "draft_minutes", minutes)
    change_status(minutes, Minutes.Status.CIRCULATED, actor=actor, from_status=Minutes.Status.APPROVED)
    version = minutes.versions.get(number=minutes.latest_version_number)
    correction = minutes.circulated_version_id is not None
    minutes.circulated_version = version
    minutes.circulated_at = timezone.now()
    minutes.save(update_fields=["status", "circulated_version", "circulated_at", "updated_at"])
    circulation.circulate(minutes)
    notify_version(
        minutes,
        version,
        "circulated",
        actor=actor,
        recipients=[rep.user for rep in circulation.circulation_recipients(minutes.working_group)],
        context={"correction": correction, "changes": version.change_summary},
        correction=correction,
    )
    return minutes


def _render_in(minutes: Minutes, version: MinutesVersion, language: str) -> bytes:
    """The version's PDF with its fixed text (headings, attendance line, dates) in `language`; the
    texts are the group's as written. On the group's clock."""
    with translation.override(language), group_time(minutes.working_group):
        html = render_to_string("minutes/pdf/minutes.html", selectors.minutes_document(minutes, version))
    return render_pdf(html)


def minutes_render_pdf(*, version: MinutesVersion) -> MinutesVersion:
    """Render one version's PDF into storage (minutes/<group>/<meeting>/v<n>.pdf, in the group's
    language) and one copy per other interface language (v<n>.<language>.pdf), so each reader gets
    the fixed text in their language (`minutes_download`). Safe to run twice: a second run overwrites
    the same files."""
    minutes = version.minutes
    group_language = minutes.working_group.language
    pdf = _render_in(minutes, version, group_language)
    # The field's upload_to adds "minutes/"; the storage name is what exists() and delete() see.
    name = f"{minutes.working_group.slug}/{minutes.meeting_id}/v{version.number}.pdf"
    storage = version.pdf.storage
    stored_name = version.pdf.field.generate_filename(version, name)
    for language in other_languages(group_language):
        variant = language_copy_name(stored_name, language)
        if storage.exists(variant):
            storage.delete(variant)
        storage.save(variant, ContentFile(_render_in(minutes, version, language)))
    if storage.exists(stored_name):
        storage.delete(stored_name)
    version.pdf.save(name, ContentFile(pdf), save=False)
    version.pdf_rendered_at = timezone.now()
    version.save(update_fields=["pdf", "pdf_rendered_at"])
    return version


def _pdf_for(minutes: Minutes, version: MinutesVersion, user) -> bytes:
    """The rendered copy in the reader's language (their choice, else the group's); the group's copy
    when that language has none (a version rendered before the copies existed)."""
    group_language = minutes.working_group.language
    return read_in_language(version.pdf, language_of(user, default=group_language), group_language)


def minutes_download(*, minutes: Minutes, version: MinutesVersion, user) -> bytes | None:
    """The stamped copy of `version` for `user`, logged; None if the PDF is not rendered yet (it is queued)."""
    if not version.pdf_rendered_at or not version.pdf:
        enqueue_on_commit(RENDER_TASK, version.pk)
        return None
    pdf = _pdf_for(minutes, version, user)
    stamped = circulation.stamped_copy(pdf, user=user, working_group=minutes.working_group)
    circulation.log_download(document=minutes, user=user, working_group=minutes.working_group, version=version.number)
    return stamped


def minutes_log_view(*, minutes: Minutes, version: MinutesVersion | None, user) -> None:
    """Log that `user` read `minutes` on screen (the circulated `version`, or the draft when None)."""
    circulation.log_view(
        document=minutes, user=user, working_group=minutes.working_group, version=version.number if version else None
    )
