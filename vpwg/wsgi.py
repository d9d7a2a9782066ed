import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vpwg.settings.local")
application = get_wsgi_application()

# Import every URL module, and with them every view, now: otherwise the first request each worker
# serves pays for it (1.5 s on the 2-core machine), since /healthz answers before the URL resolver.
from django.urls import get_resolver  # noqa: E402

get_resolver().url_patterns  # noqa: B018
