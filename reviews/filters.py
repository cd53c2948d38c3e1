"""The claim filters that need the review record: the rating of the verdict in force.

Builds on `claims.filters` (the shared vocabulary); the desk list, the public index and
the API inherit `rating` from here, so it has one name and one meaning everywhere.
"""

from django.utils.translation import gettext_lazy as _

from claims.filters import ClaimFilterBase, ListedModelChoiceFilter

from .models import Rating


class ReviewedClaimFilterBase(ClaimFilterBase):
    rating = ListedModelChoiceFilter(
        label=_("Rating"),
        field_name="current_verdict__rating",
        queryset=Rating.objects.select_related("scale"),
        empty_label=_("Any rating"),
    )
