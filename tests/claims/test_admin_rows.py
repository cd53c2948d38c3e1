"""The admin's claim list builds its rows in one loop (claims.admin_rows) and shows exactly Django's HTML."""

import datetime

import pytest
from django.contrib.admin.templatetags import admin_urls
from django.contrib.admin.templatetags.admin_list import results
from django.utils import translation

from claims import admin_rows

HOSTILE = '<script>alert("x")</script> & \'quotes\' ' + "long " * 30


def _rows(rows):
    """Each row's HTML, as the template joins its cells."""
    return ["".join(row) for row in rows]


@pytest.fixture
def listed(make_claim, make_speaker, advance):
    """Claims whose cells differ: hostile and long text, no speaker record, no date, a rating, Japanese."""
    make_claim(statement=HOSTILE, speaker=make_speaker('Speaker <b>"bold"</b>'))
    make_claim(statement="Quoted without a record", speaker=None, speaker_description="A <i>source</i> in Minsk")
    make_claim(statement="S-400 とイスカンデルが戦闘任務に就いた", language="ja", said_on=datetime.date(2022, 12, 19), said_on_precision="day")
    advance(make_claim(statement="Checked and published", with_refutation=True), "published")


@pytest.mark.parametrize(
    "query",
    [
        "",
        "?q=Iskander",
        "?q=イスカンデル",
        "?o=-7.2",
        "?state__exact=draft&language=ja",
        "?q=script&o=3",
        "?_popup=1&_to_field=id",
    ],
)
def test_the_rows_are_djangos_own_html(client, admin_user, listed, query):
    client.force_login(admin_user)
    response = client.get("/admin/claims/claim/" + query)
    assert response.status_code == 200
    changelist = response.context["cl"]
    ours = _rows(admin_rows.rows(changelist))
    assert ours == _rows(results(changelist))
    page = response.content.decode()
    for row in ours:
        assert f"<tr>{row}</tr>" in page, "the page shows the rows built here"


def test_the_rows_are_djangos_own_html_in_japanese(client, admin_user, listed):
    client.force_login(admin_user)
    with translation.override("ja"):
        response = client.get("/admin/claims/claim/?q=script", HTTP_ACCEPT_LANGUAGE="ja")
        changelist = response.context["cl"]
        ours = _rows(admin_rows.rows(changelist))
        assert ours == _rows(results(changelist))
    assert "選択" in ours[0], "the checkbox label is translated"


def test_hostile_text_is_escaped_in_every_cell(client, admin_user, listed):
    client.force_login(admin_user)
    page = client.get("/admin/claims/claim/", {"q": "script"}).content.decode()
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page
    assert "Speaker &lt;b&gt;&quot;bold&quot;&lt;/b&gt;" in page


def test_a_searched_list_resolves_urls_once_a_page_not_once_a_row(client, admin_user, listed, make_claim, monkeypatch):
    """Django resolves each row's link again to keep the filters (~0.2 ms a row); the row builder does it once."""
    client.force_login(admin_user)
    for n in range(12):
        make_claim(statement=f"Iskander batch {n}")
    calls = []
    original = admin_urls.resolve
    monkeypatch.setattr(admin_urls, "resolve", lambda *args, **kwargs: calls.append(args) or original(*args, **kwargs))
    page = client.get("/admin/claims/claim/", {"q": "Iskander"}).content.decode()
    assert page.count("_changelist_filters=q%3DIskander") >= 12 * 2, "every row's links keep the search"
    assert len(calls) <= 2
