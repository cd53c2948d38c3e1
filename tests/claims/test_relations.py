"""Relations between claims (repeat, related) and merging duplicates."""

import threading

import pytest
from django.db import connection

from claims.models import AuditEntry, Claim, ClaimRelation, Tag
from claims.relations import merge, relate, relations_of, resolve_merged
from comments import services as comment_services
from factcheck.errors import Conflict, InvalidInput, NotAllowed


def _publish(claim):
    Claim.objects.filter(pk=claim.pk).update(state="published")
    claim.refresh_from_db()
    return claim


def test_it_records_a_repeat_by_another_speaker_without_touching_either_verdict(editor, make_claim, make_speaker):
    earlier = make_claim(statement="Belarus will not send its troops to Ukraine.")
    repeat = make_claim(statement="Belarus will not send troops into Ukraine.", speaker=make_speaker("Dmitry Peskov"))
    relation = relate(claim=repeat, other=earlier, kind="repeat", user=editor)
    assert relation.kind == ClaimRelation.Kind.REPEAT
    assert relations_of(repeat)[0][:2] == ("repeat", earlier)
    assert relations_of(earlier)[0][:2] == ("repeat_by", repeat)
    repeat.refresh_from_db()
    assert repeat.current_verdict_id is None
    assert AuditEntry.objects.filter(claim=repeat, action="relation_repeat").exists()


def test_it_records_a_related_claim_such_as_a_response(editor, make_claim):
    kuleba, peskov = make_claim(statement="Nothing was decided in Minsk."), make_claim(statement="Kuleba's words are fantasy.")
    relate(claim=peskov, other=kuleba, kind="related", user=editor, note="Peskov answering Kuleba")
    assert relations_of(kuleba)[0][:2] == ("related_by", peskov)


def test_it_refuses_a_relation_to_itself_twice_or_by_an_outsider(editor, outsider, make_claim):
    one, two = make_claim(), make_claim()
    with pytest.raises(InvalidInput) as refused:
        relate(claim=one, other=one, kind="repeat", user=editor)
    assert refused.value.rule == "relation_self"
    relate(claim=one, other=two, kind="repeat", user=editor)
    with pytest.raises(Conflict):
        relate(claim=one, other=two, kind="repeat", user=editor)
    with pytest.raises(NotAllowed):
        relate(claim=two, other=one, kind="related", user=outsider)
    with pytest.raises(InvalidInput):
        relate(claim=two, other=one, kind="duplicate", user=editor)


def test_it_refuses_an_over_long_note_instead_of_cutting_it(editor, make_claim, client):
    one, two = make_claim(), make_claim()
    with pytest.raises(InvalidInput) as refused:
        relate(claim=one, other=two, kind="related", user=editor, note="x" * 501)
    assert refused.value.rule == "note_too_long" and not ClaimRelation.objects.exists()
    with pytest.raises(InvalidInput):
        merge(keep=one, drop=two, user=editor, note="x" * 501, expected_version=one.version)
    two.refresh_from_db()
    assert two.merged_into_id is None

    client.force_login(editor)
    page = client.post(f"/desk/claims/{one.pk}/relate/", {"other": two.pk, "kind": "related", "note": "y" * 600}, follow=True)
    assert "Keep the note under 500 characters" in page.content.decode() and not ClaimRelation.objects.exists()
    relate(claim=one, other=two, kind="related", user=editor, note="z" * 500)
    assert ClaimRelation.objects.get().note == "z" * 500


def test_it_merges_a_duplicate_moving_evidence_tags_threads_and_relations(editor, reviewer, make_claim):
    keep, drop, third = make_claim(), make_claim(), make_claim()
    tag = Tag.objects.create(name="Minsk", slug="minsk")
    drop.tags.add(tag)
    thread = comment_services.start_thread(claim=drop, user=reviewer, body="Same as the other one?").comment.thread
    relate(claim=third, other=drop, kind="related", user=editor)
    drop_evidence = set(drop.evidence.values_list("pk", flat=True))

    merge(keep=keep, drop=drop, user=editor, note="entered twice", expected_version=keep.version)

    drop.refresh_from_db()
    assert drop.merged_into == keep and resolve_merged(drop) == keep
    assert drop_evidence <= set(keep.evidence.values_list("pk", flat=True))
    assert not drop.evidence.exists()
    assert tag in keep.tags.all()
    thread.refresh_from_db()
    assert thread.claim_id == keep.pk
    assert ClaimRelation.objects.filter(claim=third, other=keep, kind="related").exists()
    moved = AuditEntry.objects.get(claim=keep, action="merged_from").snapshot
    assert moved["from"] == drop.pk and moved["comment_threads"] == [thread.pk]
    assert AuditEntry.objects.filter(claim=drop, action="merged_into", note="entered twice").exists()


@pytest.mark.parametrize("case", ["self", "already_merged", "into_merged"])
def test_it_refuses_a_bad_merge_moving_nothing_and_writing_nothing(editor, make_claim, case):
    keep, drop, other = make_claim(), make_claim(), make_claim()
    if case == "self":
        keep = drop
    elif case == "already_merged":
        merge(keep=other, drop=drop, user=editor, expected_version=other.version)
        drop.refresh_from_db()
    else:
        merge(keep=other, drop=keep, user=editor, expected_version=other.version)
        keep.refresh_from_db()
    evidence = list(drop.evidence.values_list("pk", flat=True))
    trail = AuditEntry.objects.count()
    with pytest.raises((InvalidInput, Conflict)) as refused:
        merge(keep=keep, drop=drop, user=editor, expected_version=keep.version)
    assert refused.value.rule in {"merge_self", "merge_already_merged", "merge_into_merged"}
    assert list(drop.evidence.values_list("pk", flat=True)) == evidence
    # A refusal is not written to the trail: anyone could otherwise grow any claim's history at will.
    assert AuditEntry.objects.count() == trail


def test_it_refuses_merging_a_published_fact_check_into_an_unpublished_claim(chief, make_claim):
    published, draft = _publish(make_claim()), make_claim()
    with pytest.raises(Conflict) as refused:
        merge(keep=draft, drop=published, user=chief, expected_version=draft.version)
    assert refused.value.rule == "merge_published_into_unpublished"
    published.refresh_from_db()
    assert published.merged_into_id is None and published.evidence.exists()


def test_it_lets_only_a_chief_who_wrote_neither_claim_merge_a_published_one(editor, chief, make_claim):
    published = _publish(make_claim())
    duplicate = make_claim()
    with pytest.raises(NotAllowed) as refused:
        merge(keep=published, drop=duplicate, user=editor, expected_version=published.version)
    assert refused.value.rule == "merge_four_eyes"
    assert duplicate.evidence.exists()
    merge(keep=published, drop=duplicate, user=chief, expected_version=published.version)
    duplicate.refresh_from_db()
    assert duplicate.merged_into == published


def test_it_refuses_the_chief_four_eyes_merge_of_a_claim_they_wrote(chief, make_claim):
    published = _publish(make_claim())
    own = make_claim(created_by=chief)
    with pytest.raises(NotAllowed):
        merge(keep=published, drop=own, user=chief, expected_version=published.version)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_it_lets_only_one_of_two_editors_merging_the_same_pair_at_once(editor, other_editor, make_claim):
    keep, drop = make_claim(), make_claim()
    outcomes = []
    barrier = threading.Barrier(2)

    def run(user):
        try:
            barrier.wait(timeout=5)
            merge(keep=Claim.objects.get(pk=keep.pk), drop=Claim.objects.get(pk=drop.pk), user=user, expected_version=keep.version)
            outcomes.append("merged")
        except Conflict:
            outcomes.append("refused")
        except Exception as error:  # SQLite may refuse the second writer with "database is locked"
            outcomes.append(type(error).__name__)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(u,)) for u in (editor, other_editor)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert outcomes.count("merged") == 1
    assert AuditEntry.objects.filter(claim_id=keep.pk, action="merged_from").count() == 1
    assert ClaimRelation.objects.filter(claim_id=drop.pk, kind="duplicate").count() == 1


def test_the_claim_page_shows_related_claims_with_their_verdicts_in_the_same_queries_for_one_or_three(
    client, editor, chief, make_claim, advance
):
    from django.test.utils import CaptureQueriesContext

    claim = make_claim(statement="Minsk will host the talks.")
    others = [make_claim(statement=f"Checked claim number {n}.", with_refutation=True) for n in range(3)]
    for other in others:
        advance(other, "published")
    client.force_login(chief)

    def page_queries():
        with CaptureQueriesContext(connection) as queries:
            html = client.get(f"/desk/claims/{claim.pk}/").content.decode()
        return len(queries), html

    relate(claim=claim, other=others[0], kind="repeat", user=editor)
    page_queries()  # per-process caches warm (the matching matrix counts its rows on first use, then every 30 s)
    one, html = page_queries()
    assert f"#{others[0].pk}</a>" in html and "verdict: False" in html
    relate(claim=claim, other=others[1], kind="related", user=editor)
    relate(claim=others[2], other=claim, kind="repeat", user=editor)
    three, html = page_queries()
    assert html.count("verdict: False") == 3 and "Repeated by" in html
    assert three == one
