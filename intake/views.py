"""Article intake pages under /desk/intake/: take an article in, then review its candidates.

Thin views: access through `intake.services.check_intake_access`, reads through
`intake.selectors`, writes through `intake.services`.
"""

from itertools import zip_longest

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, RequestDataTooBig, TooManyFieldsSent
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_POST

from claims.models import Source
from factcheck.errors import InvalidInput, NotAllowed

from . import selectors, services
from .models import IntakeRequest
from .forms import MAX_CANDIDATE_ROWS, ArticleForm, CandidateFormSet, SourceLanguageForm, initial_row
from claims.languages import UNDETERMINED, language_name

from .rules import rules_for, supported_languages


def _rule_languages() -> str:
    """The languages with rules files, by name in the reader's language ("English, Japanese, …")."""
    return ", ".join(language_name(code) for code in supported_languages())


def _allowed(user) -> None:
    try:
        services.check_intake_access(user)
    except NotAllowed as refusal:
        raise PermissionDenied(refusal.message) from refusal


def _too_big(request):
    messages.error(request, _("This article is too large to take in. Paste only the part with the statements you want to check."))
    return render(request, "intake/start.html", {"form": ArticleForm(), "rule_languages": _rule_languages()}, status=400)


@csrf_exempt  # checked by `_intake_start` once the body is read: a 5 MB paste gets a message, not a 400 page
@login_required
def intake_start(request):
    """Paste, upload or give the address of an article; it is stored as a Source, then reviewed.

    An address is fetched in the background (`intake_fetching` shows the wait); pasted text and files
    are read here (no network)."""
    _allowed(request.user)
    if request.method == "POST":
        try:
            request.POST  # noqa: B018 (reads the body: past DATA_UPLOAD_MAX_MEMORY_SIZE Django refuses it)
        except (RequestDataTooBig, TooManyFieldsSent):
            return _too_big(request)
    return _intake_start(request)


@csrf_protect
def _intake_start(request):
    status = 200
    form = ArticleForm()
    if request.method == "POST":
        form = ArticleForm(request.POST, request.FILES)
        valid = form.is_valid()
        if valid:
            data = form.cleaned_data
            try:
                if data["way"] == "url":  # fetched in the background: the request never waits for the network
                    pending = services.request_fetch(
                        user=request.user, url=data["url"], published_on=data.get("published_on"), language=data.get("language") or ""
                    )
                    return redirect("intake_fetching", pk=pending.pk)
                if data["way"] == "text":
                    article = services.read_pasted(data["text"])
                else:
                    article = services.read_upload(data["upload"])
                source = services.take_in(
                    user=request.user, article=article, published_on=data.get("published_on"), language=data.get("language") or ""
                )
            except InvalidInput as refusal:
                form.add_error(refusal.field if refusal.field in form.fields else None, refusal.message)
            else:
                return redirect("intake_review", pk=source.pk)
        status = 400
    return render(request, "intake/start.html", {"form": form, "rule_languages": _rule_languages()}, status=status)


def _own_request(request, pk) -> IntakeRequest:
    """Role first (403, as every intake page), then the object: another editor's request is a 404."""
    _allowed(request.user)
    return get_object_or_404(selectors.requests_of(request.user), pk=pk)


@never_cache
@login_required
def intake_fetching(request, pk):
    """The address being fetched: "fetching…" until the worker is done, then the review page, or the
    reason it failed with the form to paste the text instead (never an error page)."""
    pending = _own_request(request, pk)
    if pending.status == IntakeRequest.Status.DONE:
        return redirect("intake_review", pk=pending.source_id)
    form = None
    if pending.status == IntakeRequest.Status.FAILED:
        form = ArticleForm(initial={"published_on": pending.published_on, "language": pending.language or None})
    context = {
        "pending": pending,
        "overdue": services.overdue(pending),
        "limit": int(services.fetch_seconds()),
        "form": form,
        "rule_languages": _rule_languages(),
    }
    return render(request, "intake/fetching.html", context)


@never_cache
@login_required
def intake_fetch_status(request, pk):
    """What the "fetching…" page's script asks: still pending, or where to go now."""
    pending = _own_request(request, pk)
    if pending.status == IntakeRequest.Status.DONE:
        next_url = reverse("intake_review", args=[pending.source_id])
    else:
        next_url = reverse("intake_fetching", args=[pending.pk])
    return JsonResponse({"status": pending.status, "overdue": services.overdue(pending), "next": next_url})


@login_required
def intake_review(request, pk):
    """The article with its candidates marked; the ticked ones become draft claims in one save."""
    _allowed(request.user)
    source = get_object_or_404(Source, pk=pk)
    table = selectors.speaker_table()
    candidates = selectors.candidates_for(source, table)[:MAX_CANDIDATE_ROWS]
    status = 200
    if request.method == "POST":
        formset = CandidateFormSet(request.POST, prefix="c")
        if formset.too_many():  # a forged count: answered with the page as it was, no row built from the post
            messages.error(request, formset.too_many_message())
            formset = CandidateFormSet(initial=[initial_row(c) for c in candidates], prefix="c")
        elif formset.is_valid():
            rows = [dict(form.cleaned_data, index=index) for index, form in enumerate(formset.forms) if form.cleaned_data.get("accept")]
            try:
                created = services.create_claims(user=request.user, source=source, rows=rows)
            except services.RowErrors as refusal:
                for index, errors in refusal.errors.items():
                    for field, message in errors.items():
                        formset.forms[index].add_error(field if field in formset.forms[index].fields else None, message)
                messages.error(request, refusal.message)
            except InvalidInput as refusal:
                messages.error(request, refusal.message)
            else:
                messages.success(
                    request,
                    ngettext(
                        "%(count)s draft claim created from this article.",
                        "%(count)s draft claims created from this article.",
                        len(created),
                    )
                    % {"count": len(created)},
                )
                return redirect(source.get_absolute_url())
        status = 400
        suggestions = []
    else:
        formset = CandidateFormSet(initial=[initial_row(c) for c in candidates], prefix="c")
        suggestions = selectors.closest_claims(request.user, candidates)
    return _render_review(request, source, formset=formset, candidates=candidates, suggestions=suggestions, status=status)


def _render_review(request, source, *, formset, candidates, suggestions, status=200, language_form=None):
    spans = []
    for form in formset.forms:
        start, end = form["start"].value(), form["end"].value()
        try:
            spans.append((int(start), int(end)))
        except (TypeError, ValueError):
            spans.append((-1, -1))
    rows = [
        {"number": index + 1, "form": form, "candidate": candidate, "suggestions": found or []}
        for index, (form, candidate, found) in enumerate(zip_longest(formset.forms, candidates[: len(formset.forms)], suggestions))
        if form is not None
    ]
    context = {
        "source": source,
        "formset": formset,
        "rows": rows,
        "segments": selectors.highlighted(source.text, spans),
        "has_rules": rules_for(source.language) is not None,
        "language_known": bool(source.language) and source.language != UNDETERMINED,
        "language_label": language_name(source.language) if source.language else "",
        "language_form": language_form or SourceLanguageForm(initial={"language": source.language if source.language != UNDETERMINED else ""}),
        "rule_languages": _rule_languages(),
    }
    return render(request, "intake/review.html", context, status=status)


@require_POST
@login_required
def intake_language(request, pk):
    """Correct the language of an article taken in; its candidates are then found with that language's rules."""
    _allowed(request.user)
    source = get_object_or_404(Source, pk=pk)
    form = SourceLanguageForm(request.POST)
    if form.is_valid():
        try:
            services.correct_language(user=request.user, source=source, language=form.cleaned_data["language"])
        except NotAllowed as refusal:
            raise PermissionDenied(refusal.message) from refusal
        except InvalidInput as refusal:
            form.add_error("language", refusal.message)
        else:
            messages.success(request, _("The article's language is now %(language)s.") % {"language": language_name(form.cleaned_data["language"])})
            return redirect("intake_review", pk=source.pk)
    candidates = selectors.candidates_for(source)[:MAX_CANDIDATE_ROWS]
    formset = CandidateFormSet(initial=[initial_row(c) for c in candidates], prefix="c")
    return _render_review(request, source, formset=formset, candidates=candidates, suggestions=[], status=400, language_form=form)
