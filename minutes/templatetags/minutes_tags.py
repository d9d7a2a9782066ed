from django import template

from minutes.rendering import render_markdown

register = template.Library()


@register.filter
def markdown(text: str):
    """Markdown rendered and sanitised (scripts, handlers and javascript: links removed)."""
    return render_markdown(text)
