"""The embedded default for a laptop: DEBUG on unless told otherwise."""

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DEBUG", default=True)
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
WHITENOISE_USE_FINDERS = True  # serve from the apps' static folders; no collectstatic needed
WHITENOISE_AUTOREFRESH = True
VPWG_ADMIN_REQUIRES_MFA = env.bool("VPWG_ADMIN_REQUIRES_MFA", default=False)  # the demo admin signs in at once
