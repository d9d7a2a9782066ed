"""The README's production path as a new operator follows it (issue 18)."""

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text()


def _section(title: str) -> str:
    return README.split(f"\n## {title}\n", 1)[1].split("\n## ", 1)[0]


def _documented_production_env() -> dict:
    """The `export NAME=value` lines of the README's Production section, for this machine."""
    exported = dict(re.findall(r"^export (\w+)=(\S*)", _section("Production"), re.MULTILINE))
    assert {"SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "EMAIL_HOST", "REDIS_URL"} <= set(exported)
    exported["SECRET_KEY"] = secrets.token_urlsafe(50)
    # The same variables, with this machine's services: model checks ask the server for its features.
    exported["DATABASE_URL"] = "postgres://postgres@127.0.0.1:5432/postgres"
    exported["REDIS_URL"] = "redis://127.0.0.1:6379/12"
    return exported


def _check_deploy(variables: dict) -> subprocess.CompletedProcess:
    names = {"DJANGO_ALLOW_ASYNC_UNSAFE", "EMAIL_HOST", "REDIS_URL", "DATABASE_URL", "SECRET_KEY", "ALLOWED_HOSTS"}
    env = {k: v for k, v in os.environ.items() if k not in names}
    env.update(variables)
    command = [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"]
    return subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)


def test_check_deploy_passes_with_the_documented_variables():
    result = _check_deploy(_documented_production_env())
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_without_an_smtp_host_check_deploy_says_mail_would_go_nowhere():
    variables = _documented_production_env()
    del variables["EMAIL_HOST"]
    result = _check_deploy(variables)
    assert result.returncode != 0 and "mail.E001" in result.stdout + result.stderr
    assert "`EMAIL_HOST` is required" in _section("Production")  # and the README says so


def test_production_needs_collectstatic_and_the_readme_says_so():
    assert "python manage.py collectstatic --noinput" in _section("Production")


def test_the_configuration_table_lists_every_variable_the_settings_read():
    sources = "\n".join(path.read_text() for path in (ROOT / "vpwg" / "settings").rglob("*.py"))
    read = set(re.findall(r"""env(?:\.\w+|\(\)\.str)\(\s*["']([A-Z][A-Z0-9_]+)["']""", sources))
    read |= set(re.findall(r"""Env\(\)\.\w+\(\s*["']([A-Z][A-Z0-9_]+)["']""", sources))
    assert {"DATABASE_URL", "CONN_MAX_AGE", "SECURE_SSL_REDIRECT", "VPWG_VAR_DIR"} <= read  # the search works
    table = _section("Configuration")
    missing = sorted(name for name in read if f"`{name}`" not in table)
    assert not missing, f"read from the environment but not in the README's Configuration table: {missing}"
