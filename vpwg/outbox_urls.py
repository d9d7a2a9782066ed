from django.urls import path

from . import outbox_views

app_name = "outbox"

urlpatterns = [
    path("", outbox_views.undelivered, name="undelivered"),
    path("<int:message_id>/resend/", outbox_views.resend, name="resend"),
]
