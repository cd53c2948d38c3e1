from django.contrib import admin

from .models import ExternalFactCheck, Partner


@admin.register(Partner)
class PartnerAdmin(admin.ModelAdmin):
    list_display = ("name", "url", "active", "checked_at", "failures")
    readonly_fields = ("etag", "last_modified", "checked_at", "next_check_at", "failures", "last_error", "last_error_at")


@admin.register(ExternalFactCheck)
class ExternalFactCheckAdmin(admin.ModelAdmin):
    list_display = ("claim_reviewed", "partner", "rating_text", "date_published", "language")
    list_filter = ("partner", "language")
    search_fields = ("claim_reviewed", "url")
