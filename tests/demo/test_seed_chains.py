"""The seed's 17 claims carry structured reporting chains, each as the blog post gives it."""

import pytest
from django.core.management import call_command

from claims.chains import chain_view
from claims.models import Claim, ReportingHop
from demo.seed import BLOG_TEXT_PATH, CLAIMS
from tests.conftest import built_once

BLOG = "北の国から猫と二人で想う事"
REF = "参照記事 (unnamed reference article cited by the blog)"
VIDEO = "映像記事 (unnamed video article cited by the blog)"

# The chain of each seed claim, read off the post by hand: who cites whom, ending in the blog.
EXPECTED = {
    "minsk-2022-kuleba-no-decisions": f"Dmytro Kuleba → {REF} → {BLOG}",
    "minsk-2022-kuleba-ukraine-ready": f"Dmytro Kuleba → {REF} → {BLOG}",
    "minsk-2022-kuleba-persuading": f"Dmytro Kuleba → {REF} → {BLOG}",
    "minsk-2022-kuleba-new-dance": f"Dmytro Kuleba → {REF} → {BLOG}",
    "minsk-2022-lukashenko-s400-iskander": f"Alexander Lukashenko → {REF} → {BLOG}",
    "minsk-2022-putin-economy": f"Vladimir Putin → {VIDEO} → {BLOG}",
    "minsk-2022-lukashenko-big-brother": f"Alexander Lukashenko → {REF} → {BLOG}",
    "minsk-2022-lukashenko-cannot-manage": f"Alexander Lukashenko → {REF} → {BLOG}",
    "minsk-2022-lukashenko-gas-price": f"Alexander Lukashenko → {REF} → {BLOG}",
    "minsk-2022-putin-no-absorption": f"Vladimir Putin → {REF} → {BLOG}",
    "minsk-2022-general-staff-strikes": (
        "General Staff of the Armed Forces of Ukraine → General Staff of the Armed Forces of Ukraine on Facebook"
        f" → {REF} → {BLOG}"
    ),
    "minsk-2022-general-staff-repelled": f"General Staff of the Armed Forces of Ukraine → {REF} → {BLOG}",
    "minsk-2022-rail-movement": (
        "An unnamed publisher of a map published on 20 December 2022"
        f" → Map published on 20 December 2022 (publisher not named) → {BLOG}"
    ),
    "minsk-2022-zelenskyy-washington": f"Volodymyr Zelenskyy → {BLOG}",
    "minsk-2022-citizen-crimea": f"A Ukrainian citizen (ウクライナ市民), not named → {REF} → {BLOG}",
    "minsk-2022-russian-media-donetsk": (
        f"Russian media (ロシア側メディア), not named → Footage aired by Russian media (not identified) → {BLOG}"
    ),
    "minsk-2022-belarusians-fear": f"An unnamed video report (映像記事) cited by the blog → {VIDEO} → {BLOG}",
}
CITATION_MARKERS = ("参照記事", "映像記事", "英文記事")


@pytest.fixture(scope="module")
def loaded(django_db_setup, django_db_blocker):
    yield from built_once(django_db_blocker, lambda: call_command("load_seed"))


def _claims():
    return Claim.objects.prefetch_related("hops__outlet", "hops__source__outlet").select_related("speaker", "reported_by")


def test_every_seed_claim_reads_as_a_chain_from_its_speaker_to_the_blog(db, loaded):
    lines = {}
    for claim in _claims():
        lines[claim.import_key] = chain_view(claim).line
        print(lines[claim.import_key])  # noqa: T201 - shown with `pytest -s`: the chains as a reader sees them
    assert lines == EXPECTED
    assert len(lines) == len(CLAIMS) == 17


def test_each_chain_ends_in_the_blog_and_its_cited_hops_are_the_ones_the_post_cites(db, loaded):
    post = BLOG_TEXT_PATH.read_text(encoding="utf-8")
    entries = {entry["key"]: entry for entry in CLAIMS}
    for claim in _claims():
        hops = list(claim.hops.all())
        assert hops[-1].source == claim.reported_by and hops[-1].label == BLOG
        entry = entries[claim.import_key]
        start = post.index(entry["excerpt"])
        for hop, spec in zip(hops, entry["chain"]):
            if "post" in spec:
                # The post cites the hop after the claim's words, with the hop's marker (参照記事, 映像記事).
                marker = hop.source.title.split(" ")[0]
                assert marker in CITATION_MARKERS and spec["post"].endswith(marker), claim.import_key
                assert post.index(spec["post"]) > start, claim.import_key
            if "cue" in spec:
                # The speaker's own channel is named in the claim's own words in the post.
                assert spec["cue"] in entry["excerpt"] and hop.by_speaker and hop.position == 1


def test_the_general_staff_chain_names_its_facebook_post_and_counts_as_third_hand(db, loaded):
    claim = _claims().get(import_key="minsk-2022-general-staff-strikes")
    first = claim.hops.all()[0]
    assert first.by_speaker and first.outlet.kind == "official" and first.date_display == "2022-12-20"
    assert "フェイスブック" in claim.evidence.get(relation="attribution").excerpt
    assert claim.reporting == "third_hand"
    # The blog reports Zelenskyy's announcement itself: second hand, derived from its one-hop chain.
    assert Claim.objects.get(import_key="minsk-2022-zelenskyy-washington").reporting == "second_hand"


def test_loading_the_seed_again_adds_no_hops(db, loaded):
    count = ReportingHop.objects.count()
    call_command("load_seed")
    assert ReportingHop.objects.count() == count
