from django.urls import include, path

from . import institution_views, views

app_name = "members"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("members/", views.directory, name="directory"),
    path("institutions/<int:institution_id>/", views.institution_detail, name="institution-detail"),
    path("institutions/<int:institution_id>/invite/", views.representative_invite, name="representative-invite"),
    path(
        "institutions/<int:institution_id>/other-names/",
        institution_views.institution_aliases,
        name="institution-aliases",
    ),
    path(
        "institutions/<int:institution_id>/organisation/",
        institution_views.institution_parent,
        name="institution-parent",
    ),
    path("institutions/<int:institution_id>/<slug:step>/", views.membership_lifecycle, name="membership-lifecycle"),
    path("representatives/<int:representative_id>/remove/", views.representative_remove, name="representative-remove"),
    path("representatives/<int:representative_id>/role/", views.representative_role, name="representative-role"),
    path("applications/", views.application_list, name="application-list"),
    path("applications/propose/", views.application_propose, name="application-propose"),
    path("applications/<int:application_id>/", views.application_detail, name="application-detail"),
    path(
        "applications/<int:application_id>/request-info/",
        views.application_request_info,
        name="application-request-info",
    ),
    path("applications/<int:application_id>/review/", views.application_review, name="application-review"),
    path("applications/<int:application_id>/decide/", views.application_decide, name="application-decide"),
    path("applications/<int:application_id>/endorse/", views.application_endorse, name="application-endorse"),
    path("coordination/", views.coordination_group, name="coordination"),
    path("coordination/seats/<int:seat_id>/end/", views.coordination_seat_end, name="coordination-seat-end"),
    path("secretariat/", views.secretariat, name="secretariat"),
    path("audit/", views.audit_trail, name="audit-trail"),
    path("charter/", views.charter, name="charter"),
    path("charter/edit/", views.charter_edit, name="charter-edit"),
    path("", include("members.decisions_urls")),  # decisions, written procedures, the register
]
