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
