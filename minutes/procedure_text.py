"""The non-attribution check and the Markdown renderer, lent to the members app's written procedures
(members sits below minutes and may not import it: members.decision_hooks.register_text_tools).

A written procedure goes to every member of the group, so the check looks for every current member's
and observer's institution and representative, and the Coordination Group's and Secretariat's people.
"""

from __future__ import annotations

from members import roles
from members.models import Membership, Representative, WorkingGroup

from .attribution import Checker, from_institution, from_user
from .rendering import render_markdown


def procedure_names(working_group: WorkingGroup) -> list:
    """The participants a reader could recognise in a proposal sent to the whole group (two queries)."""
    names = []
    memberships = Membership.objects.current().filter(working_group=working_group).select_related("institution")
    for membership in memberships:
        names.append(
            from_institution(membership.institution, pillar=membership.pillar, host_country=working_group.country)
        )
    representatives = (
        Representative.objects.active()
        .filter(working_group=working_group, membership__status__in=Membership.PARTICIPATING)
        .select_related("user", "membership__institution")
    )
    names.extend(
        from_user(rep.user, institution=rep.membership.institution, pillar=rep.membership.pillar)
        for rep in representatives
    )
    names.extend(from_user(user) for user in roles.secretariat_staff(working_group))
    return names


def procedure_text_check(working_group: WorkingGroup, text: str) -> list[dict]:
    """Every mention in `text`: what matched, its sentence, the neutral wording to use, its severity."""
    checker = Checker(procedure_names(working_group), languages=working_group.language)
    return [
        {
            "matched": hit.matched,
            "sentence": hit.sentence or hit.context,
            "suggestion": hit.suggestion,
            "severity": hit.severity,
        }
        for hit in checker.find(text)
    ]


def register() -> None:
    """Called from MinutesConfig.ready()."""
    from members.decision_hooks import register_text_tools

    register_text_tools(check=procedure_text_check, render=render_markdown)
