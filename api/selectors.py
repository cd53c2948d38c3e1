"""What the API shows to whom: the public sees only published fact-checks, the desk sees everything.

One place decides it, so every endpoint (claims, speakers, sources, verdicts,
corrections) hides the same things from the same people, and the public API
shows exactly what the public site shows (`publishing.selectors.public_claims`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Exists, OuterRef, Prefetch, QuerySet

from claims.models import Claim, Evidence, Source, Speaker, ReportingHop
from publishing.selectors import public_claims
from reviews.models import Correction, Verdict
from claims.access import can_view_claim, public_sources

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser, User


def is_desk(user: User | AnonymousUser) -> bool:
    """Desk members (any role) read everything; everyone else is a public reader."""
    return can_view_claim(user)


def claims_visible_to(user: User | AnonymousUser) -> QuerySet[Claim]:
    """The public's claims are the public site's (`publishing.selectors.public_claims`), no more."""
    return Claim.objects.all() if is_desk(user) else public_claims()


def _public_ids() -> QuerySet[Claim]:
    return public_claims().values("pk")


def verdicts_visible_to(user: User | AnonymousUser) -> QuerySet[Verdict]:
    """The public sees approved verdicts of published claims (the current one and those it corrected)."""
    if is_desk(user):
        return Verdict.objects.all()
    return Verdict.objects.filter(status=Verdict.Status.APPROVED, claim__in=_public_ids())


def corrections_visible_to(user: User | AnonymousUser) -> QuerySet[Correction]:
    if is_desk(user):
        return Correction.objects.all()
    return Correction.objects.filter(claim__in=_public_ids())


def speakers_visible_to(user: User | AnonymousUser) -> QuerySet[Speaker]:
    """The public sees speakers with at least one published fact-check."""
    if is_desk(user):
        return Speaker.objects.all()
    return Speaker.objects.filter(Exists(public_claims().filter(speaker=OuterRef("pk"))))


def sources_visible_to(user: User | AnonymousUser) -> QuerySet[Source]:
    """The public sees the sources that published fact-checks cite or were reported by."""
    if is_desk(user):
        return Source.objects.all()
    return public_sources()


def claim_list_queryset(user: User | AnonymousUser) -> QuerySet[Claim]:
    """Claims with everything a list row shows fetched up front (constant query count)."""
    return claims_visible_to(user).select_related(
        "speaker", "event", "reported_by", "current_verdict__rating__scale", "created_by", "assigned_reviewer"
    ).prefetch_related("tags", "speaker__roles")


def claim_detail_queryset(user: User | AnonymousUser) -> QuerySet[Claim]:
    """A claim with its evidence, corrections and the verdict history the user may see."""
    return claim_list_queryset(user).prefetch_related(
        Prefetch("evidence", queryset=Evidence.objects.select_related("source", "added_by")),
        Prefetch(
            "verdicts",
            queryset=verdicts_visible_to(user).select_related("rating__scale", "proposed_by", "decided_by").prefetch_related(
                "evidence"
            ),
            to_attr="visible_verdicts",
        ),
        Prefetch("corrections", queryset=Correction.objects.select_related("created_by")),
        Prefetch("hops", queryset=ReportingHop.objects.select_related("outlet", "source__outlet").order_by("position")),
    )
