"""Article intake: read an article (pasted, uploaded or fetched) into a Source, then create the
candidates the editor accepted as draft claims, all in one transaction.

Nothing is written until the editor clicks: reading an article creates the Source only when its
text is usable; creating claims checks every accepted row first and writes all or nothing.
"""

from __future__ import annotations

import dataclasses
import datetime
import logging
import re
from collections.abc import Mapping, Sequence
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from capture import extract as extraction
from capture.services import fetch_outcome
from claims import files
from claims.access import can_view_claim
from claims.permissions import PERM_TAKE_IN
from claims.outlets import resolve_outlet
from claims.languages import UNDETERMINED, normalise_tag
from claims.models import Claim, DatePrecision, Evidence, Source, Speaker
from claims.services import create_claim, create_source, create_speaker
from factcheck.errors import InvalidInput, NotAllowed
from factcheck.fetch import REASONS, FetchError, check_url_offline
from factcheck.text import SOURCE_TEXT_MAX, check_field, refusal_message

from .models import IntakeRequest
from .rules import rules_for
from .selectors import speaker_table
from .sentences import detect_language

logger = logging.getLogger(__name__)

AUDIT_NOTE = "from intake"
_HTML_HINT = re.compile(rb"<\s*(?:!doctype\s+html|html|head|body|article|p|div|script|title)\b", re.IGNORECASE)


def max_file_bytes() -> int:
    return int(getattr(settings, "INTAKE_MAX_FILE_BYTES", 5 * 1024 * 1024))


def check_intake_access(user) -> None:
    """Intake creates sources, speakers and draft claims: desk roles holding PERM_TAKE_IN (editors and
    chief editors, `reviews.roles`), the one rule for its pages, its services and the desk's links."""
    if not can_view_claim(user):
        raise NotAllowed(_("Only members of the fact-check desk can take in articles."), rule="desk_only")
    if not user.has_perm(PERM_TAKE_IN):
        raise NotAllowed(
            _("Your role does not allow creating claims from articles. Ask an editor to take the article in."),
            rule="role",
        )


@dataclasses.dataclass(frozen=True)
class Article:
    text: str
    title: str = ""
    url: str = ""
    published_on: datetime.date | None = None


def _usable(text: str, *, field: str, empty: str) -> str:
    """The article's text with line ends made uniform, or a refusal that says what to do instead."""
    text = (text or "").replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise InvalidInput(empty, field=field, rule="empty")
    if len(text) > SOURCE_TEXT_MAX:
        raise InvalidInput(
            _(
                "This article has %(length)s characters; intake reads at most %(limit)s. Paste only the part "
                "with the statements you want to check."
            )
            % {"length": f"{len(text):,}", "limit": f"{SOURCE_TEXT_MAX:,}"},
            field=field,
            rule="too_long",
        )
    refused = refusal_message(text)
    if refused:
        raise InvalidInput(refused, field=field, rule="text")
    return text


def read_pasted(text: str) -> Article:
    return Article(text=_usable(text, field="text", empty=_("Paste the article's text, upload a file or give its address.")))


def _from_body(body: bytes, content_type: str, charset: str, url: str, field: str) -> Article:
    is_html = content_type in extraction.HTML_TYPES - {""} or (content_type in ("", "application/octet-stream") and _HTML_HINT.search(body[:4096]))
    if is_html:
        found = extraction.extract(body, "text/html", charset, url)
        empty = _(
            "No article text was found in this page: it may hold only scripts, or need JavaScript to show "
            "its text. Copy the article's text from your browser and paste it instead."
        )
        return Article(text=_usable(found.text, field=field, empty=empty), title=found.title, url=url, published_on=found.published)
    if content_type in extraction.PDF_TYPES or body[:5] == b"%PDF-":
        raise InvalidInput(_("This is a PDF, not an article page. Attach it to a source instead."), field=field, rule="file_type")
    text = extraction.decode_html(body, charset)
    return Article(text=_usable(text, field=field, empty=_("This file has no text.")), url=url)


def read_upload(upload) -> Article:
    """An uploaded .html or .txt file: checked as attachments are (claims.files), then read."""
    try:
        body = files.check_text_upload(upload, limit=max_file_bytes())
    except ValidationError as error:
        raise InvalidInput(error.messages[0], field="upload", rule=error.code or "file") from error
    return _from_body(body, "", "", "", "upload")


def fetch_seconds() -> float:
    """The editor watches the "fetching…" page meanwhile (robots.txt and the page together): a short limit, not the captures' 60 s."""
    return float(getattr(settings, "INTAKE_FETCH_TIMEOUT", 15))


def _fetch_refusal(error: FetchError) -> InvalidInput:
    reason = REASONS.get(error.reason, error.reason)
    return InvalidInput(
        _("The page could not be fetched: %(reason)s Paste its text or upload it instead.") % {"reason": reason},
        field="url",
        rule="fetch",
    )


def read_url(url: str) -> Article:
    """Fetched through the capture machinery (factcheck.fetch: public addresses only, size and time limits).

    It takes up to `fetch_seconds()`: the desk calls it from the background task (`run_fetch`), never
    on a request's thread."""
    url = (url or "").strip()
    outcome = fetch_outcome(url, total_timeout=fetch_seconds())
    if outcome.error is not None:
        raise _fetch_refusal(outcome.error)
    result = outcome.result
    if not outcome.ok:
        raise InvalidInput(
            _("The page could not be fetched (the server answered %(status)s). Paste its text or upload it instead.")
            % {"status": outcome.gone_reason or result.status},
            field="url",
            rule="fetch",
        )
    return _from_body(result.body, result.content_type, result.charset, result.final_url or url, "url")


def guess_article_date(text: str, language: str) -> datetime.date | None:
    """A dated line near the top (『2022年12月21日: …』, "KYIV, March 12, 2026 — …"): the article's date."""
    from .dates import find_date

    rules = rules_for(language)
    if rules is None:
        from . import general

        rules = general.rules_for_article(language, text) if general.readable(language) else None
    if rules is None:
        return None
    head = text[:600]
    for pattern in rules.dates:
        match = pattern.search(head)
        if match and match.groupdict().get("year"):
            value, precision, _text = find_date(match.group(0), rules, None)
            if value is not None and precision == "day" and value <= timezone.localdate():
                return value
    return None


def _title(article: Article) -> str:
    title = article.title.strip()
    if not title:
        title = next((line.strip() for line in article.text.split("\n") if line.strip()), "")
    return title[:200] or _("Article taken in on %(day)s") % {"day": timezone.localdate().isoformat()}


def _same_article(article: Article) -> Source | None:
    """The Source this article was taken in as before: the same address, or (pasted or uploaded) the same text."""
    if article.url:
        return Source.objects.select_for_update().filter(url=article.url).first()
    return Source.objects.select_for_update().filter(url="", kind=Source.Kind.ARTICLE, text=article.text).order_by("pk").first()


@transaction.atomic
def take_in(*, user, article: Article, published_on: datetime.date | None = None, language: str = "", outlet=None) -> Source:
    """Store the article as a Source with its text, or update the Source it was taken in as before.

    Taken in again (the same address, or the same text), the same Source is returned, with the
    language the editor set this time and the text or date it lacked: never a second Source.
    The language is detected when not given; a text the detector cannot tell is stored "und".
    `outlet`: who published it, when known (a followed feed's outlet, monitoring.polling)."""
    check_intake_access(user)
    chosen = normalise_tag(language) if language else None
    if language and chosen is None:
        raise InvalidInput(_("Choose the article's language from the list."), field="language", rule="language")
    detected = "" if chosen else (detect_language(article.text) or UNDETERMINED)
    published_on = published_on or article.published_on or guess_article_date(article.text, chosen or detected)
    today = timezone.localdate()
    if published_on and published_on > today:
        raise InvalidInput(_("The article's date is in the future. Check the date."), field="published_on", rule="future")
    existing = _same_article(article)
    if existing is not None:
        return _update_taken_in(existing, article, chosen=chosen, detected=detected, published_on=published_on)
    try:
        return create_source(
            permission=PERM_TAKE_IN,
            user=user,
            title=_title(article),
            url=article.url,
            kind=Source.Kind.ARTICLE,
            language=chosen or detected,
            published_on=published_on,
            accessed_on=today if not published_on or published_on <= today else None,
            text=article.text,
            outlet=outlet,
            notes=_("Taken in through article intake."),
        )
    except ValidationError as error:
        field, messages = next(iter(error.message_dict.items())) if hasattr(error, "message_dict") else ("text", error.messages)
        raise InvalidInput(messages[0], field="text", rule="invalid") from error


def _update_taken_in(source: Source, article: Article, *, chosen: str | None, detected: str, published_on) -> Source:
    """The editor's language replaces the stored one; a detected one only fills an empty one; text and date only fill gaps."""
    changed = []
    if not source.text:
        source.text = article.text
        changed.append("text")
    language = chosen or (detected if not source.language else "")
    if language and language != source.language:
        source.language = language
        changed.append("language")
    if published_on and not source.published_on:
        source.published_on = published_on
        changed.append("published_on")
    if changed:
        source.full_clean()
        source.save(update_fields=changed)
    return source


def correct_language(*, user, source: Source, language: str) -> Source:
    """Set the language of a source taken in (the detector's guess, or an earlier choice, was wrong)."""
    check_intake_access(user)
    if not user.has_perm("claims.change_source"):
        raise NotAllowed(_("Your role does not allow changing sources."), rule="role")
    tag = normalise_tag(language or "")
    if tag is None:
        raise InvalidInput(_("Choose the article's language from the list."), field="language", rule="language")
    with transaction.atomic():
        source = Source.objects.select_for_update().get(pk=source.pk)
        if source.language != tag:
            source.language = tag
            source.save(update_fields=["language"])
    return source


# --- taking an address in, in the background ---------------------------------------------------


def request_fetch(*, user, url: str, published_on: datetime.date | None = None, language: str = "") -> IntakeRequest:
    """Record the address as a pending intake request and queue its fetch (after commit).

    A fetch can take `fetch_seconds()`; on a request thread, a few slow ones would hold every web
    worker, so the editor's page waits instead ("fetching…"). What needs no network is refused now,
    with the form: a bad address, a literal private IP, an unknown language, a future date. The same
    address asked again while its fetch is pending is the same request (a double click queues once),
    unless it is overdue (its worker was stopped mid-task, or none runs)."""
    check_intake_access(user)
    url = check_field(IntakeRequest, "url", (url or "").strip())
    try:
        check_url_offline(url)
    except FetchError as error:
        raise _fetch_refusal(error) from error
    chosen = normalise_tag(language) if language else ""
    if chosen is None:
        raise InvalidInput(_("Choose the article's language from the list."), field="language", rule="language")
    if published_on and published_on > timezone.localdate():
        raise InvalidInput(_("The article's date is in the future. Check the date."), field="published_on", rule="future")
    fields = {"requested_by": user, "url": url, "published_on": published_on, "language": chosen}
    with transaction.atomic():
        waiting = IntakeRequest.objects.filter(status=IntakeRequest.Status.PENDING, **fields).order_by("-requested_at").first()
        if waiting is not None and not overdue(waiting):  # an overdue one may never run: ask again
            return waiting
        intake = IntakeRequest.objects.create(page_language=translation.get_language() or "", **fields)
        transaction.on_commit(lambda: _enqueue(intake.pk))
    return intake


def _enqueue(request_id: int) -> None:
    from . import tasks

    try:
        tasks.fetch_article.enqueue(request_id)
    except Exception:  # a queue that is down: the editor is told at once, not left watching "fetching…"
        logger.exception("Could not queue the fetch of intake request %s", request_id)
        _finish(
            request_id,
            failure="queue",
            failure_message=_("The desk could not start fetching this page (its task queue is not available). Paste the article's text instead."),
        )


def _finish(request_id: int, **fields) -> bool:
    """Write the request's outcome once: only a pending request is finished (a task run twice changes nothing)."""
    status = IntakeRequest.Status.DONE if fields.get("source") is not None else IntakeRequest.Status.FAILED
    return bool(
        IntakeRequest.objects.filter(pk=request_id, status=IntakeRequest.Status.PENDING).update(
            status=status, finished_at=timezone.now(), **fields
        )
    )


def run_fetch(request_id: int) -> IntakeRequest | None:
    """The task body: fetch the address, take the article in (the same address is the same Source), and
    record the Source or the reason it failed, in the language of the editor's pages. Never raises."""
    intake = IntakeRequest.objects.select_related("requested_by").filter(pk=request_id).first()
    if intake is None or intake.status != IntakeRequest.Status.PENDING:
        return intake  # gone with its editor's account, or already done
    with translation.override(intake.page_language or settings.LANGUAGE_CODE):
        try:
            article = read_url(intake.url)
            source = take_in(user=intake.requested_by, article=article, published_on=intake.published_on, language=intake.language)
        except (InvalidInput, NotAllowed) as refusal:
            _finish(intake.pk, failure=refusal.rule[:30], failure_message=str(refusal.message))
        except Exception:  # never leave the editor watching "fetching…" for ever
            logger.exception("Intake request %s failed", request_id)
            _finish(
                intake.pk,
                failure="internal",
                failure_message=_("Intake failed unexpectedly while reading this page (the error is in the server log). Paste the article's text instead."),
            )
        else:
            _finish(intake.pk, source=source)
    intake.refresh_from_db()
    return intake


def overdue(intake: IntakeRequest) -> bool:
    """Still pending well past the fetch's own limit: the worker is not running, or died in the task."""
    waited = (timezone.now() - intake.requested_at).total_seconds()
    return intake.status == IntakeRequest.Status.PENDING and waited > fetch_seconds() + 30


# --- creating the accepted candidates -----------------------------------------------------------


class RowErrors(InvalidInput):
    """Some accepted rows cannot be created; `errors` maps a row's index to {field: message}."""

    def __init__(self, errors: dict[int, dict[str, str]]):
        super().__init__(_("Nothing was created: correct the marked candidates, or untick them."), rule="rows")
        self.errors = errors


def _resolve_speaker(row: Mapping[str, Any], table, created: dict[str, Speaker]) -> tuple[int | None, str, str | None]:
    """(speaker, description, error) for one row; a new name is created later, once per name."""
    name = (row.get("speaker") or "").strip()
    description = (row.get("speaker_description") or "").strip()
    if name:
        known = table.lookup(name)
        if known is not None:
            return known.id, description, None
        if row.get("new_speaker"):
            return None, description, None
        return None, description, _(
            "No speaker called “%(name)s” is recorded. Tick “add as a new speaker”, correct the name, "
            "or clear it and describe the speaker."
        ) % {"name": name}
    if description:
        return None, description, None
    return None, "", _("Name the speaker, or describe who said it (“a Ukrainian citizen”).")


def _offsets_refusal(row: Mapping[str, Any], text: str, excerpt: str) -> str:
    """Why the row's start/end do not mark its excerpt in the stored text ("" when they do or are not sent).

    The review page sends the offsets intake found (the page's script drops them once the editor edits
    the excerpt); they become the evidence's locator, so they must hold exactly the excerpt's words."""
    start, end = row.get("start"), row.get("end")
    if start is None and end is None:
        return ""
    if start is None or end is None or not 0 <= start <= end <= len(text) or text[start:end] != excerpt:
        return _(
            "The excerpt is not at the place in the article this candidate marks (characters %(start)s–%(end)s). "
            "Reload the review page and tick the candidate again."
        ) % {"start": "?" if start is None else start, "end": "?" if end is None else end}
    return ""


def _check_row(row: Mapping[str, Any], haystack: str, text: str, table, created) -> tuple[dict[str, str], int | None, str]:
    errors: dict[str, str] = {}
    if not (row.get("statement") or "").strip():
        errors["statement"] = _("The statement cannot be empty.")
    excerpt = row.get("excerpt") or ""
    if not excerpt.strip():
        errors["excerpt"] = _("Quote the exact words from the article.")
    elif not extraction.contains(haystack, excerpt):
        errors["excerpt"] = _("These words are not in the article. Copy them exactly from the article's text (mark left-out words with …).")
    else:
        misplaced = _offsets_refusal(row, text, excerpt)
        if misplaced:
            errors["excerpt"] = misplaced
    speaker, description, problem = _resolve_speaker(row, table, created)
    if problem:
        errors["speaker"] = problem
    said_on = row.get("said_on")
    if said_on and said_on > timezone.localdate():
        errors["said_on"] = _("A claim cannot have been made in the future.")
    if row.get("language") and normalise_tag(row["language"]) != row["language"]:
        errors["language"] = _("Choose the statement's language.")
    return errors, speaker, description


@transaction.atomic
def create_claims(*, user, source: Source, rows: Sequence[Mapping[str, Any]]) -> list[Claim]:
    """The accepted rows as draft claims with attribution evidence pointing at `source`, all or nothing.

    Each row: statement, form, language, speaker (a name or alias, any script) with new_speaker,
    or speaker_description; said_on and said_on_precision; excerpt (checked against the source's
    text, as captures are), start/end (its place), reporting_note. Every claim's audit entry says
    "from intake".
    """
    check_intake_access(user)
    source = Source.objects.select_for_update().get(pk=source.pk)
    if not source.text:
        raise InvalidInput(_("This source has no text to take claims from."), rule="no_text")
    if not rows:
        raise InvalidInput(_("Nothing was created: tick “create” on at least one candidate."), rule="nothing_accepted")
    haystack = extraction.normalise(source.text)
    table = speaker_table()
    errors: dict[int, dict[str, str]] = {}
    checked = []
    for index, row in enumerate(rows):
        row_errors, speaker, description = _check_row(row, haystack, source.text, table, {})
        if row_errors:
            errors[row.get("index", index)] = row_errors
        checked.append((row, speaker, description))
    if errors:
        raise RowErrors(errors)
    known = Speaker.objects.in_bulk([speaker for _row, speaker, _description in checked if speaker is not None])

    new_speakers: dict[str, Speaker] = {}
    claims = []
    for row, speaker_id, description in checked:
        speaker = known.get(speaker_id) if speaker_id is not None else None
        if speaker is None and (row.get("speaker") or "").strip():
            name = row["speaker"].strip()
            key = name.casefold()
            if key not in new_speakers:
                new_speakers[key] = create_speaker(user=user, name=name, permission=PERM_TAKE_IN)
            speaker = new_speakers[key]
        said_on = row.get("said_on")
        precision = row.get("said_on_precision") or (DatePrecision.DAY if said_on else DatePrecision.UNKNOWN)
        if said_on is None:
            precision = DatePrecision.UNKNOWN
        elif precision == DatePrecision.UNKNOWN:
            precision = DatePrecision.DAY
        reported = source.published_on
        if reported and said_on and reported < said_on:
            reported = None
        # "according to RIA Novosti": a hop of the reporting chain when the desk records that outlet
        # (claims.chains appends the article as the last hop); otherwise the words stay in the note.
        relayed = (row.get("reporting_outlet") or "").strip()
        outlet = resolve_outlet(relayed) if relayed else None
        hops = [{"outlet": outlet, "source": None, "by_speaker": False, "date": None, "wording": "", "note": ""}] if outlet else []
        note = (row.get("reporting_note") or "").strip()
        if relayed and outlet is None and relayed not in note:
            note = f"{note} ({relayed})" if note else relayed
        start, end = row.get("start"), row.get("end")
        locator = _("characters %(start)s–%(end)s") % {"start": start, "end": end} if start is not None and end is not None else ""
        try:
            claim = create_claim(
                permission=PERM_TAKE_IN,
                user=user,
                statement=row["statement"],
                language=row.get("language") or source.language or UNDETERMINED,
                form=row.get("form") or Claim.Form.PARAPHRASE,
                speaker=speaker,
                speaker_description="" if speaker is not None else description,
                said_on=said_on,
                said_on_precision=precision,
                first_reported_on=reported,
                reporting=Claim.Reporting.SECOND_HAND,
                reported_by=source,
                reporting_note=note[:500],
                hops=hops,
                evidence=[
                    {"source": source, "relation": Evidence.Relation.ATTRIBUTION, "excerpt": row["excerpt"], "locator": locator}
                ],
                audit_note=AUDIT_NOTE,
                audit_snapshot={"intake_source": source.pk},
            )
        except ValidationError as error:
            messages = error.message_dict if hasattr(error, "error_dict") else {"statement": error.messages}
            field, texts = next(iter(messages.items()))
            raise RowErrors({row.get("index", 0): {field if field in ROW_FIELDS else "statement": texts[0]}}) from error
        except InvalidInput as error:  # a refused reporting chain
            raise RowErrors({row.get("index", 0): {"reporting_outlet": error.message}}) from error
        claims.append(claim)
    return claims


ROW_FIELDS = ("statement", "excerpt", "speaker", "speaker_description", "said_on", "said_on_precision", "language", "form", "reporting_note", "reporting_outlet")
