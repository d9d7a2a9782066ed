"""The decision register: Coordination Group decisions and written procedures.

Who reads a decision follows members/permissions.py (`can_see_decision`): the Secretariat and the
Coordination Group every decision (`decisions.runners`); once closed with an outcome the register makes
public, everyone in the group (`decisions.public`); until then, besides them, only the representatives
of the institution concerned (`decisions.concerned`). The votes are never indexed. Written procedures
are read by everyone in the group, as their pages are.
"""

from __future__ import annotations

from members.decision_hooks import subject_for
from members.models import Decision, WrittenProcedure
from vpwg.permissions import Role

from ..models import Kind
from . import Entry, Source, group_url, plain

RUNNERS, PUBLIC, CONCERNED, GROUP = "decisions.runners", "decisions.public", "decisions.concerned", "group"


def _is_public(decision: Decision) -> bool:
    subject = subject_for(decision.kind)
    return not decision.is_open and (subject is None or bool(subject.public(decision)))


def build_decision(decision: Decision) -> list[Entry]:
    body = plain(decision.get_kind_display(), decision.get_status_display(), decision.reason, decision.outcome_note)
    url = group_url("members:decision-detail", decision.working_group, decision_id=decision.pk)
    year = decision.created_at.year if decision.created_at else None
    audiences = [RUNNERS]
    if _is_public(decision):
        audiences.append(PUBLIC)
    elif decision.subject_type.model == "membership":
        audiences.append(CONCERNED)
    return [Entry(Kind.DECISION, audience, decision.subject_label, body, url, year) for audience in audiences]


def build_procedure(procedure: WrittenProcedure) -> list[Entry]:
    body = plain(procedure.get_status_display(), procedure.text, procedure.outcome_note)
    url = group_url("members:procedure-detail", procedure.working_group, procedure_id=procedure.pk)
    year = procedure.created_at.year if procedure.created_at else None
    return [Entry(Kind.DECISION, GROUP, procedure.title, body, url, year)]


def _runs(access) -> bool:
    return access.has_role(Role.SECRETARIAT, Role.COORDINATION)


def resolve_concerned(access):
    if _runs(access) or not access.institution_ids:
        return False
    return Decision.objects.filter(
        working_group=access.working_group, subject_type__model="membership", subject_id__in=access.institution_ids
    ).values("pk")


SOURCES = [
    Source(
        model=Decision,
        build=build_decision,
        queryset=lambda: Decision.objects.select_related("working_group", "subject_type"),
        group_path="working_group",
    ),
    Source(
        model=WrittenProcedure,
        build=build_procedure,
        queryset=lambda: WrittenProcedure.objects.select_related("working_group"),
        group_path="working_group",
    ),
]

AUDIENCES = {
    RUNNERS: _runs,
    PUBLIC: lambda access: access.can("view_group") and not _runs(access),
    CONCERNED: resolve_concerned,
}
