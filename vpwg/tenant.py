"""The tenant model (the working group every object belongs to), named by `settings.VPWG_TENANT_MODEL`.

vpwg sits below the apps and imports none of them; it reaches the tenant through this function,
as Django code reaches the user model through `get_user_model()`. What vpwg reads on a tenant:
`slug`, `name`, `language`, `tzinfo` (its time zone), `today()`, `session_idle_minutes`.
"""

from django.apps import apps
from django.conf import settings


def tenant_model():
    """The working-group model class (`members.WorkingGroup`)."""
    return apps.get_model(settings.VPWG_TENANT_MODEL)
