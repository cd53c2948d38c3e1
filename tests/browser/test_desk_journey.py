"""Issue #4's whole journey in Chromium: record, review, approve, publish, find — and a stale edit.

Each person works in their own browser context (own cookies), as on the desk.
"""

import re

import pytest
from playwright.sync_api import expect

from claims.models import Claim, Source

from .conftest import assert_no_csp_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

STATEMENT = "ベラルーシにイスカンデルが配備された"


@pytest.fixture
def newsroom(editor, other_editor, reviewer, chief, make_speaker):
    """The desk's people and what the editor will reuse: a speaker (with a Japanese alias) and a source."""
    make_speaker("Alexander Lukashenko", aliases=["ルカシェンコ", "Лукашэнка"])
    Source.objects.create(
        title="Belta: Lukashenko on missile systems",
        url="https://belta.example/lukashenko-iskander",
        publisher="Belta",
        language="ru",
    )


def field(scope, label):
    """The form control labelled `label` in the page's main content (Django adds a colon to labels)."""
    if hasattr(scope, "goto"):
        scope = scope.get_by_role("main")
    return scope.get_by_label(re.compile(r"^\s*" + re.escape(label) + r":?\s*$"))


def pick(page, label, typed, option):
    """Search-as-you-type picker: type, then choose the suggestion."""
    box = field(page, label)
    box.fill(typed)
    page.get_by_role("option", name=re.compile(re.escape(option))).first.click()
    expect(box).to_have_value(option)


def step_form(page, step):
    """The claim page's section for one workflow step (labelled by its heading)."""
    action = page.get_by_role("region", name=step, exact=True)
    expect(action).to_be_visible()
    return action


def take_step(page, step, **fields):
    """Open a workflow step on the claim page, fill its form and submit it."""
    action = step_form(page, step)
    for label, value in fields.items():
        action.get_by_label(label).fill(value)
    with page.expect_navigation():
        action.get_by_role("button", name=step).click()


def test_it_takes_a_claim_from_draft_to_published(open_session, newsroom):
    # --- The editor records the claim with two sources and an attribution excerpt.
    eddie = open_session("eddie")
    page = eddie.page
    eddie.screenshot("dashboard-empty")
    with page.expect_navigation():
        page.get_by_role("link", name="New claim").first.click()
    expect(page.get_by_role("heading", name="New claim")).to_be_visible()

    pick(page, "Speaker", "ルカシェンコ", "Alexander Lukashenko")
    field(page, "Statement").fill(STATEMENT)
    pick(page, "Language", "Japanese", "Japanese (ja)")
    field(page, "Translation").fill("Iskander systems have been deployed in Belarus")
    pick(page, "Translation language", "English", "English (en)")

    first = page.locator("#evidence-row-evidence-0")
    pick(first, "Existing source", "Belta", "Belta: Lukashenko on missile systems")
    field(first, "Relation").select_option(label="Attribution: shows the claim was made")
    field(first, "Excerpt").fill("Лукашэнка: «Іскандэры ўжо ў Беларусі»")

    if not page.locator("#evidence-row-evidence-1").count():
        page.get_by_role("button", name="Add another piece of evidence").click()
    second = page.locator("#evidence-row-evidence-1")
    second.get_by_text("Or add a new source").click()
    field(second, "New source: URL").fill("https://osint.example/iskander-tracker")
    field(second, "New source: title").fill("OSINT tracker: no Iskander launchers seen")
    field(second, "Relation").select_option(label="Refutes")
    field(second, "Excerpt").fill("No Iskander launchers have been observed in Belarus.")
    eddie.screenshot("claim-form")

    with page.expect_navigation():
        page.get_by_role("button", name="Create claim").click()
    expect(page.get_by_text("The claim was created as a draft.")).to_be_visible()
    expect(page.get_by_role("heading", name="Claim by Alexander Lukashenko")).to_be_visible()
    claim = Claim.objects.get(statement=STATEMENT)
    assert claim.evidence.count() == 2
    assert set(claim.evidence.values_list("relation", flat=True)) == {"attribution", "refutes"}
    claim_path = f"/desk/claims/{claim.pk}/"
    expect(page).to_have_url(re.compile(re.escape(claim_path) + "$"))

    # --- A second editor's stale edit gets the conflict message, and loses nothing.
    erin = open_session("erin", at=f"/desk/claims/{claim.pk}/edit/")
    eddie.goto(f"/desk/claims/{claim.pk}/edit/")
    field(page, "Translation").fill("Iskander missile systems are in Belarus, Lukashenko says")
    with page.expect_navigation():
        page.get_by_role("button", name="Save changes").click()
    expect(page.get_by_text("The claim was saved.")).to_be_visible()

    field(erin.page, "Translation").fill("Erin's stale wording")
    with erin.page.expect_navigation():
        erin.page.get_by_role("button", name="Save changes").click()
    expect(erin.page.get_by_role("alert").filter(has_text="Someone else saved this claim while you were editing")).to_be_visible()
    expect(field(erin.page, "Translation")).to_have_value("Erin's stale wording")
    erin.screenshot("claim-form-conflict")
    claim.refresh_from_db()
    assert claim.translation == "Iskander missile systems are in Belarus, Lukashenko says"

    eddie.goto(claim_path)
    take_step(page, "Submit for review")
    expect(page.get_by_text("Done: “Submit for review”.")).to_be_visible()
    expect(page.locator(".state").first).to_have_text("Submitted")

    # --- The reviewer takes it and proposes a verdict resting on the evidence.
    rita = open_session("rita", at=claim_path)
    take_step(rita.page, "Take for review")
    expect(rita.page.get_by_text("Done: “Take for review”.")).to_be_visible()

    action = step_form(rita.page, "Propose a verdict")
    field(action, "Correctly attributed").check()
    field(action, "False").check()
    field(action, "Summary").fill("Lukashenko said it, but no Iskander launchers have been seen in Belarus.")
    field(action, "Explanation").fill("Open-source trackers **found no launchers**.")
    for box in action.get_by_role("checkbox").all():
        box.check()
    rita.screenshot("claim-page-propose")
    with rita.page.expect_navigation():
        action.get_by_role("button", name="Propose a verdict").click()
    expect(rita.page.get_by_text("Done: “Propose a verdict”.")).to_be_visible()
    expect(rita.page.get_by_role("heading", name="Proposed verdict awaiting a decision")).to_be_visible()

    # --- The chief editor approves and publishes.
    chloe = open_session("chloe", at=claim_path)
    take_step(chloe.page, "Approve the verdict")
    expect(chloe.page.get_by_text("Done: “Approve the verdict”.")).to_be_visible()
    take_step(chloe.page, "Publish")
    expect(chloe.page.get_by_text("Done: “Publish”.")).to_be_visible()
    expect(chloe.page.locator(".state").first).to_have_text("Published")
    verdict_box = chloe.page.locator(".verdict-box")
    expect(verdict_box).to_contain_text("False")
    expect(verdict_box).to_contain_text("Proposed by rita, approved by chloe.")
    chloe.screenshot("claim-page")
    claim.refresh_from_db()
    assert claim.state == "published"

    # --- Readers see the published fact-check without signing in.
    reader = open_session()
    reader.goto(f"/fact-checks/{claim.pk}/")
    expect(reader.page.get_by_text(STATEMENT).first).to_be_visible()
    expect(reader.page.get_by_role("main")).to_contain_text("False")
    reader.screenshot("public-fact-check")

    # --- Filters and Japanese search find it.
    eddie.goto("/desk/claims/")
    page.get_by_role("searchbox", name="Search").fill("イスカンデル")
    with page.expect_navigation():
        page.get_by_role("button", name="Search", exact=True).click()
    expect(page).to_have_url(re.compile(r"q=%E3%82%A4%E3%82%B9%E3%82%AB%E3%83%B3%E3%83%87%E3%83%AB"))
    expect(page.get_by_role("link", name=re.compile("イスカンデル"))).to_be_visible()

    if not page.locator("details.more-filters[open]").count():
        page.get_by_text("Filters and sorting").click()
    field(page, "State").select_option(label="Published")
    field(page, "Rating").select_option(label="False")
    field(page, "Speaker (any name or alias)").fill("Лукашэнка")
    with page.expect_navigation():
        page.get_by_role("button", name="Apply filters").click()
    expect(page.get_by_role("link", name=re.compile("イスカンデル"))).to_be_visible()
    eddie.screenshot("claim-list-filtered")

    field(page, "State").select_option(label="Draft")
    with page.expect_navigation():
        page.get_by_role("button", name="Apply filters").click()
    expect(page.get_by_role("heading", name="No claims match")).to_be_visible()

    eddie.goto("/desk/")
    expect(page.get_by_role("link", name=re.compile("イスカンデル")).first).to_be_visible()
    eddie.screenshot("dashboard")

    # --- The speaker's and the source's pages are a click away from the claim.
    eddie.goto(claim_path)
    with page.expect_navigation():
        page.get_by_role("main").get_by_role("link", name="Alexander Lukashenko").first.click()
    expect(page.get_by_role("heading", name="Alexander Lukashenko", exact=True)).to_be_visible()
    expect(page.get_by_role("main")).to_contain_text("ルカシェンコ")
    eddie.screenshot("speaker-page")
    eddie.goto(claim_path)
    with page.expect_navigation():
        page.get_by_role("link", name="OSINT tracker: no Iskander launchers seen").first.click()
    expect(page.get_by_role("link", name=re.compile("イスカンデル")).first).to_be_visible()
    eddie.screenshot("source-page")

    for session in (eddie, erin, rita, chloe, reader):
        assert_no_csp_violations(session)
