"""Partners and the polling of their ClaimReview: add/edit a partner (chief editor, admin), poll the due ones
through the safe fetcher (conditional GET), store each review once per URL, back off on failures.

Every fetch goes through `factcheck.fetch` (SSRF-safe: private addresses and redirects to them are refused).
A partner is leased before it is polled (a conditional UPDATE), so two workers never poll it together."""

from __future__ import annotations

import dataclasses
import datetime
import logging
from collections.abc import Callable

import numpy as np
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from factcheck import polled
from factcheck.errors import InvalidInput, NotAllowed
from factcheck.fetch import REASONS, FetchError, check_url_offline, fetch
from factcheck.text import check_field
from matching import embedding

from .models import ExternalFactCheck, Partner, PartnerPage
from .parse import NotClaimReview, Review, parse

logger = logging.getLogger(__name__)

ACCEPT = "application/ld+json, application/json;q=0.9, application/jsonl;q=0.9, application/xml;q=0.8, text/html;q=0.8, */*;q=0.5"
MIN_INTERVAL = 15


def can_manage(user) -> bool:
    return user.is_authenticated and user.has_perm("partners.change_partner")


def check_read(user) -> None:
    """Every desk role reads the partners and their fact-checks (`partners.view_partner`)."""
    if not user.has_perm("partners.view_partner"):
        raise NotAllowed(_("Your role does not allow reading the partners' fact-checks."))


def check_manage(user) -> None:
    if not can_manage(user):
        raise NotAllowed(_("Only a chief editor or an admin adds or edits partners."))


def _clean(url: str, interval_minutes: int, partner: Partner | None) -> str:
    url = check_field(Partner, "url", (url or "").strip())
    try:
        check_url_offline(url)
    except FetchError as error:
        raise InvalidInput(str(REASONS.get(error.reason, error.reason)), field="url", rule="fetch") from error
    if Partner.objects.filter(url=url).exclude(pk=partner.pk if partner else None).exists():
        raise InvalidInput(_("This address is already a partner's."), field="url", rule="duplicate")
    if interval_minutes < MIN_INTERVAL:
        raise InvalidInput(_("Poll a partner at most every %(minutes)s minutes.") % {"minutes": MIN_INTERVAL}, field="interval_minutes", rule="interval")
    return url


def add_partner(*, user, name: str, url: str, interval_minutes: int = 360) -> Partner:
    check_manage(user)
    name = check_field(Partner, "name", (name or "").strip())
    url = _clean(url, interval_minutes, None)
    return Partner.objects.create(name=name, url=url, interval_minutes=interval_minutes, added_by=user)


def edit_partner(*, user, partner: Partner, name: str, url: str, interval_minutes: int, active: bool) -> Partner:
    check_manage(user)
    name = check_field(Partner, "name", (name or "").strip())
    url = _clean(url, interval_minutes, partner)
    changed_url = url != partner.url
    Partner.objects.filter(pk=partner.pk).update(
        name=name, url=url, interval_minutes=interval_minutes, active=active,
        **({"etag": "", "last_modified": "", "failures": 0, "next_check_at": timezone.now()} if changed_url else {}),
    )
    partner.refresh_from_db()
    return partner


def due_partners(now: datetime.datetime | None = None):
    return Partner.objects.filter(active=True, next_check_at__lte=now or timezone.now()).order_by("next_check_at", "pk")


@dataclasses.dataclass
class PollResult:
    partner: Partner
    status: str  # "new" | "unchanged" | "failed" | "busy"
    imported: int = 0
    error: str = ""


def _failed(partner: Partner, message: str) -> PollResult:
    polled.record_failure(partner, message)
    return PollResult(partner, "failed", error=message)


def poll_partner(partner: Partner) -> PollResult:
    """Poll one partner now (if no other worker has it). Never raises for the network or the content."""
    if not polled.lease(partner):
        return PollResult(partner, "busy")
    partner.refresh_from_db()
    try:
        return _poll(partner)
    except Exception:
        logger.exception("Polling partner %s failed", partner.pk)
        return _failed(partner, _("Polling failed unexpectedly (the error is in the server log)."))


def _conditional(etag: str, last_modified: str) -> dict[str, str]:
    headers = {"Accept": ACCEPT}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    return headers


def _fetch_error(error: FetchError) -> str:
    return f"{REASONS.get(error.reason, error.reason)} {error.detail}".strip()


def _poll(partner: Partner) -> PollResult:
    try:
        result = fetch(partner.url, max_bytes=settings.MONITORING_FEED_MAX_BYTES, headers=_conditional(partner.etag, partner.last_modified))
    except FetchError as error:
        return _failed(partner, _fetch_error(error))
    if result.status == 304:
        polled.record_success(partner)
        return PollResult(partner, "unchanged")
    if not 200 <= result.status < 300:
        return _failed(partner, _("The server answered HTTP %(status)s.") % {"status": f"{result.status} {result.reason}".strip()})
    try:
        parsed = parse(result.body, result.content_type, result.final_url)
    except NotClaimReview as error:
        return _failed(partner, _("This address serves no ClaimReview this desk reads (%(detail)s).") % {"detail": str(error)[:200]})
    reviews = list(parsed.reviews)
    budget = [settings.PARTNERS_PAGES_PER_POLL]
    for url, lastmod in parsed.pages:
        reviews.extend(_page_reviews(partner, url, lastmod, budget))
    imported = store(partner, reviews)
    validators = {"etag": result.header("etag")[:500], "last_modified": result.header("last-modified")[:100]}
    if budget[0] < 0:  # pages left for the next poll: the listing is asked for in full again, never answered 304
        validators = {"etag": "", "last_modified": ""}
    polled.record_success(partner, **validators)
    return PollResult(partner, "new" if imported else "unchanged", imported=imported)


def _page_reviews(partner: Partner, url: str, lastmod: str, budget: list[int], depth: int = 0) -> list[Review]:
    """A listed page's reviews (a sitemap index's sitemaps one level down); nothing when its lastmod or its
    validators say it has not changed, or when this poll's page budget is spent (`budget[0] < 0` then)."""
    page = PartnerPage.objects.filter(partner=partner, url=url).first()
    if page is not None and lastmod and page.lastmod == lastmod:
        return []
    budget[0] -= 1
    if budget[0] < 0:
        return []
    headers = _conditional(page.etag, page.last_modified) if page else _conditional("", "")
    try:
        result = fetch(url, max_bytes=settings.MONITORING_FEED_MAX_BYTES, headers=headers)
    except FetchError as error:
        logger.info("Partner %s: page %s not fetched: %s", partner.pk, url, _fetch_error(error))
        return []
    if result.status != 200:
        return []
    try:
        parsed = parse(result.body, result.content_type, result.final_url)
    except NotClaimReview:
        return []
    reviews = list(parsed.reviews)
    if depth == 0:
        for inner, inner_lastmod in parsed.pages:
            reviews.extend(_page_reviews(partner, inner, inner_lastmod, budget, depth=1))
    PartnerPage.objects.update_or_create(
        partner=partner, url=url,
        defaults={"lastmod": lastmod, "etag": result.header("etag")[:500], "last_modified": result.header("last-modified")[:100]},
    )
    return reviews


FIELDS = ("claim_reviewed", "claimant", "rating_text", "rating_value", "best_rating", "worst_rating", "publisher",
          "date_published", "date_modified", "language")


def store(partner: Partner, reviews: list[Review]) -> int:
    """Write each review once per URL (a changed one is updated, its text embedded again): the number written."""
    latest: dict[str, Review] = {review.url: review for review in reviews}
    existing = {row.url: row for row in ExternalFactCheck.objects.filter(url__in=list(latest))}
    changed = []
    for url, review in latest.items():
        row = existing.get(url)
        values = {name: getattr(review, name) for name in FIELDS}
        if row is not None and (row.partner_id != partner.pk or all(getattr(row, k) == v for k, v in values.items())):
            continue  # unchanged, or another partner's review (the first partner to list a URL keeps it)
        changed.append((row, url, values))
    if not changed:
        return 0
    vectors = embedding.embed([values["claim_reviewed"] for _row, _url, values in changed])
    now = timezone.now()
    with transaction.atomic():
        for (row, url, values), vector in zip(changed, vectors):
            blob = np.asarray(vector, dtype=np.float32).tobytes()
            if row is None:
                ExternalFactCheck.objects.create(partner=partner, url=url, embedding=blob, imported_at=now, updated_at=now, **values)
            else:
                ExternalFactCheck.objects.filter(pk=row.pk).update(embedding=blob, updated_at=now, **values)
    return len(changed)


def poll_due(*, progress: Callable[[PollResult, int, int], None] | None = None) -> list[PollResult]:
    """Poll every partner due now (the periodic task and `manage.py poll_partners`)."""
    partners = list(due_partners())
    results = []
    for index, partner in enumerate(partners, start=1):
        outcome = poll_partner(partner)
        results.append(outcome)
        if progress is not None:
            progress(outcome, index, len(partners))
    return results
