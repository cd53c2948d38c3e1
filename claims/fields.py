"""The one list of what an editor may write on a claim and on a piece of evidence.

The desk form, the admin, the API's serializers, the CSV export and the services
all read these lists, so adding a plain claim field means: the model, its migration,
one line here, the templates that show it, the translations and a test
(`tests/claims/test_fields.py` checks that every consumer follows the list).
Workflow fields (state, version, reviewer, verdict) are never here: they change
only through `reviews.services`.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

# The claim's editable fields in groups, in the order the admin and the exports show them.
CLAIM_FIELD_GROUPS: tuple[tuple[str | None, tuple[str, ...]], ...] = (
    (None, ("speaker", "speaker_description", "statement", "language", "form", "kind", "resolution_due")),
    (_("Translation"), ("translation", "translation_language")),
    (_("When and where"), ("said_on", "said_on_precision", "first_reported_on", "event")),
    (_("How the desk knows of it"), ("reported_by", "reporting_note")),
)

# Every field `claims.services.update_claim` accepts besides `tags`.
CLAIM_FIELDS: tuple[str, ...] = tuple(name for _title, names in CLAIM_FIELD_GROUPS for name in names)

# Tags are editable too, but as a set (a many-to-many), so they travel separately.
CLAIM_TAGS = "tags"

# What an editor or a researching reviewer writes on an evidence link.
EVIDENCE_FIELDS: tuple[str, ...] = ("source", "relation", "excerpt", "locator")
