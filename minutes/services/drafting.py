"""Drafting: the Secretariat starts the minutes of a held meeting, edits the draft, and opens a
correction of circulated minutes (a new draft that goes through approval again)."""

from __future__ import annotations

from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from meetings.models import Meeting
from vpwg import permissions
from vpwg.audit import audit_record

from ..attribution import strip_invisible
from ..exceptions import MinutesError, StaleRevision, TransitionNotAllowed
from ..models import Minutes
from ..rendering import CLOSING, FIELDS, OPENING
from ._common import change_status, locked

# Closing sections after the agenda items (minutes/rendering.py: shown in the reader's language).
CLOSING_SECTIONS = CLOSING


def _section(key: str, title: str, agenda_item_id: int | None = None) -> dict:
    return {"key": key, "title": title, "agenda_item_id": agenda_item_id, "summary": "", "agreements": ""}


@transaction.atomic
def minutes_start(*, meeting: Meeting, actor) -> Minutes:
    """Create the draft minutes of a held meeting (one section per agenda item plus general ones).

    Requires draft_minutes. Idempotent: a meeting that has minutes returns them. Once they exist the
    meetings reminder sweep stops asking the Secretariat for them (it reads `meeting.minutes`).
    """
    permissions.require(actor, "draft_minutes", meeting.working_group)
    existing = Minutes.objects.filter(meeting=meeting).first()
    if existing is not None:
        return existing
    if meeting.status != Meeting.Status.HELD:
        raise MinutesError(_("Minutes can only be drafted for a meeting that was held."))
    with translation.override(meeting.working_group.language):  # stored as the document's language has them
        sections = [_section(OPENING[0], _(OPENING[1]))]
        for item in meeting.agenda_items.order_by("position"):
            sections.append(_section(f"item-{item.pk}", f"{item.position}. {item.title}", item.pk))
        sections += [_section(key, _(title)) for key, title in CLOSING_SECTIONS]
    minutes = Minutes.objects.create(
        working_group=meeting.working_group, meeting=meeting, sections=sections, created_by=actor
    )
    audit_record(action="minutes.started", actor=actor, target=minutes, working_group=meeting.working_group)
    return minutes


@transaction.atomic
def minutes_save_draft(
    *, minutes: Minutes, actor, revision: int, texts: dict, list_attendees: bool | None = None
) -> Minutes:
    """Save the draft's section texts (`texts`: {section key: {"summary": ..., "agreements": ...}}).

    Requires draft_minutes and DRAFT or CHANGES_REQUESTED (Minutes.EDITABLE). `revision` is the one the
    editor started from: if someone saved since, StaleRevision is raised and nothing changes (the caller
    shows the person their own text).
    Invisible and text-direction control characters are removed (they can hide a name from the check);
    the returned minutes carry how many in `invisible_removed`, for the view to tell the author.
    """
    minutes = locked(minutes)
    permissions.require(actor, "draft_minutes", minutes)
    if not minutes.is_editable:
        raise TransitionNotAllowed(_("These minutes are not a draft any more; they cannot be edited."))
    if revision != minutes.revision:
        raise StaleRevision(
            _(
                "Someone else saved these minutes while you were editing. Your text was not saved: it is shown "
                "below next to the saved version so you can merge the two."
            )
        )
    removed = 0
    for section in minutes.sections:
        if section["key"] in texts:
            for field in FIELDS:
                if field in texts[section["key"]]:
                    section[field], count = strip_invisible(texts[section["key"]][field].replace("\r\n", "\n"))
                    removed += count
    if list_attendees is not None:
        minutes.list_attendees = list_attendees
    minutes.revision += 1
    minutes.save(update_fields=["sections", "list_attendees", "revision", "updated_at"])
    minutes.invisible_removed = removed
    return minutes


@transaction.atomic
def minutes_start_correction(*, minutes: Minutes, actor, note: str) -> Minutes:
    """Open a correction of circulated minutes: a new draft (from the circulated text) that goes
    through approval again. Members keep reading the circulated version meanwhile.

    Requires draft_minutes, CIRCULATED and a note saying what is corrected.
    """
    minutes = locked(minutes)
    permissions.require(actor, "draft_minutes", minutes)
    if not note.strip():
        raise MinutesError(_("Say what needs correcting."))
    change_status(minutes, Minutes.Status.DRAFT, actor=actor, note=note.strip(), from_status=Minutes.Status.CIRCULATED)
    minutes.sections = minutes.circulated_version.sections
    minutes.revision += 1
    minutes.save(update_fields=["status", "sections", "revision", "updated_at"])
    audit_record(
        action="minutes.correction_started",
        actor=actor,
        target=minutes,
        working_group=minutes.working_group,
        reason=note.strip(),
    )
    return minutes
