"""django-guardian: object permissions granted to each working group's role groups."""

ANONYMOUS_USER_NAME = None  # anonymous visitors get no object permissions at all
GUARDIAN_RAISE_403 = False
GUARDIAN_RENDER_403 = False
