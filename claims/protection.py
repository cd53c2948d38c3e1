"""What a published page shows is never deleted, nor changed unreviewed, from under it.

Foreign keys do most of it (`on_delete=PROTECT`: organisations used as an
affiliation or a role's organisation, events, sources, ratings, speakers with
claims). Tags are many-to-many, which Django cannot protect, so `Tag.delete()`
and its queryset refuse a tag in use with the same `ProtectedError`. The admin
lists these uses on its "cannot delete" page (`extra_uses`); anywhere else
`factcheck.middleware` answers 409 with the list instead of a 500.

Sources and outlets are shared records: `shared_record_refusal` keeps the fields a
public page shows of them as they are while a claim past editing rests on them
(the admin's forms and `claims.outlets.update_outlet` ask it). Speakers stay editable: a fact-check
shows its speaker as its version was approved (`claims.speakers.speaker_as_published`), and a change
reaches it through a revision.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Q
from django.utils.translation import gettext as _

from factcheck.errors import WorkflowError

from .models import Claim, Outlet, Source, Tag
from .states import EDITABLE_STATES


def extra_uses(obj) -> list:
    """Objects that use `obj` through relations the database cannot protect."""
    if isinstance(obj, Tag):
        return list(obj.claims.all()[:50])
    return []


# --- what a published page shows of a shared record is not changed from under it either ----------

# The fields of a shared record that public pages, ClaimReview, the API and feeds show.
PUBLIC_FIELDS: dict[type, frozenset[str]] = {
    Source: frozenset({"title", "url", "publisher", "outlet", "kind", "language", "published_on", "accessed_on", "archive_url"}),
    Outlet: frozenset({"name", "homepage", "wikidata_id"}),
}


def resting_on(record) -> Claim | None:
    """The first claim past editing (a verdict proposed or decided, or published) that shows `record`."""
    if isinstance(record, Source):
        uses = Q(evidence__source=record) | Q(reported_by=record) | Q(hops__source=record) | Q(resolutions__source=record)
    elif isinstance(record, Outlet):
        uses = (
            Q(evidence__source__outlet=record) | Q(reported_by__outlet=record) | Q(hops__outlet=record)
            | Q(hops__source__outlet=record)
        )
    else:
        return None
    ids = Claim.objects.filter(uses).exclude(state__in=EDITABLE_STATES).values("pk")
    return Claim.objects.filter(pk__in=ids).order_by("pk").first()


def public_fields_refusal(record) -> WorkflowError | None:
    """Whether the fields a public page shows of `record` are held now (the admin and desk pages say so)."""
    return shared_record_refusal(record, PUBLIC_FIELDS.get(type(record), ()))


def shared_record_refusal(record, changed: Iterable[str]) -> WorkflowError | None:
    """Why the `changed` fields of a source or outlet cannot change now, or None.

    What a claim past editing rests on is part of that fact-check as reviewed and published:
    changing a source's title or address, or an outlet's name, would change the public page
    with no one's review. The way is a revision of the fact-check (four-eyes) citing a
    corrected source; notes, aliases and the desk's own fields stay editable.
    """
    fields = sorted(set(changed) & PUBLIC_FIELDS.get(type(record), frozenset()))
    if not fields or record.pk is None:
        return None
    claim = resting_on(record)
    if claim is None:
        return None
    names = ", ".join(str(type(record)._meta.get_field(name).verbose_name) for name in fields)
    if isinstance(record, Source):
        message = _(
            "Fact-check #%(claim)s rests on this source as it is (%(fields)s are on its public page), so they "
            "cannot change here. Record the corrected source as a new source and cite it in an update or a "
            "correction of the fact-check (a revision, approved by another person)."
        )
    else:
        message = _(
            "Fact-check #%(claim)s shows this outlet (%(fields)s are on its public page), so they cannot change "
            "here. Add the new name as another name of the outlet, or record a new outlet and cite it through a "
            "revision of the fact-check (approved by another person)."
        )
    return WorkflowError(message % {"claim": claim.pk, "fields": names}, rule="published_record", field=fields[0])
