"""Decisions, written procedures and the decision register (issue 14), in every state. Objects are made
afresh for each case in the target group (A): the matrix world's Coordination Group is its one civil
society seat, so a proposal through the service would be adopted at once; open decisions are rows."""

from datetime import timedelta

from django.core.files.base import ContentFile
from django.utils import timezone

from members.models import Decision, WrittenProcedure

from . import LOGIN, Row, everyone, only

PDF = b"%PDF-1.4\n% matrix\n"
DECIDERS = {"coordination", "secretariat"}  # those who follow every decision


def _decision(world, *, kind="suspension", status="open", subject=None, proposal=""):
    subject = subject or world.objects["company"]
    closed = status != "open"
    return Decision.objects.create(
        working_group=world.group,
        kind=kind,
        subject=subject,
        subject_label=str(subject)[:200],
        proposal=proposal,
        rule="one_per_pillar",
        reason="Decided in the matrix",
        opened_by=world.users["coordination"],
        deadline=timezone.now() + timedelta(days=7),
        status=status,
        closed_at=timezone.now() if closed else None,
    )


def _open(world):
    return {"decision_id": _decision(world).pk}


def _adopted_warning(world):
    return {"decision_id": _decision(world, kind="warning", status="adopted").pk}


def _rejected_admission(world):
    decision = _decision(
        world, kind="admission", status="rejected", subject=world.objects["application"], proposal="admit_member"
    )
    return {"decision_id": decision.pk}


def _procedure(world, *, status="open", attachment=False):
    procedure = WrittenProcedure.objects.create(
        working_group=world.group,
        title="Venue of the next plenary",
        text="Cusco, in March.",
        deadline=timezone.now() + timedelta(days=7),
        rule="majority",
        opened_by=world.users["secretariat"],
        status=status,
        closed_at=None if status == "open" else timezone.now(),
    )
    if attachment:
        procedure.attachment.save("proposal.pdf", ContentFile(PDF))
    return {"procedure_id": procedure.pk}


def _procedure_data(world):
    deadline = timezone.localtime(timezone.now() + timedelta(days=5)).strftime("%Y-%m-%dT%H:%M")
    return {
        "title": "Statement on the new law",
        "text": "The group welcomes it.",
        "deadline": deadline,
        "rule": "silence",
        "tally_visibility": "after_vote",
    }


def _rule_data(world):
    return {"kind": "warning", "rule": "majority", "days": 10, "reason": "Plenary", "decided_on": "2026-01-10"}


VOTE = {"choice": "agree", "reason": "Matrix vote"}
# The open suspension of the company: the company's own representative (member) sees it, as the
# institution concerned; observers and administrators do not (it is not public until decided).
OPEN_DECISION = {**everyone(200), "observer": 404, "admin": 404}

ROWS = [
    Row("members:decision-register", everyone(200)),
    Row("members:decision-detail", OPEN_DECISION, kwargs=_open, label="open"),
    Row("members:decision-detail", everyone(200), kwargs=_adopted_warning, label="adopted public"),
    Row(
        "members:decision-detail",
        {**only(DECIDERS, others=404)},
        kwargs=_rejected_admission,
        label="rejected admission",
    ),
    Row("members:decision-vote", {**OPEN_DECISION, "member": 403, "secretariat": 403}, kwargs=_open, label="open"),
    Row(
        "members:decision-vote",
        {**OPEN_DECISION, "member": 403, "secretariat": 403, "coordination": 302},
        kwargs=_open,
        method="post",
        data=lambda world: VOTE,
        label="open",
    ),
    # A closed decision refuses the vote with a message to those who follow it; others may not vote at all.
    Row(
        "members:decision-vote",
        {**only(DECIDERS, 302)},
        kwargs=_adopted_warning,
        method="post",
        data=lambda world: VOTE,
        label="adopted",
    ),
    Row("members:decision-rules-edit", only({"admin"})),
    Row("members:decision-rules-edit", only({"admin"}, 302), method="post", data=_rule_data),
    Row("members:procedure-list", everyone(200)),
    Row("members:procedure-open", only(DECIDERS)),
    Row("members:procedure-open", only(DECIDERS, 302), method="post", data=_procedure_data),
    Row("members:procedure-detail", everyone(200), kwargs=lambda world: _procedure(world), label="open"),
    Row(
        "members:procedure-detail",
        everyone(200),
        kwargs=lambda world: _procedure(world, status="adopted"),
        label="adopted",
    ),
    Row("members:procedure-vote", everyone(200), kwargs=lambda world: _procedure(world), label="open"),
    # Every refusal (an observer, the Secretariat, a second vote, a closed procedure) is a message.
    *[
        Row(
            "members:procedure-vote",
            everyone(302),
            kwargs=lambda world, status=status: _procedure(world, status=status),
            method="post",
            data=lambda world: {"choice": "agree"},
            label=status,
        )
        for status in ("open", "rejected")
    ],
    Row(
        "members:procedure-comment",
        {**everyone(302), "admin": 403},
        kwargs=lambda world: _procedure(world),
        method="post",
        data=lambda world: {"text": "A comment"},
        label="open",
    ),
    Row(
        "members:procedure-comment",
        {**everyone(403), "anonymous": LOGIN, "outsider": 404},
        kwargs=lambda world: _procedure(world, status="adopted"),
        method="post",
        data=lambda world: {"text": "Too late"},
        label="closed",
    ),
    Row(
        "members:procedure-attachment",
        everyone(200),
        kwargs=lambda world: _procedure(world, attachment=True),
        label="with attachment",
    ),
    Row(
        "members:procedure-attachment",
        {**everyone(404), "anonymous": LOGIN},
        kwargs=lambda world: _procedure(world),
        label="none",
    ),
]
