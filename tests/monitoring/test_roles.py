"""Who may use the monitoring pages: the roles that take articles in (claims.take_in_article: editors, chief
editors). Everyone else is refused (403) before any object is looked up; a missing object is a 404."""

import pytest
from django.urls import reverse

from claims.models import Claim
from monitoring.models import Candidate

pytestmark = pytest.mark.django_db


def _pages(candidate_pk):
    return [
        ("get", reverse("monitoring_queue"), {}),
        ("get", reverse("monitoring_feeds"), {}),
        ("get", reverse("monitoring_filter_suggest", args=["outlet"]), {}),
        ("post", reverse("monitoring_accept", args=[candidate_pk]), {}),
        ("post", reverse("monitoring_merge", args=[candidate_pk]), {"claim": 1}),
        ("post", reverse("monitoring_dismiss"), {"candidate": [candidate_pk], "reason": "not news"}),
        ("post", reverse("monitoring_feeds"), {"url": "https://kyiv.example/rss", "interval_minutes": 30}),
    ]


@pytest.mark.parametrize("persona", ["reviewer", "outsider"])
def test_roles_without_intake_are_refused_everywhere_and_change_nothing(request, client, persona, make_candidate):
    candidate = make_candidate()
    client.force_login(request.getfixturevalue(persona))
    for method, url, data in _pages(candidate.pk) + _pages(999999):
        assert getattr(client, method)(url, data).status_code == 403, url
    candidate.refresh_from_db()
    assert candidate.status == "waiting" and not Claim.objects.exists()
    assert 'href="/desk/monitoring/"' not in client.get(reverse("dashboard")).content.decode()


def test_anonymous_visitors_are_sent_to_log_in(client, make_candidate):
    candidate = make_candidate()
    for method, url, data in _pages(candidate.pk):
        response = getattr(client, method)(url, data)
        assert response.status_code == 302 and "/login/" in response["Location"], url


@pytest.mark.parametrize("persona", ["editor", "chief"])
def test_intake_roles_see_the_queue_and_a_missing_candidate_or_claim_is_a_404(request, client, persona, make_candidate):
    candidate = make_candidate()
    user = request.getfixturevalue(persona)
    client.force_login(user)
    assert client.get(reverse("monitoring_queue")).status_code == 200
    assert client.get(reverse("monitoring_feeds")).status_code == 200
    assert 'href="/desk/monitoring/"' in client.get(reverse("dashboard")).content.decode()
    assert client.post(reverse("monitoring_accept", args=[999999])).status_code == 404
    assert client.post(reverse("monitoring_merge", args=[999999]), {"claim": 1}).status_code == 404
    assert client.post(reverse("monitoring_merge", args=[candidate.pk]), {"claim": 999999}).status_code == 404
    assert client.get(reverse("monitoring_queue") + "?page=abc").status_code == 400
    assert Candidate.objects.get().status == "waiting"
