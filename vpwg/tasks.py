from celery import shared_task


@shared_task(acks_late=True)
def outbox_send_task(message_id: int) -> None:
    from .outbox import outbox_send

    outbox_send(message_id=message_id)


@shared_task(acks_late=True)
def outbox_drain_task() -> None:
    from .outbox import outbox_drain

    outbox_drain()


@shared_task
def housekeeping_task() -> None:
    """Nightly: re-derive everyone's roles (terms end on dates) and drop expired sessions."""
    from django.contrib.sessions.models import Session
    from django.utils import timezone

    from members.services import roles_resync_all

    roles_resync_all()
    Session.objects.filter(expire_date__lt=timezone.now()).delete()


# Report tasks live in vpwg/reports/tasks.py; importing them here registers them with the worker.
from .reports.tasks import member_reports_sweep_task, report_render_task, reports_requeue_stale_task  # noqa: E402, F401
