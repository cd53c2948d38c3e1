"""Rebuilding the matching vectors: progress recorded per batch, a stopped run continues where it stopped,
`--queue` runs it as a background task, `--status` shows how far it got; the matrix follows new vectors."""

from io import StringIO

import numpy as np
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from matching import embedding, index, services
from matching.models import ClaimVector, VectorRebuild


@pytest.fixture
def claims(make_claim):
    return [make_claim(statement=f"Lukashenko said Belarus would buy {n} more Russian drones.") for n in (10, 20, 30)]


def test_a_rebuild_stopped_half_way_continues_after_the_last_claim_it_checked(claims, monkeypatch):
    ClaimVector.objects.all().delete()
    calls = []

    def stop_after_first_batch(checked, total, embedded):
        calls.append(checked)
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        services.rebuild_vectors(batch=1, progress=stop_after_first_batch)
    run = VectorRebuild.objects.get()
    assert (run.checked, run.embedded, run.finished_at) == (1, 1, None)
    seen = []
    real = services.embed_claims
    monkeypatch.setattr(services, "embed_claims", lambda *, claim_ids, **kw: seen.extend(claim_ids) or real(claim_ids=claim_ids, **kw))
    services.rebuild_vectors(batch=1)
    run.refresh_from_db()
    assert run.finished_at is not None and run.checked == run.total and run.embedded == run.total
    assert claims[0].pk not in seen and {c.pk for c in claims[1:]} <= set(seen), "the claims before the stop are not checked again"
    assert VectorRebuild.objects.count() == 1


def test_the_queued_rebuild_records_its_progress_and_status_shows_it(claims, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    ClaimVector.objects.all().delete()
    out = StringIO()
    call_command("rebuild_matching_vectors", "--queue", stdout=out)
    assert "queued" in out.getvalue()
    assert ClaimVector.objects.filter(claim__in=claims).count() == 3
    out = StringIO()
    call_command("rebuild_matching_vectors", "--status", stdout=out)
    run = VectorRebuild.objects.get()
    assert f"{run.total}/{run.total} claims checked" in out.getvalue() and "finished" in out.getvalue()


def test_status_before_any_rebuild_and_a_bad_batch_size_get_a_message(db):
    out = StringIO()
    call_command("rebuild_matching_vectors", "--status", stdout=out)
    assert "no rebuild has run yet" in out.getvalue()
    with pytest.raises(CommandError, match="--batch"):
        call_command("rebuild_matching_vectors", "--batch", "0")


def test_a_claim_is_embedded_in_one_call_statement_and_translation_together(make_claim, monkeypatch):
    claim = make_claim(statement="ルカシェンコ氏はロシアの無人機を買うと述べた。", translation="Lukashenko said he would buy Russian drones.")
    batches = []
    real = embedding.embed
    monkeypatch.setattr(embedding, "embed", lambda texts: batches.append(list(texts)) or real(texts))
    services.embed_claims(claim_ids=[claim.pk], force=True)
    assert batches == [[claim.statement, claim.translation]]


def test_the_matrix_follows_a_new_vector_and_notices_a_deletion_without_counting_every_search(claims, settings):
    settings.MATCHING_RECOUNT_SECONDS = 3600
    ClaimVector.objects.all().delete()
    index.forget()
    vector = np.ones(embedding.DIM, dtype=np.float32) / np.sqrt(embedding.DIM)
    for claim in claims[:2]:
        ClaimVector.objects.create(claim=claim, model="test", text_hash="x", statement=ClaimVector.pack(vector))
    assert len(index.matrix()) == 2
    with CaptureQueriesContext(connection) as asked:  # unchanged: one MAX(updated_at), no COUNT over every row
        index.matrix()
    assert len(asked) == 1 and "COUNT" not in asked[0]["sql"].upper()
    ClaimVector.objects.create(claim=claims[2], model="test", text_hash="x", statement=ClaimVector.pack(vector))
    assert len(index.matrix()) == 3
    ClaimVector.objects.filter(claim=claims[2]).delete()  # the latest change moves back: counted, read again
    assert sorted(index.matrix().ids.tolist()) == sorted(c.pk for c in claims[:2])


def test_an_archive_that_grows_in_a_running_process_is_centred_again(claims, make_claim, settings):
    settings.MATCHING_RECOUNT_SECONDS = 3600
    ClaimVector.objects.all().delete()
    index.forget()
    first, other = np.zeros(embedding.DIM, dtype=np.float32), np.zeros(embedding.DIM, dtype=np.float32)
    first[0], other[1] = 1.0, 1.0
    ClaimVector.objects.create(claim=claims[0], model="test", text_hash="x", statement=ClaimVector.pack(first))
    before = index.matrix().centre.copy()
    for claim in [*claims[1:], *(make_claim() for _ in range(3))]:  # five times as many rows, all alike
        ClaimVector.objects.create(claim=claim, model="test", text_hash="x", statement=ClaimVector.pack(other))
    after = index.matrix()
    assert len(after) == 6 and after.centre[1] > before[1] + 0.1, "the centre follows the grown archive (the background lines weigh in too)"
