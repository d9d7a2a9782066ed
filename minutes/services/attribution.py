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
from ..attribution import Checker
from ..exceptions import AttributionUnresolved, MinutesError
from ..models import AttributionAcceptance, Minutes
from ..rendering import FIELDS


def attribution_check(minutes: Minutes, *, scope: str = AttributionAcceptance.Scope.MINUTES) -> list[dict]:
    """Every hit of the check on the draft (or the public summary), each with its acceptance or None."""
    checker = Checker(selectors.attribution_names(minutes))
    if scope == AttributionAcceptance.Scope.SUMMARY:
        summary = getattr(minutes, "public_summary", None)
        documents = [("summary", _("Public summary"), "text", summary.text if summary else "")]
        if summary:
            documents.append(("summary", _("Public summary"), "title", summary.title))
    else:
        documents = [
            (section["key"], section["title"], field, section.get(field, ""))
            for section in minutes.sections
            for field in FIELDS
        ]
    acceptances = list(minutes.acceptances.filter(scope=scope))
    results = []
    for key, title, field, text in documents:
        for hit in checker.find(text, section=key, field=field):
            accepted = next((a for a in acceptances if _covers(a, hit)), None)
            results.append({"hit": hit, "section_title": title, "acceptance": accepted})
    return results


def _covers(acceptance: AttributionAcceptance, hit) -> bool:
    if acceptance.term != hit.term:
        return False
    if acceptance.covers_every_occurrence:
        return True
    return (acceptance.section_key, acceptance.field, acceptance.occurrence) == (hit.section, hit.field, hit.occurrence)


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
