"""`{% claim_result_list cl %}`: Django's `result_list` with the rows built by claims.admin_rows."""

from django import template
from django.contrib.admin.templatetags.base import InclusionAdminNode

from claims import admin_rows

register = template.Library()


@register.tag(name="claim_result_list")
def claim_result_list(parser, token):
    # The same node as Django's tag: an app or model may still override change_list_results.html.
    return InclusionAdminNode(parser, token, func=admin_rows.result_list, template_name="change_list_results.html", takes_context=False)
