from django.urls import path

from . import attribution_views, views

app_name = "reports"

urlpatterns = [
    path("", views.report_centre, name="index"),
    path("<int:report_id>/status/", views.report_status, name="report-status"),
    path("<int:report_id>/pdf/", views.report_pdf, name="report-pdf"),
    path("<int:report_id>/render/", views.report_render, name="report-render"),
    path("annual/", views.annual_start, name="annual-start"),
    path("annual/<int:year>/", views.annual_detail, name="annual-detail"),
    path("annual/<int:year>/edit/", views.annual_edit, name="annual-edit"),
    path("annual/<int:year>/check/", attribution_views.annual_check, name="annual-check"),
    path("annual/<int:year>/submit/", views.annual_submit, name="annual-submit"),
    path("annual/<int:year>/return/", views.annual_return, name="annual-return"),
    path("annual/<int:year>/approve/", views.annual_approve, name="annual-approve"),
    path("annual/<int:year>/circulate/", views.annual_circulate, name="annual-circulate"),
    path("meetings/<int:meeting_id>/pack/", views.pack_request, name="pack-request"),
    path("members/", views.member_reports, name="member-reports"),
    path("members/start/", views.member_start, name="member-start"),
    path("members/<int:report_id>/", views.member_detail, name="member-detail"),
    path("members/<int:report_id>/submit/", views.member_submit, name="member-submit"),
    path("members/<int:report_id>/prefill/", views.member_prefill, name="member-prefill"),
    path("members/<int:report_id>/approve/", views.member_approve, name="member-approve"),
]
