"""The dashboard's count of candidates waiting in the monitoring queue (desk does not import monitoring: a tag does)."""

from django import template

from monitoring import selectors

register = template.Library()


@register.simple_tag
def monitoring_waiting() -> int:
    return selectors.waiting_count()
