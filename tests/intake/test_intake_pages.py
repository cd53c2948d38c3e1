"""The intake pages: take an article in (paste, file, address), review its candidates, create drafts in one save."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from claims.models import AuditEntry, Claim, Evidence, Source, Speaker

ARTICLE = (
    "Talks in Minsk changed nothing, minister says\n"
    "“Nothing important was decided in Minsk,” Kuleba said on Monday.\n"
    "He added that Ukraine was ready for whatever the two leaders agreed.\n"
    "Reportedly, more talks will follow.\n"
)
START = reverse("intake_start")


@pytest.fixture
def kuleba(make_speaker):
    return make_speaker("Dmytro Kuleba", aliases=["Kuleba", "クレーバ"])


def take_in(client, **data):
    data.setdefault("published_on", "2022-12-21")
    return client.post(START, data)


def review_data(response, accept=()):
    """The review form as a browser would post it, with the given candidates ticked."""
    formset = response.context["formset"]
    data = {key: value for key, value in formset.management_form.initial.items()}
    data = {f"c-{key}": value for key, value in data.items()}
    for index, form in enumerate(formset.forms):
        for name, field in form.fields.items():
            value = form[name].value()
            if name == "accept":
                if index in accept:
                    data[f"c-{index}-accept"] = "on"
                continue
            if name == "new_speaker":
                if value:
                    data[f"c-{index}-new_speaker"] = "on"
                continue
            data[f"c-{index}-{name}"] = "" if value is None else value
    return data


def test_a_pasted_article_becomes_a_source_and_its_candidates_are_marked(client, editor, kuleba):
    client.force_login(editor)
    response = take_in(client, text=ARTICLE)
    source = Source.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("intake_review", args=[source.pk])
    assert source.text == ARTICLE and source.language == "en" and str(source.published_on) == "2022-12-21"
    assert Claim.objects.count() == 0  # nothing without a click

    page = client.get(response["Location"])
    rows = page.context["rows"]
    assert [row["form"]["speaker"].value() for row in rows] == ["Dmytro Kuleba", "Dmytro Kuleba"]
    assert [row["form"]["said_on"].value().isoformat() for row in rows] == ["2022-12-19", "2022-12-19"]
    assert page.content.decode().count('class="candidate-mark"') == 2


def test_the_ticked_candidates_become_draft_claims_with_verified_attribution_evidence(client, editor, kuleba):
    client.force_login(editor)
    source_url = take_in(client, text=ARTICLE)["Location"]
    page = client.get(source_url)
    response = client.post(source_url, review_data(page, accept={0}))
    assert response.status_code == 302
    claim = Claim.objects.get()
    assert claim.state == "draft" and claim.speaker == kuleba and claim.form == "quote"
    assert claim.statement == "Nothing important was decided in Minsk"  # a trailing comma is not part of the quote
    evidence = Evidence.objects.get(claim=claim)
    assert evidence.relation == "attribution" and evidence.source.text.find(evidence.excerpt) >= 0
    assert AuditEntry.objects.get(claim=claim).note == "from intake"


def test_a_chief_editor_takes_an_article_in_as_the_readme_says_but_still_writes_no_claim_by_hand(client, chief, kuleba):
    client.force_login(chief)
    assert 'href="/desk/intake/"' in client.get(START).content.decode()  # the page opens, the menu leads there
    source_url = take_in(client, text=ARTICLE)["Location"]
    response = client.post(source_url, review_data(client.get(source_url), accept={0}))
    assert response.status_code == 302
    claim = Claim.objects.get()
    assert claim.state == "draft" and claim.created_by == chief and claim.speaker == kuleba
    assert client.get("/desk/claims/new/").status_code == 403  # the claim form stays the editors'


def test_one_bad_row_creates_nothing_and_says_which(client, editor, kuleba):
    client.force_login(editor)
    source_url = take_in(client, text=ARTICLE)["Location"]
    data = review_data(client.get(source_url), accept={0, 1})
    data["c-1-excerpt"] = "Words the article never printed."
    data["c-0-speaker"] = "A. N. Other"
    response = client.post(source_url, data)
    assert response.status_code == 400
    assert Claim.objects.count() == 0 and Speaker.objects.count() == 1
    forms = response.context["formset"].forms
    assert "not in the article" in forms[1].errors["excerpt"][0]
    assert "new speaker" in forms[0].errors["speaker"][0]
    assert forms[1]["excerpt"].value() == "Words the article never printed."  # the input is kept

    data["c-0-new_speaker"] = "on"
    data["c-1-accept"] = ""
    assert client.post(source_url, data).status_code == 302
    assert Claim.objects.get().speaker.name == "A. N. Other"


def test_nothing_ticked_creates_nothing(client, editor, kuleba):
    client.force_login(editor)
    source_url = take_in(client, text=ARTICLE)["Location"]
    response = client.post(source_url, review_data(client.get(source_url)))
    assert response.status_code == 400 and Claim.objects.count() == 0
    assert "at least one candidate" in response.content.decode()


def test_reviewers_and_outsiders_cannot_take_articles_in(client, reviewer, outsider, make_source):
    source = make_source(text=ARTICLE)
    client.force_login(reviewer)
    assert client.get(START).status_code == 403
    assert client.get(reverse("intake_review", args=[source.pk])).status_code == 403
    client.force_login(outsider)
    assert client.post(START, {"text": ARTICLE}).status_code == 403
    assert Source.objects.count() == 1
    client.force_login(reviewer)
    assert client.get(reverse("intake_review", args=[source.pk + 100])).status_code == 403  # role before object


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"text": "   \n  "}, "Paste the article"),
        ({"text": "x" * 200_001}, "intake reads at most"),
        ({"upload": SimpleUploadedFile("article.html", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "text/html")}, "whatever its name says"),
        ({"upload": SimpleUploadedFile("page.html", b"<html><head><script>var a=1;</script></head><body><script>b()</script></body></html>", "text/html")}, "only scripts"),
        ({"upload": SimpleUploadedFile("big.txt", b"a " * (3 * 1024 * 1024), "text/plain")}, "article intake reads files up to"),
        ({"url": "http://127.0.0.1:9/never"}, "could not be fetched"),
    ],
    ids=["empty", "too-long", "binary-renamed-html", "only-scripts", "file-too-big", "private-address"],
)
def test_bad_input_gets_a_clear_message_and_creates_nothing(client, editor, settings, data, message):
    settings.INTAKE_MAX_FILE_BYTES = 2 * 1024 * 1024
    settings.CAPTURE_ROBOTS = "ignore"
    client.force_login(editor)
    response = client.post(START, data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert Source.objects.count() == 0


def test_five_megabytes_of_pasted_text_get_a_message_not_an_error_page(editor):
    browser = Client(enforce_csrf_checks=True)  # as a browser: the CSRF check would read the body first
    browser.force_login(editor)
    token = browser.get(START).context["csrf_token"]
    response = browser.post(START, {"text": "Kuleba said so. " * 330_000, "csrfmiddlewaretoken": str(token)})
    assert response.status_code == 400
    assert "too large to take in" in response.content.decode()
    assert Source.objects.count() == 0
    assert browser.post(START, {"text": ARTICLE}).status_code == 403  # no token: still refused


def test_an_uploaded_page_and_a_fetched_page_are_read_for_their_main_text(client, editor, kuleba, httpserver, fetch_at_once):
    html = (
        "<html><head><title>Minsk talks</title><script>track()</script></head><body><nav>Home · World</nav>"
        "<article><h1>Minsk talks</h1><p>“Nothing important was decided in Minsk,” Kuleba said on Monday.</p>"
        "<p>He added that Ukraine was ready for whatever the two leaders agreed, whatever it was.</p></article>"
        "<footer>© Example</footer></body></html>"
    )
    client.force_login(editor)
    response = take_in(client, upload=SimpleUploadedFile("minsk.html", html.encode(), "text/html"))
    uploaded = Source.objects.get()
    assert response.status_code == 302 and "Kuleba said on Monday" in uploaded.text and "track()" not in uploaded.text

    httpserver.expect_request("/minsk").respond_with_data(html, content_type="text/html; charset=utf-8")
    httpserver.expect_request("/gone").respond_with_data("no", status=404)
    response = fetch_at_once(client, url=httpserver.url_for("/minsk"))  # fetched in the background (test_intake_fetching)
    fetched = Source.objects.exclude(pk=uploaded.pk).get()
    assert response.status_code == 302 and fetched.url == httpserver.url_for("/minsk") and "Kuleba said" in fetched.text
    assert len(client.get(response["Location"]).context["rows"]) == 2
    response = fetch_at_once(client, url=httpserver.url_for("/gone"))
    assert response.status_code == 200 and "could not be fetched" in response.content.decode()
    assert Source.objects.count() == 2


def test_an_article_in_a_language_without_rules_says_add_claims_by_hand(client, editor):
    client.force_login(editor)
    text = "Ministeri sanoi maanantaina, että neuvotteluissa ei päätetty mitään tärkeää. Hän lisäsi, että Ukraina on valmis."
    response = take_in(client, text=text, language="fi")
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert "No candidates found" in page.content.decode() and "Add claims by hand" in page.content.decode()
    assert "no extraction rules for Finnish yet (only for " in page.content.decode()


def test_according_to_a_recorded_outlet_becomes_a_hop_of_the_reporting_chain(client, editor, make_speaker):
    from claims.models import Outlet

    ria = Outlet.objects.create(name="RIA Novosti", kind="agency")
    make_speaker("Alexander Lukashenko", aliases=["Lukashenko"])
    client.force_login(editor)
    text = "Gas deal\nAccording to RIA Novosti, Lukashenko said the new gas price had been agreed with Moscow.\n"
    review = take_in(client, text=text)["Location"]
    page = client.get(review)
    [row] = page.context["rows"]
    assert row["form"]["reporting_outlet"].value() == "RIA Novosti"
    assert client.post(review, review_data(page, accept={0})).status_code == 302
    claim = Claim.objects.get()
    hops = list(claim.hops.order_by("position"))
    assert [hop.outlet for hop in hops[:1]] == [ria] and hops[-1].source == claim.reported_by


def test_markup_in_the_article_is_shown_as_text_and_the_page_speaks_japanese(client, editor, kuleba):
    client.force_login(editor)
    text = "<script>alert(1)</script>\n“Nothing important was decided in Minsk, <b>really</b>,” Kuleba said on Monday.\n"
    review = take_in(client, text=text)["Location"]
    html = client.get(review).content.decode()
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<b>really</b>" not in html
    client.post(reverse("set_language"), {"language": "ja", "next": review})
    html = client.get(review, HTTP_ACCEPT_LANGUAGE="ja").content.decode()
    assert "このクレームを作成" in html and "チェックしたクレームを下書きとして作成" in html


def test_the_review_page_matches_all_candidates_in_a_fixed_number_of_queries(client, editor, kuleba, make_claim):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from intake import selectors
    from matching import selectors as matching

    make_claim(speaker=kuleba, statement="Nothing important was decided in Minsk", language="en")
    make_claim(speaker=kuleba, statement="Ukraine is ready for whatever the two leaders agreed", language="en")
    client.force_login(editor)
    short = take_in(client, text=ARTICLE)["Location"]
    sentences = [f"“Nothing important was decided in Minsk on day {n},” Kuleba said on Monday.\n" for n in range(8)]
    long = take_in(client, text=ARTICLE + "".join(sentences))["Location"]

    counts, pages = [], []
    for url in (short, long):
        client.get(url)  # warm: the name table and the rules are read once per process
        with CaptureQueriesContext(connection) as queries:
            pages.append(client.get(url))
        counts.append(len(queries))
    rows = [len(page.context["rows"]) for page in pages]
    assert rows[1] >= rows[0] + 8
    assert counts[0] == counts[1] <= 20, counts  # more candidates, not more queries
    first = pages[1].context["rows"][0]["suggestions"]
    assert first and first[0].claim.statement == "Nothing important was decided in Minsk"

    # The batched matching gives each candidate what matching it alone gives.
    source = Source.objects.get(pk=int(long.rstrip("/").split("/")[-1]))
    candidates = selectors.candidates_for(source)
    batched = selectors.closest_claims(editor, candidates)
    alone = [
        matching.suggest(matching.Query(c.statement, "", c.speaker.id if c.speaker else None), limit=selectors.SUGGESTIONS_PER_CANDIDATE)
        for c in candidates
    ]
    assert [[(s.claim.pk, s.score) for s in found] for found in batched] == [[(s.claim.pk, s.score) for s in found] for found in alone]
