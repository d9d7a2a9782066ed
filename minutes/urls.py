from django.urls import path

from vpwg.views import section_placeholder

app_name = "minutes"

# Filled in by the minutes issue; until then the navigation shows "not yet available".
urlpatterns = [
    path("", section_placeholder, {"section": "minutes"}, name="index"),
]
