"""Readers see a fact-check's repeats and earlier fact-checks of the same claim."""

from django.urls import reverse

from claims.relations import relate


def _body(response):
    return (b"".join(response.streaming_content) if response.streaming else response.content).decode()


def test_it_says_also_said_by_only_for_a_published_repeat(client, editor, advance, make_claim, make_speaker):
    """A relation to an unpublished claim stays in the desk: its speaker, date and words are desk work."""
    earlier = advance(make_claim(statement="Belarus will not send its troops to Ukraine.", with_refutation=True), "published")
    draft = make_claim(statement="Belarus will not send troops into Ukraine.", speaker=make_speaker("Dmitry Peskov"), said_on="2022-12-20", said_on_precision="day")
    relate(claim=draft, other=earlier, kind="repeat", user=editor)
    relate(claim=earlier, other=make_claim(statement="Minsk talks are over.", speaker=make_speaker("Aliaksandr Lukashenka")), kind="related", user=editor)
    surfaces = {
        "page": lambda: client.get(reverse("publishing:claim", args=[earlier.pk])).content.decode(),
        "api": lambda: client.get(f"/api/v1/claims/{earlier.pk}/").content.decode(),
        "jsonl": lambda: _body(client.get("/exports/claimreview.jsonl")),
    }
    for name, read in surfaces.items():
        text = read()
        for secret in ("Dmitry Peskov", "Lukashenka", draft.statement, "Minsk talks", "2022-12-20", f"/fact-checks/{draft.pk}/"):
            assert secret not in text, (name, secret)

    repeat = advance(make_claim(statement="Belarus will not send any troops.", speaker=make_speaker("Maria Zakharova"), said_on="2022-12-21", said_on_precision="day", with_refutation=True), "published")
    relate(claim=repeat, other=earlier, kind="repeat", user=editor)
    page = client.get(reverse("publishing:claim", args=[earlier.pk])).content.decode()
    assert "Also said by Maria Zakharova on 2022-12-21" in page and f"/fact-checks/{repeat.pk}/" in page
    assert "Dmitry Peskov" not in page


def test_a_merged_duplicate_s_addresses_lead_to_the_kept_claim(client, editor, chief, advance, make_claim):
    from claims.relations import merge

    kept = advance(make_claim(statement="Belarus will not send its troops to Ukraine.", with_refutation=True), "published")
    duplicate = advance(make_claim(statement="Belarus will not send its troops to Ukraine!", with_refutation=True), "published")
    old_public = reverse("publishing:claim", args=[duplicate.pk])
    assert client.get(old_public).status_code == 200
    merge(keep=kept, drop=duplicate, user=chief, expected_version=kept.version)
    public = client.get(old_public)
    assert public.status_code == 301 and public["Location"] == reverse("publishing:claim", args=[kept.pk])
    client.force_login(editor)
    desk = client.get(reverse("claim_detail", args=[duplicate.pk]), follow=True)
    assert desk.redirect_chain[-1][0] == reverse("claim_detail", args=[kept.pk])
    assert f"Claim #{duplicate.pk} was a duplicate and was merged into this claim." in desk.content.decode()


def test_a_duplicate_merged_into_an_unpublished_claim_is_not_found_publicly(client, editor, make_claim):
    from claims.relations import merge

    kept, duplicate = make_claim(statement="Kept draft."), make_claim(statement="Kept draft!")
    merge(keep=kept, drop=duplicate, user=editor, expected_version=kept.version)
    assert client.get(reverse("publishing:claim", args=[duplicate.pk])).status_code == 404


def test_the_page_reads_relations_in_a_fixed_number_of_queries(editor, advance, make_claim, make_speaker):
    """No relation: one query (was an OR of subqueries scanning every published claim). Any number: the same few."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from publishing.selectors import public_relations

    def reads(claim):
        with CaptureQueriesContext(connection) as ctx:
            found = public_relations(claim)
        return len(ctx.captured_queries), found

    earlier = advance(make_claim(statement="Belarus will not send its troops to Ukraine.", with_refutation=True), "published")
    assert reads(earlier) == (1, {"also_said": [], "earlier": [], "related": []})
    relate(claim=make_claim(statement="Belarus will not send troops.", speaker=make_speaker("Dmitry Peskov")), other=earlier, kind="repeat", user=editor)
    assert reads(earlier)[1]["also_said"] == []  # an unpublished repeat stays in the desk
    repeats = [advance(make_claim(statement=f"Belarus will not send troops ({n}).", with_refutation=True), "published") for n in range(4)]
    relate(claim=repeats[0], other=earlier, kind="repeat", user=editor)
    one, _ = reads(earlier)
    for repeat in repeats[1:]:
        relate(claim=repeat, other=earlier, kind="repeat", user=editor)
    many, found = reads(earlier)
    assert one == many <= 5 and len(found["also_said"]) == 4
    assert set(found["also_said"]) == set(repeats)  # published repeats only, each linked
