from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError
from django.utils import timezone

from claims.models import Claim, Evidence, Source, SpeakerAlias, format_partial_date
from claims.selectors import speakers_matching


def test_it_finds_a_speaker_by_any_alias_in_any_script(make_speaker):
    kuleba = make_speaker("Dmytro Kuleba", aliases=["Кулеба", "クレーバ"])
    make_speaker("Alexander Lukashenko", aliases=["Лукашенко", "ルカシェンコ"])

    for query in ["Kuleba", "kuleba", "Кулеба", "クレーバ"]:
        assert list(speakers_matching(query)) == [kuleba], query


def test_it_refuses_an_alias_that_names_another_speaker(make_speaker):
    make_speaker("Dmytro Kuleba", aliases=["Кулеба"])
    other = make_speaker("Someone else")

    with pytest.raises(ValidationError) as error:
        SpeakerAlias(speaker=other, name="кулеба").full_clean()
    assert "already an alias of Dmytro Kuleba" in str(error.value)
    with pytest.raises(IntegrityError), transaction.atomic():
        SpeakerAlias.objects.create(speaker=other, name="КУЛЕБА")


def test_it_refuses_a_claim_dated_in_the_future(make_claim):
    claim = make_claim(said_on=timezone.localdate() + timedelta(days=1), said_on_precision="day")
    with pytest.raises(ValidationError) as error:
        claim.full_clean()
    assert "said_on" in error.value.message_dict


def test_it_refuses_an_empty_statement_in_forms_and_in_the_database(editor, make_speaker):
    claim = Claim(created_by=editor, speaker=make_speaker(), statement="   ", language="en", said_on_precision="unknown")
    with pytest.raises(ValidationError) as error:
        claim.full_clean()
    assert "statement" in error.value.message_dict
    with pytest.raises(IntegrityError), transaction.atomic():
        Claim.objects.create(created_by=editor, speaker=make_speaker(), statement="", language="en", said_on_precision="unknown")


def test_it_keeps_a_month_precise_date_as_a_month(make_claim):
    claim = make_claim(said_on=date(2022, 12, 19), said_on_precision="month")
    claim.full_clean()
    assert claim.said_on == date(2022, 12, 1)
    assert claim.said_on_display == "2022-12"
    assert format_partial_date(None, "unknown") == ""


def test_it_refuses_a_date_without_precision_or_precision_without_date(make_claim):
    claim = make_claim()
    claim.said_on = date(2022, 12, 19)
    claim.said_on_precision = "unknown"
    with pytest.raises(ValidationError):
        claim.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        claim.save()


def test_it_needs_a_speaker_or_a_description_of_one(editor):
    anonymous = Claim(
        created_by=editor,
        speaker_description="a Ukrainian citizen",
        statement="We cannot lose here.",
        language="ja",
        said_on_precision="unknown",
    )
    anonymous.full_clean()
    anonymous.save()
    assert anonymous.speaker_name == "a Ukrainian citizen"

    nobody = Claim(created_by=editor, statement="Something", language="en", said_on_precision="unknown")
    with pytest.raises(ValidationError):
        nobody.full_clean()


def test_it_refuses_the_same_relation_twice_for_a_claim_and_source(make_claim):
    claim = make_claim()
    existing = claim.evidence.get()
    duplicate = Evidence(claim=claim, source=existing.source, relation="attribution", excerpt="again")
    with pytest.raises(ValidationError) as error:
        duplicate.full_clean()
    assert "already linked" in str(error.value)
    # The same source may still support the claim: that is another relation.
    Evidence(claim=claim, source=existing.source, relation="supports", excerpt="and it is so").full_clean()


def test_it_validates_source_urls(make_source):
    source = Source(title="Bad", url="not a url")
    with pytest.raises(ValidationError) as error:
        source.full_clean()
    assert "url" in error.value.message_dict
    Source(title="Screenshot kept offline", url="", kind="screenshot").full_clean()


def test_it_refuses_to_delete_a_source_that_evidence_depends_on(make_claim):
    source = make_claim().evidence.get().source
    with pytest.raises(ProtectedError):
        source.delete()
    assert Source.objects.filter(pk=source.pk).exists()


def test_it_never_deletes_claims_with_their_speaker(make_claim):
    claim = make_claim()
    with pytest.raises(ProtectedError):
        claim.speaker.delete()
    assert Claim.objects.filter(pk=claim.pk).exists()


def test_it_knows_the_speakers_role_when_the_claim_was_made(make_claim, make_speaker):
    kuleba = make_speaker("Dmytro Kuleba")
    kuleba.roles.create(title="Foreign Minister of Ukraine", start_date=date(2020, 3, 4), end_date=date(2024, 9, 5))
    kuleba.roles.create(title="Deputy Prime Minister", start_date=date(2019, 8, 29), end_date=date(2020, 3, 4))
    claim = make_claim(speaker=kuleba, said_on=date(2022, 12, 20), said_on_precision="day")
    assert str(claim.speaker_role) == "Foreign Minister of Ukraine"


def test_it_refuses_a_second_source_with_the_same_url_and_says_so(make_source):
    existing = make_source(url="https://news.example/minsk")
    with pytest.raises(ValidationError) as error:
        Source(title="Same page again", url=existing.url).full_clean()
    assert "already recorded" in str(error.value)
    # Offline material has no URL, and many such sources may exist.
    Source.objects.create(title="Screenshot one", url="")
    Source(title="Screenshot two", url="").full_clean()


def test_choice_labels_show_the_label_in_the_active_language_and_an_unknown_value_as_stored():
    """factcheck.choices.ChoiceLabels: the same answers as Django's get_FOO_display, without translating every label."""
    from django.utils import translation

    from claims.models import AuditEntry, Claim

    with translation.override("ja"):
        assert Claim(state="published").get_state_display() == "公開済み"
    with translation.override("en"):
        assert Claim(state="published").get_state_display() == "Published"
        assert Claim(state="no-such-state").get_state_display() == "no-such-state"
        assert AuditEntry(from_state="").get_from_state_display() == ""
