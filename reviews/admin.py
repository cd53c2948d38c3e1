from django.contrib import admin

from .models import AuditEntry, Correction, Rating, RatingScale, Verdict


class RatingInline(admin.TabularInline):
    model = Rating
    extra = 1


@admin.register(RatingScale)
class RatingScaleAdmin(admin.ModelAdmin):
    list_display = ["name", "is_active"]
    inlines = [RatingInline]


class ReadOnlyAdmin(admin.ModelAdmin):
    """History is written by the workflow services only; the admin shows it."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Verdict)
class VerdictAdmin(ReadOnlyAdmin):
    list_display = ["claim", "rating", "attribution", "status", "proposed_by", "proposed_at", "decided_by"]
    list_filter = ["status", "attribution", "rating"]
    list_select_related = ["claim__speaker", "rating", "proposed_by", "decided_by"]
    search_fields = ["summary", "explanation", "claim__statement"]
    date_hierarchy = "proposed_at"


@admin.register(Correction)
class CorrectionAdmin(ReadOnlyAdmin):
    list_display = ["claim", "kind", "created_at", "created_by"]
    list_filter = ["kind"]
    list_select_related = ["claim__speaker", "created_by"]
    search_fields = ["note", "claim__statement"]


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "claim", "action", "from_state", "to_state", "actor"]
    list_filter = ["action", "to_state"]
    list_select_related = ["claim__speaker", "actor"]
    search_fields = ["note", "claim__statement"]
    date_hierarchy = "created_at"

