"""The watch re-fetches cited pages, backs off while they stay the same, and tells people when excerpts change or vanish."""

import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from capture import services
from capture.models import Capture, SourceWatch
from claims.models import Evidence
from notifications.models import Notification
from reviews import services as workflow
from tests.capture.conftest import article

BEFORE = ["The mayor said the new tram line will open in June 2025, on schedule and on budget."]
AFTER = ["The mayor said the new tram line will open in late 2026, after a delay and over budget."]


@pytest.fixture
def watched(httpserver, capture_now, make_claim, editor, reviewer):
    """A claim in review whose refuting excerpt is on a captured page."""
    httpserver.expect_request("/tram").respond_with_data(article("Tram", BEFORE), content_type="text/html")
    source, first = capture_now(httpserver.url_for("/tram"))
    claim = make_claim()
    Evidence.objects.create(claim=claim, source=source, relation="refutes", excerpt="will open in June 2025")
    workflow.perform("submit", claim=claim, user=editor, expected_version=claim.version)
    claim.refresh_from_db()
    workflow.perform("take", claim=claim, user=reviewer, expected_version=claim.version)
    claim.refresh_from_db()
    return source, first, claim


def recheck(source, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return services.recheck_source(source.pk)


def test_it_backs_off_while_the_page_stays_the_same(watched, django_capture_on_commit_callbacks):
    source, first, _claim = watched
    assert SourceWatch.objects.get(source=source).interval_days == 1
    assert recheck(source, django_capture_on_commit_callbacks) is None
    assert recheck(source, django_capture_on_commit_callbacks) is None
    watch = SourceWatch.objects.get(source=source)
    assert watch.interval_days == 4 and source.captures.count() == 1
    assert watch.next_check_at > timezone.now() + datetime.timedelta(days=3)


def test_it_captures_an_edited_page_with_a_diff_and_tells_the_reviewer(
    watched, httpserver, django_capture_on_commit_callbacks, client, reviewer, editor
):
    source, first, claim = watched
    httpserver.clear()
    httpserver.expect_request("/tram").respond_with_data(article("Tram", AFTER), content_type="text/html")
    mail.outbox.clear()
    second = recheck(source, django_capture_on_commit_callbacks)
    assert second.changed and second.text_sha256 != first.text_sha256
    assert SourceWatch.objects.get(source=source).interval_days == 1  # a changing page is watched closely again
    note = Notification.objects.get(recipient=reviewer, verb=Notification.Verb.SOURCE)
    assert note.claim == claim and note.capture == second
    assert not Notification.objects.filter(recipient=editor, verb=Notification.Verb.SOURCE).exists()
    assert [m.to for m in mail.outbox] == [[reviewer.email]]
    assert "no longer in its source" in mail.outbox[0].subject
    client.force_login(reviewer)
    page = client.get(f"/desk/captures/{second.pk}/").content.decode()
    assert "<del>June</del><ins>late</ins>" in page and "<del>2025,</del><ins>2026,</ins>" in page
    claim_page = client.get(claim.get_absolute_url()).content.decode()
    assert "not found in capture of" in claim_page
    inbox = client.get("/desk/inbox/").content.decode()
    assert f"An excerpt you rely on is no longer in its source: {source.url} — claim #{claim.pk}" in inbox


def test_it_marks_a_vanished_page_gone_and_links_the_desks_copy_publicly(
    httpserver, capture_now, make_claim, editor, reviewer, chief, rating, client, django_capture_on_commit_callbacks
):
    httpserver.expect_request("/statement").respond_with_data(article("Statement", BEFORE), content_type="text/html")
    source, first = capture_now(httpserver.url_for("/statement"))
    claim = make_claim()
    Evidence.objects.create(claim=claim, source=source, relation="refutes", excerpt="on schedule and on budget")
    for name, user, extra in [
        ("submit", editor, {}),
        ("take", reviewer, {}),
        ("propose", reviewer, {"attribution": "correct", "rating": rating["False"], "summary": "No.", "evidence": list(claim.evidence.all())}),
        ("approve", chief, {}),
        ("publish", chief, {}),
    ]:
        claim.refresh_from_db()
        workflow.perform(name, claim=claim, user=user, expected_version=claim.version, **extra)
    httpserver.clear()
    httpserver.expect_request("/statement").respond_with_data("gone", status=410)
    mail.outbox.clear()
    gone = recheck(source, django_capture_on_commit_callbacks)
    assert gone.gone and gone.status == Capture.Status.FAILED and gone.failure == "gone"
    watch = SourceWatch.objects.get(source=source)
    assert watch.gone_on == timezone.localdate() and "410" in watch.gone_reason
    assert Notification.objects.filter(recipient=chief, verb=Notification.Verb.SOURCE, claim=claim).exists()
    assert any("gone" in m.subject for m in mail.outbox)
    assert recheck(source, django_capture_on_commit_callbacks) is None  # gone once, told once
    public = client.get(f"/fact-checks/{claim.pk}/").content.decode()
    assert f'href="/archive/{first.pk}/"' in public and "original gone since" in public
    copy = client.get(f"/archive/{first.pk}/")
    assert copy.status_code == 200 and "on schedule and on budget" in copy.content.decode()
    client.force_login(editor)
    assert "The original page is gone since" in client.get(source.get_absolute_url()).content.decode()


def test_it_keeps_unpublished_captures_off_the_public_site(watched, client):
    _source, first, _claim = watched
    assert client.get(f"/archive/{first.pk}/").status_code == 404


def test_it_treats_a_redirect_to_the_home_page_and_an_unknown_host_as_gone(httpserver, capture_now, monkeypatch):
    httpserver.expect_request("/old/story").respond_with_data("", status=301, headers={"Location": "/"})
    httpserver.expect_request("/").respond_with_data(article("Home", ["Welcome to the front page of the site."]), content_type="text/html")
    source, capture = capture_now(httpserver.url_for("/old/story"))
    assert capture.gone and capture.failure == "gone" and "home page" in capture.failure_detail
    assert SourceWatch.objects.get(source=source).gone_on is not None
    _source, lost = capture_now("http://nothing-here.invalid/story", title="lost")
    assert lost.gone and lost.failure == "dns"


def test_it_queues_due_rechecks_once_however_often_cron_runs_it(watched, settings, django_capture_on_commit_callbacks):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    source, _first, _claim = watched
    SourceWatch.objects.filter(source=source).update(next_check_at=timezone.now() - datetime.timedelta(minutes=1))
    due = services.due_source_ids()
    assert source.pk in due  # with the claim's other source, never checked yet
    with django_capture_on_commit_callbacks(execute=True) as first_run:
        call_command("watch_sources", stdout=open("/dev/null", "w"))
    with django_capture_on_commit_callbacks(execute=True) as second_run:
        call_command("watch_sources", stdout=open("/dev/null", "w"))
    assert len(first_run) == len(due) and len(second_run) == 0
    assert services.due_source_ids() == []
