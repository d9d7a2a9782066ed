from django.urls import path

from vpwg.views import section_placeholder

app_name = "workplan"

# Filled in by the workplan issue; until then the navigation shows "not yet available".
urlpatterns = [
    path("", section_placeholder, {"section": "workplan"}, name="index"),
]
