"""Hostile comments go through the real form and come out inert on the rendered claim page."""

import pytest

from comments.models import Comment
from factcheck.markup import SANITIZER_VERSION
from factcheck.text import first_refused
from tests.test_markup import HOSTILE, assert_inert

from .conftest import parse


@pytest.fixture
def claim_page(client, reviewer, make_claim):
    claim = make_claim()
    client.force_login(reviewer)

    def post_and_render(body):
        response = client.post(f"/desk/claims/{claim.pk}/threads/new/", {"body": body})
        assert response.status_code == 302, response.content.decode()[:500]
        comment = Comment.objects.latest("id")
        return comment, parse(client.get(f"/desk/claims/{claim.pk}/"))

    return post_and_render


def test_it_renders_every_hostile_comment_inert_on_the_claim_page(client, reviewer, make_claim):
    """Every hostile body goes through the real form; the page is then rendered once with all of them."""
    claim = make_claim()
    client.force_login(reviewer)
    posted = []
    for body in HOSTILE:
        if first_refused(body):
            continue  # control characters are refused by the text rule: see the tests below
        response = client.post(f"/desk/claims/{claim.pk}/threads/new/", {"body": body})
        assert response.status_code == 302, response.content.decode()[:500]
        posted.append(Comment.objects.latest("id"))

    page = parse(client.get(f"/desk/claims/{claim.pk}/"))

    assert len(posted) > 50
    for comment in posted:
        shown = page.find(id=f"comment-{comment.pk}")
        assert shown is not None, f"comment {comment.pk} ({comment.body[:60]!r}) is missing from the page"
        assert_inert(shown.find(class_="comment-body").decode_contents())
    # Nothing executable anywhere in the threads section either.
    section = page.find(id="comment-threads")
    assert section.find(["svg", "math", "iframe", "noscript", "img", "object", "embed", "style"]) is None
    assert section.find("script") is None
    assert all(not name.startswith("on") for element in section.find_all(True) for name in element.attrs)


def test_it_refuses_null_characters_clearly(client, reviewer, make_claim):
    claim = make_claim()
    client.force_login(reviewer)

    response = client.post(f"/desk/claims/{claim.pk}/threads/new/", {"body": "\x00<script>alert(1)</script>"})

    assert response.status_code == 400
    assert "Null characters are not allowed" in parse(response).find(class_="errorlist").get_text()
    assert not Comment.objects.exists()


def test_it_refuses_other_control_characters_naming_them(client, reviewer, make_claim):
    claim = make_claim()
    client.force_login(reviewer)

    response = client.post(f"/desk/claims/{claim.pk}/threads/new/", {"body": "[click](\x01javascript:alert(1))"})

    assert response.status_code == 400
    assert "U+0001" in parse(response).find(class_="errorlist").get_text()
    assert not Comment.objects.exists()


def test_it_keeps_the_markdown_source_and_caches_html_with_the_sanitiser_version(claim_page):
    comment, _page = claim_page("See [the record](javascript:alert(1)) and **this**")

    assert comment.body == "See [the record](javascript:alert(1)) and **this**"
    assert comment.sanitizer_version == SANITIZER_VERSION
    assert "<strong>this</strong>" in comment.body_html
    assert "javascript" not in comment.body_html.split("record")[0]


def test_it_re_renders_a_comment_cached_under_an_older_sanitiser_policy(claim_page, client):
    comment, _page = claim_page("plain **text**")
    Comment.objects.filter(pk=comment.pk).update(body_html='<img src=x onerror="alert(1)">', sanitizer_version=0)

    page = parse(client.get(comment.get_absolute_url().split("#")[0]))

    shown = page.find(id=f"comment-{comment.pk}").find(class_="comment-body")
    assert shown.find("img") is None
    assert shown.find("strong").get_text() == "text"


def test_it_keeps_japanese_emoji_and_right_to_left_text_through_the_form(claim_page):
    comment, page = claim_page("防衛省の資料では S-300 です 🚀 שלום \u200bzero\u200dwidth \u202eevil")

    text = page.find(id=f"comment-{comment.pk}").find(class_="comment-body").get_text()
    assert "防衛省の資料では S-300 です 🚀 שלום" in text
    assert "\u202e" not in text


def test_it_shows_links_only_as_safe_nofollow_links(claim_page):
    comment, page = claim_page("[minutes](https://gov.example.org/minutes) [bad](vbscript:x) <https://other.example.org>")

    links = page.find(id=f"comment-{comment.pk}").find(class_="comment-body").find_all("a")
    assert [a["href"] for a in links] == ["https://gov.example.org/minutes", "https://other.example.org"]
    assert all(a["rel"] == ["nofollow", "noopener", "noreferrer"] for a in links)


def test_it_re_renders_stale_caches_in_bulk_with_a_command(claim_page):
    from io import StringIO

    from django.core.management import call_command

    comment, _page = claim_page("**fresh**")
    Comment.objects.filter(pk=comment.pk).update(body_html="<b>stale</b>", sanitizer_version=0)
    out = StringIO()

    call_command("rerender_comments", stdout=out)

    comment.refresh_from_db()
    assert comment.sanitizer_version == SANITIZER_VERSION
    assert comment.body_html == "<p><strong>fresh</strong></p>"
    assert "Re-rendered 1 comments" in out.getvalue()


def test_it_previews_markdown_through_the_same_sanitiser(client, reviewer, outsider):
    client.force_login(reviewer)

    response = client.post("/desk/markdown-preview/", {"body": "**ok** <img src=x onerror=alert(1)> [x](javascript:alert(1))"})

    html = response.json()["html"]
    assert "<strong>ok</strong>" in html
    assert_inert(html)
    assert client.post("/desk/markdown-preview/", {"body": "x" * 20_001}).status_code == 400
    client.force_login(outsider)
    assert client.post("/desk/markdown-preview/", {"body": "hi"}).status_code == 403
