"""The progress callback the document builders report to: `progress(percent, stage)`; the render task
writes it to the Report row so the page's polling can show how far it got."""

from collections.abc import Callable

Progress = Callable[[int, str], None]


def no_progress(percent: int, stage: str) -> None:
    """For builders called outside a render (the page preview)."""
