import logging
import os

from celery import Celery
from django.db import transaction

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vpwg.settings.local")

app = Celery("vpwg")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

logger = logging.getLogger(__name__)


def enqueue_on_commit(task, *args, **kwargs) -> None:
    """Queue `task` once the current transaction commits; a rollback sends nothing.

    A broker that is down must not break the request: the work is already recorded
    in the database (outbox rows, report states) and a periodic sweep picks it up.
    """

    def _send():
        try:
            # No publish retries: with the broker down, fail at once rather than hold the request.
            task.apply_async(args=args, kwargs=kwargs, retry=False)
        except Exception:  # kombu raises several unrelated types when the broker is away
            logger.warning("Could not queue %s; the periodic sweep will pick it up", task.name, exc_info=True)

    transaction.on_commit(_send)
