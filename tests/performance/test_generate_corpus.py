"""The benchmark corpus: deterministic, consistent with the workflow, searchable, and careful with real data."""

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.db import transaction
from django.db.models import Count

from claims.models import Claim, ClaimSearchDocument, Evidence, Source, SpeakerAlias, fold
from claims.search import search_claims
from reviews.models import Verdict
from claims.models import AuditEntry
from claims.states import State

VERDICT_STATES = {State.APPROVED, State.PUBLISHED, State.CORRECTED, State.RETRACTED}


def generate(**options):
    call_command("generate_corpus", stdout=open("/dev/null", "w"), **options)


@pytest.mark.django_db
def test_it_generates_claims_consistent_with_the_workflow():
    generate(claims=120, speakers=60, seed=5)
    claims = list(Claim.objects.select_related("current_verdict").annotate(n_audit=Count("audit_entries")))
    assert len(claims) == 120
    assert {c.language for c in claims} == {"ja", "en", "ru", "uk"}
    assert State.PUBLISHED in {c.state for c in claims} and State.DRAFT in {c.state for c in claims}
    for claim in claims:
        last = AuditEntry.objects.filter(claim=claim).order_by("created_at", "id").last()
        assert last.to_state == claim.state, claim.pk
        assert claim.version == claim.n_audit  # every step bumped the version once
        if claim.state in VERDICT_STATES:
            assert claim.current_verdict.status == Verdict.Status.APPROVED and claim.current_verdict.claim_id == claim.pk
        else:
            assert claim.current_verdict_id is None
        assert (claim.published_at is not None) == (claim.state in {State.PUBLISHED, State.CORRECTED, State.RETRACTED})
        if claim.state == State.VERDICT_PROPOSED:
            assert claim.verdicts.filter(status=Verdict.Status.PROPOSED).count() == 1
    assert 2.5 <= Evidence.objects.count() / 120 <= 3.5
    assert 2 <= Source.objects.count() <= 120 / 10  # shared: ~5k sources per 100k claims
    assert all(a.folded == fold(a.name) for a in SpeakerAlias.objects.all())


@pytest.mark.django_db
def test_it_makes_every_claim_searchable_in_every_script():
    generate(claims=80, speakers=40, seed=2)
    assert ClaimSearchDocument.objects.count() == 80
    for claim in Claim.objects.order_by("pk")[:10]:
        assert claim in search_claims(Claim.objects.all(), claim.statement[:12])
    assert search_claims(Claim.objects.all(), "クレーバ").exists() or not Claim.objects.filter(speaker__name="Dmytro Kuleba").exists()


@pytest.mark.django_db
def test_it_writes_comment_threads_when_the_comments_app_is_there():
    generate(claims=60, speakers=30, seed=4)
    Comment = apps.get_model("comments", "Comment")
    assert 2 <= Comment.objects.count() / 60 <= 5


@pytest.mark.django_db
def test_it_is_deterministic_for_a_seed():
    def corpus():
        return list(Claim.objects.order_by("pk").values_list("language", "state", "said_on", "kind", "statement", "speaker__name"))

    before = transaction.savepoint()
    generate(claims=40, speakers=30, seed=9)
    first = corpus()
    transaction.savepoint_rollback(before)
    assert not Claim.objects.exists()
    generate(claims=40, speakers=30, seed=9)
    assert corpus() == first
    transaction.savepoint_rollback(before)
    generate(claims=40, speakers=30, seed=10)
    assert corpus() != first


@pytest.mark.django_db
@pytest.mark.parametrize(
    "options, message",
    [
        ({"claims": -5}, "--claims must be at least 1"),
        ({"claims": 0}, "--claims must be at least 1"),
        ({"claims": 10, "speakers": -1}, "--speakers must be at least 1"),
    ],
)
def test_it_refuses_nonsense_sizes(options, message):
    with pytest.raises(CommandError, match=message):
        generate(**options)
    assert not Claim.objects.exists()


@pytest.mark.django_db
def test_it_refuses_to_mix_synthetic_claims_into_a_database_with_claims(make_claim):
    make_claim(statement="A real claim")
    with pytest.raises(CommandError, match="already holds 1 claims.*--force"):
        generate(claims=10)
    assert Claim.objects.count() == 1


def test_it_refuses_unknown_options():
    with pytest.raises(TypeError, match="Unknown option"):
        call_command("generate_corpus", claims=1, bogus=True)


@pytest.mark.django_db
@pytest.mark.parametrize("order", [("seed", "corpus", "seed"), ("corpus", "seed", "corpus")])
def test_it_joins_the_seed_post_in_any_order_without_adding_anything_twice(order):
    from demo.seed.loader import load_seed

    from claims.models import Speaker

    for step in order:
        if step == "seed":
            load_seed()
        else:
            generate(claims=30, speakers=20, seed=3, force=Claim.objects.filter(import_key="").exists())
    zelensky = Speaker.objects.filter(aliases__folded="zelenskyy")
    assert zelensky.count() == 1  # one speaker, whoever recorded it first
    assert Speaker.objects.filter(aliases__folded="クレーバ").count() == 1
    assert Claim.objects.exclude(import_key="").count() == Claim.objects.exclude(import_key="").values("import_key").distinct().count()
