from celery import shared_task


@shared_task(acks_late=True)
def applications_remind_overdue_task() -> None:
    from .services import applications_remind_overdue

    applications_remind_overdue()


@shared_task(acks_late=True)
def roles_resync_all_task() -> None:
    """Nightly: re-derive everyone's roles, since Secretariat terms and seats end on dates."""
    from .services import roles_resync_all

    roles_resync_all()


@shared_task(acks_late=True)
def decisions_sweep_task() -> None:
    """Close decisions and written procedures at their deadline, apply scheduled suspensions, remind."""
    from .services import decisions_sweep

    decisions_sweep()


@shared_task(acks_late=True)
def waiting_digest_send_task() -> None:
    """Mondays: each person's weekly e-mail of what waits for them, per group (outbox-deduped)."""
    from .services.digest import waiting_digest_send

    waiting_digest_send()
