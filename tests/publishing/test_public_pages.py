"""The public site: what a reader can reach without logging in, and what stays private."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.test import override_settings

from claims.models import Speaker, Tag
from publishing.models import DeskPage


def soup(response):
    return BeautifulSoup(response.content, "html.parser")


@pytest.fixture
def three(make_claim, make_speaker, advance, retract):
    """A published, a retracted and a draft claim by the same speaker."""
    speaker = make_speaker("Alexander Lukashenko")
    published = advance(
        make_claim(speaker=speaker, statement="Gas costs Belarus 128 dollars.", with_refutation=True,
                   said_on=datetime.date(2022, 12, 19), said_on_precision="day"), "published",
        rating="Mostly true",
    )
    retracted = retract(
        advance(make_claim(speaker=speaker, statement="The S-400 is on duty.", with_refutation=True), "published"),
        note="We misread the source.",
    )
    draft = make_claim(speaker=speaker, statement="A draft nobody has checked.")
    return published, retracted, draft


def test_it_serves_the_public_index_at_the_root_without_login(client, three):
    response = client.get("/")

    assert response.status_code == 200
    text = response.content.decode()
    assert "Gas costs Belarus 128 dollars." in text
    assert "Mostly true" in text
    assert "The S-400 is on duty." in text and "Retracted" in text
    assert "A draft nobody has checked." not in text


def test_it_answers_404_not_403_for_a_draft_and_an_unknown_id(client, three, chief):
    _published, _retracted, draft = three

    assert client.get(f"/fact-checks/{draft.pk}/").status_code == 404
    assert client.get("/fact-checks/999999/").status_code == 404
    client.force_login(chief)  # even the desk reads drafts on the desk, not on the public site
    assert client.get(f"/fact-checks/{draft.pk}/").status_code == 404


@pytest.mark.parametrize("state_step", ["submitted", "approved"])
def test_it_hides_claims_that_are_on_their_way_but_not_published(client, make_claim, advance, state_step):
    claim = advance(make_claim(with_refutation=True), state_step)
    assert claim.state == state_step

    assert client.get(f"/fact-checks/{claim.pk}/").status_code == 404
    assert client.get(f"/speakers/{claim.speaker_id}/").status_code == 404
    assert claim.statement not in client.get("/").content.decode()


def test_it_filters_the_index_by_speaker_rating_tag_date_and_text(client, three, make_claim, advance, rating):
    published, _retracted, _draft = three
    tag = Tag.objects.create(name="Energy", slug="energy")
    published.tags.add(tag)
    other = advance(make_claim(statement="Another check entirely.", with_refutation=True), "published")

    def statements(query):
        response = client.get("/" + query)
        assert response.status_code == 200
        return {a.get_text() for a in soup(response).select(".factcheck-link")}

    assert statements(f"?speaker={published.speaker_id}") == {"Gas costs Belarus 128 dollars.", "The S-400 is on duty."}
    assert statements(f"?rating={rating['Mostly true'].pk}") == {"Gas costs Belarus 128 dollars."}
    assert statements("?tag=energy") == {"Gas costs Belarus 128 dollars."}
    assert statements("?said_from=2022-12-01&said_until=2022-12-31") == {"Gas costs Belarus 128 dollars."}
    assert statements("?q=another+check") == {other.statement}


@pytest.mark.parametrize(
    "query, field",
    [("?speaker=abc", "Speaker"), ("?said_from=2022-13-45", "Said from"), ("?rating=999999", "Rating"), ("?page=two", "page")],
)
def test_it_answers_400_with_a_message_for_malformed_filters(client, three, query, field):
    response = client.get("/" + query)

    assert response.status_code == 400
    message = soup(response).select_one(".error-message").get_text()
    assert field in message


@pytest.mark.parametrize("url", ["/", "/corrections/"])
def test_it_shows_an_empty_page_that_says_so_past_the_end(client, three, url):
    response = client.get(url, {"page": "99"})

    assert response.status_code == 200
    assert not soup(response).select(".factcheck-link")
    message = soup(response).select_one(".empty").get_text()
    assert "There is no such page of results." in message
    assert soup(response).select_one(".empty a")["href"] == "?page=1"


@pytest.mark.parametrize("url", ["/", "/corrections/", "speaker"])
@pytest.mark.parametrize("page", ["two", "0", "-1", "1e3"])
def test_it_answers_400_naming_the_page_for_a_malformed_page_number(client, three, url, page):
    url = f"/speakers/{three[0].speaker_id}/" if url == "speaker" else url

    response = client.get(url, {"page": page})

    assert response.status_code == 400
    assert soup(response).select_one(".error-message").get_text() == "page: Give a whole number from 1 up."


def test_it_reads_the_desk_and_api_date_names_as_aliases(client, three):
    def statements(query):
        response = client.get("/", query)
        assert response.status_code == 200
        return {a.get_text() for a in soup(response).select(".factcheck-link")}

    canonical = statements({"said_from": "2022-12-01", "said_until": "2022-12-31"})
    assert canonical == {"Gas costs Belarus 128 dollars."}
    assert statements({"said_after": "2022-12-01", "said_before": "2022-12-31"}) == canonical
    assert statements({"said_from": "2022-12-01", "said_to": "2022-12-31"}) == canonical


def test_it_lists_a_speakers_checked_claims_and_hides_speakers_without_any(client, three, make_speaker):
    published, retracted, draft = three

    response = client.get(f"/speakers/{published.speaker_id}/")

    assert response.status_code == 200
    links = {a.get_text() for a in soup(response).select(".factcheck-link")}
    assert links == {published.statement, retracted.statement}
    assert client.get(f"/speakers/{make_speaker('Nobody checked').pk}/").status_code == 404


def test_it_logs_every_correction_and_retraction_newest_first(client, three, make_claim, advance, correct):
    corrected = correct(
        advance(make_claim(statement="Corrected later.", with_refutation=True), "published"), label="Misleading", note="We had the year wrong."
    )

    response = client.get("/corrections/")

    assert response.status_code == 200
    entries = soup(response).select(".correction-log .correction")
    assert [e.select_one(".correction-note").get_text() for e in entries] == ["We had the year wrong.", "We misread the source."]
    assert "Retraction" in entries[1].get_text()
    assert f"/fact-checks/{corrected.pk}/" in str(entries[0])


def test_it_serves_methodology_and_corrections_policy_from_editable_desk_pages(client, db):
    methodology = client.get("/about/methodology/")
    policy = client.get("/about/corrections-policy/")

    assert methodology.status_code == policy.status_code == 200
    assert "Two people decide" in methodology.content.decode()
    assert "Unverifiable" in methodology.content.decode()  # the active scale is listed under the text
    assert "Retractions" in policy.content.decode()

    DeskPage.objects.filter(slug="methodology").update(body="We now **also** call the speaker.")
    assert "<strong>also</strong>" in client.get("/about/methodology/").content.decode()
    assert client.get("/about/ethics/").status_code == 404


def test_it_shows_desk_pages_in_japanese_when_the_reader_chooses_it(client, db):
    response = client.get("/language/?lang=ja&next=/about/methodology/")
    assert response.status_code == 302 and response["Location"] == "/about/methodology/"

    assert "検証方法" in client.get("/about/methodology/").content.decode()


def test_it_refuses_to_redirect_the_language_switch_off_site(client, db):
    response = client.get("/language/?lang=ja&next=https://evil.example/")

    assert response["Location"] == "/"
    assert client.get("/language/?lang=xx").status_code == 400


def test_it_links_the_methodology_and_corrections_policy_from_each_fact_check(client, three):
    published, _retracted, _draft = three

    page = soup(client.get(f"/fact-checks/{published.pk}/"))
    hrefs = {a["href"] for a in page.select("article a")}

    assert "/about/methodology/" in hrefs and "/about/corrections-policy/" in hrefs


def test_it_does_not_name_the_reviewers_unless_the_desk_chooses_to(client, three, reviewer, chief):
    published, _retracted, _draft = three

    text = client.get(f"/fact-checks/{published.pk}/").content.decode()
    assert reviewer.username not in text and chief.username not in text

    with override_settings(PUBLIC_SHOW_REVIEWERS=True):
        text = client.get(f"/fact-checks/{published.pk}/").content.decode()
    assert f"Reviewed by {reviewer.username}, approved by {chief.username}." in text


def test_it_uses_the_desks_name_and_logo_from_settings(client, three):
    published, _retracted, _draft = three

    with override_settings(DESK_NAME="Minsk Watch", DESK_LOGO_URL="https://cdn.example/logo.png"):
        page = soup(client.get(f"/fact-checks/{published.pk}/"))

    assert "Minsk Watch" in page.select_one(".public-brand").get_text()
    assert page.select_one(".public-brand img")["src"] == "https://cdn.example/logo.png"


def test_it_keeps_the_desk_at_desk(client, editor):
    client.force_login(editor)

    assert client.get("/desk/").status_code == 200


def test_it_lets_readers_revalidate_with_an_etag_and_holds_nothing_personal(client, three, chief):
    published, _retracted, _draft = three
    first = client.get(f"/fact-checks/{published.pk}/")

    assert first.has_header("ETag")
    assert "public" in first["Cache-Control"]
    assert "Cookie" in first["Vary"] and "Accept-Language" in first["Vary"]
    assert "csrfmiddlewaretoken" not in first.content.decode()
    assert client.get(f"/fact-checks/{published.pk}/", HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304

    client.force_login(chief)
    assert chief.username not in client.get(f"/fact-checks/{published.pk}/").content.decode()


@override_settings(PUBLIC_CACHE_SECONDS=60)
def test_it_serves_a_cached_page_but_shows_a_correction_at_once(client, three, correct):
    published, _retracted, _draft = three
    first = client.get(f"/fact-checks/{published.pk}/")
    assert "max-age=60" in first["Cache-Control"]

    Speaker.objects.filter(pk=published.speaker_id).update(name="Renamed without touching a claim")
    assert client.get(f"/fact-checks/{published.pk}/").content == first.content  # no claim changed: still cached

    correct(published, label="False", note="Readers see a correction at once.")

    assert "Readers see a correction at once." in client.get(f"/fact-checks/{published.pk}/").content.decode()


def test_it_reads_the_index_and_a_fact_check_in_a_fixed_number_of_queries(client, make_claim, advance):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def listed(response):
        assert response.status_code == 200
        body = response.content.decode()
        return [claim for claim in claims if claim.statement in body]

    claims = [advance(make_claim(with_refutation=True), "published") for _ in range(2)]
    with CaptureQueriesContext(connection) as few:
        assert len(listed(client.get("/"))) == 2
    with CaptureQueriesContext(connection) as one:
        assert listed(client.get(f"/fact-checks/{claims[0].pk}/")) == [claims[0]]
    claims += [advance(make_claim(with_refutation=True), "published") for _ in range(4)]
    with CaptureQueriesContext(connection) as many:
        assert len(listed(client.get("/"))) == 6

    assert len(many) == len(few)
    assert len(one) <= 15


def test_it_answers_head_requests_like_get(client, three):
    published, _retracted, _draft = three

    assert client.head(f"/fact-checks/{published.pk}/").status_code == 200
    assert client.post(f"/fact-checks/{published.pk}/").status_code == 405


def test_it_speaks_japanese_to_a_reader_who_chooses_it(client, three):
    published, _retracted, _draft = three

    client.get("/language/?lang=ja")
    page = soup(client.get(f"/fact-checks/{published.pk}/"))

    assert page.html["lang"] == "ja"
    assert "判定" in page.select_one(".verdict-caption").get_text()
    assert page.select_one("#sources-heading").get_text() == "情報源"
    assert "訂正方針" in page.select_one(".public-nav").get_text()


def test_it_lets_a_chief_editor_edit_the_methodology_in_the_admin(client, chief, editor):
    page = DeskPage.objects.get(slug="methodology")
    client.force_login(editor)
    assert client.get(f"/admin/publishing/deskpage/{page.pk}/change/").status_code == 403

    client.force_login(chief)
    response = client.post(
        f"/admin/publishing/deskpage/{page.pk}/change/",
        {"title": "How we work", "body": "Two people check every claim.", "title_ja": "", "body_ja": ""},
    )

    assert response.status_code == 302
    assert "Two people check every claim." in client.get("/about/methodology/").content.decode()
    assert client.post(f"/admin/publishing/deskpage/{page.pk}/delete/", {"post": "yes"}).status_code == 403
