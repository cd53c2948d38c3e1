"""Issue #13: the seed's announced Washington visit is resolved in Chromium — a reviewer proposes "kept" with
evidence, a second person approves, and the public promise list shows the status."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from playwright.sync_api import expect

from claims.models import Claim

from .conftest import PASSWORD, assert_no_csp_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

JPOST = "https://www.jpost.com/international/article-725522"  # already a source of the seed's fact-check
EXCERPT = "Ukrainian President Volodymyr Zelensky addressed a joint session of Congress on Wednesday night"
NOTE = "Zelenskyy visited Washington on 21 December 2022, met President Biden and addressed Congress that night, as announced."


@pytest.fixture
def seeded_desk(settings):
    settings.CAPTURE_ON_SAVE = False  # never fetch the real pages the seed cites
    call_command("walk_seed", stdout=io.StringIO())
    for user in get_user_model().objects.filter(username__in=["reviewer", "chief"]):
        user.set_password(PASSWORD)
        user.save()
    return Claim.objects.get(import_key="minsk-2022-zelenskyy-washington")


def test_the_washington_visit_promise_is_resolved_by_two_people_and_listed_publicly(open_session, seeded_desk):
    claim = seeded_desk
    reviewer = open_session("reviewer", at="/desk/")
    page = reviewer.page
    promises = page.locator("#promises")
    expect(promises).to_contain_text("Promises to resolve")
    reviewer.screenshot("promise-dashboard")
    with page.expect_navigation():
        promises.get_by_role("link", name="ワシントン", exact=False).first.click()
    expect(page.locator("#resolution")).to_contain_text("Resolution date: 2022-12-22")

    form = page.locator("#action-propose_resolution")
    form.get_by_label("Kept", exact=True).check()
    form.get_by_label("Evidence: URL of the source that shows the outcome").fill(JPOST)
    form.get_by_label("Excerpt from that source").fill(EXCERPT)
    form.get_by_label("Reason (shown to readers)").fill(NOTE)
    with page.expect_navigation():
        form.get_by_role("button", name="Propose a resolution").click()
    expect(page.get_by_text("Done: “Propose a resolution”.")).to_be_visible()
    expect(page.locator("#resolution")).to_contain_text("proposed by reviewer")
    expect(page.locator("#action-resolve")).to_have_count(0)  # a reviewer does not approve, least of all their own
    reviewer.screenshot("promise-proposed")

    public = open_session()
    public.goto("/promises/")
    row = public.page.locator("tr", has_text="ワシントン")
    # Nothing public before the second person approves; its date (2022-12-22) has passed, so it is due.
    expect(row.locator(".promise-status")).to_have_text("Overdue")
    public.screenshot("promise-list-overdue")

    chief = open_session("chief", at=f"/desk/claims/{claim.pk}/")
    expect(chief.page.locator("#resolution")).to_contain_text(NOTE)
    with chief.page.expect_navigation():
        chief.page.locator("#action-resolve").get_by_role("button", name="Approve the resolution").click()
    expect(chief.page.get_by_text("Done: “Approve the resolution”.")).to_be_visible()
    expect(chief.page.locator("#resolution")).to_contain_text("approved by chief")
    chief.screenshot("promise-approved-desk")

    public.goto("/promises/")
    expect(public.page.get_by_role("navigation", name="Site").get_by_role("link", name="Promises")).to_be_visible()
    row = public.page.locator("tr", has_text="ワシントン")
    expect(row.locator(".promise-status")).to_have_text("Kept")
    public.screenshot("promise-list")
    with public.page.expect_navigation():
        row.get_by_role("link").first.click()
    section = public.page.locator("#resolution")
    expect(section).to_contain_text("Was the promise kept?")
    expect(section).to_contain_text("Kept")
    expect(section.get_by_role("link", name="Zelensky's address to the US Congress", exact=False)).to_have_attribute("href", JPOST)
    public.screenshot("promise-fact-check-page")
    for session in (reviewer, chief, public):
        assert_no_csp_violations(session)
    claim.refresh_from_db()
    assert claim.current_resolution.outcome == "kept" and claim.current_resolution.decided_by.username == "chief"


def test_an_editor_sets_a_promises_resolution_date_in_the_claim_form_and_readers_see_it(open_session, make_claim, advance):
    """Issue #27: the desk claim form had no resolution-date box (and blanked a date set in the admin)."""
    import datetime

    from django.utils import timezone

    from claims.states import State

    claim = make_claim(with_refutation=True, kind=Claim.Kind.PROMISE, statement="I will open the new bridge this autumn.")
    due = timezone.localdate() + datetime.timedelta(days=60)
    eddie = open_session("eddie", at=f"/desk/claims/{claim.pk}/edit/")
    page = eddie.page
    page.get_by_label("Resolution date").fill(due.isoformat())
    eddie.screenshot("claim-form-resolution-date", showing=page.get_by_label("Resolution date"))
    page.get_by_label("Statement").fill("I will open the new bridge this autumn!")
    with page.expect_navigation() as saved:
        page.get_by_role("button", name="Save changes").click()
    assert saved.value.ok, saved.value.status
    expect(page.get_by_text("The claim was saved.")).to_be_visible()
    expect(page.locator("#resolution")).to_contain_text(f"Resolution date: {due.isoformat()}")
    eddie.screenshot("claim-page-resolution-date")

    # Fixing one word again keeps the date (it was blanked by any save of the form).
    with page.expect_navigation():
        page.get_by_role("link", name="Edit claim and evidence").click()
    page.get_by_label("Statement").fill("I will open the new bridge this autumn.")
    with page.expect_navigation():
        page.get_by_role("button", name="Save changes").click()
    expect(page.locator("#resolution")).to_contain_text(f"Resolution date: {due.isoformat()}")

    advance(claim, State.PUBLISHED)
    public = open_session()
    public.goto("/promises/")
    row = public.page.locator("tr", has_text="I will open the new bridge this autumn.")
    expect(row).to_contain_text(due.isoformat())
    expect(row.locator(".promise-status")).to_have_text("Tracked")
    public.screenshot("promise-list-with-date-set-on-the-desk")
    for session in (eddie, public):
        assert_no_csp_violations(session)
