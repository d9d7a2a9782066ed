"""Rows for project-level URLs, and the URL modules exempt from the matrix (with why)."""

from . import LOGIN, ROLES, Row, everyone, public

ROWS = [
    # Someone in one group goes straight to its dashboard; someone in none sees an empty list.
    Row("home", {**{role: 302 for role in ROLES}, "anonymous": LOGIN, "outsider": 200}, group_scoped=False),
    Row("healthz", public(200), group_scoped=False),
    Row("reports:index", everyone(200)),
    Row("meetings:index", everyone(200)),
    Row("minutes:index", everyone(200)),
    Row("workplan:index", everyone(200)),
    Row("activities:index", everyone(200)),
]

# Route prefixes of views that are not ours to matrix, and why.
EXEMPT = {
    "accounts/": "django-allauth's sign-in, password and two-factor pages: public by design, tested by allauth",
    "admin/": "Django admin: staff only, its own permission system; sign-in goes through allauth (tested)",
    "i18n/": "language switch: changes only the visitor's own language preference",
}
