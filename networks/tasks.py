from celery import shared_task


@shared_task(acks_late=True)
def network_figures_refresh_task() -> int:
    """Beat entry point: compute the figures of every group sharing with a network and keep them in the
    cache (what the overview reads). Safe to run twice: each run overwrites the same keys."""
    from .selectors import figures_refresh

    return figures_refresh()
