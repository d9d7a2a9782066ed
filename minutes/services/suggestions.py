"""The check's suggested wording applied from the check page in one click: the replacement the editor's
"Apply" makes (the name, with a definite article before it, becomes the neutral wording), saved through the
field's own service as the editor's save would be."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from vpwg import permissions

from ..exceptions import StaleSuggestion
from ..models import FollowUpAction, Minutes, PublicSummary
from ..rendering import FIELDS
from ._common import locked
from .actions import action_update
from .attribution import ACTION_FIELD, attribution_checker
from .drafting import minutes_save_draft
from .summaries import summary_save

SUMMARY_KEY = "summary"  # attribution_documents' section key for the public summary's title and text


@transaction.atomic
def attribution_apply_suggestion(
    *, minutes: Minutes, actor, section_key: str, field: str, start: int, end: int, matched: str, suggestion: str
) -> Minutes | FollowUpAction | PublicSummary:
    """Put the check's neutral wording in place of one mention and save the field.

    The mention is the one the check page listed: its field (`section_key`, `field`), its span (`start`,
    `end`, in code points of the saved text), the words there (`matched`) and the wording offered. The
    check runs again on the text as saved now; when it no longer finds that mention with that wording (the
    text changed since the check), StaleSuggestion is raised and nothing changes.

    Saved through the field's own service, whose rules apply (draft_minutes; a text still editable):
    minutes_save_draft for a section (a new revision, as the editor's save, so an editor still open on the
    older one is told someone else saved), action_update for a follow-up action, summary_save for the
    public summary. Returns what that service returns (with `invisible_removed`).
    """
    minutes = locked(minutes)
    permissions.require(actor, "draft_minutes", minutes)
    spot = (section_key, field, start, end, matched, suggestion)
    if section_key == SUMMARY_KEY and field in ("title", "text"):
        summary = PublicSummary.objects.select_for_update().filter(minutes=minutes).first()
        if summary is None:
            raise _stale(matched)
        texts = {"title": summary.title, "text": summary.text}
        texts[field] = _replaced(minutes, texts[field], spot)
        return summary_save(minutes=minutes, actor=actor, **texts)
    if section_key.startswith("action-") and field == ACTION_FIELD:
        number = section_key.removeprefix("action-")
        actions = FollowUpAction.objects.select_for_update().filter(minutes=minutes)
        action = actions.filter(pk=number).first() if number.isdigit() else None
        if action is None:
            raise _stale(matched)
        return action_update(action=action, actor=actor, description=_replaced(minutes, action.description, spot))
    section = next((s for s in minutes.sections if s["key"] == section_key), None)
    if section is None or field not in FIELDS:
        raise _stale(matched)
    text = _replaced(minutes, section.get(field, "") or "", spot)
    return minutes_save_draft(
        minutes=minutes, actor=actor, revision=minutes.revision, texts={section_key: {field: text}}
    )


def _replaced(minutes: Minutes, text: str, spot: tuple) -> str:
    """`text` with the mention at `spot` replaced as the editor's "Apply" does (StaleSuggestion if the
    check no longer finds it there with that wording)."""
    section_key, field, start, end, matched, suggestion = spot
    for hit in attribution_checker(minutes).find(text, section=section_key, field=field):
        if (hit.start, hit.end, hit.matched, hit.suggestion) == (start, end, matched, suggestion) and suggestion:
            return text[: hit.replace_start] + hit.suggestion + text[hit.replace_end :]
    raise _stale(matched)


def _stale(matched: str) -> StaleSuggestion:
    return StaleSuggestion(
        _(
            "The text changed since the check: “%(name)s” is not where it was, so nothing was replaced. "
            "The check below reads the text as it is now."
        )
        % {"name": matched}
    )
