from django.urls import path

from . import views

app_name = "applications"

# Public: anyone may apply for their institution and follow the application with the e-mailed link.
urlpatterns = [
    path("status/<str:token>/", views.application_status, name="status"),
    path("<slug:group_slug>/", views.application_apply, name="apply"),
]
