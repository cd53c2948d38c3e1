"""Polling followed feeds: each due feed through the safe fetcher (conditional GET), each new article
taken in once by intake (its text and its candidates), failures recorded with a back-off.

Every fetch goes through `factcheck.fetch` (feeds) or `intake.services.read_url` (articles, which uses
capture's fetch with robots.txt). No two fetches to one host within `MONITORING_HOST_INTERVAL` seconds,
whichever worker makes them (`HostVisit` books the next slot). A feed is leased before it is polled, so
two workers never poll it together, and a worker that dies mid-poll leaves it due again after the lease.
"""

from __future__ import annotations

import dataclasses
import datetime
import logging
import time
from collections.abc import Callable
from urllib.parse import urlsplit

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from claims.models import Outlet
from factcheck.errors import InvalidInput, NotAllowed
from factcheck.fetch import REASONS, FetchError, check_url_offline, fetch
from factcheck.text import check_field
from intake import selectors as intake_selectors
from intake import services as intake

from .checkworthiness import assess
from .checkworthiness_training import weights_in_use
from . import repeats
from .feeds import NotAFeed, parse
from .models import Candidate, Feed, FeedArticle, HostVisit

logger = logging.getLogger(__name__)

LEASE = datetime.timedelta(minutes=10)


def host_of(url: str) -> str:
    return (urlsplit(url).hostname or "").lower()


@transaction.atomic
def add_feed(*, user, outlet: Outlet, url: str, title: str = "", interval_minutes: int = 30) -> Feed:
    """Follow a feed of `outlet`; its articles are taken in as `user` (who must be allowed to take articles in)."""
    intake.check_intake_access(user)
    url = check_field(Feed, "url", (url or "").strip())
    try:
        check_url_offline(url)
    except FetchError as error:
        raise InvalidInput(str(REASONS.get(error.reason, error.reason)), field="url", rule="fetch") from error
    if Feed.objects.filter(url=url).exists():
        raise InvalidInput(_("The desk already follows this feed."), field="url", rule="duplicate")
    if interval_minutes < 5:
        raise InvalidInput(_("Poll a feed at most every 5 minutes."), field="interval_minutes", rule="interval")
    return Feed.objects.create(outlet=outlet, url=url, host=host_of(url), title=title, followed_by=user, interval_minutes=interval_minutes)


def due_feeds(now: datetime.datetime | None = None):
    return Feed.objects.filter(active=True, next_check_at__lte=now or timezone.now()).order_by("next_check_at", "pk")


def failing_feeds():
    """Feeds whose last poll failed: the desk shows them with their error and next try."""
    return Feed.objects.filter(failures__gt=0).select_related("outlet").order_by("-last_error_at")


def backoff(feed: Feed, failures: int) -> datetime.timedelta:
    """interval × 2^failures, capped: a failing feed is never retried in a tight loop."""
    minutes = feed.interval_minutes * (2 ** min(failures, 16))
    return min(datetime.timedelta(minutes=minutes), datetime.timedelta(hours=settings.MONITORING_BACKOFF_MAX_HOURS))


def wait_for_host(host: str, *, sleep: Callable[[float], None] = time.sleep) -> None:
    """Book this host's next free slot (`MONITORING_HOST_INTERVAL` after the last one booked), then wait for it.

    The slot is written before waiting, so no lock is held while asleep and a second worker books the slot after."""
    gap = datetime.timedelta(seconds=settings.MONITORING_HOST_INTERVAL)
    with transaction.atomic():
        visit = HostVisit.objects.select_for_update().filter(host=host).first()
        now = timezone.now()
        slot = max(now, visit.fetched_at + gap) if visit else now
        if visit is None:
            try:
                with transaction.atomic():
                    HostVisit.objects.create(host=host, fetched_at=slot)
            except IntegrityError:  # booked by another worker meanwhile: book after it
                return wait_for_host(host, sleep=sleep)
        else:
            HostVisit.objects.filter(pk=visit.pk).update(fetched_at=slot)
    delay = (slot - now).total_seconds()
    if delay > 0:
        sleep(delay)


@dataclasses.dataclass
class PollResult:
    feed: Feed
    status: str  # "new" | "unchanged" | "failed" | "busy"
    articles: int = 0
    candidates: int = 0
    error: str = ""


def _lease(feed: Feed) -> bool:
    """Take the feed for this worker (a conditional UPDATE): False when another worker has it or it is not due."""
    now = timezone.now()
    return bool(
        Feed.objects.filter(pk=feed.pk, active=True, next_check_at__lte=now).update(next_check_at=now + LEASE)
    )


def _failed(feed: Feed, message: str) -> PollResult:
    now = timezone.now()
    failures = feed.failures + 1
    Feed.objects.filter(pk=feed.pk).update(
        failures=failures, last_error=message[:1000], last_error_at=now, checked_at=now, next_check_at=now + backoff(feed, failures)
    )
    feed.refresh_from_db()
    return PollResult(feed, "failed", error=message)


def _succeeded(feed: Feed, **fields) -> None:
    now = timezone.now()
    Feed.objects.filter(pk=feed.pk).update(
        failures=0, last_error="", checked_at=now, next_check_at=now + datetime.timedelta(minutes=feed.interval_minutes), **fields
    )
    feed.refresh_from_db()


def poll_feed(feed: Feed, *, table=None) -> PollResult:
    """Poll one feed now (if no other worker has it): its new articles are taken in and their candidates queued.

    Never raises for the network or the feed's content: a failure is recorded on the feed."""
    if not _lease(feed):
        return PollResult(feed, "busy")
    feed.refresh_from_db()
    try:
        return _poll(feed, table)
    except Exception:  # recorded, never a tight loop: the feed backs off like any failing feed
        logger.exception("Polling feed %s failed", feed.pk)
        return _failed(feed, _("Polling failed unexpectedly (the error is in the server log)."))


def _poll(feed: Feed, table) -> PollResult:
    conditional = {}
    if feed.etag:
        conditional["If-None-Match"] = feed.etag
    if feed.last_modified:
        conditional["If-Modified-Since"] = feed.last_modified
    conditional["Accept"] = "application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, */*;q=0.5"
    wait_for_host(feed.host or host_of(feed.url))
    try:
        result = fetch(feed.url, max_bytes=settings.MONITORING_FEED_MAX_BYTES, headers=conditional)
    except FetchError as error:
        return _failed(feed, f"{REASONS.get(error.reason, error.reason)} {error.detail}".strip())
    if result.status == 304:
        _succeeded(feed)
        return PollResult(feed, "unchanged")
    if not 200 <= result.status < 300:
        return _failed(feed, _("The server answered HTTP %(status)s.") % {"status": f"{result.status} {result.reason}".strip()})
    try:
        title, entries = parse(result.body, result.content_type, result.final_url)
    except NotAFeed as error:
        return _failed(feed, _("This address does not serve an RSS, Atom or JSON feed (%(detail)s).") % {"detail": str(error)[:200]})
    validators = {"etag": result.header("etag")[:500], "last_modified": result.header("last-modified")[:100]}
    if title and not feed.title:
        validators["title"] = title
    articles = candidates = 0
    table = table or intake_selectors.speaker_table()
    for entry in entries:
        if articles >= settings.MONITORING_ARTICLES_PER_POLL:
            break
        found = _take_in_entry(feed, entry, table)
        if found is not None:
            articles += 1
            candidates += found
    _succeeded(feed, **validators)
    return PollResult(feed, "new" if articles else "unchanged", articles=articles, candidates=candidates)


def _already_seen(entry) -> bool:
    query = Q(url=entry.url)
    if entry.guid:
        query |= Q(guid=entry.guid)
    return FeedArticle.objects.filter(query).exists()


def _take_in_entry(feed: Feed, entry, table) -> int | None:
    """The entry's article, fetched and taken in once: the number of its candidates, or None if seen before.

    The article row is written first (a unique address), so a second feed or worker listing it does nothing."""
    if _already_seen(entry):
        return None
    try:
        with transaction.atomic():
            article = FeedArticle.objects.create(
                url=entry.url, guid=entry.guid, feed=feed, title=entry.title, status=FeedArticle.Status.PENDING
            )
    except IntegrityError:
        return None
    wait_for_host(host_of(entry.url))
    try:
        text = intake.read_url(entry.url)
        source = intake.take_in(user=feed.followed_by, article=text, published_on=text.published_on or entry.published, outlet=feed.outlet)
    except (InvalidInput, NotAllowed) as refusal:
        FeedArticle.objects.filter(pk=article.pk).update(status=FeedArticle.Status.FAILED, failure=str(refusal.message)[:1000])
        return 0
    except Exception:  # one bad article never stops the feed's others; it is recorded, not retried
        logger.exception("Taking in %s failed", entry.url)
        FeedArticle.objects.filter(pk=article.pk).update(
            status=FeedArticle.Status.FAILED, failure=_("Taking this article in failed unexpectedly (the error is in the server log).")
        )
        return 0
    found = intake_selectors.candidates_for(source, table)
    weights = weights_in_use() if found else None
    with transaction.atomic():
        FeedArticle.objects.filter(pk=article.pk).update(status=FeedArticle.Status.TAKEN, source=source, failure="")
        created = Candidate.objects.bulk_create(_candidate(article, source, feed, item, weights) for item in found)
        repeats.enqueue_detection([candidate.pk for candidate in created if candidate.pk])
    return len(found)


def _candidate(article: FeedArticle, source, feed: Feed, item, weights) -> Candidate:
    score, why = assess(item.statement, weights)
    return Candidate(
        checkworthiness=score,
        checkworthiness_why=why,
        article=article,
        source=source,
        outlet=feed.outlet,
        statement=item.statement,
        excerpt=item.excerpt,
        start=item.start,
        end=item.end,
        language=item.language or source.language,
        form=item.form,
        speaker_id=item.speaker.id if item.speaker is not None else None,
        speaker_name=item.new_speaker[:200] if item.speaker is None else "",
        speaker_description=item.speaker_description[:300] if item.speaker is None and not item.new_speaker else "",
        said_on=item.said_on,
        said_on_precision=item.said_on_precision,
        reporting_note=item.reporting_phrase[:500],
        reporting_outlet=item.reporting_hint[:200],
    )


def poll_due(*, progress: Callable[[PollResult, int, int], None] | None = None) -> list[PollResult]:
    """Poll every feed due now, one after another (the periodic task and `manage.py poll_feeds`)."""
    feeds = list(due_feeds())
    table = intake_selectors.speaker_table() if feeds else None
    results = []
    for index, feed in enumerate(feeds, start=1):
        outcome = poll_feed(feed, table=table)
        results.append(outcome)
        if progress is not None:
            progress(outcome, index, len(feeds))
    return results
