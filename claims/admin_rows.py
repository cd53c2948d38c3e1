"""The claim changelist's rows, built in one loop: Django's HTML at a fraction of its cost.

Django's admin builds each of the 100 rows cell by cell (`items_for_result`): the action checkbox is a
form widget rendered through templates, and each link is a URL `reverse` plus `add_preserved_filters`,
which resolves that URL again through the whole URLconf whenever the list is searched or filtered. That is
~0.5 ms a row, 50–90 ms a page at any archive size (issue #18: the admin was 10× its own SQL). Here what is
the same on every row is worked out once per page (which columns link, the change URL around the id with
the preserved filters, the display of each repeated state, kind or date), and a row is string building
over escaped values.

The HTML is Django's, byte for byte: `tests/claims/test_admin_rows.py` renders both on the same page
(plain, searched, sorted, filtered, in Japanese, hostile text). A changelist this does not cover
(list_editable forms, popups) gets Django's own rows.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from typing import Any
from urllib.parse import quote as url_quote

from django.contrib.admin import helpers
from django.contrib.admin.templatetags.admin_list import (
    ResultList,
    _coerce_field_name,
    result_headers,
    result_hidden_fields,
    results,
)
from django.contrib.admin.templatetags.admin_urls import add_preserved_filters
from django.contrib.admin.utils import display_for_field, display_for_value, lookup_field, quote
from django.contrib.admin.views.main import ChangeList
from django.core.exceptions import ObjectDoesNotExist
from django.db import models
from django.urls import NoReverseMatch, reverse
from django.utils.http import RFC3986_SUBDELIMS
from django.utils.html import conditional_escape, escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

# Stands for the id in the change URL worked out once per page (no object id contains it: ids are quoted).
_ID_MARK = "__row_id__"


def _link_columns(cl: ChangeList) -> set[str]:
    """Django's rule (`link_in_col`): the listed links, or the first column when none are listed."""
    if cl.list_display_links is None:
        return set()
    if not cl.list_display_links:
        return {cl.list_display[0]} if cl.list_display else set()
    return set(cl.list_display_links)


def _change_url_parts(cl: ChangeList) -> tuple[str, str] | None:
    """The change URL with the preserved filters, split around the id: every row's link is prefix + id + suffix."""
    try:
        url = reverse(
            f"admin:{cl.opts.app_label}_{cl.opts.model_name}_change",
            args=(_ID_MARK,),
            current_app=cl.model_admin.admin_site.name,
        )
    except NoReverseMatch:
        return None
    url = add_preserved_filters({"preserved_filters": cl.preserved_filters, "opts": cl.opts}, url)
    prefix, _, suffix = url.partition(_ID_MARK)
    return prefix, suffix


def _checkbox(obj: Any, label: str) -> str:
    """Django's action checkbox (`ModelAdmin.action_checkbox`) without a widget template per row."""
    return (
        f'<td class="action-checkbox"><input type="checkbox" name="{helpers.ACTION_CHECKBOX_NAME}" '
        f'value="{escape(obj.pk)}" class="action-select" aria-label="{format_html(label, str(obj))}"></td>'
    )


# Values whose display a page works out once (a state, a kind, a date repeat across the rows).
_REPEATED = (str, int, datetime.date, type(None))


def _cell(cl: ChangeList, name: Any, index: int, obj: Any, empty: str, links: bool, shown_before: dict) -> tuple[list[str], Any]:
    """A cell's classes and value shown (escaped), as `items_for_result` works them out."""
    classes = [f"field-{_coerce_field_name(name, index)}"]
    try:
        field, attr, value = lookup_field(name, obj, cl.model_admin)
    except ObjectDoesNotExist:
        return classes, conditional_escape(empty)
    empty = getattr(attr, "empty_value_display", empty)
    if isinstance(value, str) and value.strip() == "":
        value = ""
    if field is None or field.auto_created:
        boolean = getattr(attr, "boolean", False)
        if isinstance(attr, property) and hasattr(attr, "fget"):
            boolean = getattr(attr.fget, "boolean", False)
        shown = display_for_value(value, empty, boolean)
        if isinstance(value, (datetime.date, datetime.time)):
            classes.append("nowrap")
        return classes, conditional_escape(shown)
    if isinstance(field.remote_field, models.ManyToOneRel):
        related = getattr(obj, field.name)
        shown = empty if related is None else related
    elif isinstance(value, _REPEATED) and (field.choices or isinstance(value, datetime.date)):
        key = (index, type(value), value)
        if key not in shown_before:
            shown_before[key] = conditional_escape(display_for_field(value, field, empty, avoid_link=links))
        shown = shown_before[key]
    else:
        shown = display_for_field(value, field, empty, avoid_link=links)
    if isinstance(field, (models.DateField, models.TimeField, models.ForeignKey)):
        classes.append("nowrap")
    return classes, conditional_escape(shown)


def rows(cl: ChangeList) -> Iterator[ResultList]:
    """Each row as Django's `results(cl)` yields it, its cells joined already (the template's loop adds nothing)."""
    if cl.formset or cl.is_popup or cl.to_field:
        yield from results(cl)
        return
    link_columns = _link_columns(cl)
    url_parts = _change_url_parts(cl)
    empty = cl.model_admin.get_empty_value_display()
    checkbox_label = gettext("Select this object for an action - {}")
    shown_before: dict = {}
    for obj in cl.result_list:
        cells = []
        first_link = True
        for index, name in enumerate(cl.list_display):
            if name == "action_checkbox":
                cells.append(_checkbox(obj, checkbox_label))
                continue
            links = name in link_columns
            classes, shown = _cell(cl, name, index, obj, empty, links, shown_before)
            if links:
                tag = "th" if first_link else "td"
                first_link = False
                if url_parts is not None:
                    url = url_parts[0] + url_quote(str(quote(obj.pk)), safe=RFC3986_SUBDELIMS + "/~:@") + url_parts[1]
                    shown = f'<a href="{escape(url)}">{shown}</a>'
                cells.append(f'<{tag} class="{" ".join(classes)}">{shown}</{tag}>')
            else:
                cells.append(f'<td class="{" ".join(classes)}">{shown}</td>')
        yield ResultList(None, [mark_safe("".join(cells))])


def result_list(cl: ChangeList) -> dict[str, Any]:
    """The context of Django's `result_list` tag, with the rows above."""
    headers = list(result_headers(cl))
    return {
        "cl": cl,
        "result_hidden_fields": list(result_hidden_fields(cl)),
        "result_headers": headers,
        "num_sorted_fields": sum(1 for header in headers if header["sortable"] and header["sorted"]),
        "results": list(rows(cl)),
    }

