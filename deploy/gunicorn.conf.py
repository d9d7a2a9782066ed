"""gunicorn for one web replica: `gunicorn -c deploy/gunicorn.conf.py vpwg.wsgi:application`.

Each replica is stateless (sessions in the database behind Redis, files in object storage), so run
as many as the load needs, on one machine or several, behind deploy/haproxy.cfg. Sync workers: a
request holds one database connection (CONN_MAX_AGE keeps it between requests), so PostgreSQL's
max_connections must cover replicas x GUNICORN_WORKERS plus the Celery workers.
"""

import os

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", "3"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 20
# Restart a worker now and then, a little apart from its siblings, so memory growth stays bounded.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "2000"))
max_requests_jitter = max_requests // 10
accesslog = "-"
