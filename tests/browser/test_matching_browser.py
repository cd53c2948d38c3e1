"""“Have we checked this before?” in a real browser: suggestions while typing, a repeat, “Also said by”."""

import pytest
from playwright.sync_api import expect

from claims.models import Claim
from demo.seed.loader import load_seed
from reviews import services
from reviews.models import Rating

from .conftest import assert_no_csp_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def _publish(claim, reviewer, chief):
    rating = Rating.objects.get(scale__is_active=True, label="Unverifiable")
    evidence = list(claim.evidence.values_list("pk", flat=True))
    claim = services.submit_claim(claim=claim, user=claim.created_by, expected_version=claim.version)
    claim = services.take_claim(claim=claim, user=reviewer, expected_version=claim.version)
    claim = services.propose_verdict(
        claim=claim, user=reviewer, attribution="correct", rating=rating, summary="Checked.", evidence=evidence, expected_version=claim.version
    )
    claim = services.approve_verdict(claim=claim, user=chief, expected_version=claim.version)
    return services.publish_claim(claim=claim, user=chief, expected_version=claim.version)


def test_it_suggests_the_seed_claim_for_a_japanese_paraphrase_and_shows_the_repeat_publicly(
    open_session, editor, reviewer, chief, make_claim, make_speaker
):
    load_seed()
    seed = Claim.objects.get(import_key="minsk-2022-kuleba-no-decisions")
    seed = _publish(seed, reviewer, chief)
    eddie = open_session("eddie", at="/desk/claims/new/")
    page = eddie.page
    page.get_by_label("Statement").fill("ミンスクでのプーチンとルカシェンコの会談では重要な決定は何もなかった。")
    suggestions = page.locator(".similar-results")
    expect(suggestions.get_by_role("link", name=f"#{seed.pk}")).to_be_visible()
    eddie.screenshot("similar-claims-while-typing")

    repeat = make_claim(
        statement="Nothing important was decided in Minsk by Putin and Lukashenko.",
        speaker=make_speaker("Dmitry Peskov"),
        said_on="2022-12-20",
        said_on_precision="day",
    )
    eddie.goto(f"/desk/claims/{repeat.pk}/")
    page.get_by_label("This claim is a").select_option("repeat")
    page.get_by_label("claim number", exact=True).fill(str(seed.pk))
    with page.expect_navigation():
        page.get_by_role("button", name="Record the relation").click()
    expect(page.locator(".relation-repeat")).to_contain_text(f"#{seed.pk}")

    reader = open_session()
    reader.goto(f"/fact-checks/{seed.pk}/")
    # A repeat that is still a draft stays in the desk (issue #27 item 14); once published, readers see it.
    expect(reader.page.get_by_text("Dmitry Peskov")).to_have_count(0)
    _publish(Claim.objects.get(pk=repeat.pk), reviewer, chief)
    reader.goto(f"/fact-checks/{seed.pk}/")
    expect(reader.page.locator(".also-said")).to_contain_text("Also said by Dmitry Peskov on 2022-12-20")
    reader.screenshot("also-said-by")
    assert_no_csp_violations(eddie)


def test_it_labels_the_japanese_seed_claim_same_claim_for_a_russian_statement(open_session, editor):
    from matching import services as matching_services

    load_seed()
    seed = Claim.objects.get(import_key="minsk-2022-kuleba-no-decisions")
    matching_services.embed_claims(claim_ids=[c.pk for c in Claim.objects.all()])
    eddie = open_session("eddie", at="/desk/claims/new/")
    page = eddie.page
    page.get_by_label("Statement").fill("На прямых переговорах Путина и Лукашенко в Минске 19-го никаких важных решений принято не было.")
    first = page.locator(".similar-results li").first
    expect(first.get_by_role("link", name=f"#{seed.pk}")).to_be_visible()
    expect(first.locator(".match-same")).to_have_text("same claim")
    eddie.screenshot("same-claim-across-languages")
    assert_no_csp_violations(eddie)
