"""What a published page shows is never deleted from under it.

Foreign keys do most of it (`on_delete=PROTECT`: organisations used as an
affiliation or a role's organisation, events, sources, ratings, speakers with
claims). Tags are many-to-many, which Django cannot protect, so `Tag.delete()`
and its queryset refuse a tag in use with the same `ProtectedError`. The admin
lists these uses on its "cannot delete" page (`extra_uses`); anywhere else
`factcheck.middleware` answers 409 with the list instead of a 500.
"""

from __future__ import annotations

from .models import Tag


def extra_uses(obj) -> list:
    """Objects that use `obj` through relations the database cannot protect."""
    if isinstance(obj, Tag):
        return list(obj.claims.all()[:50])
    return []
