"""A reporting-chain hop's wording (the words as that hop relayed them) is found by the desk search, on SQLite
and on PostgreSQL: an editor who remembers the agency's phrasing finds the claim."""

import pytest

from claims import chains, outlets
from claims.models import Claim
from claims.search import search_claims


@pytest.mark.django_db
def test_the_desk_search_finds_a_claim_by_the_wording_of_a_hop(client, editor, make_claim):
    ria = outlets.create_outlet(user=editor, name="RIA Novosti", kind="agency")
    claim = make_claim(statement="Iskander missiles are ready for combat.")
    make_claim(statement="Another claim")
    chains.save_chain(claim=claim, hops=[{"outlet": ria, "wording": "«Искандеры» готовы к бою, заявил министр"}])

    assert list(search_claims(Claim.objects.all(), "Искандеры» готовы")) == [claim]
    assert list(search_claims(Claim.objects.all(), "готовы к бою")) == [claim]
    assert list(search_claims(Claim.objects.all(), "к бою")) == [claim]  # short words too
    client.force_login(editor)
    page = client.get("/desk/claims/", {"q": "заявил министр"})
    assert [c.pk for c in page.context["page"]["items"]] == [claim.pk]

    # A new wording replaces the old one in the index.
    chains.save_chain(claim=claim, hops=[{"outlet": ria, "wording": "Ракеты приведены в готовность"}])
    assert list(search_claims(Claim.objects.all(), "готовы к бою")) == []
    assert list(search_claims(Claim.objects.all(), "приведены в готовность")) == [claim]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_an_upgrade_adds_the_wordings_of_chains_saved_before(old_release):
    """Migration claims 0029 appends the wordings of existing hops to those claims' documents."""
    from django.apps import apps as current_apps

    from claims.search import build_document
    from tests.old_release import migrate

    old = old_release([("claims", "0028_search_document_statistics")])
    user = old.get_model("auth", "User").objects.create(username="old-editor")
    speaker = old.get_model("claims", "Speaker").objects.create(name="Viktor Khrenin")
    outlet = old.get_model("claims", "Outlet").objects.create(name="RIA Novosti", folded="ria novosti", kind="agency")
    claim = old.get_model("claims", "Claim").objects.create(
        speaker=speaker, statement="Iskanders are ready.", language="en", said_on_precision="unknown", created_by=user,
    )
    old.get_model("claims", "ReportingHop").objects.create(claim=claim, position=1, outlet=outlet, wording="Искандеры готовы к бою")
    document, tokens = build_document(statement=claim.statement, speaker_name=speaker.name)
    old.get_model("claims", "ClaimSearchDocument").objects.create(claim_id=claim.pk, document=document, cjk_tokens=tokens)
    migrate()

    Claim = current_apps.get_model("claims", "Claim")
    assert list(search_claims(Claim.objects.all(), "готовы к бою").values_list("pk", flat=True)) == [claim.pk]
    assert list(search_claims(Claim.objects.all(), "Iskanders").values_list("pk", flat=True)) == [claim.pk]
