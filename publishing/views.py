"""The public site: fact-check pages, the index, speaker pages, the corrections log, desk pages,
and the public exports. Everything reads through `publishing.selectors` (public states only) and
`publishing.claimreview` (the one place ClaimReview is built)."""

import datetime

from django.conf import settings
from django.http import Http404, HttpResponse, HttpResponseBadRequest, HttpResponsePermanentRedirect, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import check_for_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from analytics import charts
from capture.models import Capture
from capture.selectors import desk_copies_of_gone, public_capture
from claims import counters
from claims.filters import suggestions
from claims.states import PUBLIC_STATES
from claims.pagination import page_of
from claims.speakers import resolve_merged as resolve_merged_speaker
from factcheck.errors import InvalidInput
from factcheck.links import absolute
from factcheck.text import safe_json
from factcheck.accounts import client_ip
from reviews.models import RatingScale
from tips import selectors as tip_selectors
from tips import services as tip_services
from tips.forms import TipForm
from tips.models import Tip

from . import selectors
from .caching import public_page
from .claimreview import claim_review, desk_organization, markup_page, page_facts, speaker_markup
from .filters import PublicClaimFilter
from .models import DeskPage

PAGE_SIZE = 20


def desk_identity():
    return {
        "desk_name": settings.DESK_NAME,
        "desk_url": settings.DESK_URL,
        # Same-origin unless the desk set DESK_LOGO_URL (whose origin settings add to CSP img-src).
        "desk_logo_url": settings.DESK_LOGO_URL or static("publishing/logo.svg"),
        "methodology_url": reverse("publishing:page", args=[DeskPage.METHODOLOGY]),
        "corrections_policy_url": reverse("publishing:page", args=[DeskPage.CORRECTIONS_POLICY]),
    }


def render_public(request, template, context=None, status=200):
    return render(request, template, {**desk_identity(), **(context or {})}, status=status)


def bad_request(request, message):
    return render_public(request, "publishing/bad_request.html", {"message": message}, status=400)


COUNT_LIMIT = 1000  # beyond this a reader is told "more than 1,000", and no page counts the whole archive


def paginate(request, queryset, size=PAGE_SIZE, total=None):
    """claims.pagination's one paging rule, with a total: the maintained one, or a count bounded by COUNT_LIMIT."""
    return page_of(request, queryset, size, count=True, total=total, count_limit=COUNT_LIMIT)


@require_safe
@public_page
def index(request):
    filterset = PublicClaimFilter(request.GET or None, queryset=selectors.public_claims())
    if filterset.is_bound and not filterset.is_valid():
        return bad_request(request, filterset.error_message())
    try:
        page = paginate(request, filterset.qs, total=None if filterset.narrows() else counters.total_in(PUBLIC_STATES))
    except InvalidInput as error:
        return bad_request(request, error.message)
    return render_public(request, "publishing/index.html", {"filter": filterset, "page": page})


@require_safe
@public_page
def filter_suggest(request, name):
    """Suggestions for the index's type-ahead filters (speaker, topic): only what leads to a public fact-check."""
    results = suggestions(PublicClaimFilter, name, request.GET.get("q", ""))
    if results is None:
        raise Http404(_("There is no such filter."))
    return JsonResponse({"results": results})


@require_safe
@public_page
def claim_detail(request, pk):
    kept = selectors.public_merge_target(pk)
    if kept is not None:
        # A duplicate merged into a published claim: its old address moves there for good.
        return HttpResponsePermanentRedirect(reverse("publishing:claim", args=[kept.pk]))
    facts = page_facts(selectors.get_public_claim(pk))
    claim = facts.claim
    verdict = claim.current_verdict
    evidence = list(claim.evidence.all())
    desk_copies_of_gone(evidence)  # the original is gone: link the desk's own copy
    context = {
        "facts": facts,
        "claim": claim,
        "verdict": verdict,
        "claimreview": claim_review(facts),
        "evidence": evidence,
        "show_reviewers": settings.PUBLIC_SHOW_REVIEWERS,
        "relations": selectors.public_relations(claim),
        "versions": selectors.versions_of(claim),
        "resolution_overdue": selectors.resolution_overdue(claim),
    }
    return render_public(request, "publishing/claim_detail.html", context)


@require_safe
@public_page
def claim_version(request, pk, number):
    """An earlier (or the current) version of a fact-check, as readers saw it then: a stable URL."""
    claim = selectors.get_public_claim(pk)
    version = selectors.get_public_version(claim, number)
    evidence = list(version.verdict.evidence.select_related("source").order_by("relation", "id"))
    return render_public(
        request,
        "publishing/claim_version.html",
        {"claim": claim, "facts": page_facts(claim), "version": version, "evidence": evidence},
    )


@require_safe
@public_page
def speaker_detail(request, pk):
    try:
        speaker = selectors.get_public_speaker(pk)
    except Http404:
        kept = resolve_merged_speaker(pk)
        if kept is None:
            raise
        # A merged record's address leads to the kept speaker (only if that page is public: no leak).
        selectors.get_public_speaker(kept.pk)
        return HttpResponsePermanentRedirect(reverse("publishing:speaker", args=[kept.pk]))
    try:
        page = paginate(request, selectors.public_claims().filter(speaker=speaker))
    except InvalidInput as error:
        return bad_request(request, error.message)
    summary = selectors.speaker_rating_summary(speaker)
    points = selectors.speaker_timeline(speaker)
    lanes = [row["rating"] for row in summary]
    return render_public(
        request,
        "publishing/speaker_detail.html",
        {
            "speaker": speaker,
            "page": page,
            "summary": summary,
            "summary_chart": charts.bars(
                _("How %(name)s's checked claims rate") % {"name": speaker.name},
                _("Number of published fact-checks per rating."),
                summary, ("rating",), ["count"], mode="grouped", colour_rows=True,
            ),
            "timeline": points,
            "timeline_total": sum(row["count"] for row in summary),
            "timeline_chart": charts.timeline(
                _("Timeline of %(name)s's checked claims") % {"name": speaker.name},
                _("Each dot is a fact-check, placed at the date the claim was made, in the row of its rating."),
                points, lanes,
            ),
            "speaker_markup": speaker_markup(speaker, absolute(reverse("publishing:speaker", args=[speaker.pk]))),
        },
    )


@require_safe
@public_page
def corrections_log(request):
    """Every update, correction and retraction, newest first."""
    try:
        page = paginate(request, selectors.public_corrections(), size=50)
    except InvalidInput as error:
        return bad_request(request, error.message)
    return render_public(request, "publishing/corrections.html", {"page": page})


@require_safe
@public_page
def promises(request):
    """Every prediction and promise the desk tracks, with its status (kept, broken, partly kept, not yet)."""
    try:
        page = paginate(request, selectors.public_promises(), size=50)
    except InvalidInput as error:
        return bad_request(request, error.message)
    return render_public(request, "publishing/promises.html", {"page": page})


@require_safe
@public_page
def updates_log(request):
    """The updates log: fact-checks updated after publication (new sources, clarified explanation)."""
    try:
        page = paginate(request, selectors.public_corrections(kind="update"), size=50)
    except InvalidInput as error:
        return bad_request(request, error.message)
    return render_public(request, "publishing/corrections.html", {"page": page, "updates_only": True})


@require_safe
@public_page
def desk_page(request, slug):
    page = get_object_or_404(DeskPage, slug=slug)
    title, body = page.localized()
    scale = RatingScale.active() if slug == DeskPage.METHODOLOGY else None
    return render_public(
        request,
        "publishing/desk_page.html",
        {"page": page, "title": title, "body": body, "ratings": scale.ratings.all() if scale else []},
    )


@require_safe
def set_language(request):
    """Language links for the public pages: a cookie and a redirect, no form and no CSRF token,
    so the pages themselves stay cacheable."""
    code = request.GET.get("lang", "")
    if code not in dict(settings.LANGUAGES) or not check_for_language(code):
        return bad_request(request, _("Choose one of the languages this site offers."))
    target = request.GET.get("next") or reverse("publishing:index")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        target = reverse("publishing:index")
    response = HttpResponseRedirect(target)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        code,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
    )
    return response


# --- public exports ----------------------------------------------------------


def _standing_reviews():
    """(facts, ClaimReview) for every fact-check whose verdict stands, newest first."""
    cache = {}
    for claim in selectors.with_page_data(selectors.standing_claims()).iterator(chunk_size=200):
        facts = page_facts(claim, bounds_cache=cache)
        yield facts, claim_review(facts)


def _since(request):
    """`?since=YYYY-MM-DD`: only reviews modified (or published) on or after it, so a desk polls incrementally.
    None when absent; a bad value is refused (400) rather than read as "everything"."""
    value = request.GET.get("since", "").strip()
    if not value:
        return None
    try:
        return datetime.date.fromisoformat(value[:10]).isoformat()
    except ValueError:
        raise InvalidInput(_("“since” must be a date such as 2024-05-31."), field="since", rule="date") from None


def _exported_reviews(request):
    """The standing reviews an export lists (`?since=` applied on dateModified, else datePublished)."""
    since = _since(request)
    for _facts, review in _standing_reviews():
        if review is not None and (since is None or (review.get("dateModified") or review["datePublished"]) >= since):
            yield review


@require_safe
def export_claimreview_jsonl(request):
    """Every standing fact-check as one ClaimReview JSON object per line (JSON Lines); U+2028,
    U+2029 and U+0085 are escaped, so every line splitter sees one record per line.
    Throttled and cached by `caching.public_export` (in urls.py)."""
    try:
        body = "\n".join(safe_json(review) for review in _exported_reviews(request))
    except InvalidInput as refusal:
        return HttpResponseBadRequest(refusal.message, content_type="text/plain; charset=utf-8")
    response = HttpResponse((body + "\n") if body else "", content_type="application/jsonl; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="claimreview.jsonl"'
    return response


@require_safe
def export_claimreview_datafeed(request):
    """The same reviews as one schema.org DataFeed (`application/ld+json`), each element with its
    dateModified, for desks that import a DataFeed (ours does: partners/)."""
    try:
        reviews = list(_exported_reviews(request))
    except InvalidInput as refusal:
        return HttpResponseBadRequest(refusal.message, content_type="text/plain; charset=utf-8")
    feed = {
        "@context": "https://schema.org",
        "@type": "DataFeed",
        "name": desk_organization()["name"],
        "url": request.build_absolute_uri(),
        "dataFeedElement": [{key: value for key, value in review.items() if key != "@context"} for review in reviews],
    }
    modified = [review.get("dateModified") or review["datePublished"] for review in reviews]
    if modified:
        feed["dateModified"] = max(modified)
    response = HttpResponse(safe_json(feed, indent=2), content_type="application/ld+json; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="claimreview.json"'
    return response


@require_safe
def export_markup_pages(request):
    """Every standing fact-check as a Fact Check Tools API `ClaimReviewMarkupPage`, for aggregators."""
    pages = [markup_page(facts) for facts, _review in _standing_reviews()]
    response = HttpResponse(
        safe_json({"claimReviewMarkupPages": pages}, indent=2),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = 'inline; filename="claimreview-markup-pages.json"'
    return response


@require_safe
@public_page
def archived_copy(request, pk):
    """The desk's copy (extracted text) of a page a public fact-check cites, for when the original is gone."""
    try:
        capture = public_capture(pk, selectors.public_claims())
    except Capture.DoesNotExist:
        raise Http404(_("There is no such archived copy.")) from None
    return render_public(request, "publishing/archived_copy.html", {"capture": capture})


# --- reader tips ------------------------------------------------------------------


def _private(response):
    """A tip's pages are the reader's own: never cached or indexed. Their address (the private link)
    never leaves as a referrer by the site-wide SECURE_REFERRER_POLICY ("same-origin"); no page
    overrides it, since `no-referrer` made Chromium post the form with `Origin: null` (CSRF 403)."""
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    return response


def suggest_claim(request):
    """“Suggest a claim to check”: a honeypot and a per-address limit instead of a captcha."""
    if request.method not in ("GET", "POST"):
        return HttpResponse(status=405, headers={"Allow": "GET, POST"})
    form, status = TipForm(), 200
    if request.method == "POST":
        form = TipForm(request.POST)
        wait = tip_services.submission_wait(address=client_ip(request) or "")
        if wait is not None:
            form.is_valid()
            form.add_error(
                None,
                _("You have sent several tips in a short time. Please wait %(minutes)s minutes and send this one again; what you typed is kept below.")
                % {"minutes": max(1, round(wait / 60))},
            )
            status = 429
        elif form.is_valid():
            if form.is_spam:
                # A robot filled the hidden field: thank it, store nothing.
                return redirect("publishing:tip_thanks")
            data = form.cleaned_data
            tip = tip_services.submit_tip(
                text=data["text"], where_seen=data["where_seen"], email=data.get("email") or "", language=request.LANGUAGE_CODE
            )
            return redirect("publishing:tip_status", token=tip.token)
        else:
            status = 400
    return _private(render_public(request, "publishing/suggest.html", {"form": form}, status=status))


@require_safe
def tip_thanks(request):
    return _private(render_public(request, "publishing/tip_status.html", {"tip": None}))


@require_safe
def tip_status(request, token):
    """The reader follows their tip through the unguessable link they were given (and e-mailed)."""
    tip = Tip.objects.filter(token=token).first() if len(token) <= 64 else None
    if tip is None:
        raise Http404(_("There is no tip at this address. Check that you copied the whole link."))
    context = {"tip": tip, "fact_check": tip_selectors.public_claim_of(tip)}
    return _private(render_public(request, "publishing/tip_status.html", context))
