"""The person's one calendar of the meetings of all their groups (issue 19), under /me/calendar/."""

from django.urls import path

from . import views

app_name = "calendar"

urlpatterns = [
    path("", views.person_calendar_settings, name="settings"),
    # The token is the key: no sign-in (calendar applications fetch it on their own).
    path("<str:token>.ics", views.person_calendar_feed, name="feed"),
]
