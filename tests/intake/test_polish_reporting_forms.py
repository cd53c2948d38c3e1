"""Polish reports in every past form of its verbs (imperfective "podkreślała", "zastrzegła", an institution
in the plural: "służby przekazały"): a sentence that continues the last speaker with no name in it has
only the rules file's verbs to go by. "Naszym zdaniem" (in our view) is no claim."""

import datetime

import pytest

from intake.candidates import SpeakerTable, find_candidates

TABLE = SpeakerTable([("nowak", "Anna Nowak", ["Nowak"]), ("sluzby", "Służby miejskie", ["Służby miejskie"])])
DAY = datetime.date(2024, 3, 12)


def find(text):
    return find_candidates(text, "pl", TABLE, DAY)


@pytest.mark.parametrize("verb", ["Zastrzegła", "Podkreślała", "Dodawała", "Zwracała uwagę", "Podsumowała"])
def test_a_continuing_sentence_with_another_form_of_a_reporting_verb_is_the_same_speakers(verb):
    first, second = find(f"Remont mostu\nAnna Nowak powiedziała, że most zostanie otwarty w maju. {verb} jednak, że remont może się przedłużyć.")
    assert first.speaker.name == second.speaker.name == "Anna Nowak"
    assert second.statement == "remont może się przedłużyć"


def test_a_plural_institution_continues_in_the_plural():
    first, second = find("Remont mostu\nSłużby miejskie przekazały, że most będzie zamknięty do maja. Poinformowały też, że objazd wydłuży drogę.")
    assert first.speaker.name == second.speaker.name == "Służby miejskie"


def test_our_view_is_no_claim():
    assert find("Remont mostu\nNaszym zdaniem remont zakończy się przed wakacjami.") == []
