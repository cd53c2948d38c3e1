"""Polling followed feeds: each due feed through the safe fetcher (conditional GET), each new article
taken in once by intake (its text and its candidates), failures recorded with a back-off.

Every fetch goes through `factcheck.fetch` (feeds) or `intake.services.read_url` (articles, which uses
capture's fetch with robots.txt). No two fetches to one host within `MONITORING_HOST_INTERVAL` seconds,
whichever worker makes them (`HostVisit` holds each host's last slot), and no worker ever sleeps for a host:
hosts are taken in turn (round-robin), and a feed or article whose host is not due yet stays due or pending
for the next run (the task enqueues one for when the first host is due). Feeds and pending articles are leased
before they are fetched, so two workers never fetch one together, and a worker that dies mid-fetch leaves it
due again after the lease.
"""

from __future__ import annotations

import dataclasses
import datetime
import logging
from collections.abc import Callable
from urllib.parse import urlsplit

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from claims.models import Outlet
from factcheck import polled
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

LEASE = polled.LEASE


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


def book_host(host: str) -> bool:
    """Take `host`'s slot now if its last fetch was at least `MONITORING_HOST_INTERVAL` ago; False when it is not due yet.

    Never waits: a busy host's work is left for a later pass or run, so one slow host never holds the worker
    (and the other hosts' feeds) asleep. One conditional UPDATE, so two workers never both get the slot."""
    interval = settings.MONITORING_HOST_INTERVAL
    if interval <= 0:
        return True
    now = timezone.now()
    if HostVisit.objects.filter(host=host, fetched_at__lte=now - datetime.timedelta(seconds=interval)).update(fetched_at=now):
        return True
    if HostVisit.objects.filter(host=host).exists():
        return False
    try:
        with transaction.atomic():
            HostVisit.objects.create(host=host, fetched_at=now)
    except IntegrityError:  # booked by another worker meanwhile
        return False
    return True


def host_free_at(hosts) -> datetime.datetime | None:
    """When the first of `hosts` is due again (None when one is due now or none was visited)."""
    if settings.MONITORING_HOST_INTERVAL <= 0:
        return None
    last = HostVisit.objects.filter(host__in=list(hosts)).order_by("fetched_at").values_list("fetched_at", flat=True).first()
    if last is None:
        return None
    return last + datetime.timedelta(seconds=settings.MONITORING_HOST_INTERVAL)


@dataclasses.dataclass
class PollResult:
    feed: Feed
    status: str  # "new" | "unchanged" | "failed" | "busy" (another worker has it) | "deferred" (its host is not due yet)
    articles: int = 0
    candidates: int = 0
    error: str = ""


def _failed(feed: Feed, message: str) -> PollResult:
    polled.record_failure(feed, message)
    return PollResult(feed, "failed", error=message)


def poll_feed(feed: Feed, *, table=None, take_in: bool = True) -> PollResult:
    """Poll one feed now (if no other worker has it and its host is due): its new articles are recorded as pending
    and, with `take_in`, taken in at once as far as their hosts are due (the rest by `take_in_pending` later).

    Never raises for the network or the feed's content: a failure is recorded on the feed."""
    if not polled.lease(feed):
        return PollResult(feed, "busy")
    if not book_host(feed.host or host_of(feed.url)):
        Feed.objects.filter(pk=feed.pk).update(next_check_at=timezone.now())  # still due: the next pass or run takes it
        return PollResult(feed, "deferred")
    feed.refresh_from_db()
    try:
        result = _poll(feed)
    except Exception:  # recorded, never a tight loop: the feed backs off like any failing feed
        logger.exception("Polling feed %s failed", feed.pk)
        return _failed(feed, _("Polling failed unexpectedly (the error is in the server log)."))
    if take_in and result.status == "new":
        taken = take_in_pending(feed=feed, table=table)
        result.articles, result.candidates = taken.articles, taken.candidates
    return result


def _poll(feed: Feed) -> PollResult:
    """Fetch and parse the feed; its unseen entries are recorded as pending articles (fetched later, once each)."""
    conditional = {}
    if feed.etag:
        conditional["If-None-Match"] = feed.etag
    if feed.last_modified:
        conditional["If-Modified-Since"] = feed.last_modified
    conditional["Accept"] = "application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, */*;q=0.5"
    try:
        result = fetch(feed.url, max_bytes=settings.MONITORING_FEED_MAX_BYTES, headers=conditional)
    except FetchError as error:
        return _failed(feed, f"{REASONS.get(error.reason, error.reason)} {error.detail}".strip())
    if result.status == 304:
        polled.record_success(feed)
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
    recorded = 0
    for entry in entries:
        if recorded >= settings.MONITORING_ARTICLES_PER_POLL:
            break
        recorded += _record_entry(feed, entry)
    polled.record_success(feed, **validators)
    return PollResult(feed, "new" if recorded else "unchanged", articles=recorded)


def _already_seen(entry) -> bool:
    query = Q(url=entry.url)
    if entry.guid:
        query |= Q(guid=entry.guid)
    return FeedArticle.objects.filter(query).exists()


def _record_entry(feed: Feed, entry) -> int:
    """1 when the entry is new: its article row is written (a unique address, so a second feed or worker
    listing it does nothing) as pending, to be fetched and taken in once."""
    if _already_seen(entry):
        return 0
    try:
        with transaction.atomic():
            FeedArticle.objects.create(
                url=entry.url, guid=entry.guid, feed=feed, title=entry.title, published_on=entry.published, status=FeedArticle.Status.PENDING
            )
    except IntegrityError:
        return 0
    return 1


@dataclasses.dataclass
class TakeInResult:
    articles: int = 0
    candidates: int = 0
    left: int = 0  # pending articles whose host was not due: taken by a later run
    by_feed: dict = dataclasses.field(default_factory=dict)  # feed id -> [articles, candidates]
    free_at: datetime.datetime | None = None


def _claim(article_id: int) -> bool:
    """Lease a pending article for this worker (a conditional UPDATE): False when another worker has it."""
    now = timezone.now()
    return bool(
        FeedArticle.objects.filter(pk=article_id, status=FeedArticle.Status.PENDING)
        .filter(Q(leased_until__isnull=True) | Q(leased_until__lt=now))
        .update(leased_until=now + LEASE)
    )


def take_in_pending(*, feed: Feed | None = None, table=None) -> TakeInResult:
    """Fetch and take in the pending articles, one host after another (round-robin), never waiting for a host.

    A pass gives each host with pending articles one fetch if it is due; passes go on while some host was due.
    What is left (hosts not due yet) stays pending for the next run: nothing is slept on, nothing fetched twice
    (each article is leased, and a worker that dies mid-fetch leaves it pending again after the lease)."""
    pending = FeedArticle.objects.filter(status=FeedArticle.Status.PENDING).filter(
        Q(leased_until__isnull=True) | Q(leased_until__lt=timezone.now())
    )
    if feed is not None:
        pending = pending.filter(feed=feed)
    queues: dict[str, list] = {}
    for row in pending.order_by("found_at", "pk").values("pk", "url", "feed_id"):
        queues.setdefault(host_of(row["url"]), []).append(row)
    for queue in queues.values():
        queue.reverse()  # pop() takes the oldest
    outcome = TakeInResult()
    feeds: dict[int, Feed] = {}
    while queues:
        progressed = False
        for host in list(queues):
            queue = queues[host]
            row = queue[-1]
            if not _claim(row["pk"]):
                queue.pop()  # taken by another worker
                progressed = True
            elif not book_host(host):
                FeedArticle.objects.filter(pk=row["pk"]).update(leased_until=None)
                continue
            else:
                queue.pop()
                progressed = True
                if table is None:
                    table = intake_selectors.speaker_table()
                if row["feed_id"] not in feeds:
                    feeds[row["feed_id"]] = feed if feed is not None else Feed.objects.select_related("outlet", "followed_by").get(pk=row["feed_id"])
                found = _take_in(FeedArticle.objects.get(pk=row["pk"]), feeds[row["feed_id"]], table)
                outcome.articles += 1
                outcome.candidates += found
                counts = outcome.by_feed.setdefault(row["feed_id"], [0, 0])
                counts[0] += 1
                counts[1] += found
            if not queue:
                del queues[host]
        if not progressed:
            break
    outcome.left = sum(len(queue) for queue in queues.values())
    if outcome.left:
        outcome.free_at = host_free_at(queues)
    return outcome


def _take_in(article: FeedArticle, feed: Feed, table) -> int:
    """The article fetched and taken in: the number of its candidates (0 when it failed, recorded on it)."""
    try:
        text = intake.read_url(article.url)
        source = intake.take_in(user=feed.followed_by, article=text, published_on=text.published_on or article.published_on, outlet=feed.outlet)
    except (InvalidInput, NotAllowed) as refusal:
        FeedArticle.objects.filter(pk=article.pk).update(status=FeedArticle.Status.FAILED, failure=str(refusal.message)[:1000])
        return 0
    except Exception:  # one bad article never stops the feed's others; it is recorded, not retried
        logger.exception("Taking in %s failed", article.url)
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


def _by_host(feeds: list[Feed]) -> list[Feed]:
    """Feeds interleaved host by host (one of each host, then the next of each): a host with many feeds
    never delays the others'."""
    queues: dict[str, list[Feed]] = {}
    for feed in feeds:
        queues.setdefault(feed.host or host_of(feed.url), []).append(feed)
    ordered = []
    for rank in range(max((len(queue) for queue in queues.values()), default=0)):
        ordered.extend(queue[rank] for queue in queues.values() if rank < len(queue))
    return ordered


@dataclasses.dataclass
class PollRun:
    results: list[PollResult]
    taken: TakeInResult
    left: int = 0  # feeds and articles whose host was not due: for the next run
    free_at: datetime.datetime | None = None  # when the first of their hosts is due


def poll_due(*, progress: Callable[[PollResult, int, int], None] | None = None) -> list[PollResult]:
    """Poll every feed due now, hosts interleaved, then take in their new articles (the periodic task and
    `manage.py poll_feeds`). A feed or article whose host is not due yet is left for the next run, never slept on."""
    return poll_due_run(progress=progress).results


def poll_due_run(*, progress: Callable[[PollResult, int, int], None] | None = None) -> PollRun:
    feeds = _by_host(list(due_feeds()))
    table = intake_selectors.speaker_table() if feeds else None
    results = [poll_feed(feed, table=table, take_in=False) for feed in feeds]
    taken = take_in_pending(table=table)
    for index, outcome in enumerate(results, start=1):
        if outcome.status == "new":
            outcome.articles, outcome.candidates = taken.by_feed.get(outcome.feed.pk, (0, 0))
        if progress is not None:
            progress(outcome, index, len(results))
    deferred = {outcome.feed.host or host_of(outcome.feed.url) for outcome in results if outcome.status == "deferred"}
    run = PollRun(results, taken, left=taken.left + len(deferred))
    if deferred:
        run.free_at = host_free_at(deferred)
        if taken.free_at is not None:
            run.free_at = min(run.free_at, taken.free_at) if run.free_at else taken.free_at
    else:
        run.free_at = taken.free_at
    return run
