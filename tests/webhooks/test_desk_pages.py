"""Chief editors and admins manage webhooks and read the delivery log; nobody else reaches a page or an action."""

import pytest
from django.urls import reverse

from webhooks.models import Delivery, Endpoint, Event


@pytest.fixture
def delivery(make_endpoint):
    endpoint = make_endpoint("https://hooks.example.org/in")
    return Delivery.objects.create(
        endpoint=endpoint, event=Event.TIP_RECEIVED, payload={"event": "tip.received"}, status=Delivery.Status.FAILED, attempts=8, error="HTTP 500"
    )


def pages(delivery):
    pk = delivery.endpoint_id
    return [
        ("get", reverse("webhook_list")),
        ("get", reverse("webhook_detail", args=[pk])),
        ("post", reverse("webhook_rotate", args=[pk])),
        ("get", reverse("webhook_deliveries")),
        ("get", reverse("webhook_delivery", args=[delivery.pk])),
        ("post", reverse("webhook_resend", args=[delivery.pk])),
    ]


@pytest.mark.parametrize("persona", ["editor", "reviewer", "outsider"])
def test_other_roles_are_refused_everywhere(client, request, delivery, persona, webhook_env):
    client.force_login(request.getfixturevalue(persona))
    secret = delivery.endpoint.secret
    for method, url in pages(delivery):
        assert getattr(client, method)(url).status_code == 403, url
    delivery.refresh_from_db()
    delivery.endpoint.refresh_from_db()
    assert delivery.status == Delivery.Status.FAILED and delivery.endpoint.secret == secret


def test_anonymous_visitors_are_sent_to_log_in(client, delivery):
    for method, url in pages(delivery):
        response = getattr(client, method)(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("login")), url


@pytest.mark.parametrize("persona", ["chief", "admin_user"])
def test_chiefs_and_admins_reach_every_page(client, request, delivery, persona, webhook_env):
    client.force_login(request.getfixturevalue(persona))
    for method, url in pages(delivery):
        assert getattr(client, method)(url).status_code in (200, 302), url


def test_a_missing_object_is_404_for_a_chief(client, chief, db):
    client.force_login(chief)
    for url in (reverse("webhook_detail", args=[999]), reverse("webhook_delivery", args=[999])):
        assert client.get(url).status_code == 404
    assert client.post(reverse("webhook_resend", args=[999])).status_code == 404


def test_a_chief_creates_an_endpoint_and_sees_its_secret_once(client, chief, db):
    client.force_login(chief)
    response = client.post(reverse("webhook_list"), {"url": "https://hooks.example.org/slack", "events": [Event.PUBLISHED, Event.UPDATED], "active": "on"})
    endpoint = Endpoint.objects.get()
    assert response.status_code == 200 and endpoint.secret in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    assert (endpoint.events, endpoint.created_by) == ([Event.PUBLISHED, Event.UPDATED], chief)
    for url in (reverse("webhook_list"), reverse("webhook_detail", args=[endpoint.pk])):
        assert endpoint.secret not in client.get(url).content.decode()


def test_bad_input_is_a_clear_400_and_nothing_is_stored(client, chief, db):
    client.force_login(chief)
    for data, says in (
        ({"url": "http://10.1.2.3/hook", "events": [Event.PUBLISHED]}, "private"),
        ({"url": "https://hooks.example.org/x", "events": ["claim.deleted"]}, "claim.deleted"),
        ({"url": "https://hooks.example.org/x"}, "required"),
    ):
        response = client.post(reverse("webhook_list"), data)
        assert response.status_code == 400 and says in response.content.decode(), data
    assert not Endpoint.objects.exists()


def test_the_log_filters_by_endpoint_event_and_status(client, chief, delivery, make_endpoint):
    other = make_endpoint("https://cms.example.org/in")
    Delivery.objects.create(endpoint=other, event=Event.PUBLISHED, payload={}, status=Delivery.Status.DELIVERED)
    client.force_login(chief)
    url = reverse("webhook_deliveries")

    def shown(**query):
        page = client.get(url, query).content.decode()
        return sorted(e for e in Event.values if f"<td>{e}</td>" in page)

    assert shown() == [Event.PUBLISHED, Event.TIP_RECEIVED]
    assert shown(status="failed") == [Event.TIP_RECEIVED]
    assert shown(event=Event.PUBLISHED) == [Event.PUBLISHED]
    assert shown(endpoint=other.pk) == [Event.PUBLISHED]


def test_a_chief_edits_an_endpoint(client, chief, delivery):
    client.force_login(chief)
    endpoint = delivery.endpoint
    response = client.post(reverse("webhook_detail", args=[endpoint.pk]), {"url": "https://hooks.example.org/v2", "events": [Event.TIP_RECEIVED]})
    assert response.status_code == 302
    endpoint.refresh_from_db()
    assert (endpoint.url, endpoint.events, endpoint.active) == ("https://hooks.example.org/v2", [Event.TIP_RECEIVED], False)
