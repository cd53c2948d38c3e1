"""A claim's state, review due date and verdict findings, as the desk's lists and pages show them.

Tags rather than `{% include %}`s: a dashboard shows ~50 cards and a claim list 25 rows, each with
all three, and an include costs a template render (context push, node walk) per badge — ~110 renders
per dashboard. These build the same markup in Python, once per badge.
"""

from django import template
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

register = template.Library()


@register.simple_tag
def state_badge(claim):
    return format_html('<span class="state state-{}">{}</span>', claim.state, claim.get_state_display())


@register.simple_tag
def due_badge(claim):
    if not claim.review_due_applies:
        return ""
    overdue = claim.is_overdue
    return format_html(
        '<span class="due{}">{}{} {}</span>',
        " overdue" if overdue else "",
        format_html("<strong>{}</strong>, ", _("overdue")) if overdue else "",
        _("due"),
        date_format(claim.review_due, "Y-m-d") if claim.review_due else "",
    )


def _rating_icon(value):
    if value is None:
        return "?"
    if value >= 4:
        return "✔"
    return {3: "◕", 2: "◐"}.get(value, "✖")


@register.simple_tag
def verdict_findings(verdict):
    """A verdict's two findings, each as text plus a shape; colour is never the only signal."""
    rating = verdict.rating
    value = rating.value if rating is not None else None
    attribution = verdict.attribution
    return format_html(
        '<span class="finding rating rating-{}"><span class="finding-icon" aria-hidden="true">{}</span> '
        '<span class="finding-label">{} {}</span></span>\n'
        '<span class="finding attribution attribution-{}"><span class="finding-icon" aria-hidden="true">{}</span> '
        '<span class="finding-label">{}</span></span>',
        "none" if value is None else value,
        _rating_icon(value),
        _("Rating:"),
        rating.label if rating is not None else "",
        attribution,
        mark_safe({"correct": "✔", "misattributed": "✖"}.get(attribution, "?")),
        verdict.get_attribution_display(),
    )
