"""The Django admin goes through the services: a decision changes nothing without its record, checks and
audit. Signed in the way the admin requires (a staff account with two-factor set up, see test_security)."""

import pytest
from allauth.mfa.models import Authenticator
from django import forms
from django.contrib import admin
from django.urls import reverse

from members.models import CharterChange, CoordinationSeat, Membership, Pillar, SecretariatTerm
from tests.factories.members import RepresentativeFactory, UserFactory
from vpwg.admin import NOT_PERMITTED
from vpwg.models import AuditRecord
from vpwg.permissions import Role, forget_cached_permissions, roles_of

pytestmark = pytest.mark.django_db


def _admin_client(client, user):
    """`user` made a superuser with two-factor, signed in; the admin answers."""
    user.is_staff = user.is_superuser = True
    user.save(update_fields=["is_staff", "is_superuser"])
    Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={"secret": "JBSWY3DPEHPK3PXP"})
    client.force_login(user)
    assert client.get("/admin/").status_code == 200
    return client


@pytest.fixture
def group_admin(world, client):
    """The group administrator of group A, also a superuser: the services let them change rules and roles."""
    return _admin_client(client, world["a"].users["admin"])


@pytest.fixture
def plain_superuser(db, client):
    """A superuser who holds no role in any working group."""
    return _admin_client(client, UserFactory())


def _change_url(obj):
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])


def _add_url(model):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_add")


def _bound_values(form) -> dict:
    data = {}
    for bound in form:
        value = bound.value()
        if isinstance(bound.field, forms.BooleanField):
            if value:
                data[bound.html_name] = "on"
        elif isinstance(value, list | tuple):
            data[bound.html_name] = [str(v) for v in value]
        elif value is not None:
            data[bound.html_name] = str(value)
    return data


def _form_data(response, **changes) -> dict:
    """What the browser would post back for the admin form on `response` (inlines included), with `changes`."""
    data = _bound_values(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        data.update(_bound_values(inline.formset.management_form))
        for form in inline.formset.forms:
            data.update(_bound_values(form))
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def _post_change(client, obj, **changes):
    url = _change_url(obj)
    return client.post(url, {**_form_data(client.get(url), **changes), "_save": "Save"})


# --- charter -------------------------------------------------------------------------------------


def test_a_charter_rule_does_not_change_without_a_recorded_decision(world, group_admin):
    group = world["a"].group
    assert group.max_unexcused_absences == 3
    response = _post_change(group_admin, group, max_unexcused_absences="2", decision_reason="")
    assert response.status_code == 200
    assert "Record the decision and its reason." in response.content.decode()
    group.refresh_from_db()
    assert group.max_unexcused_absences == 3 and not CharterChange.objects.exists()

    response = _post_change(
        group_admin, group, max_unexcused_absences="2", decision_reason="Plenary of 10 March", decided_on="2026-03-10"
    )
    assert response.status_code == 302
    group.refresh_from_db()
    assert group.max_unexcused_absences == 2
    change = CharterChange.objects.get()
    assert (change.field, change.old_value, change.new_value, change.reason) == (
        "max_unexcused_absences",
        "3",
        "2",
        "Plenary of 10 March",
    )
    assert change.actor == world["a"].users["admin"] and str(change.decided_on) == "2026-03-10"
    record = AuditRecord.objects.get(action="members.charter.changed")
    assert record.actor == world["a"].users["admin"] and record.data["fields"] == ["max_unexcused_absences"]


def test_plain_group_details_change_without_a_decision(world, group_admin):
    group = world["a"].group
    assert _post_change(group_admin, group, name="Grupo de Trabajo Perú", decision_reason="").status_code == 302
    group.refresh_from_db()
    assert group.name == "Grupo de Trabajo Perú" and not CharterChange.objects.exists()


def test_a_superuser_without_a_role_in_the_group_sees_the_charter_read_only(world, plain_superuser):
    group = world["a"].group
    form = plain_superuser.get(_change_url(group)).context["adminform"].form
    assert "max_unexcused_absences" not in form.fields and "decision_reason" not in form.fields
    response = _post_change(plain_superuser, group, max_unexcused_absences="1")  # a forged field is ignored
    assert response.status_code == 302
    group.refresh_from_db()
    assert group.max_unexcused_absences == 3 and not CharterChange.objects.exists()


# --- Coordination Group seats -----------------------------------------------------------------------


def _add_seat(client, representative, started_on):
    return client.post(
        _add_url(CoordinationSeat),
        {"representative": representative.pk, "started_on": started_on.isoformat(), "ended_on": "", "_save": "Save"},
    )


def test_a_seat_added_in_the_admin_is_audited_and_the_per_pillar_limit_holds(world, group_admin):
    group_world = world["a"]
    group, today = group_world.group, group_world.group.today()
    assert group.coordination_seats_per_pillar == 1
    member_rep = group_world.objects["member_rep"]  # companies pillar, no seat yet
    assert _add_seat(group_admin, member_rep, today).status_code == 302
    seat = CoordinationSeat.objects.get(representative=member_rep)
    assert (seat.working_group, seat.pillar) == (group, Pillar.COMPANIES)
    record = AuditRecord.objects.get(action="members.coordination.seat_assigned", target_id=str(seat.pk))
    assert record.actor == group_world.users["admin"]
    forget_cached_permissions(member_rep.user)
    assert Role.COORDINATION in roles_of(member_rep.user, group)

    second = RepresentativeFactory(membership=group_world.objects["company"], role="alternate")
    response = _add_seat(group_admin, second, today)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Every seat of this pillar is taken" in page
    assert f'value="{second.pk}" selected' in page  # the form is shown again with what was chosen
    assert CoordinationSeat.objects.current().filter(working_group=group, pillar=Pillar.COMPANIES).count() == 1


def test_a_seat_is_ended_through_the_service_and_then_stays_as_it_is(world, group_admin):
    group_world = world["a"]
    seat = group_world.objects["coordination_seat"]
    today = group_world.group.today()
    assert _post_change(group_admin, seat, ended_on=today.isoformat()).status_code == 302
    seat.refresh_from_db()
    assert seat.ended_on == today
    assert AuditRecord.objects.filter(action="members.coordination.seat_ended", target_id=str(seat.pk)).exists()
    form = group_admin.get(_change_url(seat)).context["adminform"].form
    assert not form.fields  # an ended term is history: nothing left to change


def test_a_superuser_without_a_role_is_refused_a_seat_with_a_message(world, plain_superuser):
    member_rep = world["a"].objects["member_rep"]
    response = _add_seat(plain_superuser, member_rep, world["a"].group.today())
    assert response.status_code == 200
    assert NOT_PERMITTED in response.content.decode()
    assert not CoordinationSeat.objects.filter(representative=member_rep).exists()


# --- the Secretariat ------------------------------------------------------------------------------


def test_a_change_of_secretariat_staff_is_audited_and_gives_the_role(world, group_admin):
    group_world = world["a"]
    term = SecretariatTerm.objects.get(working_group=group_world.group)
    newcomer = group_world.users["outsider"]
    RepresentativeFactory(membership=group_world.objects["ngo"], user=newcomer)  # staff represent the holder
    staff = [str(group_world.users["secretariat"].pk), str(newcomer.pk)]
    assert _post_change(group_admin, term, staff=staff).status_code == 302
    record = AuditRecord.objects.get(action="members.secretariat.changed")
    assert record.actor == group_world.users["admin"]
    assert (record.data["staff_added"], record.data["staff_removed"]) == ([newcomer.pk], [])
    forget_cached_permissions(newcomer)
    assert Role.SECRETARIAT in roles_of(newcomer, group_world.group)


def test_the_admin_refuses_secretariat_staff_who_do_not_represent_the_holder(world, group_admin):
    group_world = world["a"]
    term = SecretariatTerm.objects.get(working_group=group_world.group)
    staff = [str(group_world.users["secretariat"].pk), str(group_world.users["outsider"].pk)]
    response = _post_change(group_admin, term, staff=staff)
    assert response.status_code == 200
    assert "Secretariat staff must represent" in response.content.decode()
    assert list(term.staff.all()) == [group_world.users["secretariat"]]


def test_a_new_secretariat_term_from_the_admin_hands_over_and_is_audited(world, group_admin):
    group_world = world["a"]
    group, staff = group_world.group, group_world.users["member"]
    response = group_admin.post(
        _add_url(SecretariatTerm),
        {
            "working_group": group.pk,
            "institution": group_world.objects["company"].institution_id,
            "staff": [staff.pk],
            "started_on": "2026-02-01",
            "_save": "Save",
        },
    )
    assert response.status_code == 302
    terms = list(SecretariatTerm.objects.filter(working_group=group).order_by("started_on"))
    assert [str(t.ended_on) for t in terms] == ["2026-01-31", "None"]
    assert AuditRecord.objects.filter(action="members.secretariat.started", actor=group_world.users["admin"]).exists()


# --- memberships and representatives ----------------------------------------------------------------


def test_a_membership_status_is_not_editable_in_the_admin(world, group_admin):
    company = world["a"].objects["company"]
    response = group_admin.get(_change_url(company))
    assert response.status_code == 200
    assert not response.context["adminform"].form.fields  # shown, not editable
    response = group_admin.post(
        _change_url(company),
        {"working_group": company.working_group_id, "institution": company.institution_id, "status": "suspended"},
    )
    assert response.status_code == 403
    company.refresh_from_db()
    assert company.status == Membership.Status.MEMBER


def test_an_admission_in_the_admin_starts_the_history_with_its_reason(world, group_admin):
    from tests.factories.members import InstitutionFactory

    group, institution = world["a"].group, InstitutionFactory(name="Minera Andina")
    response = group_admin.post(
        _add_url(Membership),
        {
            "working_group": group.pk,
            "institution": institution.pk,
            "pillar": Pillar.COMPANIES,
            "status": Membership.Status.MEMBER,
            "joined_on": "2026-01-15",
            "reason": "Founding member",
            "_save": "Save",
        },
    )
    assert response.status_code == 302
    membership = Membership.objects.get(institution=institution)
    entry = membership.history.get()
    assert (entry.action, entry.reason, entry.actor) == ("admitted", "Founding member", world["a"].users["admin"])


def test_representatives_are_removed_through_the_service(world, group_admin):
    group_world = world["a"]
    representative = group_world.objects["member_rep"]
    response = group_admin.post(
        reverse("admin:members_representative_changelist"),
        {"action": "remove_representatives", "_selected_action": [representative.pk]},
    )
    assert response.status_code == 302
    representative.refresh_from_db()
    assert representative.ended_on is not None
    assert AuditRecord.objects.filter(
        action="members.representative.removed", actor=group_world.users["admin"]
    ).exists()
    forget_cached_permissions(representative.user)
    assert roles_of(representative.user, group_world.group) == frozenset()


def test_a_representative_role_change_makes_a_new_principal(world, group_admin):
    group_world = world["a"]
    alternate = RepresentativeFactory(membership=group_world.objects["company"], role="alternate")
    assert _post_change(group_admin, alternate, role="principal").status_code == 302
    principal = group_world.objects["member_rep"]
    principal.refresh_from_db()
    assert principal.role == "alternate"
    assert AuditRecord.objects.filter(action="members.representative.role_changed").exists()


# --- every admin page answers --------------------------------------------------------------------


def test_every_admin_list_and_add_page_answers(world, group_admin):
    for model, model_admin in admin.site._registry.items():
        info = model._meta.app_label, model._meta.model_name
        assert group_admin.get(reverse("admin:{}_{}_changelist".format(*info))).status_code == 200, model
        add = group_admin.get(reverse("admin:{}_{}_add".format(*info)))
        assert add.status_code == (200 if model_admin.has_add_permission(add.wsgi_request) else 403), model
