"""Accessibility of the main pages in Chromium: axe-core (from the npm registry, installed by
bin/test) finds no serious or critical violation, and every page can be used with the keyboard
alone: Tab reaches every visible control, in order, without a trap, and the skip link works."""

from pathlib import Path

import pytest
from django.core.management import call_command

ROOT = Path(__file__).resolve().parents[1]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _main_pages():
    """(label, path) of every main page on the demo data, as the Secretariat sees them."""
    from django.utils import timezone

    from meetings.models import Meeting
    from members.models import Institution
    from minutes.models import Minutes
    from workplan.models import WorkPlan

    institution = Institution.objects.get(name="Repsol")
    meeting = Meeting.objects.filter(working_group__slug="peru").order_by("-starts_at").first()
    minutes = Minutes.objects.filter(working_group__slug="peru", status="circulated").first()
    plan = WorkPlan.objects.filter(working_group__slug="peru").first()
    # The register and the door list of the latest meeting that has started (issue 16).
    started = (
        Meeting.objects.filter(working_group__slug="peru", starts_at__lte=timezone.now())
        .exclude(status="cancelled")
        .order_by("-starts_at")
        .first()
    )
    return [
        ("home", "/?all=1"),
        ("dashboard", "/g/peru/"),
        ("member directory", "/g/peru/members/"),
        ("institution page", f"/g/peru/institutions/{institution.pk}/"),
        ("charter", "/g/peru/charter/"),
        ("the group's networks", "/g/peru/networks/"),
        ("applications", "/g/peru/applications/"),
        ("meeting list", "/g/peru/meetings/"),
        ("meeting page", f"/g/peru/meetings/{meeting.pk}/"),
        ("answers", f"/g/peru/meetings/{meeting.pk}/answers/"),
        ("attendance register", f"/g/peru/meetings/{started.pk}/attendance/"),
        ("door list", f"/g/peru/meetings/{started.pk}/attendance/door/"),
        ("minutes list", "/g/peru/minutes/"),
        ("minutes page", f"/g/peru/minutes/{minutes.pk}/"),
        ("work plan", f"/g/peru/workplan/{plan.pk}/"),
        ("activities", "/g/peru/activities/"),
        ("statistics", "/g/peru/activities/statistics/"),
        ("report centre", "/g/peru/reports/"),
        ("search results", "/g/peru/search/?q=derechos+humanos"),
        ("API tokens", "/api/tokens/"),
    ]


PUBLIC_PAGES = [("sign-in", "/accounts/login/"), ("application form", "/apply/peru/")]

# A radio group is one Tab stop (arrow keys move inside it), so only its first radio is counted.
FOCUSABLE = """() => [...document.querySelectorAll(
  'a[href], button:not([disabled]), input:not([type=hidden]):not([disabled]), select:not([disabled]),'
  + ' textarea:not([disabled]), summary, [tabindex]:not([tabindex="-1"])')]
  .filter(el => { const r = el.getBoundingClientRect(); const s = getComputedStyle(el);
                  return r.width > 0 && r.height > 0 && s.visibility !== 'hidden' && !el.closest('[aria-hidden=true]')
                         && !el.closest('details:not([open]) > :not(summary)')
                         && !(el.type === 'radio' && el.form
                              && el !== el.form.querySelector(`input[type=radio][name="${el.name}"]`)); })
  .map((el, i) => { el.dataset.a11yIndex = i; return i; })"""


@pytest.fixture
def demo(live_server):
    call_command("load_demo", stdout=open("/dev/null", "w"))
    return live_server.url


@pytest.fixture
def signed_in(browser, demo):
    if not AXE.exists():
        pytest.skip("axe-core is not installed: run `npm install` (bin/test does)")
    context = browser.new_context(bypass_csp=True)  # lets the test inject axe; the app's own policy stays strict
    page = context.new_page()
    page.goto(f"{demo}/accounts/login/")
    page.get_by_label("Email").fill("socios@peru.example.org")
    page.get_by_label("Password").fill("demo-pass-2026")
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_url(f"{demo}/g/peru/")
    yield page
    context.close()


def _axe_violations(page):
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def _keyboard_walk(page):
    """Tab through the page; return the visible controls that were never focused."""
    indices = page.evaluate(FOCUSABLE)
    page.locator("body").focus()
    reached = set()
    for _ in range(len(indices) + 5):
        page.keyboard.press("Tab")
        index = page.evaluate(
            """() => { const el = document.activeElement; if (!el) return null;
                       if (el.type === 'radio' && el.form) {  // the group counts as its first radio
                         return el.form.querySelector(`input[type=radio][name="${el.name}"]`).dataset.a11yIndex; }
                       return el.dataset.a11yIndex; }"""
        )
        if index is not None:
            reached.add(int(index))
    missing = sorted(set(indices) - reached)
    return [
        page.evaluate(f"() => document.querySelector('[data-a11y-index=\"{i}\"]').outerHTML.slice(0, 120)")
        for i in missing[:5]
    ]


def test_main_pages_pass_axe_and_work_by_keyboard_alone(signed_in, demo):
    page = signed_in
    violations, unreachable = {}, {}
    for label, path in _main_pages():
        response = page.goto(f"{demo}{path}")
        assert response.status == 200, (label, path, response.status)
        if missing := _keyboard_walk(page):
            unreachable[label] = missing
        if found := _axe_violations(page):
            violations[label] = found
    assert not violations, violations
    assert not unreachable, unreachable


def test_public_pages_have_no_serious_accessibility_violation(browser, demo):
    if not AXE.exists():
        pytest.skip("axe-core is not installed")
    context = browser.new_context(bypass_csp=True)
    page = context.new_page()
    problems = {}
    for label, path in PUBLIC_PAGES:
        page.goto(f"{demo}{path}")
        violations = _axe_violations(page)
        if violations:
            problems[label] = violations
    context.close()
    assert not problems, problems


def test_the_skip_link_moves_focus_to_the_content(signed_in, demo):
    page = signed_in
    page.goto(f"{demo}/g/peru/members/")
    page.locator("body").focus()
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.textContent.trim()") == "Skip to content"
    page.keyboard.press("Enter")
    assert page.evaluate("() => location.hash") == "#main"
