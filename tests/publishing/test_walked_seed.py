"""`walk_seed` publishes the desk's demo fact-checks: exactly those are public, with the correction shown."""

import io

from django.core.management import call_command

from claims.models import Claim

from .schema_org import json_ld, problems


def test_it_publishes_exactly_what_walk_seed_publishes_with_the_correction_in_page_and_markup(client, db):
    call_command("walk_seed", stdout=io.StringIO())
    public = Claim.objects.filter(state__in=["published", "corrected", "retracted"])
    hidden = Claim.objects.exclude(pk__in=public.values("pk"))

    assert public.count() >= 2 and hidden.exists()
    index = client.get("/").content.decode()
    for claim in public:
        response = client.get(f"/fact-checks/{claim.pk}/")
        review = json_ld(response)[0]
        assert problems(review) == []
        assert claim.statement[:40] in index
    for claim in hidden:
        assert client.get(f"/fact-checks/{claim.pk}/").status_code == 404, claim.state
        assert claim.statement[:40] not in index

    corrected = Claim.objects.get(import_key="minsk-2022-zelenskyy-washington")
    assert corrected.state == "corrected"
    response = client.get(f"/fact-checks/{corrected.pk}/")
    review = json_ld(response)[0]
    note = corrected.corrections.get().note
    assert review["reviewRating"]["alternateName"] == corrected.current_verdict.rating.label
    assert [c["text"] for c in review["correction"]] == [note]
    assert note in response.content.decode()
    assert note in client.get("/corrections/").content.decode()
