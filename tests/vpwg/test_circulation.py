import pytest

from members.models import UserProfile
from vpwg.circulation import stamp_lines

pytestmark = pytest.mark.django_db


def test_the_copy_band_speaks_the_recipients_language(world):
    group_world = world["a"]
    member = group_world.users["member"]
    english = stamp_lines(member, group_world.group)
    assert english[0].startswith(f"Copy for {member.get_full_name()} — Mining Co alpha — ")
    assert english[1] == "Confidential — Chatham House Rule, do not attribute"
    UserProfile.objects.create(user=member, language="es")
    spanish = stamp_lines(member, group_world.group)
    assert spanish[0].startswith(f"Copia para {member.get_full_name()} — Mining Co alpha — ")
    assert spanish[1] == "Confidencial — Regla de Chatham House, no atribuir"


def test_the_secretariat_copy_names_the_secretariat(world):
    group_world = world["a"]
    group_world.group.language = "fr"
    group_world.group.save()
    band = stamp_lines(group_world.users["secretariat"], group_world.group)
    assert "Rights NGO alpha (Secrétariat)" in band[0] and band[0].startswith("Copie pour")
