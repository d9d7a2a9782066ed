"""`{% application_forms as groups %}`: the working groups whose public application form an institution
can use (slug and name), for the sign-in page: there is no open sign-up, joining goes through an
application. One query, on the pages that ask for it."""

from django import template

from members.models import WorkingGroup

register = template.Library()


@register.simple_tag
def application_forms() -> list[dict]:
    return list(WorkingGroup.objects.order_by("name").values("slug", "name"))
