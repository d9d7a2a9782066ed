"""The review loop in a real browser, in Spanish (the Peru group works in Spanish): a Coordination Group
member comments on a section from the form beside it and requests changes; the Secretariat finds the
note at the top of the editor and the comment beside the section, previews the Markdown, resolves the
comment without losing the text being edited, and resubmits; the reviewer sees the words that changed."""

import pytest
from django.conf import settings
from playwright.sync_api import expect

from minutes.models import Minutes, MinutesComment
from tests.conftest import build_group_world
from tests.factories.minutes import MinutesFactory
from vpwg.i18n import remember_language


def _sign_in(page, base, user, path):
    page.context.clear_cookies()
    page.goto(f"{base}{path}")
    page.locator("input[name=login]").fill(user.email)
    page.locator("input[name=password]").fill("test-pass-123")
    page.locator("input[name=password]").press("Enter")
    page.wait_for_url(f"**{path}")


def _screenshot(page, name: str) -> None:
    """Full-page screenshots in Spanish, to look at (and keep as CI artifacts), in var/screenshots/ as the
    meetings walk keeps them (pytest-playwright empties test-results/ at every run)."""
    folder = settings.BASE_DIR / "var" / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / f"{name}.png"), full_page=True)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_spanish_review_round_with_a_comment_beside_the_section_a_preview_and_a_word_diff(live_server, page):
    world = build_group_world("alpha")
    world.group.language = "es"
    world.group.save(update_fields=["language"])
    secretariat, reviewer = world.users["secretariat"], world.users["coordination"]
    for user in (secretariat, reviewer):
        remember_language(user, "es")
    minutes = MinutesFactory(
        world, status=Minutes.Status.SUBMITTED, text="El grupo revisó el proyecto de ley sobre seguridad privada."
    )
    base, detail = live_server.url, f"/g/alpha/minutes/{minutes.pk}/"
    refused = []  # the strict CSP (no inline script or style) must not refuse anything htmx or our JS does
    page.on(
        "console", lambda message: refused.append(message.text) if "Content Security Policy" in message.text else None
    )

    # The reviewer comments on the opening from the form beside it, then requests changes.
    _sign_in(page, base, reviewer, detail)
    opening = page.locator("#section-opening")
    opening.get_by_label("Comentar «Apertura y contexto»").fill("Diga qué decidió el grupo, no solo qué revisó.")
    opening.get_by_role("button", name="Añadir comentario").click()
    page.wait_for_url(f"**{detail}#section-opening")
    expect(page.locator("#section-opening .minutes-comment")).to_contain_text("Diga qué decidió el grupo")
    _screenshot(page, "minutes-review-comment-es")
    expect(page.locator(f"#section-{minutes.sections[1]['key']} .minutes-comment")).to_have_count(0)
    # On the page itself, under the text (issue 16): the note and the button, no confirmation page.
    page.get_by_label("Qué debe cambiar", exact=True).fill("Precisen el acuerdo sobre el proyecto de ley.")
    page.get_by_role("button", name="Solicitar cambios", exact=True).click()
    expect(page.locator(".status-changes_requested").first).to_have_text("Cambios solicitados")
    expect(page.locator(".minutes-change-request")).to_contain_text("Precisen el acuerdo")
    _screenshot(page, "minutes-changes-requested-es")

    # The Secretariat: the note at the top of the editor, the comment beside its section.
    _sign_in(page, base, secretariat, f"{detail}edit/")
    note = page.locator(".minutes-change-request")
    expect(note).to_contain_text("Cambios solicitados")
    expect(note).to_contain_text("Precisen el acuerdo sobre el proyecto de ley.")
    expect(note).to_contain_text("1 comentario sigue abierto junto a su sección.")
    beside = page.locator("#section-opening .minutes-comment-panel")
    expect(beside).to_contain_text("Diga qué decidió el grupo, no solo qué revisó.")
    panel, field = beside.bounding_box(), page.locator("#summary-opening").bounding_box()
    assert panel["x"] > field["x"] + field["width"] - 1  # beside the text, not under the page

    # The sticky save bar: saved, then unsaved changes; always in view.
    status = page.locator("#autosave-status")
    expect(status).to_contain_text("Guardado a las")
    field_box = page.locator("#summary-opening")
    field_box.fill("El grupo **aprobó** el proyecto de ley sobre seguridad privada.")
    expect(status).to_have_text("Cambios sin guardar")
    page.mouse.wheel(0, -5000)
    bar = page.locator(".minutes-savebar").bounding_box()
    assert bar["y"] + bar["height"] <= page.viewport_size["height"] + 1

    # Markdown preview, rendered by the server as the minutes page renders it.
    page.locator("#section-opening").get_by_role("button", name="Vista previa").first.click()
    preview = page.locator("#preview-summary-opening")
    expect(preview.locator("strong")).to_have_text("aprobó")
    expect(preview).to_contain_text("Vista previa, tal como la leerán los miembros")
    _screenshot(page, "minutes-editor-es")

    # Resolving the comment swaps it in place: the text being edited stays.
    page.locator("#section-opening").get_by_role("button", name="Marcar como resuelto").click()
    expect(page.locator("#section-opening .minutes-comment-resolved")).to_contain_text("Resuelto por")
    assert field_box.input_value() == "El grupo **aprobó** el proyecto de ley sobre seguridad privada."
    assert MinutesComment.objects.get().resolved_by == secretariat

    page.get_by_role("button", name="Guardar y buscar nombres").click()
    # The clean check submits in one click, the comment resolved above no longer counted beside the button.
    expect(page.locator(".minutes-submit-now")).not_to_contain_text("aún no está resuelto")
    page.get_by_role("button", name="Enviar al Grupo de Coordinación").click()
    expect(page.locator("body")).to_contain_text("Enviado al Grupo de Coordinación.")
    minutes.refresh_from_db()
    assert minutes.status == Minutes.Status.SUBMITTED and minutes.latest_version_number == 2

    # The reviewer sees the words that changed, side by side.
    _sign_in(page, base, reviewer, detail)
    diff = page.locator(".minutes-diff")
    expect(diff).to_contain_text("Qué cambió desde la versión 1")
    assert diff.locator("del").all_inner_texts() == ["revisó"]
    assert diff.locator("ins").all_inner_texts() == ["**aprobó**"]
    expect(page.locator(".status-changes_requested")).to_have_count(0)
    _screenshot(page, "minutes-diff-es")
    assert refused == []
