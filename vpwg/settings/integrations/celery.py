"""Celery: Redis in production; a filesystem broker on the embedded default.

With no REDIS_URL, the worker and beat started by `make run` exchange messages through
folders under var/, so PDFs and reminder sweeps still happen without Redis.
"""

from celery.schedules import crontab

from ..base import VAR_DIR, env

REDIS_URL = env.str("REDIS_URL", default="")

if REDIS_URL:
    CELERY_BROKER_URL = REDIS_URL
else:
    CELERY_BROKER_URL = "filesystem://"
    _queue = VAR_DIR / "celery-queue"
    for _folder in (_queue, VAR_DIR / "celery-control"):
        _folder.mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_queue),
        "data_folder_out": str(_queue),
        "control_folder": str(VAR_DIR / "celery-control"),
    }

CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]  # never pickle
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Do not hang a web request when the broker is down: the outbox row is already saved.
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_BROKER_TRANSPORT_OPTIONS_REDIS = {"socket_connect_timeout": 2}
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)
CELERY_TASK_EAGER_PROPAGATES = True

# The one periodic schedule of the project. Each entry's task is idempotent.
CELERY_BEAT_SCHEDULE = {
    # Sends outbox rows whose immediate send was missed (broker down, worker died).
    "outbox-drain": {"task": "vpwg.tasks.outbox_drain_task", "schedule": 60.0},
    # Reminds the Coordination Group once per person of applications waiting past the group's limit.
    "applications-overdue": {
        "task": "members.tasks.applications_remind_overdue_task",
        "schedule": crontab(hour=8, minute=0),
    },
    # Closes Coordination Group decisions and written procedures at their deadline, applies suspensions
    # and expulsions on their date, reminds those who have not voted (locks and outbox keys: reruns no-ops).
    "decisions-sweep": {"task": "members.tasks.decisions_sweep_task", "schedule": 600.0},
    # Monday morning: each person's digest of what waits for them in each group (the group home's list),
    # unless nothing waits or they turned it off; one per person, group and ISO week (outbox key).
    # 11:00 UTC: the start of the working day in Lima, late morning in Accra and Bukavu.
    "waiting-digest": {
        "task": "members.tasks.waiting_digest_send_task",
        "schedule": crontab(day_of_week="mon", hour=11, minute=0),
    },
    # Re-derives everyone's roles once a night: Secretariat terms and Coordination Group seats end on dates.
    "roles-resync": {"task": "members.tasks.roles_resync_all_task", "schedule": crontab(hour=3, minute=15)},
    # Drops expired sessions (kept in the database) once a night.
    "sessions-clear-expired": {
        "task": "vpwg.tasks.sessions_clear_expired_task",
        "schedule": crontab(hour=3, minute=20),
    },
    # Meeting reminders and alerts (invitation reminder, day before, chaser, no plenary next
    # quarter, minutes overdue, compliance flags); outbox dedupe keys make every rerun a no-op.
    "meetings-reminders-sweep": {"task": "meetings.tasks.reminders_sweep_task", "schedule": crontab(minute=5)},
    # Reminds lead institutions of work plan tasks due soon or missing a progress report (outbox-deduped).
    "workplan-reminders": {
        "task": "workplan.tasks.workplan_reminders_send_task",
        "schedule": crontab(hour=7, minute=30),
    },
    # Queues again report renders left queued (broker down) or stuck rendering (worker died).
    "reports-requeue-stale": {"task": "reports.tasks.reports_requeue_stale_task", "schedule": 300.0},
    # Members' annual reports: reminders before the deadline, flags to the Coordination Group after
    # it (groups with requires_annual_member_reports); outbox dedupe keys make reruns no-ops.
    "member-reports-sweep": {
        "task": "reports.tasks.member_reports_sweep_task",
        "schedule": crontab(hour=7, minute=45),
    },
    # The network overview's figures of every sharing group (aggregates over attendance, memberships,
    # work plans, minutes, activities), kept in the cache with the time they were computed.
    "network-figures-refresh": {"task": "networks.tasks.network_figures_refresh_task", "schedule": 900.0},
}
