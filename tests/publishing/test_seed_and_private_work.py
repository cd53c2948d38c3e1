"""The seed dataset published through the real workflow, and what never reaches the public."""

import pytest

from claims.models import Claim
from comments import services as comments
from demo.seed.loader import load_seed
from reviews import services
from reviews.models import Rating
from reviews.roles import CHIEF_EDITOR, REVIEWER
from tests.conftest import built_once, make_user

from .schema_org import json_ld, problems


def publish_the_seed():
    """Every seed claim published: Misleading where the seed carries context evidence, else Unverifiable
    (the blog alone cannot settle a claim, and the workflow refuses a true/false rating on it)."""
    reviewer = make_user("seed-reviewer", REVIEWER, is_staff=True)
    chief = make_user("seed-chief", CHIEF_EDITOR, is_staff=True)
    rating = {r.label: r for r in Rating.objects.filter(scale__is_active=True)}
    load_seed()
    published = []
    for claim in Claim.objects.order_by("pk"):
        evidence = list(claim.evidence.values_list("pk", flat=True))
        has_context = claim.evidence.exclude(relation="attribution").exists()
        claim = services.submit_claim(claim=claim, user=claim.created_by, expected_version=claim.version)
        claim = services.take_claim(claim=claim, user=reviewer, expected_version=claim.version)
        claim = services.propose_verdict(
            claim=claim,
            user=reviewer,
            attribution="correct",
            rating=rating["Misleading" if has_context else "Unverifiable"],
            summary="Checked against the blog post and what it shows.",
            evidence=evidence, expected_version=claim.version,
        )
        claim = services.approve_verdict(claim=claim, user=chief, expected_version=claim.version)
        published.append(services.publish_claim(claim=claim, user=chief, expected_version=claim.version))
    return {"claims": published, "reviewer": reviewer}


@pytest.fixture(scope="module")
def published_seed(django_db_setup, django_db_blocker):
    """The seed published once for this module (read-only; each test's own writes are rolled back)."""
    yield from built_once(django_db_blocker, publish_the_seed)


@pytest.fixture
def seed_published(db, published_seed):
    return published_seed["claims"]


def test_it_renders_every_seed_claim_publicly_with_valid_claimreview(client, seed_published):
    assert len(seed_published) == 17
    for claim in seed_published:
        response = client.get(f"/fact-checks/{claim.pk}/")
        assert response.status_code == 200, claim.import_key
        items = json_ld(response)
        assert len(items) == 1
        review = items[0]
        assert problems(review) == [], claim.import_key
        for key in ("url", "claimReviewed", "datePublished", "author", "reviewRating", "itemReviewed"):
            assert review[key], (claim.import_key, key)
        assert review["reviewRating"]["alternateName"] in {"Misleading", "Unverifiable"}
        item = review["itemReviewed"]
        assert ("author" in item) == (claim.speaker_id is not None), claim.import_key
        assert ("datePublished" in item) == (claim.said_on is not None), claim.import_key
        assert claim.reported_by.url in [work.get("url") for work in item["appearance"]]


def test_it_gives_seed_speakers_their_role_at_the_time_and_identifiers(client, seed_published):
    kuleba = next(c for c in seed_published if c.import_key == "minsk-2022-kuleba-no-decisions")

    author = json_ld(client.get(f"/fact-checks/{kuleba.pk}/"))[0]["itemReviewed"]["author"]

    assert author["@type"] == "Person"
    assert author["name"] == kuleba.speaker.name
    assert author["jobTitle"] == kuleba.speaker_role.title
    assert author["sameAs"] == [i.url for i in kuleba.speaker.identifiers.all()]


def test_it_never_shows_comment_threads_publicly(client, seed_published, published_seed):
    claim, reviewer = seed_published[0], published_seed["reviewer"]
    posted = comments.start_thread(claim=claim, user=reviewer, body="INTERNAL-NOTE: the screenshot may be cropped.")
    comments.reply(thread=posted.comment.thread, user=reviewer, body="INTERNAL-REPLY: checked with the archive.")

    for url in (
        f"/fact-checks/{claim.pk}/",
        "/",
        f"/speakers/{claim.speaker_id}/",
        "/corrections/",
        "/feeds/fact-checks.rss",
        "/feeds/fact-checks.atom",
        "/exports/claimreview.jsonl",
        "/exports/claimreview-markup-pages.json",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "INTERNAL-" not in response.content.decode(), url
    assert claim.statement in client.get(f"/fact-checks/{claim.pk}/").content.decode()
