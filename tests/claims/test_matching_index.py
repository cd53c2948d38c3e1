"""The matching index follows every change to a claim, so suggestions never miss a fresh edit."""

from django.core.management import call_command

from claims.matching import TOTAL_TERM, Query, suggest
from claims.models import Claim, ClaimMatchKey, MatchPosting, MatchTerm


def _state():
    keys = {pk: (a, b) for pk, a, b in ClaimMatchKey.objects.values_list("claim_id", "statement_tokens", "translation_tokens")}
    postings = sorted(MatchPosting.objects.values_list("term", "claim_id"))
    terms = {t: n for t, n in MatchTerm.objects.values_list("term", "df") if n}
    return keys, postings, terms


def test_an_edited_claim_is_found_by_its_new_words_and_no_longer_by_its_old_ones(make_claim):
    claim = make_claim(statement="Russian gas exports to Europe fell by 50 percent this year.")
    assert [s.claim for s in suggest(Query("Gas exports from Russia to Europe dropped by 50 percent this year."))] == [claim]
    claim.statement = "Belarus will not send its troops to Ukraine."
    claim.save()
    assert suggest(Query("Gas exports from Russia to Europe dropped by 50 percent this year.")) == []
    assert [s.claim for s in suggest(Query("Belarus will not send troops into Ukraine."))] == [claim]


def test_the_index_kept_on_save_equals_one_rebuilt_from_scratch(make_claim, make_speaker):
    putin = make_speaker("Vladimir Putin", aliases=["Путин", "プーチン"])
    make_claim(statement="プーチンはミンスクでルカシェンコと会談した。", translation="Putin met Lukashenko in Minsk.")
    make_claim(statement="Путин заявил, что инфляция упала до 12 процентов.", speaker=putin)
    gone = make_claim(statement="A claim entered by mistake, 40 bn dollars.")
    gone.evidence.all().delete()
    gone.delete()
    kept = _state()
    assert kept[2][TOTAL_TERM] == Claim.objects.count() == 2
    call_command("rebuild_matching_index", verbosity=0)
    assert _state() == kept
