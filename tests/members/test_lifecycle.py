"""The member lifecycle. Warning, suspension, expulsion and reinstatement happen only when the Coordination
Group's decision is adopted (tests.factories.decisions.adopt takes it the way the pages do); withdrawal
is the member's own step."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from members import services
from members.exceptions import MembersError
from members.models import Decision, Membership, MembershipStatusChange, Pillar, Representative
from tests.factories.decisions import adopt
from tests.members.decision_helpers import three_pillar_board
from vpwg.errors import DomainError
from vpwg.permissions import can, roles_of

pytestmark = pytest.mark.django_db
S = Membership.Status


def test_suspension_takes_effect_at_once_and_reinstatement_restores(world, client_as):
    group_world = world["a"]
    company = group_world.objects["company"]
    member = group_world.users["member"]
    dashboard = reverse("members:dashboard", args=[group_world.group.slug])
    assert client_as(member).get(dashboard).status_code == 200
    adopt(group_world.group, "suspension", company, reason="Missed three plenaries")
    company.refresh_from_db()
    assert company.status == S.SUSPENDED
    assert client_as(member).get(dashboard).status_code == 404  # no access, by any URL
    adopt(group_world.group, "reinstatement", company, reason="Attended again")
    company.refresh_from_db()
    assert company.status == S.MEMBER
    assert client_as(member).get(dashboard).status_code == 200


def test_reinstating_an_observer_returns_it_to_observer(world):
    observer = world["a"].objects["observer"]
    adopt(world["a"].group, "suspension", observer, reason="r")
    adopt(world["a"].group, "reinstatement", observer, reason="r")
    observer.refresh_from_db()
    assert observer.status == S.OBSERVER


def test_expulsion_ends_representations_and_keeps_history(world):
    group_world = world["a"]
    company = group_world.objects["company"]
    adopt(group_world.group, "warning", company, reason="First warning")
    adopt(group_world.group, "expulsion", company, reason="Breach")
    company.refresh_from_db()
    assert company.status == S.EXPELLED and company.ended_on is not None
    assert not Representative.objects.active().filter(membership=company).exists()
    actions = list(MembershipStatusChange.objects.filter(membership=company).values_list("action", flat=True))
    assert actions == ["admitted", "warned", "expelled"]
    assert not can(group_world.users["member"], "view_group", group_world.group)


def test_expulsion_records_the_decision_then_tells_each_representative_once(world):
    from tests.factories.members import RepresentativeFactory
    from vpwg.models import AuditRecord, OutboxMessage

    group_world = world["a"]
    company = group_world.objects["company"]
    alternate = RepresentativeFactory(membership=company, role="alternate")
    adopt(group_world.group, "expulsion", company, reason="Breach")
    record = AuditRecord.objects.get(action="members.membership.expelled")
    assert record.actor == group_world.users["coordination"] and record.reason == "Breach"
    entry = MembershipStatusChange.objects.get(membership=company, action="expelled")
    # Both representations ended with the expulsion; both people still hear of it, once each.
    recipients = set(
        OutboxMessage.objects.filter(dedupe_key__startswith=f"membership-change:{entry.pk}:").values_list(
            "recipient", flat=True
        )
    )
    assert recipients == {group_world.users["member"].email, alternate.user.email}


def test_an_ended_membership_cannot_be_suspended_or_reinstated(world):
    group_world = world["a"]
    company = group_world.objects["company"]
    services.membership_withdraw(membership=company, actor=group_world.users["member"], reason="Leaving Peru")
    history = MembershipStatusChange.objects.filter(membership=company).count()
    for kind in ("suspension", "reinstatement"):
        with pytest.raises(MembersError):
            adopt(group_world.group, kind, company, reason="x")
    company.refresh_from_db()
    assert company.status == S.WITHDRAWN  # nothing changed, nothing recorded
    assert MembershipStatusChange.objects.filter(membership=company).count() == history
    assert not Decision.objects.about(company).exists()


def test_a_decision_needs_reasons(world):
    with pytest.raises(MembersError, match="reasons"):
        adopt(world["a"].group, "warning", world["a"].objects["company"], reason="  ")


# --- nobody reaches a lifecycle step but through an adopted decision (issue 14) ----------------------

STEPS = {
    "warning": services.membership_warn,
    "suspension": services.membership_suspend,
    "expulsion": services.membership_expel,
    "reinstatement": services.membership_reinstate,
}


@pytest.mark.parametrize("kind", sorted(STEPS))
def test_a_direct_call_without_an_adopted_decision_is_refused_whoever_makes_it(world, kind):
    group_world = world["a"]
    company = group_world.objects["company"]
    if kind == "reinstatement":
        adopt(group_world.group, "suspension", company, reason="Missed three plenaries")
    history = MembershipStatusChange.objects.filter(membership=company).count()
    for role in ("coordination", "secretariat", "admin", "member"):
        with pytest.raises(DomainError, match="adopted decision"):
            STEPS[kind](membership=company, actor=group_world.users[role])
        with pytest.raises(DomainError, match="adopted decision"):
            STEPS[kind](membership=company, actor=group_world.users[role], adopted=None)
    assert MembershipStatusChange.objects.filter(membership=company).count() == history


def _open_decision(group_world, kind, membership, **extra):
    return Decision.objects.create(
        working_group=group_world.group,
        kind=kind,
        subject=membership,
        subject_label="x",
        rule="one_per_pillar",
        reason="Forged",
        deadline=timezone.now() + timedelta(days=14),
        **extra,
    )


def test_only_the_stored_adopted_decision_about_that_membership_authorises_the_step(world):
    """An open decision, one marked adopted in memory only, one about another member or of another kind,
    one already applied, an unsaved one: each is refused, and nothing changes."""
    group_world = world["a"]
    company, observer = group_world.objects["company"], group_world.objects["observer"]
    warning = adopt(group_world.group, "warning", company, reason="Late")  # adopted and applied
    pending = _open_decision(group_world, "suspension", company)
    forged = Decision.objects.get(pk=pending.pk)
    forged.status = "adopted"  # in memory: the stored row is still open
    other = adopt(group_world.group, "suspension", observer, effective_on=group_world.group.today() + timedelta(5))
    unsaved = Decision(working_group=group_world.group, kind="suspension", subject=company, status="adopted")
    for decision in (pending, forged, other, warning, unsaved):
        with pytest.raises(DomainError, match="adopted decision"):
            services.membership_suspend(membership=company, adopted=decision)
    with pytest.raises(DomainError, match="adopted decision"):  # applied already: not twice
        services.membership_warn(membership=company, adopted=warning)
    company.refresh_from_db()
    assert company.status == S.MEMBER
    assert list(company.history.values_list("action", flat=True)) == ["admitted", "warned"]


def test_a_scheduled_suspension_is_applied_by_its_decision_on_its_day(world):
    group_world = world["a"]
    company = group_world.objects["company"]
    decision = adopt(group_world.group, "suspension", company, effective_on=group_world.group.today() + timedelta(3))
    company.refresh_from_db()
    assert company.status == S.MEMBER and decision.applied_at is None
    assert services.decisions_apply_scheduled() == 0  # not yet
    Decision.objects.filter(pk=decision.pk).update(effective_on=group_world.group.today())  # the day has come
    assert services.decisions_apply_scheduled() == 1
    company.refresh_from_db()
    assert company.status == S.SUSPENDED
    decision.refresh_from_db()
    with pytest.raises(DomainError, match="adopted decision"):  # applied: it authorises nothing more
        services.membership_reinstate(membership=company, adopted=decision)


def test_the_lifecycle_page_proposes_a_decision_and_never_applies_one_alone(world, client_as):
    """With the three pillars seated, the companies seat's "Suspend" opens a decision; the status stays."""
    group_world = world["a"]
    board = three_pillar_board(group_world)
    company = group_world.objects["company"]
    url = reverse("members:membership-lifecycle", args=[group_world.group.slug, company.institution_id, "suspend"])
    response = client_as(board[Pillar.COMPANIES]).post(url, {"reason": "Missed three plenaries"})
    decision = Decision.objects.get()
    assert response["Location"] == reverse("members:decision-detail", args=[group_world.group.slug, decision.pk])
    company.refresh_from_db()
    assert decision.is_open and company.status == S.MEMBER


def test_suspended_coordination_member_loses_the_role(world):
    group_world = world["a"]
    three_pillar_board(group_world)  # the holder of the civil society seat is recused: the others decide
    adopt(group_world.group, "suspension", group_world.objects["ngo"], reason="x")
    fresh = type(group_world.users["coordination"]).objects.get(pk=group_world.users["coordination"].pk)
    assert roles_of(fresh, group_world.group) == frozenset()


def test_a_member_may_withdraw_only_its_own_institution(world):
    group_world = world["a"]
    with pytest.raises(PermissionDenied):
        services.membership_withdraw(
            membership=group_world.objects["ngo"], actor=group_world.users["member"], reason="x"
        )


def test_lifecycle_page_records_a_warning(world, client_as):
    group_world = world["a"]
    company = group_world.objects["company"]
    client = client_as(group_world.users["coordination"])
    url = reverse("members:membership-lifecycle", args=[group_world.group.slug, company.institution_id, "warn"])
    assert client.post(url, {"reason": ""}).status_code == 200  # reasons required
    response = client.post(url, {"reason": "Late reports"})
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "Warned" in page and "Late reports" in page


def test_reinstate_step_is_not_offered_for_a_current_member(world, client_as):
    group_world = world["a"]
    url = reverse(
        "members:membership-lifecycle",
        args=[group_world.group.slug, group_world.objects["company"].institution_id, "reinstate"],
    )
    assert client_as(group_world.users["coordination"]).get(url).status_code == 403


def test_role_change_makes_a_new_principal(world):
    from tests.factories.members import RepresentativeFactory

    group_world = world["a"]
    alternate = RepresentativeFactory(membership=group_world.objects["company"], role="alternate")
    services.representative_change_role(
        representative=alternate, role="principal", actor=group_world.users["secretariat"]
    )
    principal = group_world.objects["member_rep"]
    principal.refresh_from_db()
    alternate.refresh_from_db()
    assert (alternate.role, principal.role) == ("principal", "alternate")


def test_charter_change_is_recorded_and_enforcing_data_changes(world):
    group_world = world["a"]
    rows = services.charter_change(
        working_group=group_world.group,
        actor=group_world.users["admin"],
        changes={"max_unexcused_absences": 2, "plenary_length_minutes": 120},
        reason="Plenary of 10 March",
    )
    assert [row.field for row in rows] == ["max_unexcused_absences"]  # 120 was already the value
    group_world.group.refresh_from_db()
    assert group_world.group.max_unexcused_absences == 2
    with pytest.raises(PermissionDenied):
        services.charter_change(
            working_group=group_world.group,
            actor=group_world.users["secretariat"],
            changes={"max_unexcused_absences": 5},
            reason="x",
        )


def test_charter_page_shows_rules_and_history(world, client_as):
    group_world = world["a"]
    services.charter_change(
        working_group=group_world.group,
        actor=group_world.users["admin"],
        changes={"meeting_cadence_months": 2},
        reason="Agreed at the plenary",
    )
    page = (
        client_as(group_world.users["observer"])
        .get(reverse("members:charter", args=[group_world.group.slug]))
        .content.decode()
    )
    assert "Chatham House Rule" in page and "Agreed at the plenary" in page
    assert "One Coordination Group member of each pillar approves" in page


def test_audit_trail_lists_decisions(world, client_as):
    group_world = world["a"]
    adopt(group_world.group, "warning", group_world.objects["company"], reason="Late reports")
    page = (
        client_as(group_world.users["secretariat"])
        .get(reverse("members:audit-trail", args=[group_world.group.slug]))
        .content.decode()
    )
    assert "members.membership.warned" in page and "Late reports" in page


def test_secretariat_handover_from_the_page(world, client_as):
    group_world = world["a"]
    client = client_as(group_world.users["secretariat"])
    url = reverse("members:secretariat", args=[group_world.group.slug])
    response = client.post(
        url,
        {
            "membership": group_world.objects["company"].pk,
            "staff": [group_world.objects["member_rep"].pk],
            "started_on": "2026-02-01",
        },
    )
    assert response.status_code == 302
    assert group_world.group.secretariat_terms.count() == 2


def test_seat_assignment_refuses_a_full_pillar(world, client_as):
    from tests.factories.members import MembershipFactory, RepresentativeFactory

    group_world = world["a"]
    other = RepresentativeFactory(membership=MembershipFactory(working_group=group_world.group, pillar="civil_society"))
    response = client_as(group_world.users["secretariat"]).post(
        reverse("members:coordination", args=[group_world.group.slug]),
        {"representative": other.pk, "started_on": "2026-02-01"},
    )
    assert response.status_code == 200
    assert "Every seat of this pillar is taken" in response.content.decode()
