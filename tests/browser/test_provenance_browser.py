"""Issue #12 in Chromium: a claim seen through an agency relayed by two outlets, entered in one save
with a new speaker (role, Wikidata id), a new outlet and an Italian source; found by the agency's
name in Cyrillic and by the speaker's alias in another script; published, its page and JSON-LD
(read with extruct) show the chain, firstAppearance, jobTitle and sameAs.
"""

import re

import pytest
from playwright.sync_api import expect

from claims import outlets
from claims.models import Claim, Evidence, Outlet, Source
from tests.publishing.schema_org import json_ld

from .conftest import assert_no_csp_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

STATEMENT = "Ракетные комплексы «Искандер» приведены в боевую готовность."
ITALIAN_URL = "https://corriere.example/minsk-iskander"


def labelled(scope, label):
    return scope.get_by_label(re.compile(r"^\s*" + re.escape(label) + r":?\s*$"))


def test_a_claim_through_an_agency_and_two_relays_in_one_save(open_session, editor, reviewer, other_reviewer, chief, advance):
    outlets.create_outlet(user=editor, name="RIA Novosti", kind="agency", country="RU", languages="ru", aliases=["РИА Новости", "РИА"])
    eddie = open_session("eddie", at="/desk/claims/new/")
    page = eddie.page
    main = page.get_by_role("main")

    # Who said it: a new speaker with a role and a Wikidata id.
    main.get_by_text("Add a new speaker").click()
    labelled(main, "New speaker's name").fill("Viktor Khrenin")
    main.get_by_label(re.compile(r"^\s*Other names \(one per line\)")).first.fill("Виктор Хренин\nВіктар Хрэнін")
    labelled(main, "Role (title)").fill("Minister of Defence of Belarus")
    labelled(main, "Role: from").fill("2019-01-20")
    labelled(main, "Wikidata id").fill("Q4533087")

    labelled(main, "Statement").fill(STATEMENT)
    language = labelled(main, "Language")
    language.fill("ru")  # a BCP 47 tag, read on the server like a name picked from the list
    language.press("Escape")
    labelled(main, "Date said").fill("2022-12-19")

    # The Italian source, added as evidence, with its outlet (new to the desk).
    evidence = page.locator("#evidence-row-evidence-0")
    evidence.get_by_text("Or add a new source").click()
    labelled(evidence, "New source: URL").fill(ITALIAN_URL)
    labelled(evidence, "New source: title").fill("Minsk, gli Iskander pronti al combattimento")
    labelled(evidence, "Outlet (publisher)").fill("Corriere della Sera")
    source_language = labelled(evidence, "Language of source")
    source_language.fill("it")
    source_language.press("Escape")
    labelled(evidence, "Published on").fill("2022-12-21")
    labelled(evidence, "Relation").select_option("attribution")
    labelled(evidence, "Excerpt").fill("«Gli Iskander sono pronti al combattimento», ha detto il ministro.")

    # Reported by: the Italian source of this same form, typed by its URL.
    labelled(main, "Reported by (source)").fill(ITALIAN_URL)

    # The chain, entered out of order and put right with the JavaScript buttons.
    first, second = page.locator("#hop-row-hops-0"), page.locator("#hop-row-hops-1")
    labelled(first, "Outlet").fill("Agenzia Nova")
    labelled(first, "If it is a new outlet: its kind").select_option("agency")
    labelled(first, "Date").fill("2022-12-20")
    labelled(first, "Wording at this hop").fill("Gli Iskander sono pronti")
    box = labelled(second, "Outlet")
    box.fill("РИА")
    page.get_by_role("option", name=re.compile("RIA Novosti")).first.click()
    expect(box).to_have_value("RIA Novosti")
    labelled(second, "Date").fill("2022-12-19")
    labelled(second, "Wording at this hop").fill("«Искандеры» готовы к бою")
    second.get_by_role("button", name="Move up").click()
    expect(page.locator("[data-hop-row] .hop-number").first).to_have_text("1")
    expect(page.locator("[data-hop-row]").first).to_have_id("hop-row-hops-1")
    eddie.screenshot("provenance-claim-form")

    with page.expect_navigation():
        main.get_by_role("button", name="Create claim").click()
    expect(page.get_by_text("The claim was created as a draft.")).to_be_visible()

    claim = Claim.objects.get(statement=STATEMENT)
    line = "Viktor Khrenin → RIA Novosti → Agenzia Nova → Corriere della Sera"
    expect(page.locator(".chain-line")).to_contain_text(line)
    expect(page.get_by_text("Wording changed at this hop")).to_have_count(1)
    eddie.screenshot("provenance-claim-page")
    assert claim.reporting == "third_hand"
    assert claim.speaker.identifiers.get(scheme="wikidata").value == "Q4533087"
    assert Outlet.objects.get(name="Agenzia Nova").kind == "agency"
    italian = Source.objects.get(url=ITALIAN_URL)
    assert italian.outlet.name == "Corriere della Sera" and italian.language == "it"
    assert claim.language == "ru"

    # Found by the agency's name in Cyrillic, and by the speaker's alias in another script.
    for query in ("РИА Новости", "Хренин"):
        eddie.goto("/desk/claims/?q=" + query)
        expect(page.get_by_role("link", name=re.compile("Искандер"))).to_be_visible()
    eddie.goto("/desk/claims/")
    if not page.locator("details.more-filters[open]").count():
        page.get_by_text("Filters and sorting").click()
    via = labelled(page.get_by_role("main"), "Reached us via outlet")
    via.fill("РИА")
    page.get_by_role("option", name=re.compile("RIA Novosti")).first.click()
    with page.expect_navigation():
        page.get_by_role("button", name="Apply filters").click()
    expect(page.get_by_role("link", name=re.compile("Искандер"))).to_be_visible()
    eddie.screenshot("provenance-claim-list-via")
    assert_no_csp_violations(eddie)

    # Published, the public page and its ClaimReview carry the chain.
    refuting = Source.objects.create(title="Belarus MoD briefing", url="https://mil.example/briefing")
    Evidence.objects.create(claim=claim, source=refuting, relation="refutes", excerpt="No change of readiness.")
    advance(claim, "published")
    reader = open_session()
    response = reader.goto(f"/fact-checks/{claim.pk}/")
    expect(reader.page.locator(".chain-line")).to_contain_text(line)
    expect(reader.page.locator(".first-reported")).to_have_text("First reported by RIA Novosti on 2022-12-19")
    reader.screenshot("provenance-public-page")

    class Page:
        content = response.body()

    item = json_ld(Page)[0]["itemReviewed"]
    assert item["firstAppearance"]["publisher"]["name"] == "RIA Novosti"
    assert item["firstAppearance"]["datePublished"] == "2022-12-19"
    assert [work["publisher"]["name"] for work in item["appearance"]] == ["RIA Novosti", "Agenzia Nova", "Corriere della Sera"]
    assert item["appearance"][-1]["url"] == ITALIAN_URL
    assert item["inLanguage"] == "ru"
    assert item["author"]["jobTitle"] == "Minister of Defence of Belarus"
    assert "https://www.wikidata.org/wiki/Q4533087" in item["author"]["sameAs"]
