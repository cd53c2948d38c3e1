"""Publishing fixtures: correct and retract published claims (claims reach publication with `advance`)."""

import pytest
from django.core.cache import cache

from claims.models import Evidence
from reviews import services
from tests.conftest import revise


@pytest.fixture(autouse=True)
def fresh_cache():
    """Page caching is per test: a cached page from another test's database must never be served."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def correct(reviewer, chief, rating):
    """A correction prepared by the reviewer and approved by the chief editor (four-eyes)."""

    def run(claim, *, label, note, summary="Corrected summary."):
        return revise(
            claim, kind="correction", preparer=reviewer, approver=chief, note=note, rating=rating[label], summary=summary,
            evidence=list(Evidence.objects.filter(claim=claim)),
        )

    return run


@pytest.fixture
def retract(chief):
    def run(claim, *, note):
        return services.retract_claim(claim=claim, user=chief, note=note, expected_version=claim.version)

    return run
