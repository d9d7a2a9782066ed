"""Rows for project-level URLs, and the URL modules exempt from the matrix (with why)."""

from django.utils import timezone

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


ROWS = [
    # Someone in one group goes straight to its dashboard; someone in none sees an empty list.
    Row("home", {**{role: 302 for role in ROLES}, "anonymous": LOGIN, "outsider": 200}, group_scoped=False),
    Row("healthz", public(200), group_scoped=False),
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
