"""The watch schedule in the admin. Captures are evidence and are deliberately not in the admin: nobody edits or
deletes them there (they protect their source); the source's desk page lists them."""

from django.contrib import admin

from .models import SourceWatch


@admin.register(SourceWatch)
class SourceWatchAdmin(admin.ModelAdmin):
    list_display = ["source", "next_check_at", "interval_days", "last_checked_at", "gone_on"]
    list_filter = ["gone_on"]
    list_select_related = ["source"]
    raw_id_fields = ["source"]
