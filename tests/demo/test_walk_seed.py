"""`manage.py walk_seed`: the seed dataset taken through the whole cycle, once."""

from io import StringIO

import pytest
from django.core.management import call_command

from claims.models import AuditEntry, Claim, Evidence, Source
from claims.states import State
from reviews.models import Correction, Verdict
from reviews.selectors import replay
from tests.conftest import built_once


def _walk():
    out = StringIO()
    call_command("walk_seed", stdout=out)
    return out.getvalue()


@pytest.fixture(scope="module")
def walked(django_db_setup, django_db_blocker):
    """The seed walked once for this module; the command's output."""
    yield from built_once(django_db_blocker, _walk)


def _claim(key):
    return Claim.objects.select_related("current_verdict__rating").get(import_key=key)


def test_it_ends_with_published_corrected_and_not_checkable_claims(db, walked):
    output = walked

    published = _claim("minsk-2022-kuleba-no-decisions")
    assert published.state == State.PUBLISHED and published.published_at is not None
    assert published.current_verdict.rating.label == "Unverifiable"

    corrected = _claim("minsk-2022-zelenskyy-washington")
    assert corrected.state == State.CORRECTED
    assert corrected.current_verdict.rating.label == "True"
    first = corrected.current_verdict.corrects
    assert first.rating.label == "Mostly true" and first.status == Verdict.Status.APPROVED
    correction = Correction.objects.get(claim=corrected)
    assert "Jerusalem Post" in correction.note and correction.previous_verdict == first

    for key in ("minsk-2022-kuleba-new-dance", "minsk-2022-lukashenko-cannot-manage"):
        opinion = _claim(key)
        assert opinion.kind == Claim.Kind.OPINION and opinion.state == State.REJECTED
        assert opinion.audit_entries.get(action="reject").note.startswith("Opinion")

    assert _claim("minsk-2022-lukashenko-s400-iskander").state == State.VERDICT_PROPOSED
    assert _claim("minsk-2022-putin-economy").state == State.CHANGES_REQUESTED
    assert _claim("minsk-2022-general-staff-strikes").is_overdue
    assert "Seed walked: 9 claims" in output


def test_it_rests_true_false_ratings_on_real_sources_beyond_the_blog(db, walked):
    corrected = _claim("minsk-2022-zelenskyy-washington")
    blog = corrected.reported_by
    independent = corrected.current_verdict.evidence.exclude(source=blog)
    assert {e.source.publisher for e in independent} == {"UPI", "The Jerusalem Post"}
    assert all(e.relation == Evidence.Relation.SUPPORTS for e in independent)
    assert all("walk_seed" in e.source.notes for e in independent)
    assert "walk_seed" in corrected.current_verdict.explanation


def test_it_follows_the_four_eyes_rule_and_leaves_a_replayable_trail(db, walked):
    for verdict in Verdict.objects.exclude(status=Verdict.Status.PROPOSED).exclude(corrects__isnull=False):
        assert verdict.decided_by != verdict.proposed_by
    for claim in Claim.objects.all():
        replayed = replay(claim)
        assert (replayed.state, replayed.version) == (claim.state, claim.version), claim.import_key


def test_it_changes_nothing_when_run_again(db, walked):
    counts = [Claim.objects.filter(state=s).count() for s in State] + [
        AuditEntry.objects.count(), Verdict.objects.count(), Source.objects.count(), Evidence.objects.count()
    ]  # fmt: skip
    output = _walk()
    assert [Claim.objects.filter(state=s).count() for s in State] + [
        AuditEntry.objects.count(), Verdict.objects.count(), Source.objects.count(), Evidence.objects.count()
    ] == counts  # fmt: skip
    assert "Seed walked: 0 claims" in output
