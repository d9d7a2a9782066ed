import importlib
import logging
import os

from celery import Celery
from django.db import transaction

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vpwg.settings.local")

app = Celery("vpwg")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

logger = logging.getLogger(__name__)


def task_named(name: str):
    """The registered task called `name` (`minutes.tasks.minutes_render_pdf_task`).

    Services queue their app's tasks by name, so a services module never imports the tasks module
    that imports it back (no import cycle; the layers contract checks it).
    """
    if name not in app.tasks:  # the web process has not imported that app's tasks module yet
        importlib.import_module(name.rpartition(".")[0])
    return app.tasks[name]


def enqueue_on_commit(task, *args, **kwargs) -> None:
    """Queue `task` (a task or its registered name) once the current transaction commits; a rollback
    sends nothing.

    A broker that is down must not break the request: the work is already recorded
    in the database (outbox rows, report states) and a periodic sweep picks it up.
    """

    if isinstance(task, str):
        task = task_named(task)

    def _send():
        try:
            # No publish retries: with the broker down, fail at once rather than hold the request.
            task.apply_async(args=args, kwargs=kwargs, retry=False)
        except Exception:  # kombu raises several unrelated types when the broker is away
            logger.warning("Could not queue %s; the periodic sweep will pick it up", task.name, exc_info=True)

    transaction.on_commit(_send)
