"""Capturing sources: queue a capture, run it, re-check a watched page. Every failure is recorded, never raised.

A capture is written once: created pending, filled by a conditional UPDATE on
`status=pending` when the fetch ends (so a task run twice does nothing twice),
never edited afterwards. Fetching goes through `factcheck.fetch` only.
"""

from __future__ import annotations

import dataclasses
import datetime
import logging
import time
import uuid
from urllib.parse import quote, urlsplit
from urllib.robotparser import RobotFileParser

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from claims.models import Source
from claims.states import OPEN_STATES, State
from factcheck.errors import InvalidInput
from factcheck.fetch import FetchError, FetchResult, fetch, user_agent

from . import extract as extraction
from .models import Capture, SourceWatch
from .signals import source_changed

logger = logging.getLogger(__name__)

# Failures that are not the fetcher's (its own reasons are factcheck.fetch.REASONS).
FAILURES = {
    "http_status": _("The server answered with an error status."),
    "gone": _("The page is gone (404/410, unknown host, or a redirect to the home page)."),
    "robots": _("robots.txt disallows this page and the desk is set to obey it."),
    "offline": _("Offline source: there is no URL to capture."),
    "internal": _("The capture failed unexpectedly; the error is in the server log."),
}
# Claims whose sources the watch re-fetches: every open claim and every published one.
WATCHED_STATES = frozenset(OPEN_STATES | {State.PUBLISHED, State.CORRECTED})


@dataclasses.dataclass
class Outcome:
    result: FetchResult | None = None
    error: FetchError | None = None
    extracted: extraction.Extracted | None = None
    robots: str = ""
    gone_reason: str = ""

    @property
    def ok(self) -> bool:
        return self.result is not None and 200 <= self.result.status < 300 and not self.gone_reason

    @property
    def content_hash(self) -> str:
        if not self.ok:
            return ""
        text = self.extracted.text if self.extracted else ""
        return extraction.sha256(text) if text else extraction.sha256(self.result.body)


def request_capture(source: Source, *, trigger: str = Capture.Trigger.DEMAND, user=None, enqueue: bool = True) -> Capture:
    """Queue a capture of the source's URL (after commit); a capture already waiting is reused.

    `enqueue=False` only records it, for a caller that runs it itself (the bulk command)."""
    if not source.url:
        raise InvalidInput(FAILURES["offline"], field="url", rule="offline_source")
    waiting = Capture.objects.filter(source=source, url=source.url, status=Capture.Status.PENDING).first()
    if waiting is not None:
        return waiting
    capture = Capture.objects.create(source=source, url=source.url, trigger=trigger, requested_by=user)
    if enqueue:
        _enqueue("capture_source", capture.pk)
    return capture


def _enqueue(task_name: str, *args) -> None:
    def send():
        from . import tasks

        try:
            getattr(tasks, task_name).enqueue(*args)
        except Exception:  # a queue that is down never loses the save; the capture stays "capturing…"
            logger.exception("Could not queue %s%r", task_name, args)

    transaction.on_commit(send)


def robots_verdict(url: str, *, total_timeout: float = 10) -> str:
    """"allowed", "disallowed" or "unknown" for the desk's user agent (reported; obeyed only if set)."""
    parts = urlsplit(url)
    try:
        answer = fetch(f"{parts.scheme}://{parts.netloc}/robots.txt", max_bytes=512 * 1024, total_timeout=total_timeout)
    except FetchError:
        return "unknown"
    if answer.status in (404, 410):
        return "allowed"
    if answer.status >= 400:
        return "unknown"
    parser = RobotFileParser()
    parser.parse(extraction.decode_html(answer.body, answer.charset).splitlines())
    return "allowed" if parser.can_fetch(user_agent(), url) else "disallowed"


def _gone_reason(url: str, result: FetchResult | None, error: FetchError | None) -> str:
    if error is not None:
        return "DNS: " + error.detail[:200] if error.reason == "dns" else ""
    if result.status in (404, 410):
        return f"HTTP {result.status}"
    asked, final = urlsplit(url), urlsplit(result.final_url)
    if result.hops and final.path in ("", "/") and asked.path not in ("", "/") and not final.query:
        return "redirected to the home page"
    return ""


def fetch_outcome(url: str, *, total_timeout: float | None = None) -> Outcome:
    """Ask robots.txt, then fetch the page; `total_timeout` (seconds) bounds both together when given."""
    started = time.monotonic()
    robots = ""
    if settings.CAPTURE_ROBOTS != "ignore":
        robots = robots_verdict(url, total_timeout=min(10, total_timeout or 10))
        if robots == "disallowed" and settings.CAPTURE_ROBOTS == "obey":
            return Outcome(error=FetchError("robots", "robots.txt", url=url), robots=robots)
    left = None if total_timeout is None else total_timeout - (time.monotonic() - started)
    try:
        if left is not None and left <= 0:
            raise FetchError("timeout", "total time limit", url=url)
        result = fetch(url, total_timeout=left)
    except FetchError as error:
        return Outcome(error=error, robots=robots, gone_reason=_gone_reason(url, None, error))
    outcome = Outcome(result=result, robots=robots, gone_reason=_gone_reason(url, result, None))
    if outcome.ok:
        outcome.extracted = extraction.extract(result.body, result.content_type, result.charset, result.final_url)
    return outcome


def _store_warc(result: FetchResult) -> str:
    from .warc import build_warc

    name = f"captures/{result.fetched_at:%Y/%m}/{uuid.uuid4().hex}.warc.gz"
    return default_storage.save(name, ContentFile(build_warc(result)))


def _fields(outcome: Outcome, previous: Capture | None) -> dict:
    now = timezone.now()
    fields = {"captured_at": now, "robots": outcome.robots, "gone": bool(outcome.gone_reason)}
    result, error = outcome.result, outcome.error
    if result is not None:
        fields.update(
            final_url=result.final_url[:2000],
            http_status=result.status,
            content_type=result.content_type[:200],
            size=len(result.body),
            body_sha256=extraction.sha256(result.body),
            warc=_store_warc(result),
        )
    if outcome.ok:
        extracted = outcome.extracted
        fields.update(
            status=Capture.Status.DONE,
            title=extracted.title,
            text=extracted.text,
            text_sha256=extraction.sha256(extracted.text) if extracted.text else "",
            published_hint=extracted.published,
            failure_detail=extracted.note,
            changed=previous is not None and previous.content_hash != outcome.content_hash,
        )
        if settings.CAPTURE_SAVE_PAGE_NOW:
            fields["public_archive_url"] = save_page_now(result.final_url)
    elif error is not None:
        fields.update(status=Capture.Status.FAILED, failure=error.reason, failure_detail=error.detail[:500])
    else:
        fields.update(
            status=Capture.Status.FAILED,
            failure="gone" if outcome.gone_reason else "http_status",
            failure_detail=(outcome.gone_reason or f"HTTP {result.status} {result.reason}")[:500],
        )
    return fields


def latest_done(source_id: int) -> Capture | None:
    return (
        Capture.objects.filter(source_id=source_id, status=Capture.Status.DONE).order_by("-captured_at", "-id").first()
    )


def run_capture(capture_id: int) -> Capture:
    """The task body: fetch, extract, store. A capture that is no longer pending is left alone."""
    capture = Capture.objects.get(pk=capture_id)
    if capture.status != Capture.Status.PENDING:
        return capture
    previous = latest_done(capture.source_id)
    try:
        outcome = fetch_outcome(capture.url)
        fields = _fields(outcome, previous)
    except Exception as exc:  # never leave a capture "capturing…" forever
        logger.exception("Capture %s failed", capture_id)
        outcome = Outcome()
        fields = {
            "captured_at": timezone.now(),
            "status": Capture.Status.FAILED,
            "failure": "internal",
            "failure_detail": type(exc).__name__,
        }
    with transaction.atomic():
        Capture.objects.filter(pk=capture.pk, status=Capture.Status.PENDING).update(**fields)
        watch, _created = SourceWatch.objects.get_or_create(source_id=capture.source_id)
        _note_on_watch(watch, outcome, changed=fields.get("changed", False), first=previous is None)
        watch.save()
    return Capture.objects.get(pk=capture.pk)


def _note_on_watch(watch: SourceWatch, outcome: Outcome, *, changed: bool, first: bool) -> None:
    if outcome.gone_reason:
        if watch.gone_on is None:
            watch.gone_on = timezone.localdate()
        watch.gone_reason = outcome.gone_reason[:300]
        watch.last_error = ""
        watch.schedule(changed=False)
    elif outcome.ok:
        watch.gone_on = None
        watch.gone_reason = ""
        watch.last_error = ""
        watch.schedule(changed=changed or first)
    else:
        watch.last_error = (outcome.error.message if outcome.error else f"HTTP {outcome.result.status}")[:500]
        watch.schedule(changed=False)


def recheck_source(source_id: int) -> Capture | None:
    """The watch's task: re-fetch; a new capture only if the text changed or the page went; else back off."""
    source = Source.objects.get(pk=source_id)
    if not source.url:
        return None
    previous = latest_done(source.pk)
    try:
        outcome = fetch_outcome(source.url)
    except Exception:  # an extraction bug must not stop the watch: note it and try again next time
        logger.exception("Re-check of source %s failed", source_id)
        outcome = Outcome(error=FetchError("internal", "see the server log", url=source.url))
    with transaction.atomic():
        watch, _created = SourceWatch.objects.select_for_update().get_or_create(source=source)
        was_gone = watch.gone_on is not None
        changed = previous is not None and outcome.ok and previous.content_hash != outcome.content_hash
        new_capture = None
        kind = ""
        if (outcome.gone_reason and not was_gone) or (outcome.ok and (previous is None or changed or was_gone)):
            new_capture = Capture.objects.create(
                source=source, url=source.url, trigger=Capture.Trigger.WATCH, **_fields(outcome, previous)
            )
            kind = "gone" if outcome.gone_reason else ("changed" if changed else "")
        _note_on_watch(watch, outcome, changed=changed, first=previous is None)
        watch.save()
        if kind and previous is not None:
            capture_id, previous_id = new_capture.pk, previous.pk
            transaction.on_commit(
                lambda: source_changed.send_robust(
                    sender=Capture, capture_id=capture_id, previous_id=previous_id, kind=kind
                )
            )
    return new_capture


def due_source_ids(now: datetime.datetime | None = None) -> list[int]:
    now = now or timezone.now()
    cited = Q(evidence__claim__state__in=WATCHED_STATES) | Q(reported_claims__state__in=WATCHED_STATES)
    return list(
        Source.objects.exclude(url="")
        .filter(cited)
        .filter(Q(watch__isnull=True) | Q(watch__next_check_at__lte=now))
        .values_list("pk", flat=True)
        .distinct()
        .order_by("pk")
    )


def enqueue_due_rechecks(now: datetime.datetime | None = None) -> int:
    """Queue a re-check of every due source. Each is leased first, so running this twice queues nothing twice."""
    now = now or timezone.now()
    lease = now + datetime.timedelta(hours=settings.CAPTURE_WATCH_LEASE_HOURS)
    queued = 0
    for source_id in due_source_ids(now):
        with transaction.atomic():
            SourceWatch.objects.get_or_create(source_id=source_id, defaults={"next_check_at": now})
            if SourceWatch.objects.filter(source_id=source_id, next_check_at__lte=now).update(next_check_at=lease):
                _enqueue("recheck_source", source_id)
                queued += 1
    return queued


def save_page_now(url: str) -> str:
    """Ask the Internet Archive for a public copy (CAPTURE_SAVE_PAGE_NOW; off by default, never in tests)."""
    try:
        answer = fetch("https://web.archive.org/save/" + quote(url, safe=":/?&=%#"), max_bytes=2 * 1024 * 1024)
    except FetchError:
        return ""
    final = answer.final_url
    return final if answer.status < 400 and "web.archive.org/web/" in final else ""
