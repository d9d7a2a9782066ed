from django.urls import path

from . import views

app_name = "public"

urlpatterns = [
    path("<slug:group_slug>/", views.public_summaries, name="summaries"),
]
