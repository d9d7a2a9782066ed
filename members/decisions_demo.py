"""Demo decisions of the Peru group (`demo_data/decisions.json`): a decision register with past
Coordination Group decisions (an admission proposal not adopted, then the rejection adopted) and
closed written procedures, and one written procedure open now, with votes and an observer's comment.

Everything goes through the services (the rules count the votes, the transitions apply them), then the
dates are set back to the file's. Idempotent: applications and procedures are found by name first.
"""

import json
from datetime import date, datetime, time, timedelta
from pathlib import Path

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from . import services
from .models import (
    ApplicationEvent,
    Decision,
    DecisionKind,
    DecisionVote,
    MembershipApplication,
    ProcedureVote,
    WorkingGroup,
    WrittenProcedure,
)

User = get_user_model()


def _data() -> dict:
    return json.loads((Path(__file__).parent / "demo_data" / "decisions.json").read_text(encoding="utf-8"))


def _user(login: str):
    return User.objects.get(email=f"{login}@peru.example.org")


def _at(group: WorkingGroup, day: str, hour: int = 10) -> datetime:
    return timezone.make_aware(datetime.combine(date.fromisoformat(day), time(hour)), group.tzinfo)


def _application(group: WorkingGroup, row: dict) -> None:
    if MembershipApplication.objects.filter(working_group=group, institution_name=row["institution_name"]).exists():
        return
    fields = {key: value for key, value in row.items() if key != "decisions"}
    application = services.application_submit(
        working_group=group, data={"institution_country": group.country, "criterion_vps_member": "", **fields}
    )
    first = _at(group, row["decisions"][0]["on"], 9) - timedelta(days=20)
    MembershipApplication.objects.filter(pk=application.pk).update(created_at=first)
    ApplicationEvent.objects.filter(application=application).update(created_at=first)
    for step in row["decisions"]:
        decision = services.decision_open(
            working_group=group,
            kind=DecisionKind.ADMISSION,
            subject=application,
            actor=_user(step["opened_by"]),
            reason=step["reason"],
            proposal=step["proposal"],
        )
        for login, choice, reason in step["votes"]:
            if login != step["opened_by"]:
                services.decision_vote(decision=decision, actor=_user(login), choice=choice, reason=reason)
            DecisionVote.objects.filter(decision=decision, voter=_user(login)).update(reason=reason)
        opened, closed = _at(group, step["on"]), _at(group, step["closed_on"], 17)
        Decision.objects.filter(pk=decision.pk).update(
            created_at=opened, deadline=opened + timedelta(days=14), closed_at=closed, applied_at=None
        )
        DecisionVote.objects.filter(decision=decision).update(created_at=opened, updated_at=opened)
    MembershipApplication.objects.filter(pk=application.pk, decided_at__isnull=False).update(decided_at=closed)
    ApplicationEvent.objects.filter(application=application, kind=ApplicationEvent.Kind.DECIDED).update(
        created_at=closed
    )


def _procedure(group: WorkingGroup, row: dict, *, open_now: bool = False) -> None:
    if WrittenProcedure.objects.filter(working_group=group, title=row["title"]).exists():
        return
    now = timezone.now()
    procedure = services.procedure_open(
        working_group=group,
        actor=_user(row["opened_by"]),
        title=row["title"],
        text=row["text"],
        deadline=now + timedelta(days=row.get("days", 14)),
        rule=row["rule"],
        accept_mentions=True,  # the demo's texts were checked by hand: "Cusco" and "Apurímac" are places
    )
    for login, choice, reason in row.get("votes", []):
        services.procedure_vote(procedure=procedure, actor=_user(login), choice=choice, reason=reason)
    for login, text in row.get("comments", []):
        services.procedure_comment(procedure=procedure, actor=_user(login), text=text)
    if open_now:
        return
    closed_early = not WrittenProcedure.objects.get(pk=procedure.pk).is_open  # its outcome was settled by a vote
    services.procedures_close_due(now=procedure.deadline + timedelta(minutes=1))
    opened, deadline = _at(group, row["on"], 9), _at(group, row["deadline"], 18)
    WrittenProcedure.objects.filter(pk=procedure.pk).update(
        created_at=opened, deadline=deadline, closed_at=opened + timedelta(days=5) if closed_early else deadline
    )
    ProcedureVote.objects.filter(procedure=procedure).update(created_at=opened + timedelta(days=2))


@transaction.atomic
def load_decisions_demo() -> None:
    """Runs after the members demo (load_demo's loaders)."""
    data = _data()
    group = WorkingGroup.objects.get(slug=data["group"])
    for row in data["applications"]:
        _application(group, row)
    for row in data["procedures"]:
        _procedure(group, row)
    _procedure(group, data["open_procedure"], open_now=True)
