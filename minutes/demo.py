"""Demo minutes for the Peru group: circulated minutes for the held plenaries (Chatham House text: what
was discussed, never who said it), a few follow-up actions, and a draft awaiting review for the
latest held plenary. Idempotent: a meeting that has minutes is left alone. PDFs are rendered by the
worker or on first download.
"""

from datetime import timedelta

from django.db import transaction

from meetings.models import Meeting
from members.models import Membership, SecretariatTerm, WorkingGroup

from . import services
from .models import AttributionAcceptance, Minutes

TEXTS = {
    "opening": (
        "The Secretariat opened the session, recalled that the meeting is held under the Chatham House Rule "
        "and presented the agenda agreed at the previous plenary.",
        "",
    ),
    "private security": (
        "Participants discussed the draft law on private security companies. Several participants stressed "
        "that vetting of guards and the registration of weapons remain weak outside Lima. One participant "
        "noted that subcontracting chains make it hard to know who is responsible for training.",
        "- The group will prepare joint comments on the draft law.\n- Companies will share their vetting criteria.",
    ),
    "use of force": (
        "A presentation summarised national legislation on the use of force and how it applies to police "
        "officers providing security to extractive operations. The discussion focused on proportionality "
        "and on the reporting of incidents.",
        "- Compile the applicable norms in a short guide for members.",
    ),
    "agreements": (
        "Participants exchanged views on agreements between the national police and extractive companies: "
        "transparency of their terms, oversight, and how communities can raise grievances.",
        "- Request a briefing on the model agreement from the competent authority.",
    ),
    "conflicts": (
        "The group reviewed recent social conflicts near mine sites and the role of dialogue tables.",
        "",
    ),
    "other": ("No other business was raised.", ""),
    "next": ("The next plenary will take place in three months; topics and guests were agreed.", ""),
}


def _text_for(section: dict) -> tuple[str, str]:
    title = section["title"].lower()
    for key, value in TEXTS.items():
        if key in title or key == section["key"]:
            return value
    return (
        "Participants discussed the item and shared experiences from their institutions' operations, "
        "without reaching specific agreements.",
        "",
    )


@transaction.atomic
def load_minutes_demo() -> None:
    group = WorkingGroup.objects.filter(slug="peru").first()
    if group is None:
        return
    term = SecretariatTerm.objects.filter(working_group=group).prefetch_related("staff").first()
    secretariat = term.staff.first() if term else None
    reviewers = list(services.coordination_members(group))
    if secretariat is None or not reviewers:
        return
    held = list(
        Meeting.objects.filter(working_group=group, kind=Meeting.Kind.PLENARY, status=Meeting.Status.HELD).order_by(
            "starts_at"
        )
    )
    institutions = list(Membership.objects.current().filter(working_group=group).select_related("institution"))
    for index, meeting in enumerate(held):
        if Minutes.objects.filter(meeting=meeting).exists():
            continue
        minutes = services.minutes_start(meeting=meeting, actor=secretariat)
        texts = {}
        for section in minutes.sections:
            summary, agreements = _text_for(section)
            texts[section["key"]] = {"summary": summary, "agreements": agreements}
        services.minutes_save_draft(minutes=minutes, actor=secretariat, revision=minutes.revision, texts=texts)
        # The Secretariat names itself as convenor: an accepted mention, recorded with its reason.
        for result in services.attribution_check(minutes):
            if result["acceptance"] is None:
                services.attribution_accept(
                    minutes=minutes,
                    actor=secretariat,
                    term=result["hit"].term,
                    reason="The Secretariat is named as convenor, not as a speaker.",
                    scope=AttributionAcceptance.Scope.MINUTES,
                )
        if institutions:
            services.action_add(
                minutes=minutes,
                actor=secretariat,
                description="Circulate joint comments on the draft law on private security companies.",
                institution=institutions[index % len(institutions)],
                due_on=meeting.starts_at.date() + timedelta(days=45),
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
