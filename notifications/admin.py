from django.contrib import admin

from .models import Notification


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    """For administrators diagnosing delivery; desk roles never see others' inboxes."""

    list_display = ["text", "recipient", "verb", "created_at", "read_at"]
    list_filter = ["verb", ("recipient", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["recipient"]
    readonly_fields = [f.name for f in Notification._meta.fields]

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False
