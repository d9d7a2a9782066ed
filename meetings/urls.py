from django.urls import path

from vpwg.views import section_placeholder

app_name = "meetings"

# Filled in by the meetings issue; until then the navigation shows "not yet available".
urlpatterns = [
    path("", section_placeholder, {"section": "meetings"}, name="index"),
]
