"""What the public may read. Every public view, feed and export starts from these querysets,
so "nothing that is not published is reachable" is decided in one place."""

import datetime
from dataclasses import dataclass, field

from django.db.models import BooleanField, Case, CharField, Count, F, Prefetch, Q, QuerySet, Value, When
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from claims import chains, counters
from claims.models import Appearance, Claim, Evidence, Speaker
from reviews.models import Correction, Resolution
from reviews.selectors import resolution_due_q
from claims.access import PUBLIC_CLAIM
# States whose verdict still stands (claims.states): they appear in feeds, exports and ClaimReview markup.
from claims.states import PUBLIC_STATES, STANDING_STATES, State  # noqa: F401


def public_claims() -> QuerySet[Claim]:
    """Published, corrected and retracted claims, with what a list row shows."""
    return (
        Claim.objects.filter(PUBLIC_CLAIM)
        .select_related("speaker", "current_verdict__rating__scale")
        .prefetch_related("tags", "speaker__roles")
        # NULLS LAST (public claims all have a date): the order the API's cursors follow, so the
        # index page and the API walk one partial index (claim_public_published_idx).
        .order_by(F("published_at").desc(nulls_last=True), "-id")
    )


def standing_claims() -> QuerySet[Claim]:
    """Public claims whose verdict still stands (not retracted)."""
    return public_claims().filter(state__in=STANDING_STATES)


def last_public_change() -> tuple:
    """(latest change, count) of public claims: every publish, correction or retraction moves it.

    Read without touching the archive (`claims.counters.latest_change`; a MAX/COUNT over every public
    claim was a scan: ~170 ms at 100k, linear in the archive).
    """
    return counters.latest_change(PUBLIC_STATES)


def with_page_data(queryset: QuerySet[Claim]) -> QuerySet[Claim]:
    """Everything a fact-check page or its ClaimReview reads, in a fixed number of queries."""
    return queryset.select_related("reported_by", "event", "speaker__affiliation", "current_resolution__source").prefetch_related(
        "speaker__identifiers",
        chains.hops_prefetch(),
        Prefetch("evidence", queryset=Evidence.objects.select_related("source").order_by("relation", "id")),
        Prefetch("appearances", queryset=Appearance.objects.select_related("outlet", "speaker")),
        Prefetch(
            "corrections",
            queryset=Correction.objects.select_related("verdict__rating", "previous_verdict__rating").prefetch_related(
                "verdict__evidence", "previous_verdict__evidence"
            ),
        ),
    )


def get_public_claim(pk: int) -> Claim:
    """The claim if the public may read it; 404 otherwise, so unpublished claims do not leak."""
    claim = with_page_data(public_claims()).filter(pk=pk).first()
    if claim is None:
        raise Http404(_("There is no published fact-check at this address."))
    return claim


def public_merge_target(pk: int) -> Claim | None:
    """The public claim a merged duplicate now lives in, so its old address keeps working.

    None when `pk` was not merged, or when the kept claim is not public (then the address is a
    plain 404, like any unpublished claim: a redirect would reveal that the kept claim exists).
    """
    merged_into = Claim.objects.filter(pk=pk).values_list("merged_into_id", flat=True).first()
    if not merged_into:
        return None
    from claims.relations import resolve_merged

    kept = resolve_merged(Claim.objects.get(pk=pk))
    return kept if Claim.objects.filter(PUBLIC_CLAIM, pk=kept.pk).exists() else None


def get_public_speaker(pk: int) -> Speaker:
    """A speaker with at least one public fact-check; others are not public."""
    speaker = (
        Speaker.objects.filter(pk=pk, claims__state__in=PUBLIC_STATES, claims__current_verdict__isnull=False)
        .prefetch_related("identifiers", "roles", "aliases")
        .distinct()
        .first()
    )
    if speaker is None:
        raise Http404(_("There is no speaker with published fact-checks at this address."))
    return speaker


def _overdue_q() -> Q:
    """Past its resolution date (before today) and not resolved for good: `reviews.selectors.resolution_due_q`
    as of yesterday."""
    return resolution_due_q(timezone.localdate() - datetime.timedelta(days=1))


# A prediction's or promise's status, as the public list, its fact-check page and the API say it.
PROMISE_STATUSES = ("overdue", "tracked", *Resolution.Outcome.values)


def promise_status() -> Case:
    """The one definition of a promise's status, as an expression: "overdue" once its date has passed and it is
    not resolved for good (`_overdue_q`: no outcome yet, or "not yet"), else its resolution's outcome, else
    "tracked" (its date has not come)."""
    return Case(
        When(_overdue_q(), then=Value("overdue")),
        When(current_resolution__isnull=False, then=F("current_resolution__outcome")),
        default=Value("tracked"),
        output_field=CharField(),
    )


def public_promises() -> QuerySet[Claim]:
    """Predictions and promises with a standing fact-check, and how each resolved: soonest due first,
    then the resolved ones (most recent resolution first), each with its `promise_status` (and `overdue`
    as a flag, for the list's row style)."""
    return (
        standing_claims()
        .filter(kind__in=[Claim.Kind.PREDICTION, Claim.Kind.PROMISE])
        .select_related("current_resolution")
        .annotate(promise_status=promise_status())
        .annotate(overdue=Case(When(promise_status="overdue", then=Value(True)), default=Value(False), output_field=BooleanField()))
        .order_by(F("resolution_due").asc(nulls_last=True), "-id")
    )


def resolution_overdue(claim: Claim) -> bool:
    """Whether a public prediction or promise is past its resolution date unresolved (the public list's rule)."""
    return bool(claim.resolves and claim.resolution_due) and (
        Claim.objects.filter(pk=claim.pk).annotate(status=promise_status()).filter(status="overdue").exists()
    )


def public_corrections(kind: str | None = None) -> QuerySet[Correction]:
    """Every update, correction and retraction on a public fact-check (or those of one `kind`), newest first."""
    queryset = Correction.objects.filter(kind=kind) if kind else Correction.objects.all()
    return (
        queryset.filter(claim__state__in=PUBLIC_STATES)
        .select_related("claim__speaker", "claim__current_verdict", "verdict__rating", "previous_verdict__rating")
        .order_by("-created_at", "-id")
    )


def public_relations(claim: Claim) -> dict:
    """What a reader sees of a fact-check's relations.

    “Also said by”: who else repeated this claim and when, once the desk has published a fact-check
    of the repeat (linked). A relation to an unpublished claim stays in the desk: the public page,
    its ClaimReview and the API show only what `claims.access.PUBLIC_CLAIM` lets readers see.
    “Earlier fact-check of this claim”: the published fact-check this claim repeats.
    """
    from claims.access import PUBLIC_CLAIM
    from claims.models import ClaimRelation

    # The few related ids first (one lookup on both columns' indexes), then which of them are public by primary key:
    # an OR of two IN-subqueries made PostgreSQL scan every published claim (130 ms at 100k).
    pairs = ClaimRelation.objects.filter(Q(other=claim) | Q(claim=claim)).values_list("claim_id", "other_id")
    linked = {pk for pair in pairs for pk in pair} - {claim.pk}
    if not linked:  # most fact-checks: nothing more to read
        return {"also_said": [], "earlier": [], "related": []}
    public_ids = set(Claim.objects.filter(PUBLIC_CLAIM, merged_into__isnull=True, pk__in=linked).order_by().values_list("pk", flat=True))
    repeats = ClaimRelation.objects.filter(other=claim, kind=ClaimRelation.Kind.REPEAT, claim_id__in=public_ids).select_related("claim__speaker", "claim__current_verdict")
    earlier = ClaimRelation.objects.filter(claim=claim, kind=ClaimRelation.Kind.REPEAT, other_id__in=public_ids).select_related("other__speaker", "other__current_verdict")
    related = ClaimRelation.objects.filter(claim=claim, kind=ClaimRelation.Kind.RELATED, other_id__in=public_ids).select_related("other__speaker")
    return {
        "also_said": [r.claim for r in repeats],
        "earlier": [r.other for r in earlier],
        "related": [r.other for r in related],
    }


TIMELINE_MAX = 100  # the timeline shows the latest fact-checks; the paged list below has them all


def speaker_rating_summary(speaker: Speaker) -> list[dict]:
    """How the speaker's public fact-checks rate now: one row per rating (truest first), retractions last.

    The public page shows the verdicts readers can read today; the desk's analytics count the
    rating as it was when given (`analytics.figures`).
    """
    # One grouped query for the standing verdicts and the retractions (a retraction counts under its state,
    # whatever rating it withdrew).
    rows = (
        Claim.objects.filter(PUBLIC_CLAIM, speaker=speaker)
        .order_by()
        .values("state", "current_verdict__rating__label", "current_verdict__rating__value")
        .annotate(n=Count("pk"))
    )
    standing: dict = {}
    retracted = 0
    for r in rows:
        if r["state"] == State.RETRACTED:
            retracted += r["n"]
        else:
            key = (r["current_verdict__rating__label"], r["current_verdict__rating__value"])
            standing[key] = standing.get(key, 0) + r["n"]
    found = sorted(
        ({"rating": label, "value": value, "count": n} for (label, value), n in standing.items()),
        key=lambda r: (r["value"] is None, -(r["value"] or 0), r["rating"]),
    )
    if retracted:
        found.append({"rating": str(State.RETRACTED.label), "value": None, "count": retracted})
    return found


def speaker_timeline(speaker: Speaker) -> list[dict]:
    """The speaker's latest public fact-checks by the date said (else the date published), oldest first.

    Plain rows (one query, no model instances): a speaker may have thousands of fact-checks.
    """
    rows = (
        Claim.objects.filter(PUBLIC_CLAIM, speaker=speaker)
        .order_by("-published_at", "-id")
        .values("pk", "state", "statement", "said_on", "published_at", "current_verdict__rating__label")[:TIMELINE_MAX]
    )
    points = [
        {
            "date": row["said_on"] or timezone.localtime(row["published_at"]).date(),
            "rating": str(State.RETRACTED.label) if row["state"] == State.RETRACTED else row["current_verdict__rating__label"],
            "statement": row["statement"],
            "pk": row["pk"],
        }
        for row in rows
    ]
    return sorted(points, key=lambda p: (p["date"], p["pk"]))
# --- versions: the published one, then one per update or correction ------------------------------


@dataclass
class Version:
    """One version of a public fact-check as readers saw it, at `/fact-checks/<id>/versions/<number>/`."""

    number: int
    kind: str  # "published", "update" or "correction"
    date: object
    verdict: object
    note: str = ""
    previous: object = None
    added_sources: list = field(default_factory=list)
    is_current: bool = False

    @property
    def rating_changed(self) -> bool:
        return self.previous is not None and self.previous.rating_id != self.verdict.rating_id

    @property
    def explanation_changed(self) -> bool:
        return self.previous is not None and (self.previous.explanation, self.previous.summary) != (
            self.verdict.explanation,
            self.verdict.summary,
        )


CHANGE_KINDS = (Correction.Kind.UPDATE, Correction.Kind.CORRECTION)


def version_changes(claim: Claim) -> list[Correction]:
    """The updates and corrections that made versions 2, 3, … of a fact-check, oldest first
    (reads the claim's prefetched corrections: no query of its own)."""
    return sorted((c for c in claim.corrections.all() if c.kind in CHANGE_KINDS and c.verdict_id), key=lambda c: (c.created_at, c.pk))


def version_list(claim: Claim) -> list[dict]:
    """The versions as plain data (number, kind, date, note, verdict id), for the API and feeds."""
    changes = version_changes(claim)
    first = changes[0].previous_verdict_id if changes else claim.current_verdict_id
    rows = [{"number": 1, "kind": "published", "date": claim.published_at, "note": "", "verdict": first}]
    rows += [
        {"number": n, "kind": c.kind, "date": c.created_at, "note": c.note, "verdict": c.verdict_id}
        for n, c in enumerate(changes, start=2)
    ]
    return rows


def versions_of(claim: Claim) -> list[Version]:
    """Every version of a public fact-check, oldest first (the claim from `get_public_claim`:
    its corrections are prefetched). Version 1 is the verdict first published; each update or
    correction put a new verdict in force and keeps the one before readable."""
    changes = version_changes(claim)
    first = changes[0].previous_verdict if changes else claim.current_verdict
    versions = [Version(1, "published", claim.published_at, first)]
    for number, change in enumerate(changes, start=2):
        before = {e.source_id for e in change.previous_verdict.evidence.all()} if change.previous_verdict else set()
        added = sorted({e.source_id for e in change.verdict.evidence.all()} - before)
        versions.append(
            Version(number, change.kind, change.created_at, change.verdict, change.note, change.previous_verdict, added)
        )
    versions[-1].is_current = True
    return versions


def get_public_version(claim: Claim, number: int) -> Version:
    """Version `number` of a public fact-check, or 404."""
    versions = versions_of(claim)
    if not 1 <= number <= len(versions):
        raise Http404(_("This fact-check has no version with that number."))
    return versions[number - 1]
