"""An unnamed speaker described by their work ("a railway worker who asked not to be named", "ein
Bahnmitarbeiter", "un cheminot", "pracownik kolei") is kept as a description, in every rules language
that lists such words, even when a clause about their anonymity stands between them and the verb."""

import datetime

import pytest

from intake.candidates import SpeakerTable, find_candidates

TABLE = SpeakerTable([("belova", "Anna Belova", ["Belova"])])
DAY = datetime.date(2024, 5, 14)

CASES = [
    ("en", "Rail\nA railway worker who asked not to be named said the night trains would stop in June.", "A railway worker"),
    ("en", "Rail\nOne driver, who did not want to give his name, told the paper that shifts were cut.", "One driver"),
    ("de", "Bahn\nEin Bahnmitarbeiter, der nicht genannt werden wollte, sagte, die Nachtzüge würden im Juni eingestellt.", "Ein Bahnmitarbeiter"),
    ("ru", "Поезда\nСотрудник железной дороги, пожелавший остаться неизвестным, сообщил, что ночные поезда отменят в июне.", "Сотрудник"),
    ("it", "Treni\nUn ferroviere, che ha chiesto di restare anonimo, ha detto che i treni notturni saranno cancellati.", "Un ferroviere"),
    ("fr", "Trains\nUn cheminot, qui a souhaité garder l'anonymat, a affirmé que les trains de nuit seraient supprimés.", "Un cheminot"),
    ("es", "Trenes\nUn trabajador ferroviario, que pidió no ser identificado, dijo que los trenes nocturnos se cancelarán.", "Un trabajador ferroviario"),
    ("pl", "Pociągi\nPracownik kolei, który poprosił o anonimowość, powiedział, że nocne pociągi zostaną odwołane.", "Pracownik kolei"),
]


@pytest.mark.parametrize("language,text,description", CASES, ids=[f"{c[0]}-{n}" for n, c in enumerate(CASES)])
def test_a_speaker_described_by_their_work_is_kept_as_a_description(language, text, description):
    (candidate,) = find_candidates(text, language, TABLE, DAY)
    assert candidate.speaker is None and candidate.new_speaker == ""
    assert candidate.speaker_description == description
