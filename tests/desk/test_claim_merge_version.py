"""Merging a duplicate carries the kept claim's version the page was shown with: a stale merge form (the kept
claim changed since) merges nothing and answers 409 with a page that says why and what to do, like a stale
claim form; merging again from that page, on the version just looked at, works."""

import re

import pytest
from django.urls import reverse

from claims import services as claim_services
from claims.models import AuditEntry, Claim
from claims.relations import merge
from factcheck.errors import Conflict


def _merge_form_version(page: str) -> str:
    form = page[page.index('class="merge-form"'):]
    return re.search(r'name="expected_version" value="(\d+)"', form).group(1)


def _untouched(keep, drop, trail):
    drop.refresh_from_db()
    assert drop.merged_into_id is None and drop.evidence.exists()
    assert AuditEntry.objects.count() == trail


def test_a_stale_merge_form_gets_a_409_page_that_says_why_and_what_to_do(client, editor, other_editor, make_claim):
    keep, drop = make_claim(), make_claim()
    client.force_login(editor)
    shown = _merge_form_version(client.get(keep.get_absolute_url()).content.decode())
    assert shown == str(keep.version)

    claim_services.update_claim(claim=keep, user=other_editor, expected_version=keep.version, statement="Reworded by Erin.")
    trail = AuditEntry.objects.count()
    response = client.post(reverse("claim_merge", args=[keep.pk]), {"duplicate": str(drop.pk), "expected_version": shown, "note": "same quote"})

    assert response.status_code == 409
    body = response.content.decode()
    assert f"Claim #{keep.pk} changed since you opened its page, so nothing was merged." in body
    assert "merge again if it is still the claim to keep" in body
    assert f"Claim #{drop.pk} is still a separate claim" in body
    assert "Reworded by Erin." in body  # the kept claim as it is now
    _untouched(keep, drop, trail)

    again = _merge_form_version(body)  # the 409 page's own form carries the version just shown
    keep.refresh_from_db()
    assert again == str(keep.version) and 'name="note" value="same quote"' in body
    response = client.post(reverse("claim_merge", args=[keep.pk]), {"duplicate": str(drop.pk), "expected_version": again, "note": "same quote"})
    assert response.status_code == 302
    drop.refresh_from_db()
    assert drop.merged_into_id == keep.pk


def test_a_merge_form_without_a_version_merges_nothing(client, editor, make_claim):
    keep, drop = make_claim(), make_claim()
    client.force_login(editor)
    trail = AuditEntry.objects.count()
    response = client.post(reverse("claim_merge", args=[keep.pk]), {"duplicate": str(drop.pk)})
    assert response.status_code == 409
    assert "did not say which version of the claim you edited" in response.content.decode()
    _untouched(keep, drop, trail)


@pytest.mark.parametrize("version", ["stale", "missing", "garbage"])
def test_the_merge_service_refuses_a_version_it_was_not_shown(editor, other_editor, make_claim, version):
    keep, drop = make_claim(), make_claim()
    stale = keep.version
    claim_services.update_claim(claim=keep, user=other_editor, expected_version=keep.version, statement="Changed meanwhile.")
    expected = {"stale": stale, "missing": None, "garbage": "1; DROP"}[version]
    with pytest.raises(Conflict) as refused:
        merge(keep=Claim.objects.get(pk=keep.pk), drop=drop, user=editor, expected_version=expected)
    assert refused.value.rule == ("merge_stale" if version == "stale" else "missing_version")
    drop.refresh_from_db()
    assert drop.merged_into_id is None
