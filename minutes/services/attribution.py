"""The service side of the non-attribution check: list what the check finds in the draft (or the
public summary), record the mentions the Secretariat accepts, and refuse a submission while any
hit is neither fixed nor accepted. The matching itself is `minutes.attribution.Checker`."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from vpwg import permissions
from vpwg.audit import audit_record

from .. import selectors
from ..attribution import Checker, accepted_by
from ..exceptions import AttributionUnresolved, MinutesError
from ..models import AttributionAcceptance, FollowUpAction, Minutes
from ..rendering import FIELDS, section_title

ACTION_FIELD = "description"  # the field of a follow-up action the check reads (section key "action-<pk>")


def attribution_checker(minutes: Minutes) -> Checker:
    """The compiled check for this meeting's participants, in the group's language (three queries; the
    compiled pattern is cached, so checking again as the author types compiles nothing)."""
    return Checker(selectors.attribution_names(minutes), languages=minutes.working_group.language)


def action_section_key(action: FollowUpAction) -> str:
    return f"action-{action.pk}"


def attribution_documents(minutes: Minutes, scope: str = AttributionAcceptance.Scope.MINUTES) -> list[tuple]:
    """What the check reads, as (section key, section title, field, text): the sections and the
    follow-up actions' descriptions (one query) for the minutes; the title and text of the public summary."""
    if scope == AttributionAcceptance.Scope.SUMMARY:
        summary = getattr(minutes, "public_summary", None)
        if summary is None:
            return []
        return [
            ("summary", _("Public summary"), "title", summary.title),
            ("summary", _("Public summary"), "text", summary.text),
        ]
    documents = [
        (section["key"], section_title(section), field, section.get(field, "") or "")
        for section in minutes.sections
        for field in FIELDS
    ]
    for number, action in enumerate(minutes.actions.order_by("due_on", "pk").only("pk", "description"), start=1):
        title = _("Follow-up action %(number)s") % {"number": number}
        documents.append((action_section_key(action), title, ACTION_FIELD, action.description))
    return documents


def attribution_check(
    minutes: Minutes, *, scope: str = AttributionAcceptance.Scope.MINUTES, checker: Checker | None = None
) -> list[dict]:
    """Every hit of the check on the draft (or the public summary), each with its acceptance or None:
    [{"hit", "section_title", "acceptance"}] in the order of the text."""
    return attribution_check_texts(minutes, attribution_documents(minutes, scope), scope=scope, checker=checker)


def attribution_check_texts(
    minutes: Minutes, documents: list[tuple], *, scope: str = AttributionAcceptance.Scope.MINUTES, checker=None
) -> list[dict]:
    """The check on texts not saved yet (the editor, as the author types): `documents` as in
    attribution_documents. Hits already accepted carry their acceptance."""
    checker = checker or attribution_checker(minutes)
    acceptances = list(minutes.acceptances.filter(scope=scope))
    results = []
    for key, title, field, text in documents:
        for hit in checker.find(text, section=key, field=field):
            accepted = accepted_by(hit, acceptances)
            results.append({"hit": hit, "section_title": title, "acceptance": accepted})
    return results


@transaction.atomic
def attribution_accept(
    *,
    minutes: Minutes,
    actor,
    term: str,
    reason: str,
    section_key: str = "",
    field: str = "",
    occurrence: int | None = None,
    scope: str = AttributionAcceptance.Scope.MINUTES,
) -> AttributionAcceptance:
    """Record that a mention is acceptable (e.g. the Secretariat naming itself as convenor).

    Requires draft_minutes and a reason. Without `section_key` it covers every occurrence of `term`.
    """
    permissions.require(actor, "draft_minutes", minutes)
    if not reason.strip():
        raise MinutesError(_("Say why this mention is acceptable."))
    acceptance = AttributionAcceptance.objects.create(
        minutes=minutes,
        scope=scope,
        term=term,
        section_key=section_key,
        field=field if section_key else "",
        occurrence=occurrence if section_key else None,
        reason=reason.strip(),
        actor=actor,
    )
    audit_record(
        action="minutes.attribution_accepted",
        actor=actor,
        target=minutes,
        working_group=minutes.working_group,
        reason=reason.strip(),
        term=term,
        scope=scope,
        section=section_key,
        occurrence=occurrence,
    )
    return acceptance


def require_no_unresolved(minutes: Minutes, scope: str) -> None:
    """Raise AttributionUnresolved while the check lists a hit that is neither fixed nor accepted."""
    unresolved = [r for r in attribution_check(minutes, scope=scope) if r["acceptance"] is None]
    if unresolved:
        raise AttributionUnresolved(
            ngettext(
                "The non-attribution check found %(count)s mention of a participant that is neither fixed nor "
                "accepted. Fix or accept it first.",
                "The non-attribution check found %(count)s mentions of participants that are neither fixed nor "
                "accepted. Fix or accept each one first.",
                len(unresolved),
            )
            % {"count": len(unresolved)}
        )
