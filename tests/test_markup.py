"""The one sanitiser (`factcheck.markup.render_markdown`) against a hostile corpus.

Assertions are on the parsed DOM (html5lib parses like a browser does), not on
substrings: what matters is which elements and attributes a browser would build.
"""

import pytest
from bs4 import BeautifulSoup
from django.template import Context, Template
from django.utils.safestring import SafeString

from factcheck.markup import LINK_REL, SANITIZER_VERSION, render_markdown

FORBIDDEN_ELEMENTS = {
    "script",
    "style",
    "svg",
    "math",
    "iframe",
    "noscript",
    "img",
    "object",
    "embed",
    "form",
    "input",
    "textarea",
    "button",
    "link",
    "meta",
    "base",
    "frame",
    "frameset",
    "video",
    "audio",
    "source",
    "template",
    "mglyph",
    "malignmark",
}
SAFE_SCHEMES = ("http://", "https://", "mailto:")

HOSTILE = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[click](&#106;avascript:alert(1))",
    "[click](&#x6A;&#x61;vascript:alert(1))",
    "[click](&#0000106&#0000097vascript:alert(1))",
    "[click](java&#x09;script:alert(1))",
    "[click](<java\tscript:alert(1)>)",
    "[click](<java\nscript:alert(1)>)",
    "[click]( javascript:alert(1))",
    "[click](\x01javascript:alert(1))",
    "[click](vbscript:msgbox(1))",
    "[click](VBScript:msgbox(1))",
    "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[click](data:image/png;base64,iVBORw0KGgo=)",
    "[click](DATA:text/html,<script>alert(1)</script>)",
    "[click](file:///etc/passwd)",
    "[click](//evil.example/)",
    "[ref]\n\n[ref]: javascript:alert(1)",
    "<javascript:alert(1)>",
    "<a href=\"javascript:alert(1)\">x</a>",
    "<a href='https://ok.example' onclick='alert(1)'>x</a>",
    "<img src=x onerror=alert(1)>",
    "![x](javascript:alert(1))",
    "![x](https://tracker.example/pixel.gif)",
    "![x\" onerror=\"alert(1)](https://ok.example/a.png)",
    "<div onmouseover=\"alert(1)\">hover</div>",
    "<body onload=alert(1)>",
    "<p style=\"background:url(javascript:alert(1))\">x</p>",
    "<svg><script>alert(1)</script></svg>",
    "<svg onload=alert(1)>",
    "<svg><a xlink:href=\"javascript:alert(1)\"><text>x</text></a></svg>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<math><mi xlink:href=\"javascript:alert(1)\">x</mi></math>",
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    "<iframe src=javascript:alert(1)></iframe>",
    "<iframe srcdoc=\"<script>alert(1)</script>\"></iframe>",
    "<object data=javascript:alert(1)></object>",
    "<embed src=javascript:alert(1)>",
    "<form action=javascript:alert(1)><button>x</button></form>",
    "<style>@import 'javascript:alert(1)';</style>",
    "<template><script>alert(1)</script></template>",
    "<!--<img src=x onerror=alert(1)>-->",
    "<![CDATA[<script>alert(1)</script>]]>",
    "<b onmouseover=alert(1)>unclosed <i>tags <a href=",
    "<p><b><i><u>unclosed",
    "`<script>alert(1)</script>`",
    "```html\n<script>alert(1)</script>\n```",
    "```\" onmouseover=alert(1) x=\"\ncode\n```",
    "> <script>alert(1)</script>\n> [x](javascript:alert(1))",
    "| a | b |\n|---|---|\n| <img src=x onerror=alert(1)> | [x](javascript:alert(1)) |",
    "[x](https://ok.example/\"onmouseover=\"alert(1))",
    "https://ok.example/<script>alert(1)</script>",
    "www.example.com\"onmouseover=\"alert(1)",
    "<a href=\"https://ok.example\" target=\"_blank\" style=\"position:fixed\">x</a>",
    "<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(1)\">",
    "<base href=\"javascript:alert(1)//\">",
    "<link rel=stylesheet href=https://evil.example/x.css>",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "\x00<script>alert(1)</script>",
]


def dom(html):
    return BeautifulSoup(str(html), "html5lib")


def assert_inert(html):
    """No element, attribute or link in `html` that a browser would execute or load; returns the
    parsed document, so a test checking more parses a large page once (html5lib: ~1.7 s per 100 KB)."""
    soup = dom(html)
    body = soup.body
    for element in body.find_all(True):
        assert element.name not in FORBIDDEN_ELEMENTS, f"<{element.name}> survived in {html!r}"
        for name in element.attrs:
            assert not name.lower().startswith("on"), f"{name} on <{element.name}> survived in {html!r}"
            assert name.lower() not in {"style", "src", "srcdoc", "action", "formaction", "xlink:href"}
        if element.name == "a":
            href = element.get("href", "")
            assert href.lower().startswith(SAFE_SCHEMES), f"unsafe href {href!r} in {html!r}"
            assert element.get("rel") == LINK_REL.split()
    return soup


@pytest.mark.parametrize("source", HOSTILE)
def test_it_leaves_no_executable_markup_in_hostile_input(source):
    assert_inert(render_markdown(source))


def test_it_returns_a_safe_string_with_a_version_to_cache_against():
    html = render_markdown("**bold**")
    assert isinstance(html, SafeString)
    assert isinstance(SANITIZER_VERSION, int)
    assert dom(html).body.find("strong").get_text() == "bold"


def test_it_renders_ordinary_markdown_a_reviewer_would_write():
    html = render_markdown(
        "# Heading\n\nThe *excerpt* does **not** say ~~S-300~~ S-400.\n\n"
        "> quoted\n\n- one\n- two\n\n3. three\n4. four\n\n`code`\n\n"
        "| a | b |\n|---|---|\n| 1 | 2 |\n\n[source](https://news.example/a) and https://bare.example.org/x"
    )
    soup = dom(html)
    assert soup.find("h1").get_text() == "Heading"
    assert soup.find("em").get_text() == "excerpt"
    assert soup.find("s").get_text() == "S-300"
    assert soup.find("blockquote") is not None
    assert [li.get_text() for li in soup.find("ul").find_all("li")] == ["one", "two"]
    assert soup.find("ol")["start"] == "3"
    assert soup.find("td").get_text() == "1"
    links = {a.get_text(): a for a in soup.find_all("a")}
    assert links["source"]["href"] == "https://news.example/a"
    assert links["https://bare.example.org/x"]["href"] == "https://bare.example.org/x"
    assert all(a["rel"] == ["nofollow", "noopener", "noreferrer"] for a in links.values())


def test_it_shows_raw_html_as_text_rather_than_dropping_it():
    soup = dom(render_markdown("use <b>bold</b> & <script>x</script>"))
    assert soup.body.get_text().strip() == "use <b>bold</b> & <script>x</script>"
    assert soup.find("b") is None


def test_it_keeps_the_text_of_a_refused_link():
    soup = dom(render_markdown("[the minutes](javascript:alert(1)) and [relative](/desk/)"))
    assert soup.find("a") is None
    assert "relative" in soup.body.get_text()


def test_it_turns_images_into_links_instead_of_loading_them():
    soup = dom(render_markdown("![chart](https://stats.example/chart.png)"))
    assert soup.find("img") is None
    assert soup.find("a")["href"] == "https://stats.example/chart.png"
    assert soup.find("a").get_text() == "chart"


def test_it_allows_mailto_links():
    soup = dom(render_markdown("[write](mailto:desk@example.org)"))
    assert soup.find("a")["href"] == "mailto:desk@example.org"


def test_it_keeps_japanese_and_emoji_text():
    text = "防衛省の発表では S-400 ではない 🚀👩‍🔬 🇯🇵"
    html = render_markdown(text)
    assert dom(html).body.get_text().strip() == text


def test_it_removes_bidi_overrides_but_keeps_right_to_left_scripts_and_zero_width_joiners():
    html = render_markdown("safe\u202etxt.exe\u202c and \u2067isolated\u2069 שלום עולם \u200b👩\u200d🔬")
    text = dom(html).body.get_text()
    for control in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069":
        assert control not in text
    assert "שלום עולם" in text
    assert "\u200d" in text  # ZWJ keeps the emoji sequence together
    assert "safetxt.exe" in text


def test_it_handles_a_100_kb_comment():
    source = ("A paragraph with a [link](https://ok.example/) and <script>alert(1)</script>. " * 1400)[:100_000]
    assert len(source.encode()) >= 100_000 - 100
    html = render_markdown(source)
    soup = assert_inert(html)
    assert len(soup.find_all("a")) > 1000


def test_it_survives_deep_nesting_without_error():
    html = render_markdown("> " * 500 + "deep\n\n" + "- " * 500 + "list\n\n" + "[" * 5000 + "x" + "]" * 5000)
    assert_inert(html)


def test_it_renders_nothing_for_empty_input():
    assert render_markdown("") == ""
    assert render_markdown(None) == ""


def test_it_is_available_as_a_template_filter():
    rendered = Template("{% load markup %}{{ text|markdown }}").render(
        Context({"text": "**ok** <script>alert(1)</script>"})
    )
    soup = dom(rendered)
    assert soup.find("strong").get_text() == "ok"
    assert soup.find("script") is None
    assert "<script>alert(1)</script>" in soup.body.get_text()
