"""The desk: dashboard, claim list and pages, the claim form, speakers, sources and events.

Views stay thin: access through `claims.access`, reads through selectors and
`claims.search`, writes through `claims.services` and `reviews.services`.
Every list fetches a fixed number of queries whatever the table size
(select_related / prefetch_related), and pages without COUNT(*).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Prefetch, Q
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from capture.selectors import capture_context, mark_excerpts
from reviews import selectors as queues
from reviews.forms import action_form
from reviews.models import FactCheckRevision, Verdict
from claims.models import AuditEntry
from claims.permissions import PERM_EDIT, PERM_EVIDENCE, PERM_REVIEW
from reviews.workflow import REVISION_STEPS, TRANSITIONS, allowed_transitions
from claims.states import State
from factcheck.errors import WorkflowError
from claims.access import edit_refusal, frozen_refusal
from claims.protection import public_fields_refusal
from claims.states import EDITABLE_STATES, STANDING_STATES

from claims import chains, languages, outlets, relations, services
from matching import selectors as matching
from partners import selectors as partner_selectors
from claims.access import get_claim_for_user, require_desk_access
from .filters import ClaimFilter
from .revisions import render_revision_page, step_page_after
from .forms import ClaimForm, NewSpeakerForm, OutletForm, SourceFileForm, evidence_formset, hop_formset
from claims.filters import suggestions
from claims.models import Claim, ClaimRelation, Event, Evidence, Source, SpeakerRole
from claims.pagination import page_of
from claims.selectors import counts_by_state, speakers_matching
from reviews import services as workflow_services
from reviews.workflow import check_transition
from tips.selectors import intake_queue

PAGE_SIZE = 25
DASHBOARD_ROWS = 8

# Audit actions that are not workflow steps (those take their label from reviews.workflow.TRANSITIONS).
ACTION_LABELS = {
    "create": gettext_lazy("recorded the claim"),
    "edit": gettext_lazy("edited the claim"),
    "add_evidence": gettext_lazy("added evidence"),
    "edit_evidence": gettext_lazy("changed evidence"),
    "remove_evidence": gettext_lazy("removed evidence"),
    "merge_speaker": gettext_lazy("merged a duplicate speaker record into this claim's speaker"),
    "edit_revision": gettext_lazy("edited the revision of the published fact-check"),
    "correct": gettext_lazy("published a correction (before revisions)"),
    "add_appearance": gettext_lazy("confirmed a new appearance of the published claim (a repeat)"),
}


def labelled(entries):
    """Audit entries with a readable, translated `label` for their action."""
    entries = list(entries)
    for entry in entries:
        transition = TRANSITIONS.get(entry.action)
        entry.label = transition.label if transition else ACTION_LABELS.get(entry.action, entry.action)
        if (entry.snapshot or {}).get("confirmed_open_threads"):
            entry.label = _("%(action)s, confirming %(count)s open comment thread(s)") % {
                "action": entry.label,
                "count": entry.snapshot["confirmed_open_threads"],
            }
    return entries


def claim_rows(queryset):
    """What a row in any claim table shows, fetched in a fixed number of queries."""
    return queryset.select_related(
        "speaker", "event", "assigned_reviewer", "current_verdict__rating", "created_by"
    ).prefetch_related("tags")


# --- dashboard ----------------------------------------------------------------

# What a dashboard card shows: the speaker, the rating in force, and (Unowned) who holds the claim.
QUEUE_ROW_RELATED = ("speaker", "current_verdict__rating", "owner")


def queue_rows(querysets) -> list[list[Claim]]:
    """The first DASHBOARD_ROWS + 1 claims of each queue (the extra one tells whether there are more).

    Why: each queue's ids come from a single-table query that walks the queue's index and stops at the
    LIMIT, and every card is then read in ONE joined query. A joined query per queue cost ~10 ms of
    PostgreSQL planning each at 100k claims, more than running it; no per-queue tag prefetch either
    (cards show no tags)."""
    ids = [list(qs.values_list("pk", flat=True)[: DASHBOARD_ROWS + 1]) for qs in querysets]
    wanted = {pk for chunk in ids for pk in chunk}
    by_pk = Claim.objects.select_related(*QUEUE_ROW_RELATED).in_bulk(wanted) if wanted else {}
    return [[by_pk[pk] for pk in chunk if pk in by_pk] for chunk in ids]



@login_required
def dashboard(request):
    require_desk_access(request.user)
    user = request.user
    sections = [
        ("my-drafts", _("My drafts"), queues.drafts_of(user), _("You have no drafts.")),
        ("changes-requested", _("Changes requested on my claims"), queues.changes_requested_for(user), _("No reviewer has asked you for changes.")),
        ("assigned", _("Assigned to me"), queues.assigned_to(user), _("No claim is assigned to you.")),
        ("awaiting-review", _("Waiting for a reviewer"), queues.awaiting_review(user), _("No submitted claim is waiting for you.")),
        ("awaiting-approval", _("Awaiting my approval"), queues.awaiting_approval(user), _("No verdict is waiting for your decision.")),
        ("overdue", _("Overdue reviews"), queues.overdue(user), _("Nothing is overdue.")),
        ("unowned", _("Unowned: nobody can act on these"), queues.unowned(user), _("Every open claim has someone who can act on it.")),
        ("ready-to-publish", _("Ready to publish"), queues.ready_to_publish(user), _("No approved verdict waits to be published.")),
        ("due-recheck", _("Due for re-check"), queues.due_for_recheck(user), _("No fact-check is due for a re-check.")),
        ("promises", _("Promises to resolve"), queues.promises_to_resolve(user), _("No prediction or promise is due.")),
        ("published", _("Recently published"), queues.recently_published(), _("Nothing has been published yet.")),
    ]
    writes = user.has_perm("claims.add_claim")
    reviews = user.has_perm(PERM_REVIEW)
    shown = {"my-drafts": writes, "changes-requested": writes, "assigned": reviews}
    sections = [section for section in sections if shown.get(section[0], True) and not section[2].query.is_empty()]
    queues_shown = []
    for (key, title, _qs, empty), rows in zip(sections, queue_rows([section[2] for section in sections])):
        queues_shown.append(
            {"id": key, "title": title, "claims": rows[:DASHBOARD_ROWS], "more": len(rows) > DASHBOARD_ROWS, "empty": empty}
        )
    sections = queues_shown
    counts = counts_by_state()  # open per `claims.selectors.OPEN`, as analytics and the API count them
    tips_waiting = list(intake_queue()[: DASHBOARD_ROWS + 1])
    activity = labelled(AuditEntry.objects.select_related("actor", "claim__speaker").order_by("-created_at", "-id")[:15])
    return render(
        request,
        "desk/dashboard.html",
        {
            "sections": sections,
            "open_counts": [(State(value), n) for value, n in counts.open.items()],
            "open_total": counts.open_total,
            "closed_counts": [(State(value), n) for value, n in counts.closed.items()],
            "activity": activity,
            "can_create": user.has_perm("claims.add_claim"),
            "tips": tips_waiting[:DASHBOARD_ROWS],
            "more_tips": len(tips_waiting) > DASHBOARD_ROWS,
        },
    )


# --- claim list -----------------------------------------------------------------


@login_required
def claim_list(request):
    require_desk_access(request.user)
    filterset = ClaimFilter(request.GET or None, queryset=Claim.objects.all(), request=request)
    queryset = filterset.qs
    ignored = filterset.ignored() if filterset.is_bound else []
    for label, reason in ignored:
        messages.warning(
            request, _("The filter “%(filter)s” was ignored: %(reason)s") % {"filter": label, "reason": reason}
        )
    page = page_of(request, claim_rows(queryset), PAGE_SIZE)
    return render(
        request,
        "desk/claim_list.html",
        {
            "filter": filterset,
            "filter_panel_key": filterset.panel_key(),
            "page": page,
            "active_filters": filterset.active(),
            "panel_open": filterset.panel_is_open(),
            "ignored": ignored,
            "can_create": request.user.has_perm("claims.add_claim"),
        },
    )


# --- claim page -------------------------------------------------------------------


def claim_page_queryset():
    """The claim with everything its page shows, in a fixed number of queries. The current verdict is
    not joined: it is one of the prefetched verdicts (`page_claim` takes it from there)."""
    verdicts = Verdict.objects.select_related("rating", "proposed_by", "decided_by").prefetch_related(
        Prefetch("evidence", queryset=Evidence.objects.select_related("source"))
    )
    return Claim.objects.select_related(
        "speaker__affiliation",
        "event",
        "reported_by__outlet",
        "assigned_reviewer",
        "created_by",
    ).prefetch_related(
        "tags",
        Prefetch("speaker__roles", queryset=SpeakerRole.objects.select_related("organisation")),
        chains.hops_prefetch(),
        Prefetch("evidence", queryset=Evidence.objects.select_related("source").order_by("relation", "id")),
        Prefetch("verdicts", queryset=verdicts),
        Prefetch("audit_entries", queryset=AuditEntry.objects.select_related("actor").order_by("created_at", "id")),
    )


def page_claim(user, pk) -> Claim:
    """`user`'s claim `pk` read with `claim_page_queryset`, its current verdict taken from the prefetched
    verdicts (the same row, with its rating and people), so neither the page nor a step reads it again."""
    claim = get_claim_for_user(user, pk, claim_page_queryset())
    current = next((verdict for verdict in claim.verdicts.all() if verdict.pk == claim.current_verdict_id), None)
    if current is not None:
        claim.current_verdict = current
    return claim


def render_claim_page(request, claim, *, bound_action=None, status=200):
    """The claim page; `bound_action` = (name, bound form) re-shows a refused workflow form with its errors."""
    user = request.user
    verdicts = list(claim.verdicts.all())
    subject = queues.step_subject(claim)
    proposed = subject if isinstance(subject, Verdict) else None
    revision = subject if isinstance(subject, FactCheckRevision) else None
    evidence = list(claim.evidence.all())
    mark_excerpts(evidence)  # each item's excerpt against the desk's latest capture of its source
    groups = []
    for value, label in Evidence.Relation.choices:
        items = [item for item in evidence if item.relation == value]
        if items:
            groups.append({"relation": value, "label": label, "items": items})
    actions = []
    for transition in allowed_transitions(claim, user, proposed_verdict=subject):
        if transition.name in REVISION_STEPS:  # taken on the revision's own page
            continue
        if bound_action and bound_action[0] == transition.name:
            form = bound_action[1]
        else:
            form = action_form(transition.name, claim, evidence=evidence)
        actions.append({"transition": transition, "form": form})
    return render(
        request,
        "desk/claim_detail.html",
        {
            "claim": claim,
            "role": claim.speaker_role,
            "chain": chains.chain_view(claim),
            "first_report": chains.first_reported(claim),
            "evidence_groups": groups,
            "verdicts": verdicts,
            "proposed_verdict": proposed,
            "resolutions": list(claim.resolutions.select_related("source", "proposed_by", "decided_by")) if claim.resolves else [],
            "revision": revision,
            # The speaker record changed since approval: the published page shows it only after a revision.
            "speaker_change": workflow_services.speaker_changes(claim) if claim.state in STANDING_STATES else None,
            "audit": labelled(claim.audit_entries.all()),
            "actions": actions,
            "can_edit": edit_refusal(user, claim) is None or edit_refusal(user, claim, PERM_EVIDENCE) is None,
            "relations": relations.relations_of(claim),
            "relation_kinds": [(k, ClaimRelation.Kind(k).label) for k in relations.RELATABLE],
            "can_relate": user.has_perm(PERM_EDIT),
            "similar": matching.suggestions_for(user, statement=claim.statement, translation=claim.translation, speaker=claim.speaker_id, exclude=claim.pk),
        },
        status=status,
    )


@login_required
def claim_detail(request, pk):
    claim = page_claim(request.user, pk)
    if claim.merged_into_id:
        messages.info(request, _("Claim #%(pk)s was a duplicate and was merged into this claim.") % {"pk": claim.pk})
        return redirect(relations.resolve_merged(claim))
    return render_claim_page(request, claim)


# --- relations and merging ----------------------------------------------------------


def _other_claim(request, field):
    """The claim number typed into a relation or merge form (None with a message when it is no claim)."""
    text = (request.POST.get(field) or "").strip().lstrip("#")
    other = Claim.objects.filter(pk=int(text)).first() if text.isdigit() and len(text) < 12 else None
    if other is None:
        messages.error(request, _("There is no claim with the number “%(text)s”.") % {"text": text[:20]})
    return other


@login_required
@require_POST
def claim_relate(request, pk):
    claim = get_claim_for_user(request.user, pk)
    other = _other_claim(request, "other")
    if other is not None:
        try:
            relations.relate(claim=claim, other=other, kind=request.POST.get("kind", ""), user=request.user, note=request.POST.get("note", ""))
        except WorkflowError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("The relation was recorded."))
    return redirect(claim)


@login_required
@require_POST
def claim_merge(request, pk):
    keep = get_claim_for_user(request.user, pk)
    drop = _other_claim(request, "duplicate")
    if drop is not None:
        try:
            relations.merge(
                keep=keep, drop=drop, user=request.user, note=request.POST.get("note", ""),
                expected_version=request.POST.get("expected_version"),
            )
        except WorkflowError as error:
            if error.rule in ("merge_stale", "missing_version"):
                # Like a stale claim form: a page that says why nothing was merged and what to do (409).
                keep.refresh_from_db()
                context = {"claim": keep, "duplicate": drop, "message": error.message, "note": request.POST.get("note", "")}
                return render(request, "desk/claim_merge_conflict.html", context, status=error.status_code)
            messages.error(request, error.message)
        else:
            messages.success(request, _("Claim #%(pk)s was merged into this claim.") % {"pk": drop.pk})
    return redirect(keep)


@login_required
@require_GET
def claim_suggestions(request):
    """The closest existing claims to a statement being typed (the claim form, article intake)."""
    require_desk_access(request.user)
    found = matching.suggestions_for(
        request.user,
        statement=request.GET.get("q", ""),
        translation=request.GET.get("translation", ""),
        speaker=request.GET.get("speaker"),
        exclude=request.GET.get("exclude"),
    )
    checked = partner_selectors.already_checked(request.GET.get("q", ""), request.GET.get("translation", ""))
    return JsonResponse(
        {
            "results": [matching.as_result(s, s.claim.get_absolute_url()) for s in found],
            "already_checked": [partner_selectors.as_result(item) for item in checked],
        }
    )


# --- create / edit ---------------------------------------------------------------


def _claim_form_page(request, claim=None):
    """Create (claim=None) or edit a claim with its evidence in one page, saved in one transaction."""
    user = request.user
    editing = claim is not None
    if editing:
        field_refusal = edit_refusal(user, claim, PERM_EDIT)
        evidence_refusal = edit_refusal(user, claim, PERM_EVIDENCE)
        if field_refusal and evidence_refusal:
            raise field_refusal
        fields_editable = field_refusal is None
    else:
        if not user.has_perm("claims.add_claim"):
            raise PermissionDenied(_("Your role does not allow creating claims."))
        fields_editable = True

    data = request.POST if request.method == "POST" else None
    speaker_form = NewSpeakerForm(data, prefix="new_speaker")
    form = ClaimForm(data, instance=claim, new_speaker_requested=speaker_form.requested) if fields_editable else None
    formset = evidence_formset(data=data, claim=claim, extra=1 if editing else 2)
    # A post without the chain editor's rows (an older form, a script) leaves the chain as it is.
    chain_posted = data is None or "hops-TOTAL_FORMS" in data
    hops = hop_formset(data=data if chain_posted else None, claim=claim, extra=1 if editing else 2) if form else None
    conflict = False
    status = 200

    similar = already_checked = None
    if request.method == "POST" and "check_similar" in request.POST:
        # Partners' fact-checks of the same claim: "already checked by <partner> on <date>: <rating>".
        already_checked = partner_selectors.already_checked(request.POST.get("statement", ""), request.POST.get("translation", ""))
        # The no-JS step: show the closest existing claims, save nothing.
        similar = matching.suggestions_for(
            user,
            statement=request.POST.get("statement", ""),
            translation=request.POST.get("translation", ""),
            speaker=request.POST.get("speaker"),
            exclude=claim.pk if claim else None,
        )
    elif request.method == "POST":
        if editing:
            # Evidence ids must belong to this claim: a tampered id is a 404, not someone else's evidence.
            ids = {f.cleaned_data.get("id") for f in formset.forms if f.is_valid() and f.cleaned_data.get("id")}
            if ids and Evidence.objects.filter(claim=claim, pk__in=ids).count() != len(ids):
                raise Http404(_("No such evidence on this claim."))
        forms_valid = formset.is_valid() and (form is None or (form.is_valid() and speaker_form.is_valid()))
        if form is not None and chain_posted:
            forms_valid = hops.is_valid() and forms_valid
        reported_by_new, reported_by_outlet = "", None
        if forms_valid and form is not None:
            reported_by_new, reported_by_outlet = form.resolve_reported_by(formset)
            if chain_posted:
                desk_source = form.cleaned_data.get("reported_by") or _unsaved_source(formset.new_source_named(reported_by_new))
                said_on = form.cleaned_data.get("said_on")
                said = (said_on, form.cleaned_data.get("said_on_precision")) if said_on else None
                forms_valid = hops.check(desk_source=desk_source, evidence=formset, said=said) and forms_valid
            forms_valid = forms_valid and not form.errors
        if forms_valid:
            try:
                saved = services.save_claim_with_evidence(
                    user=user,
                    claim=claim,
                    # Exactly what the form carried: a missing or unreadable version is refused, never
                    # replaced by the current one (that would let a stale form overwrite a newer save).
                    expected_version=request.POST.get("expected_version") if editing else None,
                    fields=form.claim_fields() if form else None,
                    tags=list(form.cleaned_data["tags"]) if form else None,
                    new_speaker=speaker_form.speaker_fields() if form and speaker_form.requested else None,
                    evidence=formset.rows(),
                    hops=hops.rows() if form is not None and chain_posted else None,
                    reported_by_new=reported_by_new,
                    reported_by_outlet=reported_by_outlet,
                )
            except WorkflowError as error:
                # The "someone else saved" banner only when the version really moved on;
                # other 409s (evidence a verdict rests on) just say why.
                conflict = (
                    editing
                    and error.rule != "missing_version"
                    and str(Claim.objects.filter(pk=claim.pk).values_list("version", flat=True).first())
                    != str(request.POST.get("expected_version"))
                )
                status = error.status_code
                messages.error(request, error.message)
                _error_next_to_field(error, form, hops)
            except ValidationError as error:
                status = 400
                for message in error.messages:
                    messages.error(request, message)
            else:
                messages.success(request, _("The claim was saved.") if editing else _("The claim was created as a draft."))
                return redirect(saved)
        else:
            status = 400
            messages.error(request, _("Please correct the errors below."))
    return render(
        request,
        "desk/claim_form.html",
        {
            "claim": claim,
            "form": form,
            "speaker_form": speaker_form,
            "formset": formset,
            "hops": hops,
            "conflict": conflict,
            "similar": similar,
            "already_checked": already_checked,
            # A refused form keeps the version it carried: resubmitting it stays refused until reloaded.
            "expected_version": request.POST.get("expected_version", "")
            if request.method == "POST"
            else (claim.version if editing else ""),
        },
        status=status,
    )


def _unsaved_source(fields):
    """A source being added in this form, unsaved, so the chain's dates can be checked against it."""
    return Source(**{k: v for k, v in fields.items() if k in ("title", "url", "published_on")}) if fields else None


def _error_next_to_field(error, form, hops):
    """A service refusal naming a field (`reported_by_lookup`, `hops-2-date`) is shown next to it too."""
    field = error.field or ""
    if form is not None and field in form.fields:
        form.add_error(field, error.message)
    elif hops is not None:
        hops.add_service_error(error)


@login_required
def claim_create(request):
    require_desk_access(request.user)
    return _claim_form_page(request)


@login_required
def claim_edit(request, pk):
    claim = get_claim_for_user(request.user, pk, Claim.objects.select_related("speaker", "reported_by"))
    if claim.state not in EDITABLE_STATES:
        # Not a bare 403/409: say why, and offer the steps that exist from here (an update, a correction).
        refusal = frozen_refusal(claim)
        subject = queues.step_subject(claim)
        steps = [t for t in allowed_transitions(claim, request.user, proposed_verdict=subject) if t.name not in REVISION_STEPS]
        return render(
            request,
            "desk/claim_frozen.html",
            {
                "claim": claim,
                "message": refusal.message,
                "revision": subject if isinstance(subject, FactCheckRevision) else None,
                "actions": [{"transition": t, "form": action_form(t.name, claim)} for t in steps],
            },
            status=refusal.status_code,
        )
    return _claim_form_page(request, claim)


# --- search-as-you-type --------------------------------------------------------------


@login_required
@require_GET
def speaker_search(request):
    require_desk_access(request.user)
    text = request.GET.get("q", "")
    speakers = speakers_matching(text).select_related("affiliation").prefetch_related("aliases").order_by("name")[:10]
    return JsonResponse(
        {
            "results": [
                {
                    "id": s.pk,
                    "label": s.name,
                    "detail": ", ".join(a.name for a in list(s.aliases.all())[:4]),
                    "url": s.get_absolute_url(),
                }
                for s in speakers
            ]
        }
    )


@login_required
@require_GET
def filter_suggest(request, name):
    """Suggestions for one of the claim list's type-ahead filters (organisation, event, tag): ?q=<text>."""
    require_desk_access(request.user)
    results = suggestions(ClaimFilter, name, request.GET.get("q", ""))
    if results is None:
        raise Http404(_("There is no such filter."))
    return JsonResponse({"results": results})


@login_required
@require_GET
def source_search(request):
    require_desk_access(request.user)
    text = (request.GET.get("q") or "").strip()
    sources = Source.objects.none()
    if text:
        sources = Source.objects.filter(
            Q(title__icontains=text) | Q(url__icontains=text) | Q(publisher__icontains=text)
        ).order_by("title")[:10]
    return JsonResponse(
        {
            "results": [
                {
                    "id": s.pk,
                    "label": s.title,
                    "detail": " · ".join(x for x in (s.publisher, s.get_kind_display(), s.url) if x),
                    "url": s.get_absolute_url(),
                }
                for s in sources
            ]
        }
    )


@login_required
@require_GET
def language_search(request):
    """The language type-ahead: any language by tag or name, named in the reader's language (claims.languages)."""
    require_desk_access(request.user)
    return JsonResponse({"results": languages.search_languages(request.GET.get("q", ""))})


@login_required
@require_GET
def language_guess(request):
    """The language a typed statement or excerpt looks like, for a hint the editor may take or leave."""
    require_desk_access(request.user)
    tag = languages.detect_language(request.GET.get("text", "")[: languages.DETECT_SAMPLE_CHARS])
    if tag is None:
        return JsonResponse({"tag": None})
    name = languages.language_name(tag)
    return JsonResponse(
        {
            "tag": tag,
            "label": languages.label(tag),
            "name": name,
            "message": _("Looks like %(language)s — use it?") % {"language": name},
            "button": _("Use %(language)s") % {"language": name},
        }
    )


# --- sources, events (speakers: desk/speakers.py) -------------------------------------


@login_required
def source_list(request):
    require_desk_access(request.user)
    text = (request.GET.get("q") or "").strip()
    queryset = Source.objects.all()
    if text:
        queryset = queryset.filter(Q(title__icontains=text) | Q(url__icontains=text) | Q(publisher__icontains=text))
    queryset = queryset.order_by("-created_at", "-pk")
    return render(request, "desk/source_list.html", {"page": page_of(request, queryset, PAGE_SIZE), "q": text})


@login_required
def source_detail(request, pk, file_form=None, status=200):
    require_desk_access(request.user)
    source = get_object_or_404(Source, pk=pk)
    citing = claim_rows(
        Claim.objects.filter(Q(evidence__source=source) | Q(reported_by=source)).distinct().order_by("-created_at", "-id")
    ).prefetch_related(
        Prefetch("evidence", queryset=Evidence.objects.filter(source=source).order_by("relation", "id"), to_attr="cited")
    )
    refusal = services.source_file_refusal(request.user, source)
    context = {
        "source": source,
        "page": page_of(request, citing, PAGE_SIZE),
        "file_refusal": refusal,
        "file_form": file_form or (SourceFileForm() if refusal is None else None),
        "held": public_fields_refusal(source),  # its public fields change only through a revision
        **capture_context(source),
    }
    return render(request, "desk/source_detail.html", context, status=status)


@login_required
@require_POST
def source_file_attach(request, pk):
    """Attach or replace a source's file; a refused file is explained next to the field, nothing stored."""
    require_desk_access(request.user)
    source = get_object_or_404(Source, pk=pk)
    form = SourceFileForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.attach_source_file(source=source, user=request.user, upload=form.cleaned_data["file"])
        except WorkflowError as refusal:
            form.add_error("file" if refusal.field == "file" else None, refusal.message)
            return source_detail(request, pk, file_form=form, status=refusal.status_code)
        messages.success(request, _("The file is attached to this source."))
        return redirect("source_detail", pk=source.pk)
    return source_detail(request, pk, file_form=form, status=400)


@login_required
@require_POST
def source_file_remove(request, pk):
    require_desk_access(request.user)
    source = get_object_or_404(Source, pk=pk)
    services.remove_source_file(source=source, user=request.user)  # a refusal is a page saying why
    messages.success(request, _("The file was removed from this source."))
    return redirect("source_detail", pk=source.pk)


@login_required
def event_list(request):
    require_desk_access(request.user)
    queryset = Event.objects.annotate(claim_count=Count("claims")).order_by("-date", "name", "pk")
    return render(request, "desk/event_list.html", {"page": page_of(request, queryset, PAGE_SIZE)})


@login_required
def event_detail(request, pk):
    require_desk_access(request.user)
    event = get_object_or_404(Event, pk=pk)
    claims = claim_rows(event.claims.order_by("-said_on", "-id"))
    return render(request, "desk/event_detail.html", {"event": event, "page": page_of(request, claims, PAGE_SIZE)})


@login_required
@require_POST
def claim_action(request, pk, action):
    claim = page_claim(request.user, pk)
    transition = TRANSITIONS.get(action)
    if transition is None:
        raise Http404(_("There is no such workflow step."))
    subject = queues.step_subject(claim)
    try:
        check_transition(transition, claim, request.user, proposed_verdict=subject)
    except WorkflowError as error:
        # The page the step belongs to, with the reason and the steps this user can take instead.
        return _refused_step(request, pk, action, error)

    form = action_form(action, claim, request.POST)
    if not form.is_valid():
        messages.error(request, _("“%(action)s” needs a few more details; see the form below.") % {"action": transition.label})
        return _step_page(request, pk, action, form, status=400)
    try:
        workflow_services.perform(action, claim=claim, user=request.user, **form.service_kwargs())
    except WorkflowError as error:
        if error.field and error.field in form.fields:
            form.add_error(error.field, error.message)
        else:
            form.add_error(None, error.message)
        return _refused_step(request, pk, action, error, form)
    messages.success(request, _("Done: “%(action)s”.") % {"action": transition.label})
    return redirect(step_page_after(action), pk=claim.pk)


def _step_page(request, pk, action, form, *, status):
    fresh = page_claim(request.user, pk)
    revision = workflow_services.open_revision(fresh) if action in REVISION_STEPS else None
    if revision is not None:
        return render_revision_page(request, fresh, revision, bound_action=(action, form), status=status)
    return render_claim_page(request, fresh, bound_action=(action, form) if form is not None else None, status=status)


def _refused_step(request, pk, action, error, form=None):
    messages.error(request, error.message)
    if error.rule == "open_revision":  # two people started at once: show the one that won
        return redirect("revision_edit", pk=pk)
    return _step_page(request, pk, action, form, status=error.status_code)
