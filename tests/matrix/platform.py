"""Rows for project-level URLs, and the URL modules exempt from the matrix (with why)."""

from django.utils import timezone

from meetings import services as meeting_services
from vpwg.models import OutboxMessage

from . import LOGIN, ROLES, Row, everyone, only, public


def _unknown_mail(world):
    """An e-mail of the group whose delivery is unknown: the Secretariat may resend it."""
    message = OutboxMessage.objects.create(
        dedupe_key=f"matrix:{world.group.slug}:{OutboxMessage.objects.count()}",
        recipient="someone@example.org",
        subject="Invitation",
        body_text="Hello",
        working_group=world.group,
        unknown_at=timezone.now(),
    )
    return {"message_id": message.pk}


def _person_feed(world):
    """The private address of the member's calendar of all their groups (issue 19)."""
    return {"token": meeting_services.calendar_feed_for(user=world.users["member"]).token}


SIGNED_IN = {**{role: 200 for role in ROLES}, "anonymous": LOGIN}

ROWS = [
    # Someone in one group goes straight to its dashboard; someone in none sees an empty list.
    Row("home", {**{role: 302 for role in ROLES}, "anonymous": LOGIN, "outsider": 200}, group_scoped=False),
    Row("healthz", public(200), group_scoped=False),
    # The person's one calendar of all their groups (/me/calendar/): anyone signed in gets the page (empty
    # without a group) and may renew its address; the feed's token is the key, the same answer whoever asks.
    Row("calendar:settings", SIGNED_IN, group_scoped=False),
    Row("calendar:settings", {**{role: 302 for role in ROLES}, "anonymous": LOGIN}, group_scoped=False, method="post"),
    Row("calendar:feed", public(200), kwargs=_person_feed, group_scoped=False),
    Row(
        "calendar:feed",
        public(404),
        kwargs=lambda world: {"token": "not-a-token"},
        group_scoped=False,
        label="unknown token",
    ),
    Row("reports:index", everyone(200)),
    Row("meetings:index", everyone(200)),
    Row("minutes:index", everyone(200)),
    Row("workplan:index", everyone(200)),
    Row("activities:index", everyone(200)),
    Row("outbox:undelivered", only({"secretariat"})),
    Row("outbox:resend", only({"secretariat"}, 302), kwargs=_unknown_mail, method="post"),
]

# Route prefixes of views that are not ours to matrix, and why.
EXEMPT = {
    "accounts/": "django-allauth's sign-in, password and two-factor pages: public by design, tested by allauth",
    "admin/": "Django admin: staff only, its own permission system; sign-in goes through allauth (tested)",
    "i18n/": "language switch: changes only the visitor's own language preference",
    "readyz": "readiness probe: public, its status is the state of Redis and the broker (tests/vpwg/test_health.py)",
}
