from . import LOGIN, ROLES, Row, everyone, only, public

RUNNERS = {"secretariat", "admin"}
QUEUE = {"secretariat", "admin", "coordination"}


def _institution(world):
    return {"institution_id": world.objects["company"].institution_id}


def _invite_data(world):
    return {
        "first_name": "Ana",
        "last_name": "Nueva",
        "email": f"ana.{world.group.slug}@example.org",
        "role": "alternate",
    }


def _representative(world):
    return {"representative_id": world.objects["member_rep"].pk}


def _application(world):
    return {"application_id": world.objects["application"].pk}


def _step(step):
    return lambda world: {**_institution(world), "step": step}


def _proposal(world):
    from tests.conftest import application_data

    return application_data(f"Proposed Co {world.group.slug}")


def _charter_data(world):
    from members.services import CHARTER_FIELDS

    group = world.group
    data = {field: getattr(group, field) for field in CHARTER_FIELDS}
    data = {k: ("on" if v is True else v) for k, v in data.items() if v is not False}
    return {**data, "plenary_length_minutes": 90, "reason": "Agreed at the plenary", "decided_on": "2026-01-10"}


def _digest_stop(world):
    from members.services.digest import digest_unsubscribe_token

    return {"token": digest_unsubscribe_token(world.users["member"])}


SIGNED_IN = {**{role: 200 for role in ROLES}, "anonymous": LOGIN}


def _secretariat_data(world):
    return {
        "membership": world.objects["company"].pk,
        "staff": [world.objects["member_rep"].pk],
        "started_on": "2026-01-01",
    }


ROWS = [
    Row("members:dashboard", everyone(200)),
    Row("members:directory", everyone(200)),
    Row("members:institution-detail", everyone(200), kwargs=_institution),
    Row("members:institution-aliases", only(RUNNERS), kwargs=_institution),
    Row(
        "members:institution-aliases",
        only(RUNNERS, 302),
        kwargs=_institution,
        method="post",
        data=lambda world: {"aliases": "Minera Andina\nMA"},
    ),
    Row("members:institution-parent", only(RUNNERS), kwargs=_institution),
    Row(
        "members:institution-parent",
        only(RUNNERS, 302),
        kwargs=_institution,
        method="post",
        data=lambda world: {"parent": "", "new_parent_name": "Mining Group Holdings"},
    ),
    Row("members:representative-invite", only(RUNNERS), kwargs=_institution),
    Row("members:representative-invite", only(RUNNERS, 302), kwargs=_institution, method="post", data=_invite_data),
    Row("members:representative-remove", only(RUNNERS), kwargs=_representative),
    Row(
        "members:representative-remove",
        only(RUNNERS, 302),
        kwargs=_representative,
        method="post",
        data=lambda world: {"reason": "Left the company"},
    ),
    Row("members:representative-role", only(RUNNERS), kwargs=_representative),
    Row(
        "members:representative-role",
        only(RUNNERS, 302),
        kwargs=_representative,
        method="post",
        data=lambda world: {"role": "alternate"},
    ),
    # Lifecycle: the Coordination Group decides; the member itself (or the Secretariat) may withdraw.
    Row("members:membership-lifecycle", only({"coordination"}), kwargs=_step("warn"), label="warn"),
    Row(
        "members:membership-lifecycle",
        only({"coordination"}, 302),
        kwargs=_step("suspend"),
        method="post",
        data=lambda world: {"reason": "Three plenaries missed"},
        label="suspend",
    ),
    Row("members:membership-lifecycle", only(RUNNERS | {"member"}), kwargs=_step("withdraw"), label="withdraw"),
    Row(
        "members:membership-lifecycle",
        only({"coordination"}, 404, others=404),
        kwargs=_step("dissolve"),
        label="unknown step",
    ),
    # Applications: the queue is the Secretariat's and the Coordination Group's; members of the
    # applicant's pillar see open ones to endorse; observers see none.
    Row("members:application-list", only(QUEUE | {"member"})),
    # Coordination Group members are also their institution's representatives, so they may propose.
    Row("members:application-propose", only({"member", "coordination"})),
    Row("members:application-propose", only({"member", "coordination"}, 302), method="post", data=_proposal),
    Row("members:application-detail", {**only(QUEUE | {"member"}), "observer": 404}, kwargs=_application),
    Row("members:application-request-info", only(RUNNERS), kwargs=_application),
    Row(
        "members:application-request-info",
        only(RUNNERS, 302),
        kwargs=_application,
        method="post",
        data=lambda world: {"info-text": "Please send your human rights policy."},
    ),
    Row("members:application-review", only({"coordination"}), kwargs=_application),
    Row(
        "members:application-review",
        only({"coordination"}, 302),
        kwargs=_application,
        method="post",
        data=lambda world: {"review-opinion": "admit_member", "review-comment": "Meets the criteria."},
    ),
    Row("members:application-decide", only({"coordination"}), kwargs=_application),
    Row(
        "members:application-decide",
        only({"coordination"}, 302),
        kwargs=_application,
        method="post",
        data=lambda world: {"decision-decision": "reject", "decision-reason": "Not in extractive industries."},
    ),
    Row("members:application-endorse", only({"member"}), kwargs=_application),
    Row(
        "members:application-endorse",
        only({"member"}, 302),
        kwargs=_application,
        method="post",
        data=lambda world: {"endorse-text": "A serious partner."},
    ),
    Row("applications:apply", public(200), kwargs=lambda world: {"group_slug": world.group.slug}, group_scoped=False),
    Row(
        "applications:apply",
        public(200),
        kwargs=lambda world: {"group_slug": world.group.slug},
        group_scoped=False,
        method="post",
        data=lambda world: {"institution_name": ""},
        label="invalid form",
    ),
    Row(
        "applications:status",
        public(200),
        kwargs=lambda world: {"token": world.objects["application"].status_token},
        group_scoped=False,
    ),
    # Management levels, audit trail, charter.
    Row("members:coordination", everyone(200)),
    Row(
        "members:coordination",
        only(RUNNERS, 302),
        method="post",
        data=lambda world: {"representative": world.objects["member_rep"].pk, "started_on": "2026-01-01"},
    ),
    Row(
        "members:coordination-seat-end",
        only(RUNNERS),
        kwargs=lambda world: {"seat_id": world.objects["coordination_seat"].pk},
    ),
    Row("members:secretariat", everyone(200)),
    Row("members:secretariat", only(RUNNERS, 302), method="post", data=_secretariat_data),
    Row("members:audit-trail", only(QUEUE)),
    Row("members:charter", everyone(200)),
    Row("members:charter-edit", only({"admin"})),
    Row("members:charter-edit", only({"admin"}, 302), method="post", data=_charter_data),
    # The person's own preferences (outside any group), and the weekly digest's stop link: public, signed,
    # a GET only shows the button.
    Row("profile:preferences", SIGNED_IN, group_scoped=False),
    Row(
        "profile:preferences",
        {**{role: 302 for role in ROLES}, "anonymous": LOGIN},
        group_scoped=False,
        method="post",
        data=lambda world: {"first_name": "Ana", "last_name": "Quispe", "language": "es", "weekly_digest": "on"},
    ),
    Row("profile:digest-unsubscribe", public(200), kwargs=_digest_stop, group_scoped=False),
    Row("profile:digest-unsubscribe", public(200), kwargs=_digest_stop, group_scoped=False, method="post"),
    Row(
        "profile:digest-unsubscribe",
        public(404),
        kwargs=lambda world: {"token": "forged"},
        group_scoped=False,
        label="forged token",
    ),
    Row(
        "invitations:accept",
        public(410),
        kwargs=lambda world: {"token": "not-a-real-token"},
        group_scoped=False,
        label="unknown token",
    ),
]
