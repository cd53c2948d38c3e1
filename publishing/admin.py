from django.contrib import admin

from .models import DeskPage


@admin.register(DeskPage)
class DeskPageAdmin(admin.ModelAdmin):
    list_display = ["title", "slug", "updated_at"]
    readonly_fields = ["updated_at"]

    def get_readonly_fields(self, request, obj=None):
        # The address is linked from every ClaimReview; renaming it would break them.
        return ["slug", "updated_at"] if obj else ["updated_at"]
