"""An institution's other names: edited by the Secretariat and administrators on the institution page,
cleaned with messages, audited, shown in the directory, and loaded for the demo's Peru group."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from members import services
from members.demo import load_members_demo
from members.models import Institution
from minutes.attribution import Checker, from_institution
from vpwg.models import AuditRecord

pytestmark = pytest.mark.django_db


def _page(world, name="institution-detail"):
    return reverse(
        f"members:{name}",
        kwargs={"group_slug": world.group.slug, "institution_id": world.objects["company"].institution_id},
    )


def test_aliases_are_cleaned_warned_about_and_audited_once(world):
    a = world["a"]
    a.group.language = "es"
    institution = a.objects["company"].institution
    warnings = services.institution_set_aliases(
        institution=institution,
        aliases="\n  Minera   Andina \n\nminera andina\nFlores\n",
        actor=a.users["secretariat"],
        working_group=a.group,
    )
    institution.refresh_from_db()
    assert institution.aliases == ["Minera Andina", "Flores"]
    assert warnings == ["“Flores” is also an ordinary word: it is found only when written with a capital."]
    services.institution_set_aliases(
        institution=institution,
        aliases=["Minera Andina", "Flores"],
        actor=a.users["secretariat"],
        working_group=a.group,
    )
    audits = AuditRecord.objects.filter(action="members.institution.aliases_changed", target_id=str(institution.pk))
    assert audits.count() == 1 and audits.get().data == {"before": [], "after": ["Minera Andina", "Flores"]}
    with pytest.raises(ValidationError):
        services.institution_set_aliases(
            institution=institution, aliases="X", actor=a.users["secretariat"], working_group=a.group
        )


def test_only_the_secretariat_and_administrators_edit_aliases(world):
    a = world["a"]
    institution = a.objects["company"].institution
    for role in ("member", "coordination"):
        with pytest.raises(Exception) as refused:
            services.institution_set_aliases(
                institution=institution, aliases="Minera Andina", actor=a.users[role], working_group=a.group
            )
        assert refused.type.__name__ == "PermissionDenied"
    services.institution_set_aliases(
        institution=institution, aliases="Minera Andina", actor=a.users["admin"], working_group=a.group
    )


def test_the_institution_page_edits_aliases_with_messages(world, client_as):
    a = world["a"]
    a.group.language = "es"  # the warning is about the group's language
    a.group.save(update_fields=["language"])
    client = client_as(a.users["secretariat"])
    assert "Edit other names" in client.get(_page(a)).content.decode()
    response = client.post(_page(a, "institution-aliases"), {"aliases": "CICR\n\ncicr\nluz"}, follow=True)
    body = response.content.decode()
    assert "“luz” is also an ordinary word" in body and "The other names of Mining Co alpha are saved" in body
    assert "CICR · luz" in body
    refused = client.post(_page(a, "institution-aliases"), {"aliases": "Minera Andina\nX"})
    assert refused.status_code == 200 and "too short to be another name" in refused.content.decode()
    assert Institution.objects.get(pk=a.objects["company"].institution_id).aliases == ["CICR", "luz"]
    directory = client_as(a.users["member"]).get(reverse("members:directory", args=[a.group.slug]))
    assert "also CICR · luz" in directory.content.decode()
    member_page = client_as(a.users["member"]).get(_page(a)).content.decode()
    assert "CICR · luz" in member_page and "Edit other names" not in member_page
    assert client_as(a.users["member"]).get(_page(a, "institution-aliases")).status_code == 403


def test_the_demo_peru_group_has_aliases_and_a_second_run_restores_them():
    load_members_demo()
    icrc = Institution.objects.get(acronym="ICRC")
    assert "CICR" in icrc.aliases
    foreign = Institution.objects.get(name="Ministry of Foreign Affairs")
    assert "Cancillería" in foreign.aliases
    foreign.aliases = ["Something else"]
    foreign.save(update_fields=["aliases"])
    load_members_demo()
    foreign.refresh_from_db()
    assert "Cancillería" in foreign.aliases and "Something else" not in foreign.aliases
    names = [from_institution(i, host_country="Peru") for i in Institution.objects.filter(country="Peru")]
    text = (
        "El CICR y la Cancillería coordinaron con Yanacocha y Newmont; el UNLIREC y la Unión Europea también. "
        "Un ministerio recordó que en el Perú la seguridad es un derecho."
    )
    found = {hit.matched for hit in Checker(names, languages="es").find(text)}
    assert found == {"CICR", "Cancillería", "Yanacocha", "Newmont", "UNLIREC", "Unión Europea"}
