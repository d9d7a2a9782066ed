from django.urls import path

from . import views

app_name = "networks"

urlpatterns = [
    path("", views.network_overview, name="overview"),
    path("figures.csv", views.network_overview_csv, name="overview-csv"),
    path("groups/<slug:group_slug>/", views.network_group_detail, name="group-detail"),
]
