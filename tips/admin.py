from django.contrib import admin

from .models import Tip


@admin.register(Tip)
class TipAdmin(admin.ModelAdmin):
    list_display = ["pk", "status", "created_at", "claim"]
    list_filter = ["status"]
    readonly_fields = ["token", "created_at", "decided_at", "decided_by", "published_mail_sent_at", "personal_data_erased_at"]
