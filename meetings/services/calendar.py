"""The private calendar feed: one secret address per person that calendar apps subscribe to."""

from __future__ import annotations

from django.db import transaction

from vpwg.audit import audit_record

from ..models import CalendarFeed


def calendar_feed_for(*, user) -> CalendarFeed:
    """The person's feed, created on first use."""
    feed, _created = CalendarFeed.objects.get_or_create(user=user, defaults={"token": CalendarFeed.new_token()})
    return feed


@transaction.atomic
def calendar_feed_regenerate(*, user) -> CalendarFeed:
    """A new private address; the old one stops working at once."""
    feed = calendar_feed_for(user=user)
    feed.token = CalendarFeed.new_token()
    feed.save(update_fields=["token", "updated_at"])
    audit_record(action="meetings.calendar_feed.regenerated", actor=user, target=feed)
    return feed
