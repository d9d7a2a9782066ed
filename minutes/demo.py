"""Demo minutes for the Peru group: circulated minutes for the held plenaries (Chatham House text: what
was discussed, never who said it), a few follow-up actions, and a draft awaiting review for the
latest held plenary. The texts are in `demo_data/minutes.json`. Idempotent: a meeting that has
minutes is left alone. PDFs are rendered by the worker or on first download.
"""

import json
from datetime import timedelta
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from meetings.models import Meeting
from members import roles
from members.models import Membership, WorkingGroup

from . import services
from .models import AttributionAcceptance, Minutes

CIRCULATED_AFTER_DAYS = 14


def _minutes_data() -> dict:
    return json.loads((Path(__file__).parent / "demo_data" / "minutes.json").read_text(encoding="utf-8"))


def _text_for(section: dict, data: dict) -> dict:
    """The demo text of a minutes section: the first entry whose `match` is in its title or is its key."""
    title = section["title"].lower()
    for text in data["sections"]:
        if text["match"] in title or text["match"] == section["key"]:
            return {"summary": text["summary"], "agreements": text["agreements"]}
    return dict(data["unmatched_section"])


@transaction.atomic
def load_minutes_demo() -> None:
    group = WorkingGroup.objects.filter(slug="peru").first()
    if group is None:
        return
    staff = roles.secretariat_staff(group)
    secretariat = staff[0] if staff else None
    reviewers = list(roles.coordination_members(group))
    if secretariat is None or not reviewers:
        return
    held = list(
        Meeting.objects.filter(working_group=group, kind=Meeting.Kind.PLENARY, status=Meeting.Status.HELD).order_by(
            "starts_at"
        )
    )
    data = _minutes_data()
    institutions = list(Membership.objects.current().filter(working_group=group).select_related("institution"))
    for index, meeting in enumerate(held):
        if Minutes.objects.filter(meeting=meeting).exists():
            continue
        minutes = services.minutes_start(meeting=meeting, actor=secretariat)
        texts = {section["key"]: _text_for(section, data) for section in minutes.sections}
        services.minutes_save_draft(minutes=minutes, actor=secretariat, revision=minutes.revision, texts=texts)
        # The Secretariat names itself as convenor: an accepted mention, recorded with its reason.
        for result in services.attribution_check(minutes):
            if result["acceptance"] is None:
                services.attribution_accept(
                    minutes=minutes,
                    actor=secretariat,
                    term=result["hit"].term,
                    reason=data["accepted_mention_reason"],
                    scope=AttributionAcceptance.Scope.MINUTES,
                )
        if institutions:
            services.action_add(
                minutes=minutes,
                actor=secretariat,
                description=data["action"],
                institution=institutions[index % len(institutions)],
                due_on=meeting.starts_at.date() + timedelta(days=data["action_due_days"]),
            )
        services.minutes_submit(minutes=minutes, actor=secretariat)
        if meeting is held[-1]:
            continue  # the latest plenary's draft awaits the Coordination Group
        for reviewer in reviewers:
            minutes.refresh_from_db()
            if minutes.status == Minutes.Status.SUBMITTED:
                services.minutes_approve(minutes=minutes, actor=reviewer)
        minutes.refresh_from_db()
        if minutes.status == Minutes.Status.APPROVED:
            services.minutes_circulate(minutes=minutes, actor=secretariat)
            _as_circulated_after(minutes, meeting)


def _as_circulated_after(minutes: Minutes, meeting: Meeting) -> None:
    """The demo's history is loaded today: date its circulation two weeks after the plenary, as a
    Secretariat on time would have (the network's figures count minutes circulated on time)."""
    when = min(meeting.ends_at + timedelta(days=CIRCULATED_AFTER_DAYS), timezone.now())
    Minutes.objects.filter(pk=minutes.pk).update(circulated_at=when)
    minutes.history.filter(to_status=Minutes.Status.CIRCULATED).update(created_at=when)
