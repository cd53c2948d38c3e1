"""Comments in the admin: read-mostly. Lists with filters; the only write is removal, through the service."""

from django.contrib import admin, messages
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from factcheck.errors import WorkflowError

from . import rules, services
from .models import Comment, CommentRevision, Thread


class ResolvedFilter(admin.SimpleListFilter):
    title = _("thread resolved")
    parameter_name = "resolved"

    def lookups(self, request, model_admin):
        return [("yes", _("Resolved")), ("no", _("Open"))]

    def queryset(self, request, queryset):
        prefix = "" if queryset.model is Thread else "thread__"
        if self.value() == "yes":
            return queryset.filter(**{f"{prefix}resolved_at__isnull": False})
        if self.value() == "no":
            return queryset.filter(**{f"{prefix}resolved_at__isnull": True})
        return queryset


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class RevisionInline(admin.TabularInline):
    model = CommentRevision
    extra = 0
    fields = ["action", "changed_by", "changed_at", "by_moderator", "body"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Comment)
class CommentAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "claim_link", "author", "created_at", "edited_at", "removed_at", "thread_open"]
    list_filter = [("thread__claim", admin.RelatedOnlyFieldListFilter), ("author", admin.RelatedOnlyFieldListFilter), ResolvedFilter]
    list_select_related = ["author", "thread"]
    search_fields = ["body", "author__username"]
    date_hierarchy = "created_at"
    fields = ["thread", "author", "body", "created_at", "edited_at", "removed_at", "removed_by", "sanitizer_version"]
    readonly_fields = fields
    inlines = [RevisionInline]
    actions = ["remove_comments"]

    @admin.display(description=_("claim"), ordering="thread__claim")
    def claim_link(self, obj):
        return f"#{obj.thread.claim_id}"

    @admin.display(description=_("thread open"), boolean=True)
    def thread_open(self, obj):
        return obj.thread.is_open

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not rules.can_moderate(request.user):
            actions.pop("remove_comments", None)
        return actions

    @admin.action(description=_("Remove the selected comments (moderation, kept in their history)"))
    def remove_comments(self, request, queryset):
        removed = 0
        for comment in queryset.select_related("thread__claim"):
            try:
                services.remove_comment(comment=comment, user=request.user)
            except WorkflowError as error:
                self.message_user(request, f"{comment}: {error.message}", messages.WARNING)
            else:
                removed += 1
        self.message_user(request, gettext("%(count)s comments removed.") % {"count": removed}, messages.SUCCESS)


@admin.register(Thread)
class ThreadAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "claim", "anchor_label", "created_by", "created_at", "resolved_at", "resolved_by"]
    list_filter = [("claim", admin.RelatedOnlyFieldListFilter), ResolvedFilter]
    list_select_related = ["claim__speaker", "created_by", "resolved_by"]
    fields = ["claim", "evidence", "verdict", "anchor_label", "created_by", "created_at", "resolved_at", "resolved_by"]
    readonly_fields = fields
