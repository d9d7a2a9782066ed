from django.urls import path

from vpwg.views import section_placeholder

app_name = "activities"

# Filled in by the activities issue; until then the navigation shows "not yet available".
urlpatterns = [
    path("", section_placeholder, {"section": "activities"}, name="index"),
]
