"""The API's pages: keyset cursors by default, limit/offset kept for old clients but bounded.

- `next` is a **cursor** link (`?cursor=…`, signed with the secret key): the page after it is
  found through the list's index from the last row's sort key, so page 10,000 costs what page 1
  costs. A cursor is tied to the list and ordering it was made for; one that was changed, cut short,
  or made for another ordering is a 400 naming `cursor`, with what to do instead.
- `offset` still works up to `MAX_OFFSET` (ids first, `claims.pagination.rows_ids_first`); beyond it
  a 400 says to follow `next`. `limit` is 1…100 everywhere.
- `count` is exact up to `COUNT_LIMIT` rows and stops there (`count_capped: true`): no request
  counts every match of a search or every claim of the archive. A public reader's count of claims
  (`public_counts` on the view) is kept in Django's cache under the last public change
  (`publishing.caching.public_stamp`) and the query itself: a popular search is counted once per
  change, not once per page (at 1M claims the count of a common word walks ~25k claims: 40–70 ms).
"""

from __future__ import annotations

from collections import OrderedDict

from django.core import signing
from django.db import connection
from django.db.models import F, Q
from django.db.models.expressions import OrderBy
from django.utils.translation import gettext as _
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import LimitOffsetPagination
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param

from claims.pagination import bounded_count, rows_ids_first, whole_number
from publishing.caching import public_stamp
from factcheck.errors import InvalidInput

from .selectors import is_desk

MAX_OFFSET = 10_000
COUNT_LIMIT = 1000
# How long a public count is kept at most: a change that touches no claim (a speaker's other names
# edited, which a search expands to) is counted again within this many seconds, like the public pages.
PUBLIC_COUNT_SECONDS = 60
CURSOR_SALT = "api.pagination.cursor"


def _sort_keys(queryset):
    """[(field, descending)] of the queryset's order, pk last; None if it sorts by something a cursor cannot follow."""
    order = list(queryset.query.order_by) or list(queryset.model._meta.ordering or [])
    keys = []
    for item in order:
        if isinstance(item, OrderBy) and isinstance(item.expression, F) and item.nulls_last:
            # F("field").desc(nulls_last=True): the order a cursor follows anyway (NULLs last).
            item = ("-" if item.descending else "") + item.expression.name
        if not isinstance(item, str) or "__" in item or "?" in item:
            return None
        name = item.lstrip("-")
        name = queryset.model._meta.pk.name if name == "pk" else name
        try:
            field = queryset.model._meta.get_field(name)
        except Exception:
            return None
        keys.append((field, item.startswith("-")))
    if not any(field.primary_key for field, _ in keys):
        keys.append((queryset.model._meta.pk, keys[-1][1] if keys else True))
    else:  # nothing after the pk matters
        keys = keys[: next(i for i, (field, _) in enumerate(keys) if field.primary_key) + 1]
    return keys


def _order(keys):
    """ORDER BY for `keys`, NULLs last; NULLS LAST only on nullable columns, so a NOT NULL key's plain
    (created_at DESC, id DESC) order is walked by its b-tree index instead of sorting every row
    (PostgreSQL does not match `created_at DESC NULLS LAST` to an index on created_at)."""
    return [
        (F(f.attname).desc(nulls_last=True) if desc else F(f.attname).asc(nulls_last=True)) if f.null
        else (F(f.attname).desc() if desc else F(f.attname).asc())
        for f, desc in keys
    ]


def _after(keys, values) -> Q:
    """Rows strictly after `values` in the order `keys` (NULLs last in both directions)."""
    (field, desc), value = keys[0], values[0]
    name = field.attname
    if len(keys) == 1:
        return Q(**{f"{name}__{'lt' if desc else 'gt'}": value})
    rest = _after(keys[1:], values[1:])
    if value is None:
        return Q(**{f"{name}__isnull": True}) & rest
    beyond = Q(**{f"{name}__{'lt' if desc else 'gt'}": value})
    if field.null:
        beyond |= Q(**{f"{name}__isnull": True})
    return beyond | (Q(**{name: value}) & rest)


class StrictLimitOffsetPagination(LimitOffsetPagination):
    """limit 1…100; `next` is a keyset cursor; offset up to MAX_OFFSET; counts stop at COUNT_LIMIT."""

    default_limit = 25
    max_limit = 100
    cursor_query_param = "cursor"

    def _read(self, request, name, minimum, maximum):
        """The one reading of a page parameter (claims.pagination): malformed is a 400 naming it."""
        try:
            return whole_number(request.query_params.get(name), field=name, minimum=minimum, maximum=maximum)
        except InvalidInput as error:
            raise ValidationError({name: [error.message]}) from None

    def get_limit(self, request):
        value = self._read(request, self.limit_query_param, 1, self.max_limit)
        return self.default_limit if value is None else value

    def get_offset(self, request):
        raw = request.query_params.get(self.offset_query_param)
        if raw and raw.isascii() and raw.isdigit() and int(raw) > MAX_OFFSET:
            raise ValidationError(
                {self.offset_query_param: [
                    _("Offsets stop at %(max)s: follow the `next` link of a page (a cursor) to go further.") % {"max": MAX_OFFSET}
                ]}
            )
        value = self._read(request, self.offset_query_param, 0, MAX_OFFSET)
        return 0 if value is None else value

    # --- cursors ---

    def _scope(self, request, keys):
        return [request.path, [("-" if desc else "") + field.name for field, desc in keys]]

    def _encode(self, request, keys, row):
        values = [getattr(row, field.attname) for field, _ in keys]
        values = [v.isoformat() if hasattr(v, "isoformat") else v for v in values]
        return signing.dumps({"s": self._scope(request, keys), "v": values}, salt=CURSOR_SALT, compress=True)

    def _decode(self, request, keys, token):
        refusal = _("This cursor is not valid (changed, cut short or expired): start again from the first page without `cursor`.")
        if keys is None:
            raise ValidationError({self.cursor_query_param: [_("This list's order cannot be paged by cursor: use `offset`.")]})
        try:
            data = signing.loads(token, salt=CURSOR_SALT)
            values = data["v"]
            scope = data["s"]
        except (signing.BadSignature, KeyError, TypeError, ValueError):
            raise ValidationError({self.cursor_query_param: [refusal]}) from None
        if scope != self._scope(request, keys) or not isinstance(values, list) or len(values) != len(keys):
            raise ValidationError(
                {self.cursor_query_param: [
                    _("This cursor was made for another list or ordering: start again from the first page without `cursor`.")
                ]}
            )
        try:
            return [None if v is None else field.to_python(v) for (field, _), v in zip(keys, values)]
        except Exception:
            raise ValidationError({self.cursor_query_param: [refusal]}) from None

    def paginate_queryset(self, queryset, request, view=None):
        self.request = request
        self.limit = self.get_limit(request)
        token = request.query_params.get(self.cursor_query_param)
        keys = _sort_keys(queryset)
        if token is not None and self.offset_query_param in request.query_params:
            raise ValidationError({self.cursor_query_param: [_("Give either `cursor` or `offset`, not both.")]})
        self.capped_count = self._capped_count(queryset, request, view)
        self.count = min(self.capped_count, COUNT_LIMIT)
        self.use_cursor = keys is not None and self.offset_query_param not in request.query_params
        if token is not None:
            values = self._decode(request, keys, token)
            rows = self._rows_after(queryset, keys, values, self.limit + 1)
            self.offset = None
        else:
            self.offset = self.get_offset(request)
            if self.use_cursor:
                queryset = queryset.order_by(*_order(keys))
            rows = rows_ids_first(queryset, self.offset, self.offset + self.limit + 1)
        self.has_next = len(rows) > self.limit
        rows = rows[: self.limit]
        self.keys, self.last = keys, (rows[-1] if rows else None)
        return rows

    def _capped_count(self, queryset, request, view) -> int:
        """The rows, counted up to COUNT_LIMIT + 1; a public reader's claim count comes from the cache while it holds."""
        public = getattr(view, "public_counts", False) and not is_desk(request.user)
        if not public:
            return bounded_count(queryset, COUNT_LIMIT)
        return bounded_count(queryset, COUNT_LIMIT, stamp=public_stamp(), seconds=PUBLIC_COUNT_SECONDS)

    def _rows_after(self, queryset, keys, values, n):
        """The n rows after `values`. One direction throughout: a row comparison the (field, id) index walks,
        non-NULL keys first, then the NULL tail (NULLS LAST); mixed directions: the general OR form."""
        ordered = queryset.order_by(*_order(keys))
        directions = {desc for _, desc in keys}
        if len(keys) != 2 or len(directions) != 1:
            return list(ordered.filter(_after(keys, values))[:n])
        (field, desc), (pk, _) = keys
        value, last_pk = values
        quote = connection.ops.quote_name
        rows = []
        if value is not None:
            columns = f"({quote(queryset.model._meta.db_table)}.{quote(field.column)}, {quote(queryset.model._meta.db_table)}.{quote(pk.column)})"
            head = queryset.filter(**{f"{field.attname}__isnull": False}).extra(
                where=[f"{columns} {'<' if desc else '>'} (%s, %s)"], params=[field.get_db_prep_value(value, connection), last_pk]
            )
            head = head.order_by(*(f"-{field.attname}", f"-{pk.attname}") if desc else (field.attname, pk.attname))
            rows = list(head[:n])
        if len(rows) < n and field.null:
            tail = queryset.filter(**{f"{field.attname}__isnull": True})
            if value is None:
                tail = tail.filter(**{f"{pk.attname}__{'lt' if desc else 'gt'}": last_pk})
            rows += list(tail.order_by(f"-{pk.attname}" if desc else pk.attname)[: n - len(rows)])
        return rows

    def get_next_link(self):
        if not self.has_next:
            return None
        url = self.request.build_absolute_uri()
        if self.use_cursor:
            url = remove_query_param(url, self.offset_query_param)
            return replace_query_param(url, self.cursor_query_param, self._encode(self.request, self.keys, self.last))
        url = replace_query_param(url, self.limit_query_param, self.limit)
        return replace_query_param(url, self.offset_query_param, self.offset + self.limit)

    def get_previous_link(self):
        if self.offset is None or self.offset <= 0:
            return None  # cursors go forward; a client keeps the links it came through
        url = replace_query_param(self.request.build_absolute_uri(), self.limit_query_param, self.limit)
        if self.offset - self.limit <= 0:
            return remove_query_param(url, self.offset_query_param)
        return replace_query_param(url, self.offset_query_param, self.offset - self.limit)

    def get_paginated_response(self, data):
        return Response(
            OrderedDict(
                [
                    ("count", self.count),
                    ("count_capped", self.capped_count > COUNT_LIMIT),
                    ("next", self.get_next_link()),
                    ("previous", self.get_previous_link()),
                    ("results", data),
                ]
            )
        )

    def get_paginated_response_schema(self, schema):
        schema = super().get_paginated_response_schema(schema)
        schema["properties"]["count"]["description"] = f"Matching rows, exact up to {COUNT_LIMIT}."
        schema["properties"]["count_capped"] = {"type": "boolean", "description": f"More than {COUNT_LIMIT} rows match."}
        schema["properties"]["next"]["description"] = "The next page: a signed keyset cursor (or an offset link when `offset` was given)."
        return schema

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        bounds = {
            self.limit_query_param: {"minimum": 1, "maximum": self.max_limit},
            self.offset_query_param: {"minimum": 0, "maximum": MAX_OFFSET},
        }
        for parameter in parameters:
            parameter["schema"].update(bounds.get(parameter["name"], {}))
        parameters.append(
            {
                "name": self.cursor_query_param,
                "required": False,
                "in": "query",
                "description": "An opaque cursor from a page's `next` link.",
                "schema": {"type": "string"},
            }
        )
        return parameters
