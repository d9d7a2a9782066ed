"""The minutes walk in a real browser: draft, a non-attribution hit, changes requested, approval by each
pillar, circulation, and a watermarked download whose recipient is read back out of the PDF."""

import io
from datetime import date

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from members import services as member_services
from members.models import Pillar
from minutes.models import Minutes
from tests.conftest import build_group_world
from tests.factories.members import InstitutionFactory, MembershipFactory, RepresentativeFactory
from tests.factories.minutes import MinutesFactory
from vpwg.i18n import remember_language


def _sign_in(page, base, user, path):
    page.context.clear_cookies()
    page.goto(f"{base}{path}")
    page.get_by_label("Email").fill(user.email)
    page.get_by_label("Password").fill("test-pass-123")
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_url(f"**{path}")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_minutes_from_draft_to_a_watermarked_download(live_server, page):
    world = build_group_world("alpha")
    reviewers = [world.users["coordination"]]
    for pillar, name in ((Pillar.COMPANIES, "Andes Gold"), (Pillar.GOVERNMENT, "Ministry of Energy")):
        rep = RepresentativeFactory(
            membership=MembershipFactory(
                working_group=world.group, pillar=pillar, institution=InstitutionFactory(name=name)
            )
        )
        member_services.coordination_seat_assign(
            working_group=world.group, representative=rep, started_on=date(2020, 1, 1)
        )
        reviewers.append(rep.user)
    minutes = MinutesFactory(world, text="Participants discussed the draft law on private security.")
    base = live_server.url
    detail = f"/g/alpha/minutes/{minutes.pk}/"

    # Drafting: a name slips in, the check lists it, the Secretariat accepts it with a reason.
    _sign_in(page, base, world.users["secretariat"], f"{detail}edit/")
    page.locator("#summary-opening").fill("Mining Co alpha presented its security policy.")
    page.get_by_role("button", name="Save and check for names").click()
    assert "1 mention to fix or accept" in page.content()
    assert "Mining Co alpha presented" in page.locator(".minutes-context").first.inner_text()
    page.get_by_text("Accept with a reason").click()
    page.get_by_label("Why is this mention acceptable?").fill("The company asked to be named as presenter.")
    page.get_by_role("button", name="Accept with this reason").click()
    assert "Every mention is accepted" in page.content()
    page.get_by_role("button", name="Submit to the Coordination Group").click()  # from the check itself
    assert "Submitted to the Coordination Group" in page.content()

    # Review: changes requested, then the Secretariat revises and resubmits.
    _sign_in(page, base, reviewers[0], detail)
    page.get_by_label("What should change").fill("Do not name the company.")
    page.get_by_role("button", name="Request changes", exact=True).click()
    _sign_in(page, base, world.users["secretariat"], f"{detail}edit/")
    page.locator("#summary-opening").fill("A company presented its security policy.")
    page.get_by_role("button", name="Save and check for names").click()
    assert "No names found" in page.content()
    page.get_by_role("button", name="Submit to the Coordination Group").click()

    # Approval by a Coordination Group member of each pillar.
    for reviewer in reviewers:
        _sign_in(page, base, reviewer, detail)
        assert "What changed since version 1" in page.content()
        page.get_by_role("button", name="Approve", exact=True).click()  # on the page itself
        assert "Your approval is recorded" in page.content()
    assert "Approved" in page.content()

    _sign_in(page, base, world.users["secretariat"], detail)
    page.get_by_role("button", name="Circulate", exact=True).click()
    assert "The minutes are circulated" in page.content()

    # A member reads and downloads their own stamped copy.
    member = world.users["member"]
    _sign_in(page, base, member, detail)
    assert "A company presented its security policy." in page.content()
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download PDF").click()
    pdf = PdfReader(io.BytesIO(open(download_info.value.path(), "rb").read()))
    for pdf_page in pdf.pages:
        text = pdf_page.extract_text()
        assert member.get_full_name() in text
        assert "Mining Co alpha" in text  # the recipient's institution
        assert "Confidential — Chatham House Rule, do not attribute" in text


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_spanish_minutes_are_checked_while_typing_fixed_from_the_check_page_and_submitted(live_server, page):
    from meetings.models import Attendance
    from members.models import Institution

    world = build_group_world("alpha")
    world.group.language = "es"
    world.group.save(update_fields=["language"])
    person = world.users["member"]  # represents the company "Mining Co alpha"
    person.first_name, person.last_name = "Luz Marina", "Condori Mamani"
    person.save(update_fields=["first_name", "last_name"])
    embassy = MembershipFactory(
        working_group=world.group,
        pillar=Pillar.GOVERNMENT,
        institution=InstitutionFactory(
            name="Embassy of Switzerland", kind=Institution.Kind.FOREIGN_GOVERNMENT, country="Peru"
        ),
    )
    minutes = MinutesFactory(world, text="El grupo revisó el proyecto de ley.")
    Attendance.objects.create(
        meeting=minutes.meeting, membership=embassy, pillar=embassy.pillar, status=Attendance.Status.PRESENT
    )
    edit = f"/g/alpha/minutes/{minutes.pk}/edit/"
    _sign_in(page, live_server.url, world.users["secretariat"], edit)

    # Typing: both names are marked under the field before anything is saved.
    field = page.locator("#summary-opening")
    field.fill("")
    field.press_sequentially("Según la Sra. Condori, la Embajada de Suiza financiará el estudio.")
    marks = page.locator('[data-hits-for="summary-opening"] mark')
    marks.nth(1).wait_for()
    assert marks.all_inner_texts() == ["Sra. Condori", "Embajada de Suiza"]
    page.get_by_role("button", name="Save and check for names").click()

    # The check page: each in its sentence; "Edit here" opens the editor with the word selected.
    assert "2 mentions to fix or accept" in page.content()
    assert page.locator(".minutes-hit mark").all_inner_texts() == ["Sra. Condori", "Embajada de Suiza"]
    page.get_by_role("link", name="Edit here (Sra. Condori)").click()
    page.wait_for_url(f"**{edit}?field=summary-opening*")
    selected = field.evaluate("el => el.value.slice(el.selectionStart, el.selectionEnd)")
    assert selected == "Sra. Condori"
    assert field.evaluate("el => el === document.activeElement")

    # The suggested wording, applied from the list under the field, for both mentions.
    page.get_by_role("button", name="Apply “un representante de una empresa”").click()
    page.get_by_role("button", name="Apply “una embajada”").click()
    assert field.input_value() == "Según un representante de una empresa, una embajada financiará el estudio."
    page.locator('[data-hits-for="summary-opening"] mark').first.wait_for(state="detached")
    page.get_by_role("button", name="Save and check for names").click()
    assert "No names found" in page.content()
    page.get_by_role("button", name="Submit to the Coordination Group").click()
    assert "Submitted to the Coordination Group" in page.content()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_flagged_name_is_fixed_and_the_minutes_submitted_from_the_check_with_the_keyboard(live_server, page):
    """Issue 16: on the check page, "Aplicar «…»" puts the suggested wording in place (saved and checked
    again, no editor), and the clean check submits in one more step; keyboard only, in Spanish."""
    world = build_group_world("alpha")
    world.group.language = "es"
    world.group.save(update_fields=["language"])
    person = world.users["member"]  # represents the company "Mining Co alpha"
    person.first_name, person.last_name = "Luz Marina", "Condori Mamani"
    person.save(update_fields=["first_name", "last_name"])
    secretariat = world.users["secretariat"]
    remember_language(secretariat, "es")
    minutes = MinutesFactory(world, text="El grupo revisó el proyecto de ley.")
    check = f"/g/alpha/minutes/{minutes.pk}/check/"
    page.goto(f"{live_server.url}{check}")
    page.locator("input[name=login]").fill(secretariat.email)
    page.locator("input[name=password]").fill("test-pass-123")
    page.locator("input[name=password]").press("Enter")
    page.wait_for_url(f"**{check}")
    page.goto(f"{live_server.url}/g/alpha/minutes/{minutes.pk}/edit/")
    page.locator("#summary-opening").fill("Según la Sra. Condori, el estudio de alcance avanza en Cusco.")
    page.get_by_role("button", name="Guardar y buscar nombres").click()
    expect(page.locator(".minutes-hit mark").first).to_have_text("Sra. Condori")

    apply = page.get_by_role("button", name="Aplicar «un representante de una empresa» (Sra. Condori)")
    apply.focus()
    page.keyboard.press("Enter")
    expect(page.locator("body")).to_contain_text("No se encontraron nombres")
    minutes.refresh_from_db()
    assert minutes.sections[0]["summary"].startswith("Según un representante de una empresa, el estudio")

    submit = page.get_by_role("button", name="Enviar al Grupo de Coordinación")
    submit.focus()
    page.keyboard.press("Enter")
    expect(page.locator("body")).to_contain_text("Enviado al Grupo de Coordinación.")
    minutes.refresh_from_db()
    assert minutes.status == Minutes.Status.SUBMITTED
