"""Claim matching among same-beat claims: the figures hold when the archive around the seed grows.

300 synthetic claims on the seed's beat (talks, weapons, numbers; Japanese, English, Russian, from
`evaluation.make_distractors`, the generator `evaluate_matching --distractors` uses) are added to the 17
seed claims. Before the archive was centred (`index.centring`) and the score refitted with distractors,
a Russian query found a Russian distractor ("Украина заявила, что встреча в Минске провалилась.") before
its Japanese claim: P@1 fell from 0.944 to 0.769 with 1 000 of them.
"""

import pytest

from claims.models import Claim
from demo.seed.loader import load_seed
from matching import evaluation, services
from tests.conftest import built_once

DISTRACTORS = 300


@pytest.fixture(scope="module")
def archive(django_db_setup, django_db_blocker):
    def build():
        load_seed()
        keys = evaluation.seed_claims()
        services.embed_claims(claim_ids=keys.values())
        return keys, evaluation.make_distractors(DISTRACTORS)

    yield from built_once(django_db_blocker, build)


def test_the_test_split_figures_hold_among_same_beat_claims(db, archive):
    keys, distractors = archive
    rows = evaluation.load_queries("test")
    seed = evaluation.run_new(rows, keys, Claim.objects.filter(pk__in=keys.values())).total
    grown = evaluation.run_new(rows, keys, Claim.objects.filter(pk__in=[*keys.values(), *distractors])).total
    assert grown.p1 >= 0.90 and seed.p1 - grown.p1 <= 0.05
    assert grown.r5 >= 0.97
    assert grown.negatives_rate <= 0.05
    assert grown.changed_first == 0


def test_a_russian_paraphrase_finds_the_japanese_claim_before_russian_claims_on_the_same_talks(db, archive):
    keys, distractors = archive
    visible = Claim.objects.filter(pk__in=[*keys.values(), *distractors])
    found = evaluation.selectors.suggest(evaluation.lexical.Query("Кулеба: встреча Путина и Лукашенко в Минске ничего значимого не принесла"), visible)
    assert found[0].claim.pk == keys["minsk-2022-kuleba-no-decisions"]
