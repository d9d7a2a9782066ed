"""Issue 16, "Measure it": one full cycle in Chromium, in Spanish, counted click by click.

The Secretariat schedules a plenary, builds a four-item agenda with a guest and a document, previews and sends
the invitations (the guest's link with them); two members answer; the Secretariat records attendance from the
answers, drafts the minutes, fixes the name the non-attribution check flags and submits; a Coordination Group
member requests a change, the Secretariat fixes it and resubmits; one Coordination Group member per pillar
approves; the Secretariat circulates; a member downloads their stamped copy.

Every click and every field change goes through the wrappers of `Walk`, which count them; the totals are
printed and held to CEILING, the last count measured: it may only go down. The cycle cost 168 before issue
16, 82 when this walk was written, 59 since the page-level actions (agenda pasted at once, answers, approval,
change requests and circulation in one click on their pages, the draft started from the meeting, a suggested
wording applied and a clean check submitted from the check itself). The issue's target is 60 (TARGET).
The group is built with the factories, in the shape of the demo's Peru group (Spanish, Lima): loading the demo
in a live_server test
takes minutes on these machines.

How sign-in is counted: each person uses their own browser (one Playwright context each, kept for the whole
walk, as each works on their own computer) and signs in once, through the real form: e-mail, password and
the button = 2 field changes + 1 click. Opening the page a notification e-mail points to (the invitation, the
minutes to review, the circulated minutes) counts as one click (`open_link`), as following the link does.
Nothing else moves the walk forward: the only step outside the browser is the clock (the meeting's start is
moved into the past so that attendance can be recorded), which no user does.
"""

import io
import re
import time
from collections import Counter
from datetime import timedelta

import pytest
from django.conf import settings
from django.utils import timezone
from playwright.sync_api import expect
from pypdf import PdfReader, PdfWriter

from meetings.models import Attendance, Meeting, MeetingDocument, MeetingInvitation
from members.models import UserProfile
from minutes.models import Minutes
from tests.conftest import build_group_world
from tests.members.decision_helpers import three_pillar_board
from vpwg.models import OutboxMessage

TARGET = 60  # issue 16's goal
CEILING = 59  # measured 2026-12-01; lower it as the cycle gets shorter, never raise it
PASSWORD = "test-pass-123"  # the factories' password

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return tmp_path


class Walk:
    """The counted actions. `step` names the part of the cycle the next actions belong to (for the report
    of which steps cost most)."""

    def __init__(self, browser, base):
        self.browser, self.base = browser, base
        self.clicks = 0
        self.changes = 0
        self.by_step = Counter()
        self.step_name = ""
        self.signing_in = 0  # of the totals, what the sign-ins cost (the form, not the link)
        self.pages = {}

    def step(self, name):
        self.step_name = name

    def _count(self, kind):
        if kind == "click":
            self.clicks += 1
        else:
            self.changes += 1
        self.by_step[self.step_name] += 1

    # --- the counted actions -------------------------------------------------------------------------
    def click(self, locator):
        self._count("click")
        locator.click()

    def fill(self, locator, value):
        self._count("change")
        locator.fill(value)

    def select(self, locator, value):
        self._count("change")
        locator.select_option(value)

    def check(self, locator):
        self._count("change")
        locator.check()

    def set_files(self, locator, path):
        self._count("change")
        locator.set_input_files(str(path))

    def open_link(self, page, path):
        """Following the link of a notification e-mail (or a bookmark): one click."""
        self._count("click")
        page.goto(f"{self.base}{path}")

    def sign_in(self, user, path):
        """A person's own browser, signed in once through the form (2 field changes + 1 click); `path` is
        the page the link they followed points to (counted as the click that opened it)."""
        if user.pk in self.pages:
            page = self.pages[user.pk]
            self.open_link(page, path)
            return page
        context = self.browser.new_context(locale="es-PE", viewport={"width": 1280, "height": 1000})
        page = context.new_page()
        page.set_default_timeout(20_000)
        self.open_link(page, path)
        self.signing_in += 3
        self.fill(page.locator("input[name=login]"), user.email)
        self.fill(page.locator("input[name=password]"), PASSWORD)
        self.click(page.get_by_role("button", name="Iniciar sesión"))
        page.wait_for_url(f"**{path}")
        self.pages[user.pk] = page
        return page

    @property
    def total(self):
        return self.clicks + self.changes

    def close(self):
        for page in self.pages.values():
            page.context.close()


def _screenshot(page, name):
    """Full-page screenshots in Spanish, to look at and keep as CI artifacts (var/screenshots/)."""
    folder = settings.BASE_DIR / "var" / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    # caret="initial": hiding the caret injects a style, which the strict CSP refuses.
    page.screenshot(path=str(folder / f"cycle-{name}.png"), full_page=True, caret="initial")


def _pdf_file(folder, name):
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    path = folder / name
    path.write_bytes(buffer.getvalue())
    return path


def test_the_full_cycle_in_spanish_within_sixty_actions(live_server, browser, media):
    started = time.monotonic()
    world = build_group_world("peru")
    group = world.group
    group.name, group.language = "Grupo de Trabajo de Perú", "es"
    group.save(update_fields=["name", "language"])
    board = three_pillar_board(world)  # one Coordination Group seat holder per pillar
    secretariat, member = world.users["secretariat"], world.users["member"]
    member.first_name, member.last_name = "Luz Marina", "Condori Mamani"
    member.save(update_fields=["first_name", "last_name"])
    second = board["companies"]  # the second member who answers (Andes Mining), also a seat holder
    for user in [secretariat, member, *board.values()]:
        UserProfile.objects.update_or_create(user=user, defaults={"language": "es"})
    mail_before = set(OutboxMessage.objects.values_list("pk", flat=True))
    document = _pdf_file(media, "Estudio de alcance.pdf")
    walk = Walk(browser, live_server.url)
    meetings = f"/g/{group.slug}/meetings/"

    try:
        # 1. The Secretariat schedules the plenary (kind, title, times and length come preset).
        walk.step("schedule")
        page = walk.sign_in(secretariat, meetings)
        walk.click(page.get_by_role("link", name="Programar una reunión").first)
        day = (timezone.now() + timedelta(days=30)).astimezone(group.tzinfo).date()
        walk.fill(page.get_by_label("Fecha"), day.isoformat())
        walk.fill(page.get_by_label("Sede"), "Embajada de Canadá, Lima")
        _screenshot(page, "schedule")
        walk.click(page.get_by_role("button", name="Programar", exact=True))
        page.wait_for_url("**/meetings/*/")
        expect(page.locator("body")).to_contain_text("Reunión programada.")
        meeting = Meeting.objects.get(working_group=group)

        # 2. Four agenda items, one with a guest; a document on the study's item.
        walk.step("agenda")
        items = [
            "Bienvenida y aprobación de la agenda",
            "Proyecto de ley sobre seguridad privada",
            "Estudio de alcance",
            "Varios",
        ]
        # Pasted at once (the form is open on an empty agenda), then the guest added to item 2 in place.
        walk.fill(page.get_by_label("Puntos de la agenda, uno por línea"), "\n".join(items))
        walk.click(page.get_by_role("button", name="Añadir estos puntos"))
        expect(page.locator("body")).to_contain_text("4 puntos añadidos a la agenda.")
        bill = meeting.agenda_items.get(title="Proyecto de ley sobre seguridad privada")
        walk.click(page.locator(f"#edit-{bill.pk}"))
        editing = page.locator(f"#agenda-item-{bill.pk} form.agenda-edit-form")
        walk.fill(editing.get_by_label("Nuevo invitado: nombre"), "Dra. Elena Ruiz")
        walk.fill(editing.get_by_label("Nuevo invitado: afiliación"), "SUCAMEC")
        walk.fill(editing.get_by_label("Nuevo invitado: correo electrónico"), "eruiz@example.org")
        walk.click(editing.get_by_role("button", name="Guardar"))
        page.locator("#agenda-status", has_text="Punto de la agenda guardado.").wait_for()
        assert [item.title for item in meeting.agenda_items.order_by("position")] == items
        study = meeting.agenda_items.get(title="Estudio de alcance")
        walk.step("document")
        walk.set_files(page.locator(f"#document-file-{study.pk}"), document)
        walk.click(page.locator(f"#agenda-item-{study.pk} form.document-upload").get_by_role("button", name="Adjuntar"))
        page.wait_for_url(f"**/meetings/{meeting.pk}/*")
        assert MeetingDocument.objects.get().agenda_item_id == study.pk
        _screenshot(page, "agenda")

        # 3. Invitations: the preview is on the page at once; the preset recipients and the guest are
        # ticked, and the guest is sent their own link to the agenda with the members' invitations.
        walk.step("invite")
        walk.click(page.get_by_role("link", name="Enviar invitaciones"))
        expect(page.locator(".email-preview")).to_contain_text("Proyecto de ley sobre seguridad privada")
        expect(page.get_by_label(re.compile("^Dra. Elena Ruiz"))).to_be_checked()
        _screenshot(page, "invitation-preview")
        walk.click(page.get_by_role("button", name="Enviar invitaciones"))
        expect(page.locator("body")).to_contain_text("convocados")
        expect(page.locator("body")).to_contain_text("Se envió a Dra. Elena Ruiz su enlace a la agenda.")
        invited = MeetingInvitation.objects.filter(meeting=meeting).count()
        assert OutboxMessage.objects.filter(recipient="eruiz@example.org").count() == 1

        # 4. Two members answer from the invitation's link.
        walk.step("answers")
        for person in (member, second):
            answering = walk.sign_in(person, f"{meetings}{meeting.pk}/")
            walk.click(answering.get_by_role("button", name="Asistiré", exact=True))
            expect(answering.locator(".current-answer")).to_have_text("Asistirá")
        _screenshot(answering, "answer")

        # The clock: the plenary has started (nobody's action).
        start = timezone.now() - timedelta(minutes=30)
        Meeting.objects.filter(pk=meeting.pk).update(starts_at=start, ends_at=start + timedelta(hours=2))

        # 5. Attendance from the answers: those who said yes are present already; the rest absent.
        walk.step("attendance")
        page.reload()  # the Secretariat's page, as left open
        walk.click(page.get_by_role("link", name="Registrar asistencia"))
        company = world.objects["company"]
        expect(page.locator(f"#id_status_{company.pk}_0")).to_be_checked()
        _screenshot(page, "attendance")
        walk.click(page.get_by_role("button", name="Marcar el resto como ausentes y guardar").first)
        expect(page.locator("body")).to_contain_text("Asistencia registrada.")
        assert Attendance.objects.filter(meeting=meeting, status="present").count() == 2

        # 6. The minutes: started from the meeting's page, a name slips in, the check flags it, fixed.
        walk.step("draft")
        walk.click(page.get_by_role("button", name="Redactar las actas"))
        page.wait_for_url("**/minutes/*/edit/*")
        minutes = Minutes.objects.get(meeting=meeting)
        opening = page.locator("#summary-opening")
        walk.fill(opening, "Según la Sra. Condori, el estudio de alcance avanza en Cusco.")
        walk.click(page.get_by_role("button", name="Guardar y buscar nombres"))
        expect(page.locator(".minutes-hit mark").first).to_have_text("Sra. Condori")
        _screenshot(page, "check")
        walk.step("fix flagged name")  # the suggested wording, applied from the check, which runs again
        walk.click(page.get_by_role("button", name=re.compile("^Aplicar «")).first)
        expect(page.locator("body")).to_contain_text("No se encontraron nombres")
        walk.step("submit")  # from the clean check itself
        walk.click(page.get_by_role("button", name="Enviar al Grupo de Coordinación"))
        expect(page.locator("body")).to_contain_text("Enviado al Grupo de Coordinación.")
        minutes.refresh_from_db()
        opening_text = next(s for s in minutes.versions.get(number=1).sections if s.get("key") == "opening")["summary"]
        assert opening_text.startswith("Según un"), opening_text
        assert minutes.status == Minutes.Status.SUBMITTED
        detail = f"/g/{group.slug}/minutes/{minutes.pk}/"

        # 7. One Coordination Group member requests a change.
        walk.step("change request")
        reviewer = board["civil_society"]
        review = walk.sign_in(reviewer, detail)  # on the minutes page itself
        walk.fill(review.get_by_label("Qué debe cambiar"), "Digan en qué provincia avanza el estudio.")
        walk.click(review.get_by_role("button", name="Solicitar cambios", exact=True))
        expect(review.locator(".status-changes_requested").first).to_have_text("Cambios solicitados")
        _screenshot(review, "changes-requested")

        # 8. The Secretariat fixes it (from the e-mail's link) and resubmits.
        walk.step("fix and resubmit")
        walk.open_link(page, f"{detail}edit/")
        expect(page.locator(".minutes-change-request")).to_contain_text("Digan en qué provincia")
        walk.fill(opening, "Según un representante de una empresa, el estudio avanza en la provincia de Espinar.")
        walk.click(page.get_by_role("button", name="Guardar y buscar nombres"))
        walk.click(page.get_by_role("button", name="Enviar al Grupo de Coordinación"))
        expect(page.locator("body")).to_contain_text("Enviado al Grupo de Coordinación.")
        minutes.refresh_from_db()
        assert minutes.status == Minutes.Status.SUBMITTED and minutes.latest_version_number == 2

        # 9. One Coordination Group member per pillar approves.
        walk.step("approvals")
        for pillar in ("civil_society", "companies", "government"):
            approving = walk.sign_in(board[pillar], detail)
            walk.click(approving.get_by_role("button", name="Aprobar", exact=True))
            expect(approving.locator("body")).to_contain_text("Su aprobación quedó registrada.")
        _screenshot(approving, "approved")
        minutes.refresh_from_db()
        assert minutes.status == Minutes.Status.APPROVED

        # 10. The Secretariat circulates.
        walk.step("circulate")
        walk.open_link(page, detail)
        walk.click(page.get_by_role("button", name="Distribuir", exact=True))
        expect(page.locator("body")).to_contain_text("Las actas se han distribuido.")

        # 11. A member downloads the stamped copy from the circulation e-mail's link.
        walk.step("download")
        reading = walk.sign_in(member, detail)
        _screenshot(reading, "circulated")
        with reading.expect_download() as download_info:
            walk.click(reading.get_by_role("link", name="Descargar PDF"))
        data = open(download_info.value.path(), "rb").read()
    except Exception:
        for number, open_page in enumerate(walk.pages.values()):  # where it stopped, to look at
            _screenshot(open_page, f"failed-{number}")
        raise
    finally:
        walk.close()

    assert data.startswith(b"%PDF")
    band = PdfReader(io.BytesIO(data)).pages[0].extract_text()
    assert member.get_full_name() in band
    assert "Espinar" in PdfReader(io.BytesIO(data)).pages[-1].extract_text() or "Espinar" in "".join(
        p.extract_text() for p in PdfReader(io.BytesIO(data)).pages
    )

    # The mail of the walk: each message once per address and key.
    sent = list(OutboxMessage.objects.exclude(pk__in=mail_before).values_list("recipient", "dedupe_key"))
    assert len(sent) == len(set(sent)), [pair for pair in sent if sent.count(pair) > 1]
    print(f"\ninvited: {invited}; outbox messages of the walk: {len(sent)} to {len({r for r, _ in sent})} addresses")
    kinds = Counter(re.sub(r"\d+", "N", key or "") for _, key in sent)
    print("by key:", dict(kinds))
    print("by step:", dict(walk.by_step))
    print(f"of which signing in (5 people, 3 each): {walk.signing_in}")
    print(f"clicks: {walk.clicks}, field changes: {walk.changes}, total: {walk.total}")
    print(f"runtime: {time.monotonic() - started:.1f}s")
    assert walk.total <= CEILING, f"{walk.total} actions, more than the {CEILING} measured: {dict(walk.by_step)}"
    assert CEILING <= TARGET
