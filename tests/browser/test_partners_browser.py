"""“Already checked by <partner>” while typing on the claim form, in a real browser: the type-ahead lists a
partner's fact-check of the same claim in another language, and its hostile strings stay text."""

import datetime

import pytest
from playwright.sync_api import expect

from partners import services
from partners.models import Partner
from partners.parse import Review

from .conftest import assert_no_csp_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

HOSTILE = '<img src=x onerror="window.pwned=1">'


def test_typing_a_statement_shows_already_checked_by_the_partner_as_text(open_session, editor, chief):
    desk = Partner.objects.create(name=f"Lie Detectors {HOSTILE}", url="https://partner.example/feed.json", added_by=chief)
    services.store(desk, [Review(url="https://partner.example/checks/1", claim_reviewed="Le chômage a baissé de moitié l'année dernière.",
                                 rating_text=f"Faux {HOSTILE}", date_published=datetime.date(2024, 3, 1), language="fr")])
    eddie = open_session("eddie", at="/desk/claims/new/")
    page = eddie.page

    page.get_by_label("Statement").fill("Unemployment fell by half last year.")

    checked = page.locator(".similar-results .already-checked li")
    expect(checked).to_contain_text(f"already checked by Lie Detectors {HOSTILE} on 2024-03-01: Faux {HOSTILE}")
    expect(checked.get_by_role("link")).to_have_attribute("href", "https://partner.example/checks/1")
    assert page.locator(".similar-results img").count() == 0 and page.evaluate("window.pwned") is None
    eddie.screenshot("already-checked-by-partner")
    assert_no_csp_violations(eddie)
