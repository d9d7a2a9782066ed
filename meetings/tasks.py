"""Celery entry points for meetings; each calls a service and is safe to run twice."""

from celery import shared_task


@shared_task(acks_late=True)
def reminders_sweep_task() -> dict:
    from .reminders import reminders_sweep

    return reminders_sweep().queued


@shared_task(acks_late=True)
def compliance_notify_task(working_group_id: int) -> int:
    from members.models import WorkingGroup

    from .reminders import compliance_notify

    return compliance_notify(working_group=WorkingGroup.objects.get(pk=working_group_id))
