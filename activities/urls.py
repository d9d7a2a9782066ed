from django.urls import path

from . import views

app_name = "activities"

urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.activity_create, name="activity-create"),
    path("<int:activity_id>/", views.activity_detail, name="activity-detail"),
    path("<int:activity_id>/edit/", views.activity_edit, name="activity-edit"),
    path("<int:activity_id>/attachments/new/", views.attachment_add, name="attachment-add"),
    path("attachments/<int:attachment_id>/", views.attachment_download, name="attachment-download"),
    path("outreach/", views.outreach_list, name="outreach"),
    path("outreach/new/", views.outreach_create, name="outreach-create"),
    path("outreach/<int:contact_id>/edit/", views.outreach_edit, name="outreach-edit"),
    path("statistics/", views.statistics, name="statistics"),
    path("statistics/<slug:chart>.csv", views.statistics_csv, name="statistics-csv"),
]
