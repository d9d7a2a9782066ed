from celery import shared_task


@shared_task(acks_late=True)
def workplan_reminders_send_task() -> int:
    """Beat entry point: due-soon and missing-report reminders (idempotent through outbox keys)."""
    from .services import workplan_reminders_send

    return workplan_reminders_send()
