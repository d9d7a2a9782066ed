from datetime import date, timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from members import services
from members.exceptions import InvitationUnavailable, MembersError
from members.models import Invitation, Membership, MembershipStatusChange, Pillar, Representative
from tests.factories.members import (
    InstitutionFactory,
    MembershipFactory,
    RepresentativeFactory,
    UserFactory,
    WorkingGroupFactory,
)
from vpwg.models import AuditRecord, OutboxMessage
from vpwg.permissions import Role, can, roles_of

pytestmark = pytest.mark.django_db


def test_admitting_a_member_starts_its_history():
    membership = MembershipFactory(status=Membership.Status.OBSERVER, pillar=Pillar.GOVERNMENT)
    [entry] = MembershipStatusChange.objects.filter(membership=membership)
    assert (entry.from_status, entry.to_status, entry.pillar) == ("", "observer", "government")
    assert AuditRecord.objects.filter(action="members.membership.admitted", target_id=str(membership.pk)).exists()


def test_admit_refuses_a_second_membership_in_the_same_group():
    membership = MembershipFactory()
    with pytest.raises(MembersError):
        services.membership_admit(
            working_group=membership.working_group, institution=membership.institution, pillar=Pillar.COMPANIES
        )


def test_admit_refuses_an_ended_status():
    with pytest.raises(MembersError):
        MembershipFactory(status=Membership.Status.EXPELLED)


def test_representative_of_member_gets_member_role_and_of_observer_observer_role():
    member = RepresentativeFactory()
    observer = RepresentativeFactory(membership=MembershipFactory(status=Membership.Status.OBSERVER))
    assert roles_of(member.user, member.working_group) == {Role.MEMBER}
    assert roles_of(observer.user, observer.working_group) == {Role.OBSERVER}


def test_roles_do_not_leak_to_another_group():
    rep = RepresentativeFactory()
    other = WorkingGroupFactory()
    assert roles_of(rep.user, other) == frozenset()
    assert not can(rep.user, "view_group", other)
    assert can(rep.user, "view_group", rep.working_group)


def test_a_person_represents_one_institution_per_group():
    rep = RepresentativeFactory()
    other_membership = MembershipFactory(working_group=rep.working_group)
    with pytest.raises(MembersError):
        services.representative_add(membership=other_membership, user=rep.user, role="principal")


def test_a_person_may_represent_institutions_in_two_groups():
    rep = RepresentativeFactory()
    second = services.representative_add(membership=MembershipFactory(), user=rep.user, role="principal")
    assert roles_of(rep.user, rep.working_group) == {Role.MEMBER}
    assert roles_of(rep.user, second.working_group) == {Role.MEMBER}


def test_new_principal_turns_the_previous_one_into_an_alternate():
    first = RepresentativeFactory()
    second = services.representative_add(membership=first.membership, user=UserFactory(), role="principal")
    first.refresh_from_db()
    assert first.role == Representative.Role.ALTERNATE
    assert second.role == Representative.Role.PRINCIPAL


def test_removing_a_representative_keeps_the_row_and_withdraws_roles_at_once(world):
    group_world = world["a"]
    rep = group_world.objects["member_rep"]
    secretariat = group_world.users["secretariat"]
    services.representative_remove(representative=rep, actor=secretariat, reason="Changed jobs")
    rep.refresh_from_db()
    assert rep.ended_on == group_world.group.today()
    assert roles_of(rep.user, group_world.group) == frozenset()
    assert not can(rep.user, "view_group", group_world.group)
    assert AuditRecord.objects.filter(action="members.representative.removed", reason="Changed jobs").exists()
    with pytest.raises(MembersError):
        services.representative_remove(representative=rep, actor=secretariat)


def test_removing_a_coordination_member_ends_the_seat(world):
    group_world = world["a"]
    coordinator = group_world.users["coordination"]
    rep = Representative.objects.active().get(user=coordinator, working_group=group_world.group)
    services.representative_remove(representative=rep, actor=group_world.users["secretariat"])
    assert Role.COORDINATION not in roles_of(coordinator, group_world.group)
    assert rep.seats.get().ended_on is not None


def test_only_the_secretariat_or_admin_may_remove_representatives(world):
    group_world = world["a"]
    with pytest.raises(PermissionDenied):
        services.representative_remove(
            representative=group_world.objects["member_rep"], actor=group_world.users["coordination"]
        )
    with pytest.raises(PermissionDenied):
        services.representative_remove(
            representative=group_world.objects["member_rep"], actor=world["b"].users["secretariat"]
        )


def test_secretariat_rotates_and_the_old_staff_lose_the_role(world):
    group_world = world["a"]
    group = group_world.group
    old_staff = group_world.users["secretariat"]
    new_staff = UserFactory()
    services.secretariat_term_start(
        working_group=group, institution=group_world.objects["company"].institution, staff=[new_staff]
    )
    assert Role.SECRETARIAT not in roles_of(old_staff, group)
    assert Role.SECRETARIAT in roles_of(new_staff, group)
    old_term = group.secretariat_terms.get(staff=old_staff)
    assert old_term.ended_on == group.today() - timedelta(days=1)


def test_coordination_seats_are_limited_per_pillar(world):
    group_world = world["a"]
    other_ngo_rep = RepresentativeFactory(
        membership=MembershipFactory(working_group=group_world.group, pillar=Pillar.CIVIL_SOCIETY)
    )
    with pytest.raises(MembersError):
        services.coordination_seat_assign(working_group=group_world.group, representative=other_ngo_rep)


def test_suspended_membership_gives_no_role():
    rep = RepresentativeFactory()
    Membership.objects.filter(pk=rep.membership_id).update(status=Membership.Status.SUSPENDED)
    services.roles_resync(user=rep.user, working_group=rep.working_group)
    assert roles_of(rep.user, rep.working_group) == frozenset()


class TestInvitations:
    def _invite(self, world, email="new.person@example.org"):
        group_world = world["a"]
        return services.representative_invite(
            membership=group_world.objects["company"],
            email=email,
            first_name="Nueva",
            last_name="Persona",
            role="alternate",
            actor=group_world.users["secretariat"],
        )

    def test_invite_queues_one_email_with_a_working_link(self, world, django_capture_on_commit_callbacks):
        with django_capture_on_commit_callbacks(execute=True):
            invitation = self._invite(world)
        assert OutboxMessage.objects.filter(recipient="new.person@example.org", sent_at__isnull=False).count() == 1
        [message] = mail.outbox
        assert f"/invitations/{invitation.token}/" in message.body
        assert "Mining Co alpha" in message.body

    def test_accepting_creates_the_account_and_the_representation(self, world):
        invitation = self._invite(world)
        rep = services.invitation_accept(token=invitation.token, password="a-long-password-1")
        assert rep.user.email == "new.person@example.org"
        assert rep.user.check_password("a-long-password-1")
        assert rep.role == Representative.Role.ALTERNATE
        assert roles_of(rep.user, world["a"].group) == {Role.MEMBER}

    def test_a_link_used_twice_says_so(self, world):
        invitation = self._invite(world)
        services.invitation_accept(token=invitation.token, password="a-long-password-1")
        with pytest.raises(InvitationUnavailable, match="already been used"):
            services.invitation_accept(token=invitation.token, password="a-long-password-1")

    def test_an_expired_link_says_so(self, world):
        invitation = self._invite(world)
        Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
        with pytest.raises(InvitationUnavailable, match="expired"):
            services.invitation_accept(token=invitation.token, password="a-long-password-1")

    def test_cannot_invite_someone_who_already_represents_in_the_group(self, world):
        email = world["a"].users["member"].email
        with pytest.raises(MembersError):
            self._invite(world, email=email)

    def test_only_runners_may_invite(self, world):
        with pytest.raises(PermissionDenied):
            services.representative_invite(
                membership=world["a"].objects["company"],
                email="x@example.org",
                first_name="X",
                last_name="Y",
                role="principal",
                actor=world["a"].users["member"],
            )


def test_institution_find_or_create_matches_case_insensitively():
    institution = InstitutionFactory(name="Antamina", country="Peru")
    assert services.institution_find_or_create(name="ANTAMINA ", kind="company", country="peru") == institution


def test_roles_resync_all_ends_a_term_that_has_run_out(world):
    group_world = world["a"]
    group = group_world.group
    term = group.secretariat_terms.get()
    term.ended_on = date(2021, 1, 1)
    term.save()
    services.roles_resync_all()
    assert Role.SECRETARIAT not in roles_of(group_world.users["secretariat"], group)


def test_secretariat_staff_change_needs_manage_roles_and_moves_the_role(world):
    from members.models import SecretariatTerm
    from vpwg.permissions import forget_cached_permissions

    a = world["a"]
    term = SecretariatTerm.objects.get(working_group=a.group)
    RepresentativeFactory(membership=a.objects["ngo"], user=a.users["outsider"])  # staff represent the holder
    with pytest.raises(PermissionDenied):
        services.secretariat_term_change(term=term, actor=a.users["member"], staff=[a.users["outsider"]])
    with pytest.raises(MembersError):
        services.secretariat_term_change(
            term=term, actor=a.users["admin"], ended_on=term.started_on - timedelta(days=1)
        )
    services.secretariat_term_change(term=term, actor=a.users["admin"], staff=[a.users["outsider"]], reason="Rotation")
    record = AuditRecord.objects.get(action="members.secretariat.changed")
    assert (record.data["staff_added"], record.data["staff_removed"]) == (
        [a.users["outsider"].pk],
        [a.users["secretariat"].pk],
    )
    for user in (a.users["outsider"], a.users["secretariat"]):
        forget_cached_permissions(user)
    assert Role.SECRETARIAT in roles_of(a.users["outsider"], a.group)
    assert Role.SECRETARIAT not in roles_of(a.users["secretariat"], a.group)
    # A change that changes nothing records nothing.
    services.secretariat_term_change(term=term, actor=a.users["admin"], staff=[a.users["outsider"]])
    assert AuditRecord.objects.filter(action="members.secretariat.changed").count() == 1


def test_ending_a_group_administrator_takes_the_role_at_once(world):
    from members.models import GroupAdministrator
    from vpwg.permissions import forget_cached_permissions

    a = world["a"]
    administrator = GroupAdministrator.objects.get(working_group=a.group, user=a.users["admin"])
    administrator.started_on = date(2020, 1, 1)
    administrator.save(update_fields=["started_on"])
    services.group_administrator_end(administrator=administrator, actor=None, ended_on=a.group.today() - timedelta(1))
    forget_cached_permissions(a.users["admin"])
    assert Role.ADMIN not in roles_of(a.users["admin"], a.group)
    assert AuditRecord.objects.filter(action="members.administrator.ended").exists()


def test_appointing_a_representative_needs_the_secretariat_and_a_current_member(world):
    a = world["a"]
    person = UserFactory()
    with pytest.raises(PermissionDenied):
        services.representative_appoint(membership=a.objects["company"], user=person, role="alternate", actor=person)
    services.membership_withdraw(membership=a.objects["company"], actor=a.users["member"], reason="Leaving")
    with pytest.raises(MembersError):
        services.representative_appoint(
            membership=a.objects["company"], user=person, role="alternate", actor=a.users["secretariat"]
        )
    representative = services.representative_appoint(
        membership=a.objects["ngo"], user=person, role="alternate", actor=a.users["secretariat"]
    )
    assert representative.membership == a.objects["ngo"] and Role.MEMBER in roles_of(person, a.group)
