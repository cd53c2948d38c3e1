"""The seed dataset published through the real workflow, and what never reaches the public."""

import io

import extruct
import pytest

from claims.models import Claim
from demo.seed.loader import load_seed
from comments import services as comments
from reviews import services

from .schema_org import problems


def json_ld(response):
    return extruct.extract(response.content.decode(), base_url="http://testserver/", syntaxes=["json-ld"], uniform=False)[
        "json-ld"
    ]


@pytest.fixture
def seed_published(db, reviewer, chief, rating):
    """Every seed claim published: Misleading where the seed carries context evidence, else Unverifiable
    (the blog alone cannot settle a claim, and the workflow refuses a true/false rating on it)."""
    load_seed()
    published = []
    for claim in Claim.objects.order_by("pk"):
        evidence = list(claim.evidence.values_list("pk", flat=True))
        has_context = claim.evidence.exclude(relation="attribution").exists()
        claim = services.submit_claim(claim=claim, user=claim.created_by)
        claim = services.take_claim(claim=claim, user=reviewer)
        claim = services.propose_verdict(
            claim=claim,
            user=reviewer,
            attribution="correct",
            rating=rating["Misleading" if has_context else "Unverifiable"],
            summary="Checked against the blog post and what it shows.",
            evidence=evidence,
        )
        claim = services.approve_verdict(claim=claim, user=chief)
        published.append(services.publish_claim(claim=claim, user=chief))
    return published


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
        assert claim.reported_by.url in [work["url"] for work in item["appearance"]]


def test_it_gives_seed_speakers_their_role_at_the_time_and_identifiers(client, seed_published):
    kuleba = next(c for c in seed_published if c.import_key == "minsk-2022-kuleba-no-decisions")

    author = json_ld(client.get(f"/fact-checks/{kuleba.pk}/"))[0]["itemReviewed"]["author"]

    assert author["@type"] == "Person"
    assert author["name"] == kuleba.speaker.name
    assert author["jobTitle"] == kuleba.speaker_role.title
    assert author["sameAs"] == [i.url for i in kuleba.speaker.identifiers.all()]


def test_it_never_shows_comment_threads_publicly(client, seed_published, editor, reviewer):
    claim = seed_published[0]
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
        body = client.get(url).content.decode()
        assert "INTERNAL-" not in body, url


def test_it_publishes_exactly_what_walk_seed_publishes_with_the_correction_in_page_and_markup(client, db):
    from django.core.management import call_command

    call_command("walk_seed", stdout=io.StringIO())
    public = Claim.objects.filter(state__in=["published", "corrected", "retracted"])
    hidden = Claim.objects.exclude(pk__in=public.values("pk"))

    assert public.count() >= 2 and hidden.exists()
    index = client.get("/").content.decode()
    for claim in public:
        response = client.get(f"/fact-checks/{claim.pk}/")
        review = json_ld(response)[0]
        assert problems(review) == []
        assert claim.statement[:40] in index
    for claim in hidden:
        assert client.get(f"/fact-checks/{claim.pk}/").status_code == 404, claim.state
        assert claim.statement[:40] not in index

    corrected = Claim.objects.get(import_key="minsk-2022-zelenskyy-washington")
    assert corrected.state == "corrected"
    response = client.get(f"/fact-checks/{corrected.pk}/")
    review = json_ld(response)[0]
    note = corrected.corrections.get().note
    assert review["reviewRating"]["alternateName"] == corrected.current_verdict.rating.label
    assert [c["text"] for c in review["correction"]] == [note]
    assert note in response.content.decode()
    assert note in client.get("/corrections/").content.decode()
