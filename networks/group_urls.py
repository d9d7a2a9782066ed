from django.urls import path

from . import group_views

app_name = "group_networks"

urlpatterns = [
    path("", group_views.group_networks, name="index"),
    path("<int:row_id>/sharing/", group_views.group_sharing_decide, name="sharing-decide"),
]
