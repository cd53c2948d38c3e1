"""The claim form asks for Evidence before How it was reported, reuses the attribution evidence's source as
Reported by (the URL is not typed twice), and asks for a source's outlet once (Publisher and Outlet meant the
same: who published it; the outlet is the record, the publisher its name)."""

from claims.models import Claim, Outlet, Source
from tests.desk.test_claim_form import claim_data, management


def test_evidence_comes_before_the_reporting_and_a_new_source_has_one_outlet_box(client, editor):
    client.force_login(editor)
    page = client.get("/desk/claims/new/").content.decode()
    assert page.index("<legend>Evidence</legend>") < page.index("How it was reported")
    row = page[page.index('id="evidence-row-evidence-0"'):page.index("</fieldset>", page.index('id="evidence-row-evidence-0"'))]
    assert "Outlet (publisher)" in row and ">Publisher:<" not in row


def test_the_attribution_source_is_the_reported_by_source_unless_another_is_named(client, editor):
    client.force_login(editor)
    data = claim_data(speaker_description="A Belarusian official", first_reported_on="")
    data.update(management(1))
    data.update({
        "evidence-0-new_url": "https://belta.example/iskander",
        "evidence-0-new_title": "Iskanders on combat duty",
        "evidence-0-new_outlet": "BelTA",
        "evidence-0-relation": "attribution",
        "evidence-0-excerpt": "Iskanders are ready",
    })
    response = client.post("/desk/claims/new/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    claim = Claim.objects.get()
    source = Source.objects.get(url="https://belta.example/iskander")
    assert claim.reported_by == source  # typed once, under Evidence
    assert source.outlet == Outlet.objects.get(name="BelTA") and source.publisher == "BelTA"
    assert [hop.source_id for hop in claim.hops.all()][-1:] == [source.pk]  # the chain closes with it
