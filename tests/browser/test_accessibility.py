"""Accessibility in Chromium: axe-core finds no serious or critical problem on the main pages, in
English and Japanese, and the type-ahead pickers (static/js/combobox.js) work from the keyboard alone
— and without JavaScript at all.

axe-core comes from axe-playwright-python, which ships axe.min.js: nothing is fetched. The one minor
finding left is axe's aria-allowed-role on the comment textareas: HTML lists no role for <textarea>,
but the @mention list needs role="combobox" to say whether it is open (GitHub's own mention lists
do the same).
"""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.cache import cache
from playwright.sync_api import expect

from claims.models import Evidence
from comments import services as comments
from reviews import services

from .conftest import ARTIFACTS, PASSWORD, assert_no_csp_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

BLOCKING = {"serious", "critical"}
AXE = Axe()

# What the pickers announce (templates/base.html, locale/ja): counts and choices in the page's language.
ANNOUNCED = {
    "en": {"one": "1 suggestion. Use the up and down arrow keys to choose, Enter to pick.", "chosen": "Chosen: "},
    "ja": {"one": "候補が 1 件あります。上下の矢印キーで選び、Enter キーで決定します。", "chosen": "選択済み: "},
}

OVERFLOW = """() => {
  const width = document.documentElement.clientWidth;
  return [...document.querySelectorAll('body *')]
    .filter(el => el.getBoundingClientRect().right > width + 1 && !el.closest('.table-scroll, pre, code'))
    .map(el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : ''));
}"""


def blocking_violations(page):
    """axe-core's serious and critical findings on the page as it is now, one line per element."""
    results = AXE.run(page).response
    return [
        f"{v['id']} ({v['impact']}): {', '.join(map(str, node['target']))} {node['html'][:160]} — {v['help']}"
        for v in results["violations"]
        if v["impact"] in BLOCKING
        for node in v["nodes"]
    ]


def in_language(session, language):
    """The desk and the public site answer in `language` (the language switcher's cookie)."""
    session.context.add_cookies([{"name": "django_language", "value": language, "url": session.base_url}])
    return session


def speaker_box(page):
    return page.locator(".picker").first.get_by_role("combobox")


def comment_box(page):
    return page.locator("#new-thread textarea")


def listbox_of(page, box):
    return page.locator("#" + box.get_attribute("aria-controls"))


def live_region_of(page, box):
    return listbox_of(page, box).locator("xpath=following-sibling::*[@role='status'][1]")


@pytest.fixture
def desk(editor, reviewer, chief, make_claim, make_speaker, rating):
    """A published fact-check with a discussed verdict and a draft: every page the check visits."""
    lukashenko = make_speaker("Alexander Lukashenko", aliases=["ルカシェンコ", "Лукашэнка"])
    make_speaker("Dmytro Kuleba", aliases=["クレーバ", "Кулеба"])
    claim = make_claim(
        statement="ベラルーシにイスカンデルが配備された",
        language="ja",
        speaker=lukashenko,
        with_refutation=True,
        translation="Iskander systems have been deployed in Belarus",
        translation_language="en",
    )
    claim = services.submit_claim(claim=claim, user=editor, expected_version=claim.version)
    claim = services.take_claim(claim=claim, user=reviewer, expected_version=claim.version)
    posted = comments.start_thread(claim=claim, user=reviewer, body="Which excerpt says **Iskander**?")
    comments.reply(thread=posted.comment.thread, user=editor, body="@rita the second one.")
    claim = services.propose_verdict(
        claim=claim,
        user=reviewer,
        attribution="correct",
        rating=rating["False"],
        summary="The record shows otherwise.",
        explanation="The ministry's list names *S-400*, not Iskander.",
        evidence=list(Evidence.objects.filter(claim=claim).values_list("pk", flat=True)), expected_version=claim.version,
    )
    claim = services.approve_verdict(claim=claim, user=chief, confirm_open_threads=True, expected_version=claim.version)
    claim = services.publish_claim(claim=claim, user=chief, expected_version=claim.version)
    draft = make_claim(statement="S-400 systems are on combat duty", speaker=lukashenko)
    cache.clear()  # public pages are cached; this test's database is new
    return {"published": claim, "draft": draft, "lukashenko": lukashenko}


def test_it_has_no_serious_or_critical_violations_in_english_or_japanese(open_session, desk):
    published, draft = desk["published"].pk, desk["draft"].pk
    pages = [
        ("eddie", "dashboard", "/desk/"),
        ("eddie", "claim-list", "/desk/claims/"),
        ("eddie", "claim-page", f"/desk/claims/{published}/"),
        ("chloe", "claim-page-chief", f"/desk/claims/{published}/"),
        ("eddie", "claim-form", f"/desk/claims/{draft}/edit/"),
        (None, "public-fact-check", f"/fact-checks/{published}/"),
    ]
    found = {}
    # One window per person for both languages (the switcher's cookie changes the language): a new
    # signed-in window cost ~1.5 s of CPU, and the pages checked are the same.
    sessions = {who: open_session(who) for who in ("eddie", "chloe", None)}
    for language in ("en", "ja"):
        for session in sessions.values():
            in_language(session, language)
        for who, name, path in pages:
            session = sessions[who]
            page = session.page
            session.goto(path)
            expect(page.locator("html")).to_have_attribute("lang", language)
            # Folded sections (workflow steps, "add a new speaker") are checked open as well.
            page.locator("main details:not([open]) > summary").evaluate_all("all => all.forEach(s => s.click())")
            found[f"{name} [{language}]"] = blocking_violations(page)
            session.screenshot(f"a11y-{name}-{language}")

        # A refused form: every message sits next to its field, and is named as such.
        eddie = sessions["eddie"]
        page = eddie.page
        eddie.goto("/desk/claims/new/")
        with page.expect_navigation():
            page.locator("form.claim-form .form-actions button[type=submit]").click()
        expect(page.locator(".has-error").first).to_be_visible()
        found[f"claim-form, refused [{language}]"] = blocking_violations(page)
        eddie.screenshot(f"a11y-claim-form-errors-{language}")

        # The pickers and the mention list, open: the listbox and its options are checked too.
        eddie.goto("/desk/claims/new/")
        box = speaker_box(page)
        box.press_sequentially("ルカシェンコ")
        expect(box).to_have_attribute("aria-expanded", "true")
        expect(live_region_of(page, box)).to_have_text(ANNOUNCED[language]["one"])
        page.keyboard.press("ArrowDown")
        found[f"claim-form, speaker list open [{language}]"] = blocking_violations(page)
        eddie.screenshot(f"picker-speaker-{language}", showing=listbox_of(page, box))

        eddie.goto(f"/desk/claims/{published}/")
        box = comment_box(page)
        box.press_sequentially("Please check @ri")
        expect(box).to_have_attribute("aria-expanded", "true")
        page.keyboard.press("ArrowDown")
        found[f"claim-page, mention list open [{language}]"] = blocking_violations(page)
        eddie.screenshot(f"mention-list-{language}", showing=box)
        for session in sessions.values():
            assert_no_csp_violations(session)

    assert {page: v for page, v in found.items() if v} == {}


def test_it_picks_a_speaker_with_the_keyboard_alone(open_session, editor, make_speaker):
    lukashenko = make_speaker("Alexander Lukashenko", aliases=["ルカシェンコ", "Лукашэнка"])
    make_speaker("Aliaksandr Lukashenka junior")
    eddie = open_session("eddie", at="/desk/claims/new/")
    page = eddie.page
    box = speaker_box(page)
    listbox = listbox_of(page, box)
    status = live_region_of(page, box)
    expect(box).to_have_attribute("aria-expanded", "false")
    expect(listbox).to_be_hidden()

    for _ in range(40):  # reach the speaker box with Tab, as a keyboard user does
        page.keyboard.press("Tab")
        if box.evaluate("el => el === document.activeElement"):
            break
    else:
        raise AssertionError("Tab never reached the speaker box")

    page.keyboard.type("Luka")
    expect(box).to_have_attribute("aria-expanded", "true")
    options = listbox.get_by_role("option")
    expect(options).to_have_count(2)
    expect(status).to_have_text("2 suggestions. Use the up and down arrow keys to choose, Enter to pick.")
    expect(box).not_to_have_attribute("aria-activedescendant", re.compile("."))

    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    expect(options.nth(1)).to_have_attribute("aria-selected", "true")
    page.keyboard.press("ArrowUp")
    first = options.nth(0)
    expect(first).to_have_attribute("aria-selected", "true")
    expect(options.nth(1)).not_to_have_attribute("aria-selected", "true")
    expect(box).to_have_attribute("aria-activedescendant", first.get_attribute("id"))
    expect(first).to_contain_text("Alexander Lukashenko")
    eddie.screenshot("picker-keyboard", showing=listbox)

    page.keyboard.press("Enter")  # picks; does not submit the form
    expect(box).to_have_value("Alexander Lukashenko")
    expect(page.locator("#id_speaker")).to_have_value(str(lukashenko.pk))
    expect(box).to_have_attribute("aria-expanded", "false")
    expect(listbox).to_be_hidden()
    expect(status).to_have_text("Chosen: Alexander Lukashenko")
    expect(page).to_have_url(re.compile(r"/desk/claims/new/$"))
    assert box.evaluate("el => el === document.activeElement")

    page.keyboard.press("Backspace")  # typing again: the earlier pick no longer stands
    expect(page.locator("#id_speaker")).to_have_value("")
    expect(box).to_have_attribute("aria-expanded", "true")
    page.keyboard.press("Escape")
    expect(box).to_have_attribute("aria-expanded", "false")
    expect(listbox).to_be_hidden()
    expect(box).to_have_value("Alexander Lukashenk")  # Escape closes the list, keeps the text
    page.keyboard.press("ArrowDown")  # and Down opens it again
    expect(box).to_have_attribute("aria-expanded", "true")
    expect(options).to_have_count(1)
    page.keyboard.press("Escape")
    expect(box).to_have_attribute("aria-expanded", "false")
    assert_no_csp_violations(eddie)


def test_it_cancels_a_search_still_in_flight(open_session, editor, make_speaker):
    make_speaker("Alexander Lukashenko", aliases=["ルカシェンコ"])
    make_speaker("Alexander Novak")
    eddie = open_session("eddie", at="/desk/claims/new/")
    page = eddie.page
    held = []
    # The first search never answers: the newer one must replace it, not wait for it or be overwritten by it.
    page.route(re.compile(r"/desk/speakers/search/\?q=Alex$"), lambda route: held.append(route))
    box = speaker_box(page)
    with page.expect_request(re.compile(r"\?q=Alex$")):
        box.press_sequentially("Alex")
    expect(box).to_have_attribute("aria-expanded", "false")
    with page.expect_event("requestfailed") as cancelled:
        box.press_sequentially("ander L")
    assert cancelled.value.url.endswith("?q=Alex")
    options = listbox_of(page, box).get_by_role("option")
    expect(options).to_have_count(1)
    expect(options).to_contain_text("Alexander Lukashenko")
    expect(box).to_have_attribute("aria-expanded", "true")


def test_it_picks_a_mention_with_the_keyboard_alone(open_session, editor, reviewer, make_claim):
    claim = make_claim(statement="イスカンデルがベラルーシに配備された", language="ja")
    eddie = open_session("eddie", at=f"/desk/claims/{claim.pk}/")
    page = eddie.page
    box = comment_box(page)
    listbox = listbox_of(page, box)
    expect(box).to_have_attribute("aria-expanded", "false")

    box.focus()
    page.keyboard.type("Please check @ri")
    expect(box).to_have_attribute("aria-expanded", "true")
    option = listbox.get_by_role("option", name=re.compile(r"^@rita"))
    expect(option).to_be_visible()
    expect(live_region_of(page, box)).to_have_text(ANNOUNCED["en"]["one"])
    page.keyboard.press("ArrowDown")
    expect(option).to_have_attribute("aria-selected", "true")
    expect(box).to_have_attribute("aria-activedescendant", option.get_attribute("id"))
    page.keyboard.press("Enter")
    expect(box).to_have_value("Please check @rita ")
    expect(box).to_have_attribute("aria-expanded", "false")
    expect(live_region_of(page, box)).to_have_text("Chosen: @rita")

    page.keyboard.type("and @ed")
    expect(box).to_have_attribute("aria-expanded", "true")
    page.keyboard.press("Escape")
    expect(box).to_have_attribute("aria-expanded", "false")
    expect(listbox).to_be_hidden()
    page.keyboard.press("Enter")  # with the list closed, Enter is a new line again
    page.keyboard.type("thanks")
    expect(box).to_have_value("Please check @rita and @ed\nthanks")
    with page.expect_navigation():
        page.locator("#new-thread").get_by_role("button", name="Post comment").click()
    expect(page.get_by_text("Notified: @rita.")).to_be_visible()
    assert_no_csp_violations(eddie)


def test_it_fits_the_open_pickers_on_a_phone_in_japanese(browser, desk_url, editor, reviewer, make_speaker, make_claim):
    lukashenko = make_speaker("Alexander Lukashenko", aliases=["ルカシェンコ", "Лукашэнка", "Łukaszenka"])
    claim = make_claim(statement="ベラルーシにイスカンデルが配備された", language="ja", speaker=lukashenko)
    context = browser.new_context(
        base_url=desk_url, locale="en-GB", viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
    )
    try:
        page = context.new_page()
        page.goto("/accounts/login/")
        page.get_by_label("Username").fill("eddie")
        page.get_by_label("Password").fill(PASSWORD)
        with page.expect_navigation():
            page.get_by_role("button", name="Sign in").click()
        context.add_cookies([{"name": "django_language", "value": "ja", "url": desk_url}])
        page.goto("/desk/claims/new/")
        box = speaker_box(page)
        box.press_sequentially("ルカ")
        option = listbox_of(page, box).get_by_role("option")
        expect(option).to_have_count(1)
        option.tap()
        expect(box).to_have_value("Alexander Lukashenko")
        expect(live_region_of(page, box)).to_have_text(ANNOUNCED["ja"]["chosen"] + "Alexander Lukashenko")
        box.fill("")
        box.press_sequentially("Łuka")
        expect(option).to_have_count(1)
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "phone-picker-ja.png"))
        assert page.evaluate(OVERFLOW) == []

        page.goto(f"/desk/claims/{claim.pk}/")
        box = comment_box(page)
        box.press_sequentially("確認お願いします @ri")
        expect(listbox_of(page, box).get_by_role("option", name=re.compile(r"^@rita"))).to_be_visible()
        box.scroll_into_view_if_needed()
        page.screenshot(path=str(ARTIFACTS / "phone-mention-list-ja.png"))
        assert page.evaluate(OVERFLOW) == []
    finally:
        context.close()


def test_it_records_a_claim_and_a_mention_without_javascript(browser, desk_url, editor, reviewer, make_speaker, make_source):
    lukashenko = make_speaker("Alexander Lukashenko", aliases=["ルカシェンコ"])
    make_source(title="Belta: Lukashenko on missile systems", url="https://belta.example/iskander")
    context = browser.new_context(base_url=desk_url, locale="en-GB", java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto("/accounts/login/")
        page.get_by_label("Username").fill("eddie")
        page.get_by_label("Password").fill(PASSWORD)
        with page.expect_navigation():
            page.get_by_role("button", name="Sign in").click()
        page.goto("/desk/claims/new/")
        main = page.get_by_role("main")
        expect(main.locator("[role=combobox], [role=listbox]")).to_have_count(0)  # plain search boxes, no dead list
        main.get_by_role("searchbox", name="Speaker").fill("ルカシェンコ")  # the server resolves the alias
        main.get_by_label(re.compile(r"^Statement")).fill("ベラルーシにイスカンデルが配備された")
        language = main.get_by_label("Language:", exact=True)  # a type-ahead that also takes a BCP 47 tag
        language.fill("ja")
        language.press("Escape")
        row = page.locator("#evidence-row-evidence-0")
        row.get_by_role("searchbox", name="Existing source").fill("https://belta.example/iskander")
        row.get_by_label(re.compile(r"^Relation")).select_option("attribution")
        row.get_by_label(re.compile(r"^Excerpt")).fill("Iskander")
        with page.expect_navigation():
            main.get_by_role("button", name="Create claim").click()
        expect(page.get_by_role("heading", name=f"Claim by {lukashenko.name}")).to_be_visible()

        threads = page.locator("#comment-threads")
        threads.get_by_role("textbox", name="Comment").fill("@rita which excerpt says Iskander?")
        with page.expect_navigation():
            threads.get_by_role("button", name="Post comment").click()
        expect(page.get_by_text("Notified: @rita.")).to_be_visible()
    finally:
        context.close()
