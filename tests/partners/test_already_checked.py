"""“Already checked by <partner> on <date>: <rating>”: the claim form's similar box (no-JS step and the type-ahead
JSON) and the monitoring queue name a partner's fact-check of the same claim, in another language too; a
partner's strings are text everywhere (escaped), never markup."""

import datetime

import pytest
from django.urls import reverse

from claims.models import Outlet, Source
from monitoring.models import Candidate, Feed, FeedArticle
from partners import services
from partners.models import Partner
from partners.parse import Review

from .conftest import HOSTILE

pytestmark = pytest.mark.django_db

QUEUE = "/desk/monitoring/"


@pytest.fixture
def checked(chief):
    desk = Partner.objects.create(name="Lie Detectors", url="https://partner.example/feed.json", added_by=chief)
    services.store(desk, [
        Review(url="https://partner.example/checks/1", claim_reviewed="Le chômage a baissé de moitié l'année dernière.",
               claimant="Jean Ministre", rating_text="Faux", rating_value=1, publisher="Lie Detectors",
               date_published=datetime.date(2024, 3, 1), language="fr"),
        Review(url="https://partner.example/checks/2", claim_reviewed="The bridge cost 3 billion.", rating_text="True",
               date_published=datetime.date(2024, 4, 2), language="en"),
    ])
    return desk


@pytest.fixture
def hostile(chief):
    desk = Partner.objects.create(name=HOSTILE, url="https://evil.example/feed.json", added_by=chief)
    services.store(desk, [Review(url="https://evil.example/c/1", claim_reviewed=f"Crime doubled in 2023. {HOSTILE}",
                                 claimant=HOSTILE, rating_text=HOSTILE, publisher=HOSTILE, date_published=datetime.date(2024, 1, 5))])
    return desk


def _candidate(editor, statement):
    outlet = Outlet.objects.create(name="Kyiv Daily", kind=Outlet.Kind.NEWSPAPER)
    feed = Feed.objects.create(outlet=outlet, url="https://kyiv.example/rss", host="kyiv.example", followed_by=editor)
    source = Source.objects.create(title="Talks", url="https://kyiv.example/1", kind=Source.Kind.ARTICLE, language="en", text=statement, outlet=outlet)
    article = FeedArticle.objects.create(url=source.url, feed=feed, title="Talks", status="taken", source=source)
    return Candidate.objects.create(article=article, source=source, statement=statement, excerpt=statement, start=0, end=len(statement),
                                    language="en", form="quote", outlet=outlet, said_on_precision="unknown")


def test_the_claim_forms_similar_step_says_already_checked_by_the_partner_across_languages(client, editor, checked):
    client.force_login(editor)

    response = client.post(reverse("claim_create"), {"statement": "Unemployment fell by half last year.", "check_similar": "1"})

    html = response.content.decode()
    assert response.status_code == 200
    assert "already checked by Lie Detectors on 2024-03-01: Faux" in html
    assert "https://partner.example/checks/1" in html
    assert "The bridge cost 3 billion." not in html  # another claim is not "already checked"


def test_the_type_ahead_answers_the_partners_fact_checks_too(client, editor, checked):
    client.force_login(editor)

    data = client.get(reverse("claim_suggestions"), {"q": "Unemployment fell by half last year."}).json()

    [found] = data["already_checked"]
    assert found["label"] == "already checked by Lie Detectors on 2024-03-01: Faux"
    assert found["url"] == "https://partner.example/checks/1" and found["partner"] == "Lie Detectors"


def test_the_monitoring_queue_says_already_checked_for_a_matching_statement(client, editor, checked):
    matching = _candidate(editor, "Unemployment was halved last year.")
    client.force_login(editor)

    response = client.get(QUEUE)

    rows = {row["candidate"].pk: row for row in response.context["rows"]}
    assert [found.fact_check.url for found in rows[matching.pk]["already_checked"]] == ["https://partner.example/checks/1"]
    assert "already checked by Lie Detectors on 2024-03-01: Faux" in response.content.decode()


def test_a_partners_hostile_strings_render_escaped_on_the_form_the_queue_and_the_partners_page(client, editor, hostile):
    _candidate(editor, "Crime doubled in 2023.")
    client.force_login(editor)

    pages = [
        client.post(reverse("claim_create"), {"statement": "Crime doubled in 2023.", "check_similar": "1"}).content.decode(),
        client.get(QUEUE).content.decode(),
        client.get(reverse("partner_list")).content.decode(),
    ]

    assert all("already checked by &lt;script&gt;" in html for html in pages[:2])
    for html in pages:
        assert HOSTILE not in html and "<script>alert" not in html and "<img src=x" not in html
        assert "&lt;script&gt;alert" in html
