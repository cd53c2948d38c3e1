from django import forms
from django.core.paginator import Paginator
from django.utils.functional import cached_property
from django.contrib import admin, messages
from django.db import connections
from django.db.models import Count
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from factcheck.errors import WorkflowError, check_version


from django.utils.html import format_html
from django.utils.text import capfirst

from . import outlets, services, speakers
from .chains import chain_view
from .languages import LanguageField, language_typeahead
from .fields import CLAIM_FIELD_GROUPS, CLAIM_TAGS, EVIDENCE_FIELDS
from .permissions import PERM_MERGE_SPEAKER
from .protection import extra_uses, public_fields_refusal, shared_record_refusal
from .models import (
    Claim,
    Event,
    Evidence,
    Outlet,
    OutletAlias,
    Source,
    Speaker,
    SpeakerAlias,
    SpeakerIdentifier,
    SpeakerRole,
    Tag,
)
from .search import search_claims
from . import counters
from .pagination import bounded_count, rows_ids_first
from .states import EDITABLE_STATES


class LanguageTypeaheadMixin:
    """Language boxes in the admin get the desk's type-ahead (`claims.languages.language_typeahead`, /desk/languages/)."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if isinstance(db_field, LanguageField) and field is not None:
            language_typeahead(field)
        return field

    @property
    def media(self):
        return super().media + forms.Media(
            js=[forms.Script("js/admin_languages.js", type="module")], css={"all": ["css/admin_combobox.css"]}
        )


class SpeakerAliasInline(LanguageTypeaheadMixin, admin.TabularInline):
    model = SpeakerAlias
    extra = 1


class SpeakerRoleInline(admin.TabularInline):
    model = SpeakerRole
    fk_name = "speaker"
    extra = 1
    autocomplete_fields = ["organisation"]


class SpeakerIdentifierInline(admin.TabularInline):
    model = SpeakerIdentifier
    extra = 1


@admin.register(Speaker)
class SpeakerAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "affiliation", "alias_list", "claim_count"]
    list_filter = ["kind"]
    list_select_related = ["affiliation"]
    search_fields = ["name", "aliases__name"]
    autocomplete_fields = ["affiliation"]
    inlines = [SpeakerAliasInline, SpeakerRoleInline, SpeakerIdentifierInline]
    actions = ["merge_two_speakers"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(num_claims=Count("claims", distinct=True)).prefetch_related("aliases")

    @admin.action(description=_("Merge the two selected speakers (one person, two records)"), permissions=["merge"])
    def merge_two_speakers(self, request, queryset):
        """Opens the desk's confirmation page (claims.speakers.merge_plan); the record with more claims is kept."""
        chosen = sorted(queryset.annotate(n=Count("claims")), key=lambda s: (-s.n, s.pk))
        if len(chosen) != 2:
            self.message_user(request, _("Select exactly two speakers to merge."), level=messages.ERROR)
            return None
        keep, drop = chosen
        return HttpResponseRedirect(reverse("speaker_merge", args=[keep.pk]) + f"?duplicate_id={drop.pk}")

    def has_merge_permission(self, request):
        return request.user.has_perm(PERM_MERGE_SPEAKER)

    @admin.display(description=_("aliases"))
    def alias_list(self, obj):
        return " / ".join(alias.name for alias in obj.aliases.all())

    @admin.display(description=_("claims"), ordering="num_claims")
    def claim_count(self, obj):
        return obj.num_claims

    def save_related(self, request, form, formsets, change):
        """Saved: the record's own page shows it at once; a published fact-check only after a revision, so say which."""
        super().save_related(request, form, formsets, change)
        if not change:
            return
        _found, total = speakers.outdated_fact_checks(form.instance, limit=0)
        if total:
            message = gettext(
                "%(count)s published fact-check(s) still show this speaker as approved. They show the change only "
                "after an update of each, approved by another person: see them on the speaker's desk page."
            ) % {"count": total}
            self.message_user(
                request, format_html('{} <a href="{}">{}</a>', message, reverse("speaker_detail", args=[form.instance.pk]),
                                     gettext("Open the speaker's desk page")),
                level=messages.WARNING,
            )


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ["name", "place", "date", "date_precision"]
    list_filter = ["date_precision"]
    search_fields = ["name", "place", "description"]
    date_hierarchy = "date"


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    def get_deleted_objects(self, objs, request):
        """List the claims a tag is on as protected, like PROTECT foreign keys (claims.protection)."""
        to_delete, model_count, perms_needed, protected = super().get_deleted_objects(objs, request)
        for obj in objs:
            for use in extra_uses(obj):
                protected.append(format_html("{}: {}", capfirst(use._meta.verbose_name), use))
        return to_delete, model_count, perms_needed, protected

    list_display = ["name", "slug"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


class OutletAliasInline(admin.TabularInline):
    model = OutletAlias
    extra = 1


class SharedRecordForm(forms.ModelForm):
    """Refuses changing what a published page shows of a source or an outlet (claims.protection)."""

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk:
            refusal = shared_record_refusal(self.instance.__class__.objects.get(pk=self.instance.pk), self.changed_data)
            if refusal is not None:
                raise forms.ValidationError(refusal.message, code=refusal.rule)
        return cleaned


class VersionedAdminForm(forms.ModelForm):
    """An admin form that carries the version the editor loaded, like the desk's forms: a stale or missing
    version is refused (shown on the form, nothing saved) before anything else is checked. The one
    optimistic lock of the admin's claim, evidence and outlet forms; each says where its version lives."""

    # The hidden field, read by the version check of the record (`factcheck.errors.parse_version`, the one parser).
    version_field = "expected_version"
    expected_version = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields[self.version_field].initial = self.stored_version()

    def stored_version(self) -> int:
        """The version saved now (the record's own; evidence answers its claim's)."""
        return self.instance.version

    def check_version(self, current: int, expected) -> None:
        check_version(current, expected)

    def clean(self):
        if self.instance.pk:
            try:
                self.check_version(self.stored_version(), self.data.get(self.add_prefix(self.version_field)))
            except WorkflowError as error:
                raise forms.ValidationError(error.message, code=error.rule) from None
        return super().clean()


class OutletAdminForm(VersionedAdminForm, SharedRecordForm):
    """An outlet's version (`claims.outlets.check_outlet_version`), then what published pages show of it."""

    class Meta:
        model = Outlet
        fields = "__all__"

    def check_version(self, current: int, expected) -> None:
        outlets.check_outlet_version(current, expected)


class SharedRecordAdminMixin:
    """Says, on opening a source or an outlet, that its public fields are held and why."""

    form = SharedRecordForm

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if request.method == "GET":
            obj = self.get_object(request, object_id)
            refusal = public_fields_refusal(obj) if obj is not None else None
            if refusal is not None:
                messages.warning(request, refusal.message)
        return super().change_view(request, object_id, form_url, extra_context)


@admin.register(Outlet)
class OutletAdmin(SharedRecordAdminMixin, admin.ModelAdmin):
    form = OutletAdminForm
    list_display = ["name", "kind", "country", "languages", "alias_list", "homepage"]
    list_filter = ["kind", "country"]
    search_fields = ["name", "aliases__name", "homepage", "wikidata_id"]
    inlines = [OutletAliasInline]

    def save_model(self, request, obj, form, change):
        # Through the desk's service, so the version moves; a race lost after the form's own check raises
        # Conflict, which factcheck.middleware answers with a 409 page that says why.
        if change:
            saved = outlets.update_outlet(
                outlet=obj, user=request.user, expected_version=form.cleaned_data["expected_version"],
                **outlets.outlet_fields(form.cleaned_data),
            )
            obj.version = saved.version
        else:
            super().save_model(request, obj, form, change)

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("aliases")

    @admin.display(description=_("aliases"))
    def alias_list(self, obj):
        return " / ".join(alias.name for alias in obj.aliases.all())


@admin.register(Source)
class SourceAdmin(SharedRecordAdminMixin, LanguageTypeaheadMixin, admin.ModelAdmin):
    list_display = ["title", "publisher", "outlet", "kind", "language", "published_on", "url"]
    list_filter = ["kind", "language"]
    list_select_related = ["outlet"]
    autocomplete_fields = ["outlet"]
    search_fields = ["title", "publisher", "url", "notes", "outlet__name", "outlet__aliases__name"]
    date_hierarchy = "published_on"
    readonly_fields = ["created_at"]


class EvidenceInline(admin.StackedInline):
    model = Evidence
    extra = 0
    autocomplete_fields = ["source"]
    fields = [*EVIDENCE_FIELDS, "added_by", "created_at"]
    readonly_fields = ["added_by", "created_at"]

    def _claim_is_frozen(self, obj):
        return obj is not None and obj.state not in EDITABLE_STATES

    def has_add_permission(self, request, obj=None):
        return not self._claim_is_frozen(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return not self._claim_is_frozen(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not self._claim_is_frozen(obj) and super().has_delete_permission(request, obj)


class ClaimAdminForm(VersionedAdminForm):
    """Carries the version the editor loaded, so a stale save is refused, not applied."""

    class Meta:
        model = Claim
        fields = "__all__"


class DistinctValuesListFilter(admin.AllValuesFieldListFilter):
    """The admin's menu of a column's values (e.g. languages), read by skipping through the column's index.

    Django's `AllValuesFieldListFilter` asks `SELECT DISTINCT language FROM claims_claim`, which reads every
    claim on each changelist view (~100 ms at 100k, linear in the archive). A recursive query asks the
    index for the smallest value, then the smallest one above it, and so on: one index probe per
    distinct value (a handful of languages), on PostgreSQL and SQLite alike.
    """

    def __init__(self, field, request, params, model, model_admin, field_path):
        super().__init__(field, request, params, model, model_admin, field_path)
        connection = connections[model_admin.get_queryset(request).db]
        table = connection.ops.quote_name(model._meta.db_table)
        column = connection.ops.quote_name(field.column)
        with connection.cursor() as cursor:
            cursor.execute(
                f"WITH RECURSIVE v(value) AS ("
                f"SELECT MIN({column}) FROM {table} "
                f"UNION ALL SELECT (SELECT MIN({column}) FROM {table} WHERE {column} > v.value) FROM v WHERE v.value IS NOT NULL"
                f") SELECT value FROM v WHERE value IS NOT NULL"
            )
            values = [row[0] for row in cursor.fetchall()]
            if field.null:
                cursor.execute(f"SELECT 1 FROM {table} WHERE {column} IS NULL LIMIT 1")
                if cursor.fetchone():
                    values.append(None)
        self.lookup_choices = values


class ArchivePaginator(Paginator):
    """The admin's claim pages at archive scale: ids-first rows, and totals that never scan every claim.

    Unfiltered, the total is the maintained counts by state (claims.counters); filtered or
    searched, a COUNT bounded by COUNT_LIMIT rows, shown as "more than 1,000" when it stops there
    (pages beyond it are reached by narrowing the search), and kept for COUNT_SECONDS while no
    claim changes, so paging through a search counts it once. Each page fetches its ids first
    (claims.pagination.rows_ids_first), so a deep page costs what page 1 costs.
    """

    # Like the public index and the API: a search's total is exact up to 1,000 (10 pages of 100), found by
    # walking the matches in id order; 10,000 made PostgreSQL hash every match and scan every claim.
    COUNT_LIMIT = 1000
    # A common word's bounded count reads ~14k search documents (~20 ms at 1M claims). Keyed on the latest
    # change to any claim; an alias renamed (which re-indexes claims without saving them) shows within this.
    COUNT_SECONDS = 60
    capped = False  # the total stopped at COUNT_LIMIT: the templates say "more than"

    @cached_property
    def count(self):
        queryset = self.object_list
        if not queryset.query.where.children:
            return sum(counters.state_counts().values())
        total = bounded_count(queryset, self.COUNT_LIMIT, stamp=counters.latest_change(), seconds=self.COUNT_SECONDS)
        self.capped = total > self.COUNT_LIMIT
        return min(total, self.COUNT_LIMIT)

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        return self._get_page(rows_ids_first(self.object_list, bottom, bottom + self.per_page), number, self)


@admin.register(Claim)
class ClaimAdmin(admin.ModelAdmin):
    """The claim record; `reviews.admin` adds the workflow steps as actions."""

    form = ClaimAdminForm
    list_display = ["id", "short_statement", "speaker_display", "state", "kind", "language", "said_on", "rating"]
    list_display_links = ["id", "short_statement"]
    # Fixed vocabularies only: a tag menu would list every tag (the desk's type-ahead tag filter has them).
    list_filter = ["state", "kind", ("language", DistinctValuesListFilter), "form", "said_on_precision", "reporting"]
    list_select_related = ["speaker", "current_verdict__rating"]
    search_fields = ["statement", "translation", "speaker__name", "speaker__aliases__name", "speaker_description"]
    autocomplete_fields = ["speaker", "event", "reported_by", "tags"]
    # No date_hierarchy: its year menu reads the dates of every claim on each list view.
    paginator = ArchivePaginator
    readonly_fields = [
        "state",
        "version",
        "assigned_reviewer",
        "review_due",
        "current_verdict",
        "published_at",
        "created_by",
        "created_at",
        "updated_at",
        "reporting",
        "reporting_chain",
    ]
    # The editable fields in claims.fields' groups (tags close the last group), then the workflow's.
    fieldsets = [
        *[(title, {"fields": list(names)}) for title, names in CLAIM_FIELD_GROUPS[:-1]],
        (CLAIM_FIELD_GROUPS[-1][0], {"fields": [*CLAIM_FIELD_GROUPS[-1][1], CLAIM_TAGS]}),
        (_("Workflow (changed only through workflow steps)"), {"fields": readonly_fields + ["expected_version"]}),
    ]
    inlines = [EvidenceInline]
    # No second COUNT(*) over the whole table on every changelist view (100k+ claims).
    show_full_result_count = False

    def get_search_results(self, request, queryset, search_term):
        """The desk's one search (claims.search, index-backed) rather than LIKE over joined tables."""
        return search_claims(queryset, search_term), False

    @admin.display(description=_("reporting chain"))
    def reporting_chain(self, obj):
        """Read-only here: the chain is edited on the desk's claim form, where claims.chains checks it."""
        return chain_view(obj).line if obj.pk and obj.hops.exists() else "—"

    @admin.display(description=_("statement"))
    def short_statement(self, obj):
        return obj.statement if len(obj.statement) <= 90 else obj.statement[:89] + "…"

    @admin.display(description=_("speaker"), ordering="speaker__name")
    def speaker_display(self, obj):
        return obj.speaker_name

    @admin.display(description=_("rating"), ordering="current_verdict__rating__value")
    def rating(self, obj):
        return obj.current_verdict.rating if obj.current_verdict_id else "—"

    def has_change_permission(self, request, obj=None):
        # A frozen claim is shown read-only: it changes only through the workflow.
        if obj is not None and obj.state not in EDITABLE_STATES:
            return False
        return super().has_change_permission(request, obj)

    def save_model(self, request, obj, form, change):
        data = {name: form.cleaned_data[name] for name in services.EDITABLE_FIELDS if name in form.cleaned_data}
        # A race lost after the form's own version check raises WorkflowError,
        # which factcheck.middleware turns into a 409 page that says why.
        if change:
            tags = form.cleaned_data.get(CLAIM_TAGS)
            services.update_claim(
                claim=obj, user=request.user, expected_version=form.cleaned_data["expected_version"], tags=tags, **data
            )
        else:
            created = services.create_claim(user=request.user, **data)
            obj.pk = created.pk
            obj.refresh_from_db()

    def save_related(self, request, form, formsets, change):
        # Tags were saved (and audited) by update_claim; evidence goes through
        # the same services as the desk pages so each change is version-bumped and audited.
        claim = Claim.objects.get(pk=form.instance.pk)
        if not change:
            claim.tags.set(form.cleaned_data.get(CLAIM_TAGS, []))
        # The form's version was checked by update_claim (whose row lock holds until the admin's
        # transaction ends), so each evidence change carries on from the version the last one left.
        for formset in formsets:
            formset.save(commit=False)
            for instance in formset.deleted_objects:
                services.remove_evidence(evidence=instance, user=request.user, expected_version=_version_of(claim.pk))
            for instance, changed in formset.changed_objects:
                fields = {name: getattr(instance, name) for name in EVIDENCE_FIELDS}
                services.update_evidence(
                    evidence=Evidence.objects.get(pk=instance.pk),
                    user=request.user,
                    expected_version=_version_of(claim.pk),
                    **fields,
                )
            for instance in formset.new_objects:
                fields = {name: getattr(instance, name) for name in EVIDENCE_FIELDS}
                services.add_evidence(claim=claim, user=request.user, expected_version=_version_of(claim.pk), **fields)


def _version_of(claim_pk) -> int:
    return Claim.objects.values_list("version", flat=True).get(pk=claim_pk)


class EvidenceAdminForm(VersionedAdminForm):
    """An evidence change carries the claim version the editor loaded, like the claim form."""

    version_field = "claim_version"
    expected_version = None  # the claim's version, under its own name
    claim_version = forms.CharField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Evidence
        fields = "__all__"

    def stored_version(self) -> int:
        return _version_of(self.instance.claim_id)


@admin.register(Evidence)
class EvidenceAdmin(admin.ModelAdmin):
    form = EvidenceAdminForm
    list_display = ["claim", "relation", "source", "locator", "created_at"]
    list_filter = ["relation", "source__kind"]
    list_select_related = ["claim__speaker", "source"]
    search_fields = ["excerpt", "source__title", "claim__statement"]
    autocomplete_fields = ["claim", "source"]
    readonly_fields = ["added_by", "created_at"]

    def _claim_is_frozen(self, obj):
        return obj is not None and obj.claim.state not in EDITABLE_STATES

    def has_change_permission(self, request, obj=None):
        return not self._claim_is_frozen(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not self._claim_is_frozen(obj) and super().has_delete_permission(request, obj)

    def save_model(self, request, obj, form, change):
        # Through the services, so the claim's version moves and the audit trail records it.
        fields = {name: getattr(obj, name) for name in EVIDENCE_FIELDS}
        if change:
            services.update_evidence(
                evidence=Evidence.objects.get(pk=obj.pk),
                user=request.user,
                expected_version=form.cleaned_data["claim_version"],
                **fields,
            )
        else:
            # A new link overwrites nothing, so it goes onto the claim as it is now.
            created = services.add_evidence(
                claim=obj.claim, user=request.user, expected_version=_version_of(obj.claim_id), **fields
            )
            obj.pk = created.pk
            obj.refresh_from_db()

    # Deleting names the evidence itself (confirmed on the next page), so it applies to the claim as it is now.
    def delete_model(self, request, obj):
        services.remove_evidence(evidence=obj, user=request.user, expected_version=_version_of(obj.claim_id))

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            services.remove_evidence(evidence=obj, user=request.user, expected_version=_version_of(obj.claim_id))
