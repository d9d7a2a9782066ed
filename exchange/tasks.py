"""Celery entry points for imports of large files; each calls a service.

The services queue these by name (`vpwg.celery.enqueue_on_commit("exchange.tasks...")`, resolved by
`vpwg.celery.task_named`) and do not import this module (no cycle); ExchangeConfig.ready() imports it
so that every process has them registered. Safe to run twice: a preview is recomputed; a second
import of the same batch is refused by its status and logged.
"""

import logging

from celery import shared_task
from django.contrib.auth import get_user_model

from vpwg.errors import DomainError

from .models import ImportBatch
from .services import import_confirm, import_preview

logger = logging.getLogger(__name__)


@shared_task(acks_late=True)
def import_preview_task(batch_id: int, actor_id: int) -> None:
    batch = ImportBatch.objects.select_related("working_group").get(pk=batch_id)
    import_preview(batch=batch, actor=get_user_model().objects.get(pk=actor_id))


@shared_task(acks_late=True)
def import_confirm_task(batch_id: int, actor_id: int, only_valid: bool) -> None:
    batch = ImportBatch.objects.select_related("working_group").get(pk=batch_id)
    try:
        import_confirm(batch=batch, actor=get_user_model().objects.get(pk=actor_id), only_valid=only_valid)
    except DomainError as error:  # a repeat delivery of an import that already ran
        logger.info("Import %s not run again: %s", batch_id, error)
