"""The dashboard's count of candidates waiting in the monitoring queue (desk does not import monitoring: a tag does),
and a candidate's language by name."""

from django import template

from claims.languages import language_name
from monitoring import selectors

register = template.Library()


@register.simple_tag
def monitoring_waiting() -> int:
    return selectors.waiting_count()


@register.filter
def language_label(tag: str) -> str:
    """"Russian" (or "ロシア語" in Japanese) for "ru"; an unknown or empty tag as it is."""
    return language_name(tag) if tag else ""
