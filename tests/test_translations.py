"""Every user-visible string is translated into Spanish (Peru, Colombia) and French (DRC).

The catalogs are checked the way a translator would: `makemessages` is run on a copy of the source
with the committed catalogs copied in, so a string added or changed anywhere shows up as an
untranslated or fuzzy entry, and the test names it. Then pages are rendered in each language.
"""

import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

ROOT = Path(settings.BASE_DIR)
LANGUAGES = ["es", "fr"]
# What `makemessages` must not scan: the same ignores as the documented command, plus build output.
IGNORED = {".git", ".venv", "var", "node_modules", "media", "staticfiles", "htmlcov", "test-results", "__pycache__"}
GETTEXT_TOOLS = ["xgettext", "msgmerge", "msgattrib", "msgfmt"]


def catalog(lang: str) -> Path:
    return ROOT / "locale" / lang / "LC_MESSAGES" / "django.po"


def needs_gettext():
    missing = [tool for tool in GETTEXT_TOOLS if shutil.which(tool) is None]
    if missing:
        pytest.skip(f"GNU gettext is not installed (missing {', '.join(missing)}); apt-get install gettext")


def msgids(po_text: str) -> list[str]:
    """The msgids of a .po text, header excluded; continuation lines joined."""
    found, current, in_msgid = [], None, False
    for line in po_text.splitlines():
        if line.startswith("msgid "):
            current, in_msgid = line[len("msgid ") :].strip()[1:-1], True
        elif in_msgid and line.startswith('"'):
            current += line.strip()[1:-1]
        else:
            if in_msgid and current:
                found.append(current)
            in_msgid = False
    if in_msgid and current:
        found.append(current)
    return found


@pytest.fixture(scope="module")
def regenerated_catalogs(tmp_path_factory):
    """The committed catalogs after `makemessages` has merged in the strings of today's source."""
    needs_gettext()
    copy = tmp_path_factory.mktemp("source") / "project"
    shutil.copytree(ROOT, copy, ignore=lambda directory, names: [n for n in names if n in IGNORED or n.endswith(".mo")])
    command = [sys.executable, "manage.py", "makemessages", "--no-wrap", *(f"-l{lang}" for lang in LANGUAGES)]
    command += [f"--ignore={name}" for name in sorted(IGNORED)]
    result = subprocess.run(command, cwd=copy, capture_output=True, text=True, env=os.environ.copy(), timeout=300)
    assert result.returncode == 0, f"makemessages failed:\n{result.stdout}\n{result.stderr}"
    return {lang: copy / "locale" / lang / "LC_MESSAGES" / "django.po" for lang in LANGUAGES}


def attrib(po: Path, *flags: str) -> list[str]:
    result = subprocess.run(["msgattrib", "--no-wrap", *flags, str(po)], capture_output=True, text=True, check=True)
    return msgids(result.stdout)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_string_has_a_translation(regenerated_catalogs, lang):
    po = regenerated_catalogs[lang]
    untranslated = attrib(po, "--untranslated", "--no-obsolete")
    fuzzy = attrib(po, "--only-fuzzy", "--no-obsolete")
    problems = [f"  untranslated: {m!r}" for m in untranslated] + [f"  fuzzy (check and unflag): {m!r}" for m in fuzzy]
    assert not problems, (
        f"{len(problems)} string(s) of locale/{lang}/LC_MESSAGES/django.po need a translation. Run\n"
        f"  .venv/bin/python manage.py makemessages -l es -l fr --ignore=.venv --ignore=var --ignore=node_modules\n"
        f"then translate these entries:\n" + "\n".join(problems)
    )


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_committed_catalog_compiles_cleanly(lang):
    """Placeholders, plural forms, header and newlines agree with the English (msgfmt --check)."""
    needs_gettext()
    result = subprocess.run(["msgfmt", "--check", "-o", os.devnull, str(catalog(lang))], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    header = catalog(lang).read_text(encoding="utf-8")
    assert f'"Language: {lang}\\n"' in header
    assert "charset=UTF-8" in header


@pytest.fixture
def compiled_catalogs():
    """The .mo files are build output (not committed): compile any that are missing or stale."""
    stale = []
    for lang in LANGUAGES:
        po, mo = catalog(lang), catalog(lang).with_suffix(".mo")
        if not mo.exists() or mo.stat().st_mtime < po.stat().st_mtime:
            stale.append((po, mo))
    if stale:
        if shutil.which("msgfmt") is None:
            pytest.skip("the .mo files are missing and msgfmt is not installed: run manage.py compilemessages")
        for po, mo in stale:
            with tempfile.NamedTemporaryFile(dir=mo.parent, suffix=".mo.tmp", delete=False) as tmp:
                subprocess.run(["msgfmt", "--check-format", "-o", tmp.name, str(po)], check=True)
            os.replace(tmp.name, mo)  # atomic: a test running alongside never reads half a file
        # Catalogs already loaded in this process were read without the new .mo files.
        import gettext

        from django.utils.translation import trans_real

        gettext._translations.clear()
        trans_real._translations = {}
        trans_real._default = None


# One string from the base layout (every page) and one from the group dashboard, per language.
EXPECTED = {
    "es": (
        "Las reuniones de los grupos de trabajo se celebran bajo la Regla de Chatham House.",
        "Quién ejerce cada rol",
    ),
    "fr": ("Les réunions des groupes de travail se tiennent sous la règle de Chatham House.", "Qui exerce quel rôle"),
}


@pytest.mark.django_db
@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_sign_in_page_is_shown_in_the_chosen_language(client, compiled_catalogs, lang):
    sign_in = reverse("account_login")
    client.post(reverse("set_language"), {"language": lang, "next": sign_in})
    page = client.get(sign_in).content.decode()
    assert f'<html lang="{lang}">' in page
    assert EXPECTED[lang][0] in page
    assert "Meetings of the working groups are held under the Chatham House Rule." not in page


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_group_dashboard_is_shown_in_the_chosen_language(client_as, world, compiled_catalogs, lang):
    group = world["a"].group
    client = client_as(world["a"].users["secretariat"])
    dashboard = reverse("members:dashboard", kwargs={"group_slug": group.slug})
    client.post(reverse("set_language"), {"language": lang, "next": dashboard})
    page = client.get(dashboard).content.decode()
    assert EXPECTED[lang][1] in page, re.sub(r"\s+", " ", page)[:2000]
    assert "Who holds which role" not in page


# --- fixed text of documents, charts and e-mails (issue 16) -----------------------------------------

# Where the fixed text of the PDFs and charts comes from: templates and the modules that build their labels.
DOCUMENT_SOURCES = (
    "templates/minutes/pdf/",
    "templates/minutes/includes/_document.html",
    "templates/reports/pdf/",
    "minutes/rendering.py",
    "reports/selectors/",
    "reports/sections.py",
    "activities/charts.py",
    "activities/models.py",
    "meetings/selectors.py",
    "members/models/groups.py",
    "vpwg/circulation.py",
)
PLACEHOLDER = re.compile(r"%\([^)]*\)[sd]|%[sd]|\{[^}]*\}")


def english_fragments(lang: str) -> set[str]:
    """Pieces of English (two words or more) of the document sources' msgids that `lang` translates
    differently: none of them may be left in a document rendered in `lang`."""
    text = catalog(lang).read_text(encoding="utf-8")
    fragments = set()
    for block in text.split("\n\n"):
        if not any(f"#: {source}" in block or f" {source}" in block for source in DOCUMENT_SOURCES):
            continue
        ids = msgids(block)
        strs = re.findall(r'^msgstr(?:\[\d\])? "(.*)"$', block, re.M)
        if not ids or not any(strs) or ids[0] in strs:
            continue  # untranslated here (the first test reports it) or the same in both languages
        for msgid in ids:
            for piece in PLACEHOLDER.split(msgid.replace('\\"', '"')):
                piece = piece.strip(" .,:;()—-·")
                if len(piece) >= 10 and " " in piece:
                    fragments.add(piece)
    return fragments


def visible_text(html: str) -> str:
    text = re.sub(r"<style.*?</style>|<title>.*?</title>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", text))


@pytest.fixture
def demo(db, settings, tmp_path):
    from django.core.management import call_command

    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("load_demo", stdout=open(os.devnull, "w"))
    from members.models import WorkingGroup

    return WorkingGroup.objects.get(slug="peru")


def document_renderings(group, lang: str) -> dict[str, str]:
    """Each PDF template and chart of the demo group rendered in `lang`, as the render tasks do."""
    from django.contrib.auth import get_user_model
    from django.template.loader import render_to_string
    from django.utils import translation

    from activities.charts import chart_svg, statistics_charts
    from activities.selectors import activity_statistics, default_period
    from meetings.models import Meeting
    from meetings.selectors import attendance_over_time
    from members.models import Representative
    from minutes import selectors as minutes_selectors
    from minutes.models import Minutes
    from reports import selectors as report_selectors
    from reports import services as report_services
    from vpwg.charts import bar_chart_svg
    from vpwg.dates import group_time
    from workplan.selectors import completion_for

    users = get_user_model().objects
    secretariat = users.get(email="socios@peru.example.org")
    minutes = Minutes.objects.filter(working_group=group, circulated_version__isnull=False).first()
    year = minutes.meeting.starts_at.year
    annual = report_services.annual_report_start(working_group=group, year=year, actor=secretariat)
    representative = (
        Representative.objects.active().filter(working_group=group, user__email="repsol@peru.example.org").first()
    )
    member_report = report_services.member_report_start(
        membership=representative.membership, year=year, actor=representative.user
    )
    upcoming = Meeting.objects.filter(working_group=group, starts_at__gt=timezone_now()).order_by("starts_at").first()
    rendered = {}
    with translation.override(lang), group_time(group):
        extra = {"marking": "—", "generated_on": group.today()}
        rendered["minutes"] = render_to_string(
            "minutes/pdf/minutes.html", minutes_selectors.minutes_document(minutes, minutes.circulated_version)
        )
        rendered["annual report"] = render_to_string(
            "reports/pdf/annual_report.html", {**report_selectors.annual_document(annual), **extra}
        )
        rendered["member report"] = render_to_string(
            "reports/pdf/member_report.html", {**report_selectors.member_document(member_report), **extra}
        )
        if upcoming is not None:
            rendered["meeting pack"] = render_to_string(
                "reports/pdf/meeting_pack.html", {**report_selectors.pack_document(upcoming), **extra}
            )
        period = default_period(group)
        stats = activity_statistics(group, period)
        charts = statistics_charts(stats, completion_for(group, period.starts_on, period.ends_on))
        rendered["statistics charts"] = "".join(chart_svg(name, chart) for name, chart in charts.items())
        attendance = attendance_over_time(group)
        if attendance["chart"] is not None:
            rendered["attendance chart"] = bar_chart_svg(attendance["chart"])
    return rendered


def rendered_pdfs(group, lang: str) -> dict[str, str]:
    """The text of the real PDFs, through the render services: the annual report (in `lang` as the group's
    language) and the minutes as a reader whose language is `lang` downloads them."""
    import io

    from django.contrib.auth import get_user_model
    from pypdf import PdfReader

    from members.models import UserProfile
    from minutes.models import Minutes
    from minutes.services import minutes_download, minutes_render_pdf
    from reports import services as report_services
    from reports.models import AnnualReport, Report

    def text_of(pdf: bytes) -> str:
        return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages))

    reader = get_user_model().objects.get(email="repsol@peru.example.org")
    UserProfile.objects.update_or_create(user=reader, defaults={"language": lang})
    minutes = Minutes.objects.filter(working_group=group, circulated_version__isnull=False).first()
    minutes_render_pdf(version=minutes.circulated_version)
    copy = minutes_download(minutes=minutes, version=minutes.circulated_version, user=reader)
    result = {"minutes PDF": text_of(copy)}
    group.language = lang
    group.save(update_fields=["language"])
    annual = AnnualReport.objects.get(working_group=group, year=minutes.meeting.starts_at.year)
    report, _queued = report_services.report_request(actor=None, kind=Report.Kind.ANNUAL_GROUP, subject=annual)
    report = report_services.report_render(report_id=report.pk)
    assert report.status == Report.Status.READY, report.error
    result["annual report PDF"] = text_of(report_services.report_download(report=report, user=reader))
    return result


def timezone_now():
    from django.utils import timezone

    return timezone.now()


def test_pdf_and_chart_templates_leave_no_english_in_spanish_or_french(demo, compiled_catalogs):
    """The minutes, the annual report, a member's report, a meeting pack and the charts, rendered in
    Spanish and in French from the demo data: no fixed English text is left (the texts the group wrote
    are theirs: the demo's English ones are replaced, so they cannot pass for fixed text)."""
    from minutes.models import Minutes

    for minutes in Minutes.objects.filter(working_group=demo):
        for version in minutes.versions.all():
            version.sections = [{**s, "summary": "Texto.", "agreements": ""} for s in version.sections]
            version.save(update_fields=["sections"])
    from meetings.models import AgendaItem, Guest

    # The demo's agenda titles and guests' expertise happen to be words of the catalog ("Use of force").
    for item in AgendaItem.objects.filter(meeting__working_group=demo):
        AgendaItem.objects.filter(pk=item.pk).update(title=f"Punto {item.position}")
    Guest.objects.filter(working_group=demo).update(expertise="Seguridad")
    from activities.models import OutreachContact

    # Outreach purposes are the group's text too ("join the working group": words of the catalog).
    OutreachContact.objects.filter(working_group=demo).update(purpose="Contacto.", outcome="Resultado.")
    problems = []
    for lang in LANGUAGES:
        fragments = english_fragments(lang)
        assert len(fragments) > 40, "the document sources' msgids were not found in the catalog"
        renderings = {name: visible_text(html) for name, html in document_renderings(demo, lang).items()}
        renderings.update(rendered_pdfs(demo, lang))
        for name, text in renderings.items():
            left = sorted(f for f in fragments if f in text)
            if left:
                problems.append(f"{lang} {name}: {left}")
    assert not problems, "English left in translated documents:\n" + "\n".join(problems)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_fixed_minutes_headings_follow_the_reader(world, compiled_catalogs, lang):
    """A draft started in English shows "Opening and context" etc. in the reader's language."""
    from django.utils import translation

    from minutes.rendering import localised

    sections = [{"key": "opening", "title": "Opening and context"}, {"key": "item-1", "title": "1. Minería"}]
    sections.append({"key": "next", "title": "Next meeting"})
    with translation.override(lang):
        titles = [s["title"] for s in localised(sections)]
    assert titles[1] == "1. Minería"  # the group's own words stay
    assert "Opening and context" not in titles and "Next meeting" not in titles


@pytest.mark.parametrize(("lang", "expected"), [("es", "- Seleccione una opción -"), ("fr", "- Choisir une option -")])
def test_the_blank_choice_of_a_select_is_translated(compiled_catalogs, lang, expected):
    from django.db.models.fields import BLANK_CHOICE_LABEL
    from django.utils import translation

    with translation.override(lang):
        assert str(BLANK_CHOICE_LABEL) == expected


@pytest.mark.django_db
def test_a_person_whose_profile_says_spanish_signs_in_to_spanish_from_an_english_browser(client, world):
    from members.models import UserProfile

    member = world["a"].users["member"]
    UserProfile.objects.update_or_create(user=member, defaults={"language": "es"})
    client.post(reverse("set_language"), {"language": "en", "next": reverse("account_login")})  # an English visitor
    sign_in = client.get(reverse("account_login"), HTTP_ACCEPT_LANGUAGE="en")
    assert '<html lang="en">' in sign_in.content.decode()
    response = client.post(
        reverse("account_login"), {"login": member.email, "password": "test-pass-123"}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 302
    page = client.get(reverse("members:dashboard", kwargs={"group_slug": world["a"].group.slug}))
    assert page.wsgi_request.LANGUAGE_CODE == "es"
    assert '<html lang="es">' in page.content.decode()


@pytest.mark.django_db
def test_the_sign_in_page_links_the_application_form_not_a_closed_sign_up(client, world, compiled_catalogs):
    page = client.get(reverse("account_login"), HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert reverse("account_signup") not in page
    assert "regístrese" not in page and "sign up" not in page.lower()
    assert reverse("applications:apply", args=[world["a"].group.slug]) in page
    closed = client.get(reverse("account_signup"), HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert reverse("applications:apply", args=[world["a"].group.slug]) in closed
    assert "Sign Up Closed" not in closed


@pytest.mark.django_db
def test_an_applicant_gets_e_mails_in_the_language_of_the_form_they_used(client, world, compiled_catalogs):
    """The group works in Spanish; the applicant filled in the English form: their e-mail is English."""
    import time

    from django.core import signing

    from members.models import MembershipApplication
    from tests.conftest import application_data
    from vpwg.models import OutboxMessage

    group = world["a"].group
    group.language = "es"
    group.save(update_fields=["language"])
    started = signing.dumps(time.time() - 30, salt="application-form")
    data = {**application_data("Minera Andina"), "started": started}
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    response = client.post(reverse("applications:apply", args=[group.slug]), data)
    assert response.status_code == 302
    application = MembershipApplication.objects.get(institution_name="Minera Andina")
    assert application.language == "en"
    message = OutboxMessage.objects.get(dedupe_key__startswith=f"application:{application.pk}:application_received:")
    assert "We have received the application of Minera Andina" in message.body_html


@pytest.mark.django_db
def test_a_language_chosen_on_the_sign_in_page_is_kept_when_nothing_was_saved(client, world):
    from members.models import UserProfile

    member = world["a"].users["member"]
    UserProfile.objects.filter(user=member).delete()
    client.post(reverse("set_language"), {"language": "fr", "next": reverse("account_login")})
    client.post(reverse("account_login"), {"login": member.email, "password": "test-pass-123"})
    assert UserProfile.objects.get(user=member).language == "fr"
    client.logout()
    client.post(reverse("account_login"), {"login": member.email, "password": "test-pass-123"})  # a new session
    page = client.get(reverse("members:dashboard", kwargs={"group_slug": world["a"].group.slug}))
    assert page.wsgi_request.LANGUAGE_CODE == "fr"
