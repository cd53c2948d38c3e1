"""The editors' CSV export of claims: desk-only, filtered exactly like the desk's claim list."""

import csv

from django.contrib.auth.decorators import login_required
from django.http import StreamingHttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from claims.access import require_desk_access
from .filters import ClaimFilter
from claims.fields import CLAIM_FIELDS, CLAIM_TAGS
from claims.models import Claim
from claims.selectors import role_at_the_time
from factcheck.links import absolute
from claims.states import PUBLIC_STATES


# A spreadsheet runs a cell starting with one of these as a formula (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

def _field_cell(name):
    """A claim field as a spreadsheet cell: a related record by its name, a date as ISO text, a choice by its code."""
    field = Claim._meta.get_field(name)

    def cell(claim):
        value = getattr(claim, name)
        if value is None:
            return ""
        if field.is_relation:
            return str(value)
        return value.isoformat() if hasattr(value, "isoformat") else value

    return cell


# Cells that read better than the generic rule, and computed columns placed after the field they explain.
SPECIAL_CELLS = {
    "said_on": lambda c: c.said_on_display,
    "event": lambda c: c.event.name if c.event_id else "",
}
COLUMNS_AFTER = {
    "speaker_description": [("role_at_the_time", role_at_the_time)],
    "reported_by": [
        ("reported_by_url", lambda c: c.reported_by.url if c.reported_by_id else ""),
        ("reporting", lambda c: c.reporting),  # follows from the reporting chain (claims.chains)
    ],
}

# The claim's editable fields (claims.fields, in order), framed by its id, state and verdict.
COLUMNS = [
    ("id", lambda c: c.pk),
    ("state", lambda c: c.state),
    *[
        column
        for name in CLAIM_FIELDS
        for column in [(name, SPECIAL_CELLS.get(name) or _field_cell(name)), *COLUMNS_AFTER.get(name, [])]
    ],
    (CLAIM_TAGS, lambda c: ", ".join(tag.slug for tag in c.tags.all())),
    ("rating", lambda c: c.current_verdict.rating.label if c.current_verdict_id else ""),
    ("attribution", lambda c: c.current_verdict.attribution if c.current_verdict_id else ""),
    ("verdict_summary", lambda c: c.current_verdict.summary if c.current_verdict_id else ""),
    ("published_at", lambda c: timezone.localtime(c.published_at).isoformat() if c.published_at else ""),
    ("updated_at", lambda c: timezone.localtime(c.updated_at).isoformat()),
    ("desk_url", lambda c: absolute(reverse("claim_detail", args=[c.pk]))),
    (
        "public_url",
        lambda c: absolute(reverse("publishing:claim", args=[c.pk])) if c.state in PUBLIC_STATES and c.current_verdict_id else "",
    ),
]


def safe_cell(value):
    """The cell as text, with a leading apostrophe when a spreadsheet would read it as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


class _Echo:
    def write(self, value):
        return value


def csv_rows(claims):
    writer = csv.writer(_Echo())
    yield "\ufeff"  # a byte-order mark, so spreadsheet programs read Japanese text as UTF-8
    yield writer.writerow([name for name, _getter in COLUMNS])
    for claim in claims:
        yield writer.writerow([safe_cell(getter(claim)) for _name, getter in COLUMNS])


@require_GET
@login_required
def claims_csv(request):
    require_desk_access(request.user)
    queryset = Claim.objects.select_related(
        "speaker", "event", "reported_by", "current_verdict__rating"
    ).prefetch_related("tags", "speaker__roles")
    filterset = ClaimFilter(request.GET or None, queryset=queryset)
    if filterset.is_bound and not filterset.is_valid():
        message = "; ".join(f"{label}: {errors}" for label, errors in filterset.ignored())
        return render(request, "error.html", {"title": _("Bad request"), "message": message}, status=400)
    response = StreamingHttpResponse(csv_rows(filterset.qs.iterator(chunk_size=500)), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="claims-{timezone.localdate():%Y-%m-%d}.csv"'
    response["Cache-Control"] = "private, no-store"
    return response
