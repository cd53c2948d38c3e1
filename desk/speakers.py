"""The desk's speaker pages: the list, a speaker's page (its roles and identifiers edited there, and the
published fact-checks that still show the speaker as it was approved), merging two records of one speaker."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from claims import speakers
from claims.access import require_desk_access
from claims.models import Claim, Speaker
from claims.pagination import page_of
from claims.permissions import PERM_MERGE_SPEAKER
from claims.selectors import speakers_matching
from factcheck.errors import WorkflowError

from .forms import resolve_speaker, speaker_formsets
from .views import PAGE_SIZE, claim_rows


@login_required
def speaker_list(request):
    require_desk_access(request.user)
    text = (request.GET.get("q") or "").strip()
    queryset = speakers_matching(text) if text else Speaker.objects.all()
    queryset = queryset.select_related("affiliation").prefetch_related("aliases").order_by("name", "pk")
    page = page_of(request, queryset, PAGE_SIZE)
    # Claims per speaker for this page's speakers only (one grouped query on the speaker index), not the whole table.
    counts = dict(
        Claim.objects.filter(speaker__in=[s.pk for s in page.items]).order_by().values_list("speaker").annotate(n=Count("id"))
    )
    for speaker in page.items:
        speaker.claim_count = counts.get(speaker.pk, 0)
    return render(request, "desk/speaker_list.html", {"page": page, "q": text})


def _speaker_or_redirect(pk):
    """The speaker, or the kept speaker's page when `pk` was merged into it (404 when neither)."""
    speaker = (
        Speaker.objects.select_related("affiliation")
        .prefetch_related("aliases", "roles__organisation", "identifiers", "members")
        .filter(pk=pk)
        .first()
    )
    if speaker is None:
        kept = speakers.resolve_merged(pk)
        if kept is not None:
            raise _MergedSpeaker(kept)
        raise Http404(_("There is no such speaker."))
    return speaker


class _MergedSpeaker(Exception):
    def __init__(self, kept):
        self.kept = kept


def render_speaker_page(request, speaker, *, formsets=None, status=200):
    can_edit = request.user.has_perm("claims.change_speaker")
    if can_edit and formsets is None:
        formsets = speaker_formsets(speaker)
    roles, identifiers = formsets if can_edit else (None, None)
    claims = claim_rows(speaker.claims.order_by("-said_on", "-id"))
    outdated, outdated_total = speakers.outdated_fact_checks(speaker)
    return render(
        request,
        "desk/speaker_detail.html",
        {
            "speaker": speaker,
            "page": page_of(request, claims, PAGE_SIZE),
            "role_formset": roles,
            "identifier_formset": identifiers,
            "can_merge": request.user.has_perm(PERM_MERGE_SPEAKER),
            # Published fact-checks that still show the speaker as approved: each changes only by a revision.
            "outdated": outdated,
            "outdated_total": outdated_total,
        },
        status=status,
    )


@login_required
def speaker_detail(request, pk):
    require_desk_access(request.user)
    try:
        speaker = _speaker_or_redirect(pk)
    except _MergedSpeaker as merged:
        messages.info(request, _("Speaker #%(pk)s was merged into this speaker.") % {"pk": pk})
        return redirect(merged.kept, permanent=True)
    return render_speaker_page(request, speaker)


def _duplicate_from(request, data):
    """The speaker named in a merge form: a picked id, “#12”, or a name or alias typed without JavaScript."""
    picked = (data.get("duplicate_id") or "").strip()
    text = (data.get("duplicate") or "").strip()
    if picked.isdigit() and len(picked) < 12:
        found = Speaker.objects.filter(pk=int(picked)).first()
        # A name typed over a picked one (without JavaScript the hidden id stays) wins.
        if found and (not text or text == found.name):
            return found
    number = text.lstrip("#")
    if number.isdigit() and len(number) < 12:
        found = Speaker.objects.filter(pk=int(number)).first()
        if found:
            return found
    return resolve_speaker(text)


@login_required
def speaker_merge(request, pk):
    """Merge a duplicate record into this speaker: GET shows what would move, POST (confirmed) merges."""
    require_desk_access(request.user)
    try:
        keep = _speaker_or_redirect(pk)
    except _MergedSpeaker as merged:
        return redirect(merged.kept)
    data = request.POST if request.method == "POST" else request.GET
    duplicate = _duplicate_from(request, data)
    context = {"speaker": keep, "typed": (data.get("duplicate") or "").strip(), "plan": None, "error": None}
    status = 200
    if duplicate is None:
        context["error"] = (
            _("No single speaker is called “%(name)s”. Pick one from the list, or type its number (#12).") % {"name": context["typed"]}
            if context["typed"] or data.get("duplicate_id")
            else _("Name the duplicate record to merge into this speaker.")
        )
        status = 400
    else:
        plan = speakers.merge_plan(keep, duplicate, request.user)
        context["plan"] = plan
        if plan.refusal is not None:
            context["error"] = plan.refusal.message
            status = plan.refusal.status_code
        elif request.method == "POST":
            try:
                speakers.merge_speakers(keep=keep, drop=duplicate, user=request.user, note=data.get("note", ""))
            except WorkflowError as error:
                context["error"] = error.message
                status = error.status_code
            else:
                messages.success(
                    request,
                    _("“%(drop)s” (#%(pk)s) was merged into this speaker.") % {"drop": duplicate.name, "pk": duplicate.pk},
                )
                return redirect(keep)
    return render(request, "desk/speaker_merge.html", context, status=status)


@login_required
@require_POST
def speaker_details_save(request, pk):
    """Add, change and remove a speaker's roles and identifiers; refusals shown next to the fields."""
    require_desk_access(request.user)
    try:
        speaker = _speaker_or_redirect(pk)
    except _MergedSpeaker as merged:
        return redirect(merged.kept)
    if not request.user.has_perm("claims.change_speaker"):
        raise PermissionDenied(_("Your role does not allow changing speakers."))
    roles, identifiers = speaker_formsets(speaker, request.POST)
    if roles.is_valid() and identifiers.is_valid():
        try:
            speakers.save_speaker_details(
                speaker=speaker, user=request.user, roles=roles.rows(), identifiers=identifiers.rows()
            )
        except WorkflowError as error:
            messages.error(request, error.message)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The speaker's roles and identifiers were saved."))
            return redirect(speaker)
    else:
        messages.error(request, _("Please correct the errors below."))
    return render_speaker_page(request, speaker, formsets=(roles, identifiers), status=400)
