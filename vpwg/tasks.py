from celery import shared_task

# Defined next to the outbox (no import cycle); imported here so the worker's autodiscovery registers them.
from .outbox import outbox_drain_task, outbox_send_task  # noqa: F401


@shared_task
def sessions_clear_expired_task() -> None:
    """Nightly: drop expired sessions (they live in the database), and form tokens no page still holds."""
    from django.contrib.sessions.models import Session
    from django.utils import timezone

    from .idempotency import submit_tokens_prune

    Session.objects.filter(expire_date__lt=timezone.now()).delete()
    submit_tokens_prune()
