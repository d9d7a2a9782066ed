"""Rows for the workflow states the app-specific modules do not already walk: every state of
membership applications, memberships, meetings and work plans, so no state leaks to a role that
should not see it. (Minutes and reports walk their states in their own modules.)"""

from members import services as members_services
from members.models import MembershipApplication
from tests.factories.meetings import MeetingFactory
from tests.factories.workplan import WorkPlanFactory
from workplan.models import WorkPlan

from . import Row, everyone, only

QUEUE = {"secretariat", "admin", "coordination"}


def _application_in(state):
    """A fresh application of group A (companies pillar) moved to `state` by the services."""

    def kwargs(world):
        from tests.conftest import application_data

        application = members_services.application_submit(
            working_group=world.group, data=application_data(f"Applicant in {state} {world.group.slug}")
        )
        secretariat = world.users["secretariat"]
        if state == "info_requested":
            members_services.application_request_info(application=application, actor=secretariat, question="More?")
        elif state in ("deferred", "admitted", "rejected"):
            from tests.factories.decisions import adopt

            proposal = {"deferred": "defer", "admitted": "admit_member", "rejected": "reject"}[state]
            adopt(world.group, "admission", application, proposal=proposal, reason="Decided in the matrix")
        assert application.__class__.objects.get(pk=application.pk).status == state
        return {"application_id": application.pk}

    return kwargs


def _membership_in(state):
    def kwargs(world):
        from tests.factories.decisions import adopt
        from tests.factories.members import MembershipFactory

        membership = MembershipFactory(working_group=world.group)
        if state in ("suspended", "expelled"):
            adopt(world.group, {"suspended": "suspension", "expelled": "expulsion"}[state], membership, reason="Matrix")
        return {"institution_id": membership.institution_id}

    return kwargs


def _meeting_in(status):
    return lambda world: {"meeting_id": MeetingFactory(working_group=world.group, status=status).pk}


def _held_meeting(world):
    return {"meeting_id": MeetingFactory(working_group=world.group, starts_in_days=-30, status="held").pk}


def _plan_in(status):
    return lambda world: {"plan_id": WorkPlanFactory(working_group=world.group, status=status).pk}


OPEN_FOR_MEMBERS = {**only(QUEUE | {"member"}), "observer": 404}
CLOSED = {**only(QUEUE), "member": 404, "observer": 404}  # members see only open applications of their pillar

ROWS = [
    *[
        Row(
            "members:application-detail",
            OPEN_FOR_MEMBERS if state in MembershipApplication.OPEN else CLOSED,
            kwargs=_application_in(state),
            label=state,
        )
        for state in ("info_requested", "deferred", "admitted", "rejected")
    ],
    # A decided application refuses a new decision with a message (the page answers, nothing changes).
    Row(
        "members:application-decide",
        only({"coordination"}, 302),
        kwargs=_application_in("rejected"),
        method="post",
        data=lambda world: {"decision-decision": "admit_member", "decision-reason": "Again"},
        label="rejected",
    ),
    # Suspended and expelled institutions keep their page (their history), for the group only.
    Row("members:institution-detail", everyone(200), kwargs=_membership_in("suspended"), label="suspended"),
    Row("members:institution-detail", everyone(200), kwargs=_membership_in("expelled"), label="expelled"),
    Row(
        "members:membership-lifecycle",
        only({"coordination"}),
        kwargs=lambda world: {**_membership_in("suspended")(world), "step": "reinstate"},
        label="reinstate suspended",
    ),
    Row(
        "members:membership-lifecycle",
        only({"coordination"}, 403),
        kwargs=lambda world: {**_membership_in("expelled")(world), "step": "suspend"},
        label="suspend expelled",
    ),
    *[
        Row("meetings:meeting-detail", everyone(200), kwargs=_meeting_in(status), label=status)
        for status in ("invited", "cancelled")
    ],
    Row("meetings:meeting-detail", everyone(200), kwargs=_held_meeting, label="held"),
    *[
        Row("workplan:plan-detail", everyone(200), kwargs=_plan_in(status), label=status)
        for status in (WorkPlan.Status.DRAFT, WorkPlan.Status.CLOSED)
    ],
]
