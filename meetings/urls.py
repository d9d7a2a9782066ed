from django.urls import path

from . import views

app_name = "meetings"

urlpatterns = [
    path("", views.meeting_list, name="index"),
    path("new/", views.meeting_create, name="meeting-create"),
    path("<int:meeting_id>/", views.meeting_detail, name="meeting-detail"),
    path("<int:meeting_id>/edit/", views.meeting_edit, name="meeting-edit"),
    path("<int:meeting_id>/invite/", views.meeting_invite, name="meeting-invite"),
    path("<int:meeting_id>/cancel/", views.meeting_cancel, name="meeting-cancel"),
    path("<int:meeting_id>/answer/", views.meeting_answer, name="meeting-answer"),
    path("<int:meeting_id>/answers/", views.meeting_answers, name="meeting-answers"),
    path("<int:meeting_id>/answers/remind/", views.meeting_remind, name="meeting-remind"),
    path("<int:meeting_id>/meeting.ics", views.meeting_ics_download, name="meeting-ics"),
    path("<int:meeting_id>/agenda/add/", views.agenda_item_add, name="agenda-item-add"),
    path("<int:meeting_id>/agenda/add-several/", views.agenda_items_add, name="agenda-items-add"),
    path("<int:meeting_id>/agenda/<int:item_id>/remove/", views.agenda_item_remove, name="agenda-item-remove"),
    path("<int:meeting_id>/agenda/<int:item_id>/move/", views.agenda_item_move, name="agenda-item-move"),
    path("<int:meeting_id>/agenda/<int:item_id>/edit/", views.agenda_item_edit, name="agenda-item-edit"),
    path("<int:meeting_id>/agenda/reorder/", views.agenda_reorder, name="agenda-reorder"),
    path("<int:meeting_id>/guests/<int:guest_id>/invite/", views.guest_invite, name="guest-invite"),
    # A guest speaker's own page: the signed token is the key (no sign-in).
    path("<int:meeting_id>/guest/<str:token>/", views.guest_agenda, name="guest-agenda"),
    path("<int:meeting_id>/documents/add/", views.document_add, name="document-add"),
    path("<int:meeting_id>/documents/<int:document_id>/", views.document_download, name="document-download"),
    path("<int:meeting_id>/documents/<int:document_id>/remove/", views.document_remove, name="document-remove"),
    path("<int:meeting_id>/attendance/", views.attendance_record, name="attendance-record"),
    path("<int:meeting_id>/attendance/door/", views.attendance_door, name="attendance-door"),
    path(
        "<int:meeting_id>/attendance/door/<int:membership_id>/",
        views.attendance_door_mark,
        name="attendance-door-mark",
    ),
    path("<int:meeting_id>/next/", views.meeting_next, name="meeting-next"),
    path("attendance/", views.attendance_overview, name="attendance-overview"),
    path("compliance/", views.compliance, name="compliance"),
    path("topics/", views.topic_list, name="topic-list"),
    path("topics/new/", views.topic_create, name="topic-create"),
    path("topics/<int:topic_id>/support/", views.topic_support, name="topic-support"),
    path("requests/new/", views.request_create, name="request-create"),
    path("requests/<int:request_id>/decide/", views.request_decide, name="request-decide"),
    path("calendar/", views.calendar_settings, name="calendar-settings"),
    path("calendar/<str:token>.ics", views.calendar_feed, name="calendar-feed"),
]
