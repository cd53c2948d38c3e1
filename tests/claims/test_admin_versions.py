"""The admin's optimistic lock is one form (`claims.admin.VersionedAdminForm`): the claim, evidence and outlet
forms carry the version the editor loaded and refuse a stale save the same way, before saving anything."""

import pytest
from django.contrib import admin

from claims.admin import VersionedAdminForm
from claims.models import Claim, Evidence, Outlet
from claims import services
from tests.integrity.test_versions import _admin_post


def test_every_admin_form_with_a_version_is_the_shared_versioned_form():
    for model in (Claim, Evidence, Outlet):
        form = admin.site._registry[model].form
        assert issubclass(form, VersionedAdminForm), model
        assert form.version_field in form.base_fields
    assert "expected_version" not in admin.site._registry[Evidence].form.base_fields  # only its claim's version


@pytest.mark.parametrize("model", ["claim", "evidence", "outlet"])
def test_each_refuses_a_stale_save_and_keeps_the_other_save(client, admin_user, editor, make_claim, model):
    claim = make_claim(statement="Original")
    item = claim.evidence.get()
    outlet = Outlet.objects.create(name="Daily Example")
    client.force_login(admin_user)
    loaded = {"claim": claim.version, "evidence": claim.version, "outlet": outlet.version}[model]
    # Someone else saves first.
    services.update_claim(claim=claim, user=editor, expected_version=claim.version, statement="Someone else's save")
    from claims.outlets import update_outlet

    update_outlet(outlet=outlet, user=editor, expected_version=outlet.version, notes="Someone else's note.")

    if model == "claim":
        response = client.post(f"/admin/claims/claim/{claim.pk}/change/", _admin_post(claim, expected_version=loaded))
        kept = Claim.objects.get(pk=claim.pk).statement == "Someone else's save"
    elif model == "evidence":
        data = {"claim": claim.pk, "source": item.source_id, "relation": "context", "excerpt": "changed", "locator": "", "claim_version": loaded}
        response = client.post(f"/admin/claims/evidence/{item.pk}/change/", data)
        kept = Evidence.objects.get(pk=item.pk).excerpt == "as reported"
    else:
        data = {"name": "Renamed", "kind": outlet.kind, "country": "", "languages": "", "homepage": "", "wikidata_id": "",
                "notes": "", "expected_version": loaded, "aliases-TOTAL_FORMS": "0", "aliases-INITIAL_FORMS": "0",
                "aliases-MIN_NUM_FORMS": "0", "aliases-MAX_NUM_FORMS": "1000"}  # fmt: skip
        response = client.post(f"/admin/claims/outlet/{outlet.pk}/change/", data)
        kept = Outlet.objects.get(pk=outlet.pk).name == "Daily Example"

    assert response.status_code == 200  # the form again, with the reason
    assert "changed since you opened it" in response.content.decode()
    assert kept
