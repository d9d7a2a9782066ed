from django.urls import path

from . import views

app_name = "members"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("members/", views.directory, name="directory"),
    path("institutions/<int:institution_id>/", views.institution_detail, name="institution-detail"),
    path("institutions/<int:institution_id>/invite/", views.representative_invite, name="representative-invite"),
    path(
        "representatives/<int:representative_id>/remove/",
        views.representative_remove,
        name="representative-remove",
    ),
]
