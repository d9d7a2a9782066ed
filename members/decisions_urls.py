"""The group's decisions, under /g/<group>/ (included from members/urls.py, names in the members namespace)."""

from django.urls import path

from . import decisions_views as views

urlpatterns = [
    path("decisions/", views.decision_register, name="decision-register"),
    path("decisions/rules/", views.decision_rules_edit, name="decision-rules-edit"),
    path("decisions/<int:decision_id>/", views.decision_detail, name="decision-detail"),
    path("decisions/<int:decision_id>/vote/", views.decision_vote, name="decision-vote"),
    path("procedures/", views.procedure_list, name="procedure-list"),
    path("procedures/new/", views.procedure_open, name="procedure-open"),
    path("procedures/<int:procedure_id>/", views.procedure_detail, name="procedure-detail"),
    path("procedures/<int:procedure_id>/vote/", views.procedure_vote, name="procedure-vote"),
    path("procedures/<int:procedure_id>/comment/", views.procedure_comment, name="procedure-comment"),
    path("procedures/<int:procedure_id>/attachment/", views.procedure_attachment, name="procedure-attachment"),
]
