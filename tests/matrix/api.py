"""Permission rows for every API route (/api/v1/) and the API tokens page: URL × role × two groups ×
token scope. API rows call with a personal access token of the row's scope (`Row.token`, see
tests/test_permission_matrix.py): no token answers 401, another group's ids 404 (as for pages), a
read token that tries to write 403; the public routes need no token.
"""

from django.db import transaction

from api.tokens import token_create
from meetings import services as meeting_services
from members.models import DecisionKind
from members.services import decision_open
from tests.factories.activities import ActivityFactory
from tests.factories.meetings import AgendaItemFactory, MeetingFactory
from tests.factories.minutes import MinutesFactory
from tests.factories.workplan import TaskFactory, WorkPlanFactory
from workplan.models import WorkPlan

from . import LOGIN, NO_TOKEN, ROLES, Row, public

GROUP_ROLES = ["member", "observer", "coordination", "secretariat", "admin"]
INVITED = {"member", "observer", "coordination"}  # the representatives (the coordination user represents the NGO)
MINUTES_READERS = {"member", "observer", "coordination", "secretariat"}  # not the group administrator
PROGRESS_REPORTERS = {"member", "secretariat", "admin"}  # the lead's representative and manage_workplan


def build(world):
    """What the API rows need, once per matrix world; on-commit work (e-mails, PDFs) is dropped."""
    with transaction.atomic():
        meeting = MeetingFactory(working_group=world.group, title="API plenary")
        AgendaItemFactory(meeting=meeting, position=1, title="Private security")
        meeting_services.meeting_invite(meeting=meeting, actor=world.users["secretariat"])
        world.objects["api_meeting"] = meeting
        world.objects["api_minutes_circulated"] = MinutesFactory(world, status="circulated", title="API minutes")
        world.objects["api_minutes_draft"] = MinutesFactory(world, status="draft", title="API draft minutes")
        plan = WorkPlanFactory(working_group=world.group, status=WorkPlan.Status.APPROVED)
        world.objects["api_task"] = TaskFactory(work_plan=plan, lead=world.objects["company"])
        world.objects["api_activity"] = ActivityFactory(working_group=world.group)
        world.objects["api_decision"] = decision_open(
            working_group=world.group,
            kind=DecisionKind.WARNING,
            subject=world.objects["company"],
            actor=world.users["coordination"],
            reason="Three absences in a row.",
        )
        transaction.get_connection().run_on_commit.clear()


def api(status: int = 200, **overrides) -> dict:
    """Every role of the group gets `status`; an outsider's token 404; no token 401."""
    return {"anonymous": NO_TOKEN, "outsider": 404, **{role: status for role in GROUP_ROLES}, **overrides}


def only(roles, status: int = 200, others: int = 404) -> dict:
    return api(others, **{role: status for role in roles})


def _meeting(world):
    return {"meeting_id": world.objects["api_meeting"].pk}


def _obj(key, name):
    return lambda world: {name: world.objects[key].pk}


def _member_token(world):
    token, _secret = token_create(user=world.users["member"], name="matrix", scope="read", expires_in_days=1)
    return {"token_id": token.pk}


READ_ROWS = [
    ("api:v1:group_detail", {}, api()),
    ("api:v1:institution_list", {}, api()),
    ("api:v1:institution_detail", lambda w: {"institution_id": w.objects["company"].institution_id}, api()),
    ("api:v1:representative_list", {}, api()),
    ("api:v1:meeting_list", {}, api()),
    ("api:v1:meeting_detail", _meeting, api()),
    ("api:v1:meeting_ics_file", _meeting, api()),
    ("api:v1:answer_get", _meeting, only(INVITED)),
    ("api:v1:minutes_list", {}, api()),
    ("api:v1:minutes_detail", _obj("api_minutes_circulated", "minutes_id"), only(MINUTES_READERS)),
    ("api:v1:minutes_detail", _obj("api_minutes_draft", "minutes_id"), only({"secretariat"})),
    # PDFs are not rendered in the matrix (nothing commits): the readers are told to come back (503).
    ("api:v1:minutes_pdf", _obj("api_minutes_circulated", "minutes_id"), only(MINUTES_READERS, 503)),
    ("api:v1:decision_list", {}, api()),
    # A warning to the company, adopted at once (any one seat holder): the register shows it to the group.
    ("api:v1:decision_detail", _obj("api_decision", "decision_id"), api()),
    ("api:v1:workplan_list", {}, api()),
    ("api:v1:task_list", {}, api()),
    ("api:v1:task_detail", _obj("api_task", "task_id"), api()),
    ("api:v1:activity_list", {}, api()),
    ("api:v1:activity_statistics", {}, api()),
    ("api:v1:activity_detail", _obj("api_activity", "activity_id"), api()),
    ("api:v1:group_search", {}, api()),
]


def _kwargs(kwargs):
    return kwargs if callable(kwargs) else (lambda world: {})


ROWS = [
    # Outside any group: the caller's own groups (none for an outsider), the schema and the docs.
    *[
        Row("api:v1:group_list", {**api(), "outsider": 200}, group_scoped=False, token=scope)
        for scope in ("read", "write")
    ],
    Row("api:v1:openapi-json", public(200), group_scoped=False, token="none"),
    Row("api:v1:api-root", public(404), group_scoped=False, token="none"),  # django-ninja's root: nothing there
    Row("api:v1:openapi-view", public(200), group_scoped=False, token="none"),
    Row(
        "api:v1:public_summaries",
        public(200),
        kwargs=lambda w: {"group_slug": w.group.slug},
        group_scoped=False,
        token="none",
    ),
    # The tokens page: a signed-in person's own tokens (sessions, like every page).
    Row("api:tokens", {**{role: 200 for role in ROLES}, "anonymous": LOGIN}, group_scoped=False),
    Row(
        "api:tokens",
        {**{role: 200 for role in ROLES}, "anonymous": LOGIN},
        method="post",
        data=lambda w: {"name": "calendar", "scope": "read", "expires_in_days": 30},
        group_scoped=False,
    ),
    Row(
        "api:token-revoke",
        {**{role: 404 for role in ROLES}, "anonymous": LOGIN, "member": 302},
        kwargs=_member_token,
        method="post",
        group_scoped=False,
    ),
]

for scope in ("read", "write"):
    ROWS += [
        Row(name, expect, kwargs=_kwargs(kwargs), token=scope, label=str(index))
        for index, (name, kwargs, expect) in enumerate(READ_ROWS)
    ]
    writes = scope == "write"
    ROWS += [
        # Answering one's invitation: the invited representatives with a write token; a read token 403.
        Row(
            "api:v1:answer_put",
            only(INVITED, 200) if writes else api(403),
            kwargs=_meeting,
            method="put",
            data=lambda w: {"answer": "attending"},
            token=scope,
        ),
        # Reporting progress on a task the company leads: its representative and manage_workplan.
        Row(
            "api:v1:progress_post",
            only(PROGRESS_REPORTERS, 201, others=403) if writes else api(403),
            kwargs=_obj("api_task", "task_id"),
            method="post",
            data=lambda w: {"text": "Two workshops held."},
            token=scope,
        ),
    ]
