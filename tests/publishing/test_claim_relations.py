"""Readers see a fact-check's repeats and earlier fact-checks of the same claim."""

from django.urls import reverse

from claims.relations import relate


def test_it_says_also_said_by_on_the_public_page(client, editor, advance, make_claim, make_speaker):
    earlier = advance(make_claim(statement="Belarus will not send its troops to Ukraine.", with_refutation=True), "published")
    repeat = make_claim(statement="Belarus will not send troops into Ukraine.", speaker=make_speaker("Dmitry Peskov"), said_on="2022-12-20", said_on_precision="day")
    relate(claim=repeat, other=earlier, kind="repeat", user=editor)
    page = client.get(reverse("publishing:claim", args=[earlier.pk])).content.decode()
    assert "Also said by Dmitry Peskov on 2022-12-20" in page
    assert repeat.statement not in page  # the draft's own words stay on the desk
