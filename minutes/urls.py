from django.urls import path

from . import attribution_views, views

app_name = "minutes"

urlpatterns = [
    path("", views.minutes_list, name="index"),
    path("start/<int:meeting_id>/", views.minutes_start, name="minutes-start"),
    path("actions/", views.action_list, name="action-list"),
    path("actions/<int:action_id>/done/", views.action_done, name="action-done"),
    path("<int:minutes_id>/", views.minutes_detail, name="minutes-detail"),
    path("<int:minutes_id>/edit/", views.minutes_edit, name="minutes-edit"),
    path("<int:minutes_id>/autosave/", views.minutes_autosave, name="minutes-autosave"),
    path("<int:minutes_id>/preview/", views.minutes_preview, name="minutes-preview"),
    path("<int:minutes_id>/check/", attribution_views.minutes_check, name="minutes-check"),
    path("<int:minutes_id>/check/text/", attribution_views.minutes_check_text, name="minutes-check-text"),
    path("<int:minutes_id>/check/apply/", attribution_views.minutes_check_apply, name="minutes-check-apply"),
    path("<int:minutes_id>/submit/", views.minutes_submit, name="minutes-submit"),
    path("<int:minutes_id>/comment/", views.minutes_comment, name="minutes-comment"),
    path(
        "<int:minutes_id>/comments/<int:comment_id>/resolve/",
        views.minutes_comment_resolve,
        name="minutes-comment-resolve",
    ),
    path("<int:minutes_id>/return/", views.minutes_return, name="minutes-return"),
    path("<int:minutes_id>/approve/", views.minutes_approve, name="minutes-approve"),
    path("<int:minutes_id>/circulate/", views.minutes_circulate, name="minutes-circulate"),
    path("<int:minutes_id>/correct/", views.minutes_correct, name="minutes-correct"),
    path("<int:minutes_id>/versions/<int:number>/", views.minutes_version, name="minutes-version"),
    path("<int:minutes_id>/pdf/", views.minutes_pdf, name="minutes-pdf"),
    path("<int:minutes_id>/readers/", views.minutes_readers, name="minutes-readers"),
    path("<int:minutes_id>/actions/add/", views.action_add, name="action-add"),
    path("<int:minutes_id>/actions/<int:action_id>/edit/", attribution_views.action_edit, name="action-edit"),
    path("<int:minutes_id>/summary/", views.summary_edit, name="summary-edit"),
    path("<int:minutes_id>/summary/submit/", views.summary_submit, name="summary-submit"),
    path("<int:minutes_id>/summary/approve/", views.summary_approve, name="summary-approve"),
    path("<int:minutes_id>/summary/return/", views.summary_return, name="summary-return"),
]
