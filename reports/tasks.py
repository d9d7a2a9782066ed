"""Celery entry points for reports; each calls a service (found by the worker's autodiscovery)."""

from celery import shared_task


@shared_task(acks_late=True)
def report_render_task(report_id: int) -> None:
    from .services import report_render  # the services import this module

    report_render(report_id=report_id)


@shared_task
def reports_requeue_stale_task() -> None:
    from .services import reports_requeue_stale

    reports_requeue_stale()


@shared_task
def member_reports_sweep_task() -> None:
    from .services import member_reports_sweep

    member_reports_sweep()
