"""The claim page: everything known about a claim, and only the workflow steps the reader may take."""

from datetime import date

from django.db import connection
from django.test.utils import CaptureQueriesContext

from claims.models import Evidence, Event, SpeakerRole, Tag


def test_it_shows_statement_speaker_role_dates_event_tags_and_reporting(client, editor, make_claim, make_speaker, make_source):
    kuleba = make_speaker("Dmytro Kuleba", aliases=["Кулеба"])
    SpeakerRole.objects.create(speaker=kuleba, title="Foreign Minister of Ukraine", start_date=date(2020, 3, 4))
    event = Event.objects.create(name="Press conference in Kyiv", date=date(2022, 12, 1))
    blog = make_source(title="ミンスク会談ブログ", publisher="livedoor blog", archive_url="https://archive.example/x",
                       published_on=date(2022, 12, 21))
    claim = make_claim(
        speaker=kuleba,
        statement="ベラルーシは参戦しない",
        language="ja",
        translation="Belarus will not join the war",
        translation_language="en",
        said_on=date(2022, 12, 1),
        said_on_precision="month",
        event=event,
        reported_by=blog,
        reporting_note="the blog cites an unnamed reference article (参照記事)",
    )
    claim.tags.add(Tag.objects.create(name="Belarus", slug="belarus"))
    Evidence.objects.create(claim=claim, source=blog, relation="context", excerpt="参照記事によると", locator="para 3")

    client.force_login(editor)
    body = client.get(f"/desk/claims/{claim.pk}/").content.decode()
    assert '<blockquote lang="ja"' in body and "ベラルーシは参戦しない" in body
    assert '<blockquote lang="en"' in body and "Belarus will not join the war" in body
    assert "Foreign Minister of Ukraine" in body
    assert "2022-12" in body and "Month only" in body
    assert "Press conference in Kyiv" in body and "Belarus" in body
    assert "参照記事" in body and "livedoor blog" in body
    assert "https://archive.example/x" in body and "archived copy" in body
    assert "Context" in body and "para 3" in body


def test_it_renders_for_every_desk_role_and_refuses_outsiders(client, make_claim, editor, reviewer, chief, admin_user, outsider):
    claim = make_claim()
    for user in (editor, reviewer, chief, admin_user):
        client.force_login(user)
        assert client.get(f"/desk/claims/{claim.pk}/").status_code == 200
    client.force_login(outsider)
    assert client.get(f"/desk/claims/{claim.pk}/").status_code == 403
    client.logout()
    assert client.get(f"/desk/claims/{claim.pk}/").status_code == 302


def test_it_answers_404_for_a_claim_that_does_not_exist(client, editor):
    client.force_login(editor)
    assert client.get("/desk/claims/987654/").status_code == 404


def action_names(response):
    return [action["transition"].name for action in response.context["actions"]]


def test_it_offers_only_the_steps_the_user_may_take(client, make_claim, editor, reviewer, other_reviewer, chief, advance):
    claim = make_claim(with_refutation=True)
    client.force_login(editor)
    assert action_names(client.get(f"/desk/claims/{claim.pk}/")) == ["submit"]
    client.force_login(reviewer)
    assert action_names(client.get(f"/desk/claims/{claim.pk}/")) == []

    advance(claim, "submitted")
    client.force_login(reviewer)
    assert action_names(client.get(f"/desk/claims/{claim.pk}/")) == ["take"]
    client.force_login(editor)
    assert "take" not in action_names(client.get(f"/desk/claims/{claim.pk}/"))  # four eyes

    advance(claim, "in_review")
    client.force_login(reviewer)
    names = action_names(client.get(f"/desk/claims/{claim.pk}/"))
    assert "propose" in names and "request_changes" in names
    client.force_login(other_reviewer)
    assert "propose" not in action_names(client.get(f"/desk/claims/{claim.pk}/"))

    advance(claim, "verdict_proposed", summary="No.")
    client.force_login(chief)
    response = client.get(f"/desk/claims/{claim.pk}/")
    assert {"approve", "send_back"} <= set(action_names(response))
    assert 'action="/desk/claims/%d/actions/approve/"' % claim.pk in response.content.decode()
    client.force_login(reviewer)
    assert "approve" not in action_names(client.get(f"/desk/claims/{claim.pk}/"))


def test_it_shows_the_verdict_in_words_and_its_history(client, make_claim, editor, advance):
    claim = advance(make_claim(with_refutation=True), "approved")
    client.force_login(editor)
    body = client.get(f"/desk/claims/{claim.pk}/").content.decode()
    assert "Rating: False" in body
    assert "Correctly attributed" in body
    assert "The record shows otherwise." in body
    assert "Approve the verdict" in body  # audit timeline names the step
    assert "Verdict history" in body and "Approved" in body


def test_it_escapes_script_laden_text(client, make_claim, editor, make_speaker):
    claim = make_claim(speaker=make_speaker("<img src=x onerror=alert(1)>"), statement="<script>alert(1)</script>")
    client.force_login(editor)
    body = client.get(f"/desk/claims/{claim.pk}/").content.decode()
    assert "<script>alert(1)</script>" not in body and "<img src=x" not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body


def _queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_it_makes_the_same_number_of_queries_for_5_and_30_claims(client, make_claim, reviewer, make_source, advance):
    claim = make_claim(with_refutation=True)
    claim.tags.add(Tag.objects.create(name="One", slug="one"))
    advance(claim, "in_review")
    for _ in range(4):
        make_claim()
    client.force_login(reviewer)
    url = f"/desk/claims/{claim.pk}/"
    few = _queries(client, url)

    for n in range(25):
        make_claim()
    for n in range(8):
        Evidence.objects.create(claim=claim, source=make_source(), relation="context", excerpt=f"context {n}")
    claim.tags.add(Tag.objects.create(name="Two", slug="two"))
    advance(claim, "changes_requested", note="Need the original video")
    advance(claim, "in_review")  # resubmitted: back with the same reviewer
    assert _queries(client, url) == few


def test_it_renders_in_japanese_with_the_claims_own_language_marked(client, make_claim, editor):
    claim = make_claim(statement="ルカシェンコ大統領は述べた", language="ja", translation="Lukashenko said", translation_language="en")
    client.force_login(editor)
    client.cookies["django_language"] = "ja"
    response = client.get(f"/desk/claims/{claim.pk}/", HTTP_ACCEPT_LANGUAGE="ja")
    body = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="ja">' in body
    assert '<blockquote lang="ja"' in body and '<blockquote lang="en"' in body
