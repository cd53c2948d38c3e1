"""Proposing a verdict on an excerpt the desk's capture does not contain asks for confirmation and a reason."""

import pytest

from claims.models import AuditEntry, Evidence
from factcheck.errors import InvalidInput
from reviews import services
from tests.capture.conftest import article


@pytest.fixture
def claim_in_review(httpserver, capture_now, make_claim, advance):
    httpserver.expect_request("/record").respond_with_data(
        article("Record", ["The ministry published the budget: spending rose by 4 percent in 2023."]), content_type="text/html"
    )
    source, _capture = capture_now(httpserver.url_for("/record"))
    claim = make_claim()
    Evidence.objects.create(claim=claim, source=source, relation="refutes", excerpt="spending fell by 10 percent")
    return advance(claim, "in_review")


def propose(claim, reviewer, rating, **extra):
    return services.perform(
        "propose",
        claim=claim,
        user=reviewer,
        expected_version=claim.version,
        attribution="correct",
        rating=rating["False"],
        summary="The budget says otherwise.",
        evidence=list(claim.evidence.all()),
        **extra,
    )


def test_it_refuses_without_confirmation_and_a_reason(claim_in_review, reviewer, rating):
    with pytest.raises(InvalidInput) as refused:
        propose(claim_in_review, reviewer, rating)
    assert refused.value.rule == "excerpt_not_found" and refused.value.field == "confirm_unverified_excerpts"
    with pytest.raises(InvalidInput):
        propose(claim_in_review, reviewer, rating, confirm_unverified_excerpts=True, note="  ")
    claim_in_review.refresh_from_db()
    assert claim_in_review.state == "in_review" and not claim_in_review.verdicts.exists()


def test_it_records_the_confirmation_and_reason_in_the_audit(claim_in_review, reviewer, rating):
    propose(claim_in_review, reviewer, rating, confirm_unverified_excerpts=True, note="The page was edited; see the WARC.")
    entry = AuditEntry.objects.filter(claim=claim_in_review, action="propose").get()
    assert entry.note == "The page was edited; see the WARC."
    missing = claim_in_review.evidence.get(excerpt="spending fell by 10 percent")
    assert entry.snapshot["confirmed_unverified_excerpts"] == [missing.pk]


def test_it_asks_on_the_claim_page(claim_in_review, client, reviewer):
    client.force_login(reviewer)
    page = client.get(claim_in_review.get_absolute_url()).content.decode()
    assert "propose-confirm_unverified_excerpts" in page or "confirm_unverified_excerpts" in page
