"""The topic backlog: member and observer institutions propose topics; members support them."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from members.models import WorkingGroup
from vpwg import permissions
from vpwg.audit import audit_record

from ..exceptions import MeetingsError
from ..models import Topic, TopicSupport
from ._common import full_clean, require_representation


@transaction.atomic
def topic_propose(*, working_group: WorkingGroup, actor, title: str, description: str = "") -> Topic:
    """A member or observer representative proposes a topic for the institution they represent."""
    permissions.require(actor, "propose_topic", working_group)
    representative = require_representation(actor, working_group)
    topic = Topic(
        working_group=working_group,
        title=title.strip(),
        description=description.strip(),
        proposed_by=actor,
        membership=representative.membership,
    )
    full_clean(topic)
    topic.save()
    audit_record(action="meetings.topic.proposed", actor=actor, target=topic, working_group=working_group)
    return topic


@transaction.atomic
def topic_support_toggle(*, topic: Topic, actor) -> bool:
    """Support a topic for one's institution, or withdraw that support. Returns True if now supported.

    One support per institution (a second representative of it withdraws the same support).
    Members only; an institution does not support its own proposal.
    """
    topic = Topic.objects.select_for_update().get(pk=topic.pk)
    permissions.require(actor, "support_topic", topic.working_group)
    representative = require_representation(actor, topic.working_group)
    if topic.membership_id == representative.membership_id:
        raise MeetingsError(_("Your institution proposed this topic; support comes from the others."))
    if topic.status != Topic.Status.OPEN:
        raise MeetingsError(_("Only topics in the backlog take support."))
    existing = TopicSupport.objects.filter(topic=topic, membership=representative.membership).first()
    if existing is not None:
        existing.delete()
        audit_record(
            action="meetings.topic.support_withdrawn", actor=actor, target=topic, working_group=topic.working_group
        )
        return False
    TopicSupport.objects.create(topic=topic, membership=representative.membership, user=actor)
    audit_record(action="meetings.topic.supported", actor=actor, target=topic, working_group=topic.working_group)
    return True
