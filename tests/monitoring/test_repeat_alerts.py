"""Repeat alerts (issue #29 item 4): a followed feed's article in which a speaker repeats a published claim
in another language raises one alert; the people who checked the claim hear of it once (inbox and e-mail);
one click confirms it as a new appearance of the fact-check (public page, ClaimReview), never reopening it."""

import datetime
import json

import pytest
from bs4 import BeautifulSoup
from django.core import mail
from django.test import Client
from django.utils import timezone

from claims.models import Appearance, AuditEntry, Claim, Speaker
from demo.seed.loader import load_seed
from matching import evaluation
from matching import services as matching_services
from monitoring import polling, repeats
from monitoring.models import Candidate, RepeatAlert
from notifications.models import Notification
from publishing.claimreview import claim_review_for
from publishing.selectors import get_public_claim
from reviews import services
from reviews.models import Rating
from tests.conftest import built_once

SEED = "minsk-2022-kuleba-no-decisions"  # said in Japanese; the article repeats it in Russian
REPEAT = "«На прямых переговорах Путина и Лукашенко в Минске 19-го никаких важных решений принято не было», — заявил Кулеба в понедельник."
ARTICLE = (
    "<html><head><title>Кулеба о Минске</title></head><body><article><h1>Кулеба о Минске</h1>"
    "<p>{repeat}</p><p>Он добавил, что Украина готова к любым договорённостям.</p></article></body></html>"
)


def feed_of(url, *, day="Mon, 26 Dec 2022 10:00:00 GMT"):
    return (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Kyiv Daily</title><link>http://127.0.0.1/</link>'
        f"<item><title>Кулеба о Минске</title><link>{url}</link><guid>{url}</guid><pubDate>{day}</pubDate></item></channel></rss>"
    )


@pytest.fixture(scope="module")
def seed(django_db_setup, django_db_blocker):
    """The demo seed with its vectors, built once for the module; Kuleba is also known by his Russian name."""

    def build():
        load_seed()
        keys = evaluation.seed_claims()
        matching_services.embed_claims(claim_ids=keys.values())
        Speaker.objects.get(name="Dmytro Kuleba").aliases.get_or_create(name="Кулеба")
        return keys

    yield from built_once(django_db_blocker, build)


def publish(claim, reviewer, chief, *, on=datetime.date(2022, 12, 20)):
    """Checked by Rita, approved and published by Chloe: rated False, first published on `on`."""
    rating = Rating.objects.get(scale__is_active=True, label="False")
    evidence = list(claim.evidence.values_list("pk", flat=True))
    claim = services.submit_claim(claim=claim, user=claim.created_by, expected_version=claim.version)
    claim = services.take_claim(claim=claim, user=reviewer, expected_version=claim.version)
    claim = services.propose_verdict(
        claim=claim, user=reviewer, attribution="correct", rating=rating, summary="No such talks took place on the 19th.", evidence=evidence, expected_version=claim.version
    )
    claim = services.approve_verdict(claim=claim, user=chief, expected_version=claim.version)
    claim = services.publish_claim(claim=claim, user=chief, expected_version=claim.version)
    moment = timezone.make_aware(datetime.datetime.combine(on, datetime.time(12)))
    Claim.objects.filter(pk=claim.pk).update(published_at=moment)
    return Claim.objects.get(pk=claim.pk)


@pytest.fixture
def claim(seed, reviewer, chief):
    return publish(Claim.objects.get(import_key=SEED), reviewer, chief)


@pytest.fixture
def poll(seed, follow, httpserver, django_capture_on_commit_callbacks):
    """Serve the feed and its Russian article, follow the feed, and poll once (the detection task runs after commit)."""
    url = httpserver.url_for("/ru/kuleba-minsk")
    httpserver.expect_request("/ru/kuleba-minsk").respond_with_data(ARTICLE.format(repeat=REPEAT), content_type="text/html; charset=utf-8")
    httpserver.expect_request("/feed.xml").respond_with_data(feed_of(url), content_type="application/rss+xml")
    feed = follow(httpserver.url_for("/feed.xml"))

    def run():
        with django_capture_on_commit_callbacks(execute=True):
            feed.refresh_from_db()
            polling.poll_feed(feed)
        return url

    return run


def test_a_repeat_in_another_language_reaches_the_checkers_and_becomes_an_appearance_after_one_click(
    claim, poll, client, editor, reviewer, chief
):
    url = poll()
    [candidate] = Candidate.objects.filter(article__url=url, statement__contains="Минске")
    assert candidate.speaker.name == "Dmytro Kuleba" and candidate.language == "ru"
    [alert] = RepeatAlert.objects.all()
    assert (alert.candidate, alert.claim, alert.state) == (candidate, claim, "open")

    headline = "Dmytro Kuleba repeated a claim rated False on 2022-12-20"
    for checker in (reviewer, chief):  # the reviewer whose verdict stands, the chief who approved it
        [entry] = Notification.objects.filter(recipient=checker, verb="repeat")
        assert entry.text == headline and entry.url.endswith(f"#repeat-{alert.pk}")
    assert not Notification.objects.filter(recipient=editor, verb="repeat").exists()  # Eddie only follows the feed
    sent = [m for m in mail.outbox if headline in m.subject]
    assert {address for m in sent for address in m.to} >= {reviewer.email, chief.email}

    client.force_login(editor)
    queue = client.get("/desk/monitoring/").content.decode()
    assert "Кулеба" in queue or "Dmytro Kuleba" in queue
    assert "Repeat of a published fact-check (rated False on 2022-12-20)" in queue
    # The repeat heads the queue, above the article's other statements however worth checking they are.
    first = BeautifulSoup(queue, "html.parser").select_one(".monitoring-candidate .candidate-statement")
    assert first.text == candidate.statement and Candidate.objects.count() > 1

    before = Claim.objects.get(pk=claim.pk)
    response = client.post(f"/desk/monitoring/repeats/{alert.pk}/confirm/")
    assert response.status_code == 302
    [appearance] = Appearance.objects.filter(claim=claim)
    assert (appearance.url, appearance.outlet.name, appearance.appeared_on) == (url, "Kyiv Daily", datetime.date(2022, 12, 26))
    after = Claim.objects.get(pk=claim.pk)
    # Not a change of the fact-check: same state, verdict and version; audited all the same.
    assert (after.state, after.current_verdict_id, after.version) == (before.state, before.current_verdict_id, before.version)
    assert AuditEntry.objects.filter(claim=claim, action="add_appearance", actor=editor).exists()
    alert.refresh_from_db()
    candidate.refresh_from_db()
    assert (alert.state, alert.appearance, candidate.status, candidate.claim_id) == ("confirmed", appearance, "merged", claim.pk)

    page = Client().get(f"/fact-checks/{claim.pk}/").content.decode()
    assert "Repeated on 2022-12-26 (Kyiv Daily)" in page
    works = claim_review_for(get_public_claim(claim.pk))["itemReviewed"]["appearance"]
    repeat = next(work for work in works if work.get("url") == url)
    assert repeat["datePublished"] == "2022-12-26"
    assert repeat["author"] == {"@type": "Person", "name": "Dmytro Kuleba"}
    assert repeat["publisher"]["name"] == "Kyiv Daily"
    markup = page.split('<script type="application/ld+json">', 1)[1].split("</script>", 1)[0]
    assert url in json.dumps(json.loads(markup), ensure_ascii=False)


def test_a_second_poll_or_detection_alerts_nobody_twice(claim, poll):
    url = poll()
    poll()  # the feed lists the same article: nothing is fetched or alerted again
    told = Notification.objects.filter(verb="repeat").count()
    sent = len(mail.outbox)
    assert repeats.detect(Candidate.objects.filter(article__url=url).values_list("pk", flat=True)) == []
    assert RepeatAlert.objects.count() == 1
    assert (Notification.objects.filter(verb="repeat").count(), len(mail.outbox)) == (told, sent)


def test_a_claim_not_yet_published_raises_no_alert(seed, poll):
    url = poll()
    assert Candidate.objects.filter(article__url=url).exists()
    assert not RepeatAlert.objects.exists()
    assert not Notification.objects.filter(verb="repeat").exists()


def test_another_speakers_repeat_shows_as_also_appeared_and_the_cached_page_moves(claim, poll, editor, settings):
    settings.PUBLIC_CACHE_SECONDS = 300
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "repeats"}}
    url = poll()
    alert = RepeatAlert.objects.get()
    Candidate.objects.filter(pk=alert.candidate_id).update(speaker=None, speaker_name="Иван Петров")
    reader = Client()
    assert "Also appeared in" not in reader.get(f"/fact-checks/{claim.pk}/").content.decode()  # now cached
    repeats.confirm(user=editor, alert=alert)
    page = reader.get(f"/fact-checks/{claim.pk}/").content.decode()
    assert "Also appeared in Kyiv Daily on 2022-12-26" in page and "Repeated on" not in page
    assert url in page


@pytest.mark.parametrize(
    "persona, status",
    [("editor", 302), ("chief", 302), ("reviewer", 403), ("outsider", 403), (None, 302)],
)
@pytest.mark.parametrize("action", ["confirm", "dismiss"])
def test_who_may_confirm_or_dismiss(claim, poll, request, persona, status, action):
    poll()
    alert = RepeatAlert.objects.get()
    client = Client()
    if persona:
        client.force_login(request.getfixturevalue(persona))
    response = client.post(f"/desk/monitoring/repeats/{alert.pk}/{action}/", {"reason": "quoted to refute it"})
    assert response.status_code == status
    alert.refresh_from_db()
    decided = persona in ("editor", "chief")
    assert alert.state == ({"confirm": "confirmed", "dismiss": "dismissed"}[action] if decided else "open")
    assert Appearance.objects.filter(claim=claim).exists() == (decided and action == "confirm")
    if persona is None:
        assert "/login" in response["Location"] or "login" in response["Location"]


def test_confirm_asks_for_a_post_with_the_csrf_token_and_happens_once(claim, poll, editor):
    poll()
    alert = RepeatAlert.objects.get()
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(editor)
    assert strict.get(f"/desk/monitoring/repeats/{alert.pk}/confirm/").status_code == 405
    assert strict.post(f"/desk/monitoring/repeats/{alert.pk}/confirm/").status_code == 403  # no token
    client = Client()
    client.force_login(editor)
    client.post(f"/desk/monitoring/repeats/{alert.pk}/confirm/")
    response = client.post(f"/desk/monitoring/repeats/{alert.pk}/confirm/", follow=True)
    assert "already decided" in response.content.decode()
    assert Appearance.objects.filter(claim=claim).count() == 1
    assert client.post("/desk/monitoring/repeats/999999/confirm/").status_code == 404


def test_a_dismissal_needs_a_reason_and_leaves_the_fact_check_alone(claim, poll, editor):
    poll()
    alert = RepeatAlert.objects.get()
    client = Client()
    client.force_login(editor)
    response = client.post(f"/desk/monitoring/repeats/{alert.pk}/dismiss/", {"reason": "  "}, follow=True)
    assert "Say why this is not a repeat" in response.content.decode()
    alert.refresh_from_db()
    assert alert.state == "open"
    client.post(f"/desk/monitoring/repeats/{alert.pk}/dismiss/", {"reason": "quoted to refute it"})
    alert.refresh_from_db()
    assert (alert.state, alert.dismiss_reason, alert.decided_by) == ("dismissed", "quoted to refute it", editor)
    assert not Appearance.objects.exists()
    assert alert.candidate.status == "waiting"  # still in the queue, for the editors to decide
    page = client.get("/desk/monitoring/repeats/").content.decode()
    assert "Dismissed by eddie" in page and "quoted to refute it" in page


def test_the_checker_reads_the_alert_without_deciding_it(claim, poll, reviewer):
    poll()
    client = Client()
    client.force_login(reviewer)
    page = client.get("/desk/monitoring/repeats/").content.decode()
    assert "Dmytro Kuleba repeated a claim rated False on 2022-12-20" in page
    assert "Confirm the appearance" not in page
