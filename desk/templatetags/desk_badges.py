"""A claim's state, review due date and verdict findings, and the claim table's rows, as the desk shows them.

Tags rather than `{% include %}`s: a dashboard shows ~50 cards and a claim list 25 rows, each with
all three, and an include costs a template render (context push, node walk) per badge — ~110 renders
per dashboard. These build the same markup in Python, once per badge; the claim table's rows too
(~20 template nodes a row; ~2 ms of a desk list's ~45 ms of CPU at 1M claims, issue #18).
"""

from django import template
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.text import Truncator
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


# One row of the claim table (templates/desk/_claim_table.html); each cell is labelled for narrow screens.
_ROW = (
    '<tr>\n'
    '      <td data-label="{}"><a href="{}" lang="{}">{}</a>\n        {}</td>\n'
    '      <td data-label="{}">{}</td>\n'
    '      <td data-label="{}">{}</td>\n'
    '      <td data-label="{}">{}<br><small>{}</small></td>\n'
    '      <td data-label="{}">{}</td>\n'
    '      <td data-label="{}">{}</td>\n'
    '    </tr>'
)


@register.simple_tag
def claim_rows(claims):
    """The claim table's rows: statement (140 characters) and tags, speaker, date said, state and due date,
    verdict, reviewer. Reads what `desk.views.claim_rows` fetched; no query of its own."""
    claim_label, speaker_label, said_label = _("Claim"), _("Speaker"), _("Said")
    state_label, verdict_label, reviewer_label = _("State"), _("Verdict"), _("Reviewer")
    no_verdict = format_html('<span class="muted">{}</span>', _("none yet"))
    no_reviewer = mark_safe('<span class="muted">—</span>')
    rows = []
    for claim in claims:
        tags = claim.tags.all()
        tag_list = format_html('<ul class="tags inline">{}</ul>', format_html_join("", "<li>{}</li>", ((tag.name,) for tag in tags))) if tags else ""
        speaker = (
            format_html('<a href="{}">{}</a>', claim.speaker.get_absolute_url(), claim.speaker.name) if claim.speaker else claim.speaker_name
        )
        reviewer = claim.assigned_reviewer
        rows.append(
            format_html(
                _ROW,
                claim_label, claim.get_absolute_url(), claim.language, Truncator(claim.statement).chars(140), tag_list,
                speaker_label, speaker,
                said_label, claim.said_on_display or "—",
                state_label, state_badge(claim), due_badge(claim),
                verdict_label, verdict_findings(claim.current_verdict) if claim.current_verdict else no_verdict,
                reviewer_label, (reviewer.get_full_name() or reviewer.get_username()) if reviewer else no_reviewer,
            )
        )
    return mark_safe("\n  ".join(rows))
