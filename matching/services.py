"""Writes of claim matching: embed claims and store their vectors; keep them current after commit."""

from __future__ import annotations

import hashlib
import logging
import time
from collections.abc import Callable, Iterable

from django.db import transaction
from django.utils import timezone

from claims.models import Claim

from . import embedding
from .models import ClaimVector, VectorRebuild

logger = logging.getLogger(__name__)
BATCH = 64


def text_hash(statement: str, translation: str) -> str:
    return hashlib.sha256(f"{embedding.MODEL}\x00{statement}\x00{translation}".encode()).hexdigest()


def embed_claims(*, claim_ids: Iterable[int], using: str = "default", force: bool = False) -> int:
    """Embed these claims whose stored vector is missing or stale (changed text, other model); the number embedded.

    Idempotent: a claim whose vector is current is skipped, so a queue delivering a task twice, or a
    rebuild resumed after an interruption, costs one hash per claim."""
    ids = sorted({int(i) for i in claim_ids if i is not None})
    done = 0
    for start in range(0, len(ids), BATCH):
        chunk = ids[start : start + BATCH]
        rows = list(Claim.objects.using(using).filter(pk__in=chunk).values_list("pk", "statement", "translation"))
        current = dict(ClaimVector.objects.using(using).filter(claim_id__in=chunk).values_list("claim_id", "text_hash"))
        todo = [(pk, s or "", t or "") for pk, s, t in rows if force or current.get(pk) != text_hash(s or "", t or "")]
        if not todo:
            continue
        # Statements and translations in one call: one batch through the engine, not two.
        translated = [(n, t) for n, (_, _, t) in enumerate(todo) if t.strip()]
        vectors_now = embedding.embed([s for _, s, _ in todo] + [t for _, t in translated])
        statements = vectors_now[: len(todo)]
        by_row = {n: vectors_now[len(todo) + k] for k, (n, _) in enumerate(translated)}
        now = timezone.now()
        vectors = [
            ClaimVector(
                claim_id=pk,
                model=embedding.MODEL,
                text_hash=text_hash(s, t),
                statement=ClaimVector.pack(statements[n]),
                translation=ClaimVector.pack(by_row.get(n)),
                updated_at=now,
            )
            for n, (pk, s, t) in enumerate(todo)
        ]
        with transaction.atomic(using=using):
            ClaimVector.objects.using(using).bulk_create(
                vectors, update_conflicts=True, unique_fields=["claim"], update_fields=["model", "text_hash", "statement", "translation", "updated_at"]
            )
        done += len(vectors)
    return done


def stale_claim_ids(using: str = "default") -> list[int]:
    """Claims without a vector from the current model (changed texts are found by `embed_claims`' hash)."""
    current = ClaimVector.objects.using(using).filter(model=embedding.MODEL).values("claim_id")
    return list(Claim.objects.using(using).exclude(pk__in=current).order_by("pk").values_list("pk", flat=True))


def rebuild_vectors(
    *, using: str = "default", batch: int = 256, force: bool = False, progress: Callable[[int, int, int], None] | None = None
) -> int:
    """Embed every claim whose vector is not current, in batches that each commit, recording the run in a
    `VectorRebuild` row after each batch (`progress(checked, total, embedded)` too). A run that was stopped
    (Ctrl-C, a worker killed) is continued by the next call, after the last claim it checked; a finished
    run's claims are checked again (cheaply: a current vector is skipped by its hash). The number embedded."""
    run = VectorRebuild.objects.using(using).filter(finished_at__isnull=True, force=force).order_by("-started_at").first()
    if run is None:
        run = VectorRebuild.objects.using(using).create(force=force)
    claims = Claim.objects.using(using)
    ids = list(claims.filter(pk__gt=run.last_claim_id).order_by("pk").values_list("pk", flat=True))
    run.total = run.checked + len(ids)
    run.save(using=using, update_fields=["total"])
    embedded = 0
    for start in range(0, len(ids), batch):
        chunk = ids[start : start + batch]
        count = embed_claims(claim_ids=chunk, using=using, force=force)
        embedded += count
        run.checked += len(chunk)
        run.embedded += count
        run.last_claim_id = chunk[-1]
        run.updated_at = timezone.now()
        run.save(using=using, update_fields=["checked", "embedded", "last_claim_id", "updated_at"])
        if progress:
            progress(run.checked, run.total, run.embedded)
    run.finished_at = timezone.now()
    run.save(using=using, update_fields=["finished_at"])
    return embedded


def rebuild_status(using: str = "default") -> VectorRebuild | None:
    """The latest rebuild run (finished or not), for `rebuild_matching_vectors --status`."""
    return VectorRebuild.objects.using(using).order_by("-started_at").first()


def request_embedding(claim_ids: Iterable[int]) -> None:
    """Queue the embedding of these claims after the current transaction commits (never blocks a save)."""
    ids = sorted({int(i) for i in claim_ids})
    if not ids:
        return

    def send():
        from . import tasks

        try:
            tasks.embed_claims.enqueue(ids)
        except Exception:  # a queue that is down never loses the save; `rebuild_matching_vectors` repairs
            logger.exception("Could not queue the embedding of claims %s", ids)

    transaction.on_commit(send)


def _claim_saved(sender, instance, created=False, update_fields=None, **kwargs):
    if update_fields is not None and not {"statement", "translation"} & set(update_fields):
        return
    request_embedding([instance.pk])


def _claim_edited(sender, claim, changed, **kwargs):
    if {"statement", "translation"} & set(changed):
        request_embedding([claim.pk])


def connect_signals() -> None:
    from django.db.models.signals import post_save

    from claims.services import claim_edited

    post_save.connect(_claim_saved, sender=Claim, dispatch_uid="matching_claim_saved")
    claim_edited.connect(_claim_edited, dispatch_uid="matching_claim_edited")


def measure_index_one(claim_id: int, *, using: str = "default") -> float:
    """Seconds to embed and store one claim (forced), for the rebuild command's report."""
    started = time.perf_counter()
    embed_claims(claim_ids=[claim_id], using=using, force=True)
    return time.perf_counter() - started
