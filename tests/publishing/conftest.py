"""Publishing fixtures: correct and retract published claims (claims reach publication with `advance`)."""

import pytest
from django.core.cache import cache

from claims.models import Evidence
from reviews import services


@pytest.fixture(autouse=True)
def fresh_cache():
    """Page caching is per test: a cached page from another test's database must never be served."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def correct(chief, rating):
    def run(claim, *, label, note, summary="Corrected summary."):
        return services.correct_verdict(
            claim=claim,
            user=chief,
            note=note,
            attribution="correct",
            rating=rating[label],
            summary=summary,
            evidence=list(Evidence.objects.filter(claim=claim).values_list("pk", flat=True)), expected_version=claim.version,
        )

    return run


@pytest.fixture
def retract(chief):
    def run(claim, *, note):
        return services.retract_claim(claim=claim, user=chief, note=note, expected_version=claim.version)

    return run
