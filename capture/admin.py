"""Captures are evidence: the admin shows them and never edits them."""

from django.contrib import admin

from .models import Capture, SourceWatch


@admin.register(Capture)
class CaptureAdmin(admin.ModelAdmin):
    list_display = ["source", "status", "http_status", "captured_at", "changed", "gone", "failure"]
    list_filter = ["status", "trigger", "gone", "changed"]
    list_select_related = ["source"]
    search_fields = ["url", "final_url", "title"]
    raw_id_fields = ["source", "requested_by"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(SourceWatch)
class SourceWatchAdmin(admin.ModelAdmin):
    list_display = ["source", "next_check_at", "interval_days", "last_checked_at", "gone_on"]
    list_filter = ["gone_on"]
    list_select_related = ["source"]
    raw_id_fields = ["source"]
