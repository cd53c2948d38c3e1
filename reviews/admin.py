from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.utils.translation import gettext, gettext_lazy

from claims.admin import ClaimAdmin
from claims.models import AuditEntry, Claim
from factcheck.errors import WorkflowError

from . import services as workflow_services
from .models import Correction, FactCheckRevision, Rating, RatingScale, Verdict
from .workflow import TRANSITIONS


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


@admin.register(FactCheckRevision)
class FactCheckRevisionAdmin(ReadOnlyAdmin):
    """Revisions are written by the workflow (the desk's revision page), never edited here."""

    list_display = ["claim", "kind", "status", "prepared_by", "approved_by", "created_at", "published_at"]
    list_filter = ["kind", "status"]
    list_select_related = ["claim__speaker", "prepared_by", "approved_by"]
    search_fields = ["note", "summary", "claim__statement"]


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "claim", "action", "from_state", "to_state", "actor"]
    list_filter = ["action", "to_state"]
    list_select_related = ["claim__speaker", "actor"]
    search_fields = ["note", "claim__statement"]
    date_hierarchy = "created_at"


def workflow_action(name):
    """An admin action that runs one workflow step on each selected claim through `reviews.services.perform`.

    Each claim is its own atomic step at the version shown in the list; a refused
    claim is left untouched and the refusal is reported with the rule that refused it.
    """
    transition = TRANSITIONS[name]

    def action(modeladmin, request, queryset):
        done = 0
        for claim in queryset.order_by("pk"):
            try:
                workflow_services.perform(name, claim=claim, user=request.user, expected_version=claim.version)
            except WorkflowError as error:
                messages.error(request, gettext("Claim #%(id)s: %(reason)s") % {"id": claim.pk, "reason": error.message})
            else:
                done += 1
        if done:
            messages.success(
                request, gettext("“%(action)s” done for %(count)s claim(s).") % {"action": transition.label, "count": done}
            )

    action.__name__ = f"workflow_{name}"
    action.short_description = transition.label
    return action


# Steps that need nothing but a click: the ones that require an input (verdict,
# reviewer, reason) are taken on the claim page, where the form asks for it.
ADMIN_WORKFLOW_ACTIONS = [workflow_action(t.name) for t in TRANSITIONS.values() if not t.required_inputs]


class WorkflowClaimAdmin(ClaimAdmin):
    """The claim admin with the one-click workflow steps (this app owns the workflow)."""

    actions = ADMIN_WORKFLOW_ACTIONS


admin.site.unregister(Claim)
admin.site.register(Claim, WorkflowClaimAdmin)


User = get_user_model()


@admin.action(description=gettext_lazy("Deactivate (their open claims go to the chiefs' Unowned queue)"))
def deactivate_users(modeladmin, request, queryset):
    for user in queryset:
        try:
            moved = workflow_services.deactivate_user(user=user, by=request.user)
        except WorkflowError as error:
            modeladmin.message_user(request, f"{user}: {error.message}", messages.ERROR)
            continue
        modeladmin.message_user(
            request,
            gettext("%(user)s deactivated; %(count)s open claim(s) moved to the Unowned queue.")
            % {"user": user, "count": len(moved)},
        )


if admin.site.is_registered(User):
    user_admin_class = type(admin.site._registry[User])
    admin.site.unregister(User)
else:  # pragma: no cover - the auth app always registers it
    from django.contrib.auth.admin import UserAdmin as user_admin_class


class DeskUserAdmin(user_admin_class):
    """The user admin with the deactivation that hands a leaver's open claims to the chiefs."""

    actions = [*(user_admin_class.actions or []), deactivate_users]


admin.site.register(User, DeskUserAdmin)
