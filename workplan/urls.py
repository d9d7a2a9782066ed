from django.urls import path

from . import views

app_name = "workplan"

urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.plan_create, name="plan-create"),
    path("<int:plan_id>/", views.plan_detail, name="plan-detail"),
    path("<int:plan_id>/approve/", views.plan_approve, name="plan-approve"),
    path("<int:plan_id>/close/", views.plan_close, name="plan-close"),
    path("<int:plan_id>/objectives/new/", views.objective_create, name="objective-create"),
    path("<int:plan_id>/tasks/new/", views.task_create, name="task-create"),
    path("tasks/<int:task_id>/", views.task_detail, name="task-detail"),
    path("tasks/<int:task_id>/edit/", views.task_edit, name="task-edit"),
    path("tasks/<int:task_id>/progress/", views.progress_create, name="progress-create"),
    path("progress/<int:report_id>/attachment/", views.progress_attachment, name="progress-attachment"),
]
