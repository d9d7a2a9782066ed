from django.contrib.auth.decorators import login_not_required
from django.urls import include, path

from . import views
from .api import api

app_name = "api"


def _open_to_programs(patterns):
    """The API answers programs with a token (or none, for public routes), never with a sign-in redirect:
    LoginRequiredMiddleware lets these through and each endpoint checks its own token."""
    for pattern in patterns:
        if hasattr(pattern, "url_patterns"):
            _open_to_programs(pattern.url_patterns)
        else:
            pattern.callback = login_not_required(pattern.callback)
    return patterns


v1_patterns, _ninja_app, _namespace = api.urls

urlpatterns = [
    path("v1/", include((_open_to_programs(v1_patterns), "v1"))),
    path("tokens/", views.token_list, name="tokens"),
    path("tokens/<int:token_id>/revoke/", views.token_revoke, name="token-revoke"),
]
