"""Publish, update, repeat and tip events each reach a subscribed endpoint once, after commit; never on rollback."""

import pytest
from django.db import transaction
from django.urls import reverse

from claims.models import Outlet, Source
from claims.states import State
from monitoring import repeats
from monitoring.models import Candidate, Feed, FeedArticle
from tests.conftest import revise
from tips.models import Tip
from webhooks.models import Delivery, Event

from .conftest import received


class Rollback(Exception):
    pass


def events_received(httpserver) -> list[str]:
    return [payload["event"] for _headers, _body, payload in received(httpserver)]


def test_publishing_delivers_claim_published_once_after_commit(receiver, httpserver, make_claim, advance, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        claim = advance(make_claim(with_refutation=True), State.PUBLISHED)
    assert events_received(httpserver) == ["claim.published"]
    [(_headers, _body, payload)] = received(httpserver)
    data = payload["data"]
    assert data["claim_id"] == claim.pk and data["step"] == "publish" and data["state"] == "published"
    assert data["url"].endswith(f"/fact-checks/{claim.pk}/") and data["rating"] == "False"
    assert data["claim_review"]["@type"] == "ClaimReview" and data["claim_review"]["url"] == data["url"]


def test_an_update_a_correction_and_a_retraction_each_deliver_claim_updated(
    receiver, httpserver, make_claim, advance, reviewer, chief, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        claim = advance(make_claim(with_refutation=True), State.PUBLISHED)
        revise(claim, kind="update", preparer=reviewer, approver=chief)
        advance(claim, State.RETRACTED)
    assert events_received(httpserver) == ["claim.published", "claim.updated", "claim.updated"]
    steps = [payload["data"]["step"] for _h, _b, payload in received(httpserver)]
    assert steps == ["publish", "publish_update", "retract"]
    retracted = received(httpserver)[-1][2]["data"]
    assert retracted["state"] == "retracted" and retracted["claim_review"] is None


def test_a_step_that_rolls_back_delivers_nothing(receiver, httpserver, make_claim, advance, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        claim = advance(make_claim(with_refutation=True), State.APPROVED)
        with pytest.raises(Rollback), transaction.atomic():
            advance(claim, State.PUBLISHED)
            raise Rollback
    assert httpserver.log == [] and not Delivery.objects.exists()


def test_a_readers_tip_delivers_its_id_and_desk_link_only(receiver, httpserver, client, settings, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/suggest/",
            {"text": "The mayor said crime fell 40 percent.", "where_seen": "https://news.example/a", "email": "reader@example.org", "website": ""},
        )
    tip = Tip.objects.get()
    [(_headers, body, payload)] = received(httpserver)
    assert payload["event"] == "tip.received"
    assert payload["data"] == {"tip_id": tip.pk, "desk_url": settings.DESK_URL.rstrip("/") + reverse("tip_detail", args=[tip.pk])}
    assert b"reader@example.org" not in body and b"crime fell" not in body


def test_a_tip_that_rolls_back_delivers_nothing(receiver, httpserver, django_capture_on_commit_callbacks):
    from tips.services import submit_tip

    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(Rollback), transaction.atomic():
            submit_tip(text="Never stored.", where_seen="")
            raise Rollback
    assert httpserver.log == []


def test_a_new_repeat_alert_delivers_repeat_detected_once(
    receiver, httpserver, make_claim, advance, editor, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        claim = advance(make_claim(with_refutation=True), State.PUBLISHED)
    outlet = Outlet.objects.create(name="Kyiv Daily", kind=Outlet.Kind.NEWSPAPER)
    feed = Feed.objects.create(outlet=outlet, url="https://kyiv.example/rss", followed_by=editor)
    source = Source.objects.create(title="Minsk talks", url="https://kyiv.example/a")
    article = FeedArticle.objects.create(url="https://kyiv.example/a", feed=feed, status=FeedArticle.Status.TAKEN, source=source)
    candidate = Candidate.objects.create(article=article, source=source, outlet=outlet, statement=claim.statement, speaker=claim.speaker, language="en")
    with django_capture_on_commit_callbacks(execute=True):
        alert = repeats._create_once(candidate, claim, 0.93)
        assert repeats._create_once(candidate, claim, 0.93) is None  # found again: no second alert, no second event
    repeated = [payload for _h, _b, payload in received(httpserver) if payload["event"] == Event.REPEAT_DETECTED]
    assert len(repeated) == 1
    data = repeated[0]["data"]
    assert data["alert_id"] == alert.pk and data["claim_id"] == claim.pk and data["article_url"] == "https://kyiv.example/a"
    assert data["outlet"] == "Kyiv Daily" and data["fact_check_url"].endswith(f"/fact-checks/{claim.pk}/")


def test_without_a_subscriber_no_payload_is_built(webhook_env, make_claim, advance, monkeypatch, django_capture_on_commit_callbacks):
    from webhooks import events

    built = []
    monkeypatch.setattr(events, "fact_check", lambda *args: built.append(args) or {})  # (a raise would be swallowed by send_robust)
    with django_capture_on_commit_callbacks(execute=True):
        advance(make_claim(with_refutation=True), State.PUBLISHED)
    assert built == [] and not Delivery.objects.exists()
