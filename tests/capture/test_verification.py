"""Every evidence excerpt is checked against the desk's latest capture of its source, in any script."""

import pytest

from capture import extract
from capture.selectors import mark_excerpts
from claims.models import Evidence
from tests.capture.conftest import article

PAGES = {
    "en": ["The minister said: \u201cWe will not raise taxes this year.\u201d", "Analysts doubted the pledge."],
    "ja": ["プーチン大統領は「ベラルーシとの同盟は揺るがない」と述べた。", "会談はミンスクで行われた。"],
    "ru": ["Лукашенко заявил: «Союз двух стран остаётся крепким».", "Встреча прошла в Минске."],
}
FOUND = {
    "en": 'the minister said: "we will not  raise taxes this year."',  # other quotes, case, spacing
    "ja": "ベラルーシとの同盟は 揺るがない",  # a space a translator added
    "ru": "Союз двух стран остаётся крепким",
}
NOT_FOUND = {
    "en": "We will raise taxes this year.",
    "ja": "同盟は解消される",
    "ru": "Союз двух стран распался",
}


@pytest.mark.parametrize("lang", ["en", "ja", "ru"])
def test_it_finds_excerpts_whatever_the_quote_style_width_and_spacing(lang):
    text = extract.normalise("\n\n".join(PAGES[lang]))
    assert extract.contains(text, FOUND[lang])
    assert not extract.contains(text, NOT_FOUND[lang])


def test_it_treats_full_width_and_an_ellipsis_as_the_same_text():
    text = extract.normalise("ＮＡＴＯ加盟国は３０か国。Ｓ－４００の配備は続く。")
    assert extract.contains(text, "NATO加盟国は30か国")
    assert extract.contains(text, "NATO加盟国は… 配備は続く")
    assert not extract.contains(text, "配備は続く… NATO加盟国")  # the parts must come in order


@pytest.mark.parametrize("lang", ["en", "ja", "ru"])
def test_it_marks_each_excerpt_on_the_claim_page(lang, httpserver, capture_now, make_claim, client, editor):
    httpserver.expect_request(f"/{lang}").respond_with_data(article("Page", PAGES[lang], lang=lang), content_type="text/html")
    source, capture = capture_now(httpserver.url_for(f"/{lang}"), language=lang)
    claim = make_claim(language=lang)
    found = Evidence.objects.create(claim=claim, source=source, relation="supports", excerpt=FOUND[lang])
    missing = Evidence.objects.create(claim=claim, source=source, relation="refutes", excerpt=NOT_FOUND[lang])
    offline = Evidence.objects.create(
        claim=claim, source=source.__class__.objects.create(title="Screenshot", url=""), relation="context", excerpt="x"
    )
    marks = mark_excerpts(list(claim.evidence.select_related("source")))
    assert marks[found.pk].status == "found" and marks[missing.pk].status == "not_found"
    assert marks[offline.pk].status == "offline"
    client.force_login(editor)
    page = client.get(claim.get_absolute_url()).content.decode()
    date = f"{capture.captured_at:%Y-%m-%d}"
    assert f"found in capture of {date}" in page
    assert f"not found in capture of {date}" in page
    assert "no capture (offline source)" in page
