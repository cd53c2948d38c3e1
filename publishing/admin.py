from django.contrib import admin

from .models import DeskPage


@admin.register(DeskPage)
class DeskPageAdmin(admin.ModelAdmin):
    list_display = ["title", "slug", "updated_at"]
    readonly_fields = ["updated_at"]

    def has_add_permission(self, request):
        # The desk's pages are fixed: ClaimReview markup links to each of them.
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_readonly_fields(self, request, obj=None):
        # The address is linked from every ClaimReview; renaming it would break them.
        return ["slug", "updated_at"] if obj else ["updated_at"]
