import pytest
from django.utils import translation

from members.models import Institution, Pillar
from tests.factories.members import InstitutionFactory, MembershipFactory
from tests.test_translations import compiled_catalogs  # noqa: F401 - a fixture: the .mo files, compiled when stale
from vpwg.i18n import remember_language


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    """Rendered PDFs go to a temporary media folder."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def peru(world):
    """World A as a Spanish-speaking group: the company's representative has two surnames, and the
    Embassy of Switzerland (an office in Peru) attends the meeting."""
    a = world["a"]
    a.group.language = "es"
    a.group.save(update_fields=["language"])
    user = a.users["member"]
    user.first_name, user.last_name = "Luz Marina", "Condori Mamani"
    user.save(update_fields=["first_name", "last_name"])
    a.objects["embassy"] = MembershipFactory(
        working_group=a.group,
        pillar=Pillar.GOVERNMENT,
        institution=InstitutionFactory(
            name="Embassy of Switzerland", kind=Institution.Kind.FOREIGN_GOVERNMENT, country="Peru"
        ),
    )
    return a


@pytest.fixture
def in_spanish(compiled_catalogs):  # noqa: F811 - the fixture imported above
    """`in_spanish(*users)`: their pages in Spanish (their saved choice, restored at sign-in). The language
    the middleware activated in this thread for them is dropped afterwards, so later tests read English."""
    yield lambda *users: [remember_language(user, "es") for user in users]
    translation.deactivate()
