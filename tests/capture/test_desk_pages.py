"""The source's desk page lists the desk's copies; the captured text and the WARC are for desk roles only."""

from capture.models import Capture
from tests.capture.conftest import article


def test_it_lists_captures_and_links_text_and_warc(httpserver, capture_now, client, reviewer):
    httpserver.expect_request("/p").respond_with_data(article("Listed", ["A paragraph long enough to be the main text of it."]), content_type="text/html")
    source, capture = capture_now(httpserver.url_for("/p"))
    client.force_login(reviewer)
    page = client.get(source.get_absolute_url()).content.decode()
    assert f'href="/desk/captures/{capture.pk}/"' in page and f'href="/desk/captures/{capture.pk}/warc/"' in page
    text = client.get(f"/desk/captures/{capture.pk}/").content.decode()
    assert "A paragraph long enough" in text and capture.text_sha256 in text
    warc = client.get(f"/desk/captures/{capture.pk}/warc/")
    assert warc.status_code == 200 and warc["Content-Type"] == "application/warc"
    assert "attachment" in warc["Content-Disposition"]
    assert b"".join(warc.streaming_content)[:2] == b"\x1f\x8b"


def test_it_shows_capturing_until_the_worker_is_done_and_never_blocks_the_save(make_source, client, editor, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    source = make_source(url="https://example.org/story")
    assert source.captures.get().status == Capture.Status.PENDING
    client.force_login(editor)
    assert "capturing…" in client.get(source.get_absolute_url()).content.decode()


def test_it_queues_a_capture_on_demand_for_desk_roles_only(make_source, client, editor, outsider, django_capture_on_commit_callbacks, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    source = make_source(url="https://example.org/on-demand")
    Capture.objects.filter(source=source).delete()
    client.force_login(outsider)
    assert client.post(f"/desk/sources/{source.pk}/capture/").status_code == 403
    client.force_login(editor)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(f"/desk/sources/{source.pk}/capture/")
    assert response.status_code == 302 and len(callbacks) == 1
    assert source.captures.get().requested_by == editor
    client.post(f"/desk/sources/{source.pk}/capture/")
    assert source.captures.count() == 1  # one waiting capture is enough


def test_it_refuses_captures_to_outsiders(httpserver, capture_now, client, outsider):
    httpserver.expect_request("/secret").respond_with_data("<p>x</p>", content_type="text/html")
    _source, capture = capture_now(httpserver.url_for("/secret"))
    client.force_login(outsider)
    assert client.get(f"/desk/captures/{capture.pk}/").status_code == 403
    assert client.get(f"/desk/captures/{capture.pk}/warc/").status_code == 403
    client.logout()
    assert client.get(f"/desk/captures/{capture.pk}/warc/").status_code == 302


def test_it_says_an_offline_source_has_nothing_to_capture(make_source, client, editor):
    source = make_source(url="")
    client.force_login(editor)
    assert "Offline source: there is no URL to capture." in client.get(source.get_absolute_url()).content.decode()
    assert client.post(f"/desk/sources/{source.pk}/capture/").status_code == 400
