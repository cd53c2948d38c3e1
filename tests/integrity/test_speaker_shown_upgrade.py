"""Fact-checks approved before the rule keep their speaker as the records read at the upgrade
(reviews 0014 fills `Verdict.speaker_shown` for every approved verdict), so a rename after the
upgrade does not reach them either."""

import datetime

import pytest
from django.core.management import call_command

from reviews.models import Verdict


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_upgrade_keeps_the_speaker_of_every_approved_verdict(old_release):
    old = old_release([("reviews", "0013_intake_role")])
    user = old.get_model("auth", "User").objects.create(username="old-chief", email="old-chief@desk.test")
    Speaker = old.get_model("claims", "Speaker")
    kuleba = Speaker.objects.create(name="Dmytro Kuleba", kind="person")
    kuleba.roles.create(title="Deputy Prime Minister", start_date=datetime.date(2019, 8, 29), end_date=datetime.date(2020, 3, 3))
    kuleba.roles.create(title="Minister of Foreign Affairs", start_date=datetime.date(2020, 3, 1), start_precision="month")
    kuleba.identifiers.create(scheme="wikidata", value="Q2354404")
    kuleba.identifiers.create(scheme="website", value="https://kuleba.example/")
    Claim = old.get_model("claims", "Claim")
    said = Claim.objects.create(
        speaker=kuleba, statement="No decisions were taken in Minsk.", language="en", said_on=datetime.date(2020, 3, 2),
        said_on_precision="day", state="published", created_by=user,
    )
    unknown = Claim.objects.create(
        speaker_description="a Ukrainian citizen", statement="Prices doubled.", language="en", said_on_precision="unknown",
        state="published", created_by=user,
    )
    rating = old.get_model("reviews", "Rating").objects.get(label="False")
    old_verdict = old.get_model("reviews", "Verdict")

    def verdict(claim, status):
        return old_verdict.objects.create(
            claim=claim, attribution="correct", rating=rating, summary="The record shows otherwise.", status=status, proposed_by=user
        ).pk

    approved, proposed, described = verdict(said, "approved"), verdict(said, "proposed"), verdict(unknown, "approved")

    call_command("migrate", verbosity=0)

    assert Verdict.objects.get(pk=approved).speaker_shown == {
        "name": "Dmytro Kuleba",
        "kind": "person",
        # Known to the month, the minister's role covers 2 March 2020 and began after the deputy's.
        "role": "Minister of Foreign Affairs",
        "same_as": ["https://www.wikidata.org/wiki/Q2354404", "https://kuleba.example/"],
    }
    assert Verdict.objects.get(pk=described).speaker_shown == {"name": "a Ukrainian citizen", "kind": "", "role": "", "same_as": []}
    assert Verdict.objects.get(pk=proposed).speaker_shown == {}  # kept when it is approved
