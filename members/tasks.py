from celery import shared_task


@shared_task(acks_late=True)
def applications_remind_overdue_task() -> None:
    from .services import applications_remind_overdue

    applications_remind_overdue()
