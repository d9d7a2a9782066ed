"""The person's own pages, outside any group (under /me/)."""

from django.urls import path

from . import profile_views as views

app_name = "profile"

urlpatterns = [
    path("preferences/", views.preferences, name="preferences"),
    path("digest/stop/<str:token>/", views.digest_unsubscribe, name="digest-unsubscribe"),
]
