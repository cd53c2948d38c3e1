"""Claim matching: “have we checked this before?” across speakers, scripts and languages."""

import pytest

from claims.models import Claim
from claims.matching import NameTable, Query, build_eval_corpus, evaluate, features, load_eval, suggest, visible_claims
from tests.conftest import built_once


@pytest.fixture(scope="module")
def eval_corpus(django_db_setup, django_db_blocker):
    """The labelled evaluation corpus, built once for this module."""

    def build():
        rows = load_eval()
        speakers, claims = build_eval_corpus(rows)
        return {"rows": rows, "speakers": speakers, "claims": claims}

    yield from built_once(django_db_blocker, build)


@pytest.fixture
def corpus(db, eval_corpus):
    return eval_corpus


def test_it_reaches_the_targets_on_the_labelled_set(corpus):
    result = evaluate(corpus["rows"], corpus["speakers"], corpus["claims"])
    assert result.pairs >= 300
    assert result.precision_at_1 >= 0.85
    assert result.recall_at_5 >= 0.95
    assert result.changed_numbers >= 50
    assert result.changed_numbers_ranked_first == 0


@pytest.mark.parametrize(
    "a, b",
    [
        ("30 %", "30 percent"),
        ("三割", "тридцать процентов"),
        ("40 bn", "400億"),
        ("４０ billion", "40 млрд"),
        ("October", "10月"),
        ("twenty five", "25"),
    ],
)
def test_it_reads_numbers_the_same_in_any_form(a, b):
    names = NameTable([])
    assert features(a, names).numbers == features(b, names).numbers != frozenset()


def test_it_counts_a_name_in_any_script_as_the_same_speaker(corpus):
    names = NameTable.load()
    putin = corpus["speakers"]["putin"]
    for spelling in ("Putin", "Путин", "プーチン氏"):
        assert features(spelling, names).speakers == {putin}


def test_it_suggests_the_japanese_seed_claim_for_a_russian_claim_with_a_translation(corpus):
    visible = Claim.objects.filter(pk__in=corpus["claims"].values())
    found = suggest(Query("Путин и Лукашенко в Минске ничего важного не решили.", "Putin and Lukashenko decided nothing important in Minsk."), visible)
    assert found[0].claim.pk == corpus["claims"]["s01"]
    assert "names" in found[0].why


def test_it_never_suggests_a_changed_number_first(corpus):
    visible = Claim.objects.filter(pk__in=corpus["claims"].values())
    found = suggest(Query("Inflation in Russia fell to 14 percent in November."), visible)
    assert corpus["claims"]["x01"] not in [s.claim.pk for s in found]


@pytest.mark.parametrize("text", ["", "   ", "!!! ??? ...", "🙂🙂🙂", "x" * 50_000])
def test_it_answers_bad_input_with_nothing_or_a_short_list(corpus, text):
    visible = Claim.objects.filter(pk__in=corpus["claims"].values())
    assert len(suggest(Query(text), visible)) <= 5


def test_it_never_shows_an_outsider_a_claim_they_may_not_see(corpus, outsider, editor):
    query = Query("ミンスクでのプーチンとルカシェンコの会談では重要な決定は何もなかった。")
    assert suggest(query, visible_claims(outsider)) == []
    assert [s.claim.pk for s in suggest(query, visible_claims(editor))][:1] == [corpus["claims"]["s01"]]
