"""What the desk sends matches the JSON schema docs/webhooks.md gives for each event, hostile text included."""

import json

import jsonschema
import pytest

from claims.models import Claim, Outlet, Source
from claims.states import State
from monitoring import repeats
from publishing import claimreview
from monitoring.models import Candidate, Feed, FeedArticle
from tests.conftest import revise
from tips.services import submit_tip
from webhooks.models import Delivery, Event

from .conftest import documented_schemas, received

HOSTILE = 'He said "50%" \\ rose </script><script>alert(1)</script> \u2028\u2029 \u202eevil\u202c 😀 {"event": "x"}'


def test_the_docs_give_one_valid_schema_per_event():
    schemas = documented_schemas()
    assert sorted(schemas) == sorted(Event.values)
    for schema in schemas.values():
        jsonschema.Draft202012Validator.check_schema(schema)


@pytest.fixture
def every_event(receiver, httpserver, make_claim, make_speaker, advance, reviewer, chief, editor, django_capture_on_commit_callbacks):
    """One of each event, with hostile text wherever a person typed it."""
    with django_capture_on_commit_callbacks(execute=True):
        claim = advance(make_claim(with_refutation=True, statement=HOSTILE, speaker=make_speaker(HOSTILE[:60])), State.PUBLISHED)
        revise(claim, kind="correction", preparer=reviewer, approver=chief, note=HOSTILE)
        submit_tip(text=HOSTILE, where_seen=HOSTILE, email="reader@example.org")
    outlet = Outlet.objects.create(name=HOSTILE[:100], kind=Outlet.Kind.NEWSPAPER)
    feed = Feed.objects.create(outlet=outlet, url="https://kyiv.example/rss", followed_by=editor)
    source = Source.objects.create(title="t", url="https://kyiv.example/a?q=%22%3C")
    article = FeedArticle.objects.create(url=source.url, feed=feed, status=FeedArticle.Status.TAKEN, source=source)
    candidate = Candidate.objects.create(article=article, source=source, outlet=outlet, statement=HOSTILE, excerpt=HOSTILE, language="en")
    with django_capture_on_commit_callbacks(execute=True):
        repeats._create_once(candidate, claim, 0.9)
        with django_capture_on_commit_callbacks(execute=True):
            advance(claim, State.RETRACTED)
    return received(httpserver)


def test_every_payload_sent_validates_against_its_documented_schema(every_event):
    schemas = documented_schemas()
    seen = []
    for headers, body, payload in every_event:
        validator = jsonschema.Draft202012Validator(schemas[headers["X-Factcheck-Event"]], format_checker=jsonschema.FormatChecker())
        validator.validate(payload)
        seen.append(payload["event"])
    assert sorted(set(seen)) == sorted(Event.values)
    assert Delivery.objects.filter(status=Delivery.Status.DELIVERED).count() == len(seen)


def test_hostile_text_arrives_as_valid_json_exactly_as_typed(every_event):
    published = next(payload for _h, _b, payload in every_event if payload["event"] == Event.PUBLISHED)
    public = claimreview.shorten(Claim.objects.get(pk=published["data"]["claim_id"]).statement)  # as the page's ClaimReview says it
    assert "</script>" in public and published["data"]["claim_review"]["claimReviewed"] == published["data"]["claim_reviewed"] == public
    repeat = next(payload for _h, _b, payload in every_event if payload["event"] == Event.REPEAT_DETECTED)
    candidate = Candidate.objects.get()
    assert repeat["data"]["statement"] == candidate.statement and repeat["data"]["outlet"] == candidate.outlet.name
    for headers, body, _payload in every_event:
        assert json.loads(body.decode("utf-8"))  # strict UTF-8 JSON, one object
        assert headers["Content-Type"] == "application/json; charset=utf-8"
        assert b"reader@example.org" not in body
