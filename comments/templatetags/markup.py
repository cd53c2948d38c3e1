"""`{% load markup %}{{ text|markdown }}`: the template face of `factcheck.markup.render_markdown`."""

from django import template

from factcheck.markup import render_markdown

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(text):
    """Render Markdown source through the one sanitiser (never combine with |safe)."""
    return render_markdown(text)
