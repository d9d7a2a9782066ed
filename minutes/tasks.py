"""Celery entry points for minutes; each calls a service and is safe to run twice."""

from celery import shared_task


@shared_task(acks_late=True, autoretry_for=(ConnectionError,), retry_backoff=True, max_retries=5)
def minutes_render_pdf_task(version_id: int) -> None:
    from .models import MinutesVersion
    from .services import minutes_render_pdf

    version = (
        MinutesVersion.objects.select_related("minutes__working_group", "minutes__meeting")
        .filter(pk=version_id)
        .first()
    )
    if version is not None:
        minutes_render_pdf(version=version)
