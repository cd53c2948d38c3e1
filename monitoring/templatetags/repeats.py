"""The wording of a repeat alert on the desk's pages: the same sentences as the inbox and the e-mail."""

from django import template

from monitoring import repeats

register = template.Library()


@register.filter
def repeat_headline(alert) -> str:
    return repeats.headline(alert)


@register.filter
def rated(claim) -> str:
    return repeats.rated(claim)
