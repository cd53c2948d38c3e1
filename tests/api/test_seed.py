"""The seed dataset, walked through the workflow, reads back through the API as the public site shows it."""

import io

from django.core.management import call_command

from claims.models import Claim
from claims.states import PUBLIC_STATES


def test_it_serves_the_walked_seed_to_readers_and_the_desk(api, token_client, db):
    call_command("walk_seed", stdout=io.StringIO())
    public = set(Claim.objects.filter(state__in=PUBLIC_STATES, current_verdict__isnull=False).values_list("pk", flat=True))
    everything = set(Claim.objects.values_list("pk", flat=True))
    desk = token_client(Claim.objects.first().created_by)

    listed = {row["id"] for row in api.get("/api/v1/claims/?limit=100").json()["results"]}
    desk_listed = {row["id"] for row in desk.get("/api/v1/claims/?limit=100").json()["results"]}

    assert public and listed == public
    assert desk_listed == everything
    for pk in everything:
        assert api.get(f"/api/v1/claims/{pk}/").status_code == (200 if pk in public else 404), pk
        assert desk.get(f"/api/v1/claims/{pk}/").status_code == 200, pk
    corrected = Claim.objects.get(import_key="minsk-2022-zelenskyy-washington")
    body = api.get(f"/api/v1/claims/{corrected.pk}/").json()
    assert body["state"] == "corrected"
    assert [c["note"] for c in body["corrections"]] == [corrected.corrections.get().note]
    markup = api.get(f"/api/v1/claims/{corrected.pk}/claimreview/").json()
    assert markup["reviewRating"]["alternateName"] == body["current_verdict"]["rating"]["label"]
    for endpoint in ("speakers", "sources", "verdicts", "corrections", "ratings"):
        assert api.get(f"/api/v1/{endpoint}/?limit=100").status_code == 200
