"""`{% submit_token %}`: the one-time token of a form that appends (vpwg/idempotency.py)."""

from django import template
from django.utils.html import format_html

from vpwg.idempotency import FIELD, new_submit_token

register = template.Library()


@register.simple_tag
def submit_token():
    return format_html('<input type="hidden" name="{}" value="{}">', FIELD, new_submit_token())
