from django.urls import path

from . import views

app_name = "exchange"

urlpatterns = [
    path("", views.index, name="index"),
    path("imports/<int:batch_id>/", views.batch_detail, name="batch-detail"),
    path("imports/<int:batch_id>/confirm/", views.batch_confirm, name="batch-confirm"),
    path("imports/<int:batch_id>/discard/", views.batch_discard, name="batch-discard"),
    path("imports/<int:batch_id>/undo/", views.batch_undo, name="batch-undo"),
    path("templates/<slug:kind>.<slug:file_format>", views.template_download, name="template"),
    path("export/<slug:name>.<slug:file_format>", views.export_download, name="export"),
]
