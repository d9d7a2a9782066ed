"""The embedded default (`make run`): safe to run for real, so DEBUG is off unless `DEBUG=true`.

A small group may run exactly this for its work, so nothing here leaks: no URL listing on a 404,
no traceback on a 500 (the styled pages in templates/ answer instead), static files through
WhiteNoise, and a secret key made once for this installation and kept under var/ rather than a
key written in the repository.
"""

import secrets

from .base import *  # noqa: F403
from .base import VAR_DIR, env

DEBUG = env.bool("DEBUG", default=False)


def _installation_secret_key() -> str:
    path = VAR_DIR / "secret_key"
    if not path.exists():
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = env.str("SECRET_KEY", default="") or _installation_secret_key()
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
WHITENOISE_USE_FINDERS = True  # serve from the apps' static folders; no collectstatic needed
WHITENOISE_AUTOREFRESH = DEBUG
VPWG_ADMIN_REQUIRES_MFA = env.bool("VPWG_ADMIN_REQUIRES_MFA", default=False)  # the demo admin signs in at once
