"""Small helpers shared by the tests."""

import time
from collections.abc import Callable
from pathlib import Path


def wait_until(
    predicate: Callable[[], object],
    timeout: float = 30.0,
    interval: float = 0.2,
    nudge: Callable[[], object] | None = None,
) -> bool:
    """Poll `predicate` until it holds or `timeout` seconds pass; return whether it held.

    A test waits for the condition it needs, never for a fixed time: on a busy machine a fixed sleep
    is too short, on a quiet one too long. `nudge`, if given, runs between polls (e.g. send the task
    that beat would send). The predicate is checked once more at the deadline.
    """
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        if nudge is not None:
            nudge()
        time.sleep(interval)
    return bool(predicate())


def task_finished(log: Path, task_id: str) -> bool:
    """Has the Celery worker logging (at INFO) to `log` finished the task `task_id`, well or not?

    The worker logs `Task <name>[<id>] succeeded in ...` or `... raised ...` when a task ends; with one
    solo worker, tasks run in the order they were sent, so the end of one means every earlier one ended.
    """
    text = log.read_text(errors="replace") if log.exists() else ""
    return f"[{task_id}] succeeded" in text or f"[{task_id}] raised" in text
