"""Article intake on wire copy in any language (issue #28 part 2): agencies are reporters, countries
are nobody, back-references and transcripts, pronoun and dropped-subject continuations."""

import datetime

import pytest

from intake.candidates import SpeakerTable, find_candidates

TABLE = SpeakerTable(
    [
        ("putin", "Vladimir Putin", ["Putin", "Путин", "Poutine", "Vladimir Poutine"]),
        ("luka", "Alexander Lukashenko", ["Lukashenko", "Лукашенко", "Loukachenko", "Łukaszenka"]),
        ("peskov", "Dmitry Peskov", ["Peskov", "Песков", "Pieskow"]),
        ("ferrandi", "Giulia Ferrandi", ["Ferrandi"]),
        ("halvorsen", "Ingrid Halvorsen", ["Halvorsen"]),
        ("rudakov", "Oleg Rudakov", ["Олег Рудаков", "Рудаков"]),
        ("morita", "Koji Morita", ["森田浩二", "森田市長"]),
    ]
)
DAY = datetime.date(2022, 12, 20)  # a Tuesday


def find(text, language, day=DAY):
    return find_candidates(text, language, TABLE, day)


def speakers(found):
    return [c.speaker.id if c.speaker else c.speaker_label for c in found]


def test_an_agency_named_as_the_reporter_is_a_hop_never_the_speaker():
    found = find("Лукашенко заявил, что переговоры прошли успешно, сообщает РИА Новости.", "ru")
    assert speakers(found) == ["luka"] and found[0].reporting_hint == "RIA Novosti"
    assert found[0].statement == "переговоры прошли успешно"
    assert find("According to Belarusian state agency BelTA, the two leaders also discussed aircraft.", "en") == []


def test_a_wire_datelines_agency_is_the_reporter_of_the_story():
    text = "MINSK, Dec 19 (Reuters) - Putin said on Monday that the talks went well.\nHe added that more talks would follow."
    found = find(text, "en")
    assert speakers(found) == ["putin", "putin"]
    assert [c.reporting_hint for c in found] == ["Reuters", "Reuters"]
    assert [c.said_on for c in found] == [datetime.date(2022, 12, 19)] * 2


def test_a_country_is_never_a_person():
    assert find("The Russian Federation has noted that the Union State treaty remains the basis of relations.", "en") == []
    assert find("Rosja zaznaczyła, że integracja przebiega zgodnie z planem.", "pl") == []


def test_a_back_reference_dates_the_claim_before_and_is_none_itself():
    text = "Песков сообщил журналистам, что визит не планируется. Об этом он сказал во время брифинга 20 декабря."
    found = find(text, "ru", datetime.date(2022, 12, 21))
    assert len(found) == 1 and found[0].said_on == datetime.date(2022, 12, 20)


@pytest.mark.parametrize(
    "text, language, statement",
    [
        ("Lukashenko ha sottolineato che i colloqui sono stati franchi. Ha aggiunto che Minsk vuole esportare di più.", "it", "Minsk vuole esportare di più"),
        ("« Nous avons trouvé une solution », a déclaré M. Poutine. « Les gouvernements doivent maintenant la mettre en forme », a-t-il ajouté.", "fr", "Les gouvernements doivent maintenant la mettre en forme"),
        ("„Znaleźliśmy rozwiązanie, które odpowiada obu stronom” - powiedział Putin. „Teraz rządy muszą je sformalizować” - dodał.", "pl", "Teraz rządy muszą je sformalizować"),
    ],
)
def test_a_continuation_belongs_to_the_previous_speaker(text, language, statement):
    found = find(text, language)
    assert speakers(found) == ["putin" if "Putin" in text or "Poutine" in text else "luka"] * 2
    assert found[-1].statement == statement


def test_a_quote_after_a_colon_and_a_quote_its_attribution_interrupts():
    found = find('Quote from Putin: "We have agreed on the main parameters. Now the governments have work to do."', "en")
    assert speakers(found) == ["putin"] and found[0].statement.startswith("We have agreed")
    found = find("«La cuestión del gas está resuelta para 2023 —puntualizó Lukashenko—, y eso es lo más importante».", "es")
    assert speakers(found) == ["luka"] and found[0].statement == "La cuestión del gas está resuelta para 2023"


def test_transcript_labels_and_interview_answers_are_the_speakers_quotes():
    text = "HALVORSEN: Good afternoon. We have signed the dredging contract this morning.\nQ: How much will it cost?\nHALVORSEN: The contract is worth 84 million."
    found = find(text, "en")
    assert speakers(found) == ["halvorsen", "halvorsen"]
    assert found[0].statement == "We have signed the dredging contract this morning."
    text = "Директор завода Олег Рудаков заявил, что сокращений не будет.\n— Зарплаты будут расти?\n— С апреля зарплаты вырастут на 8 процентов."
    found = find(text, "ru")
    assert speakers(found) == ["rudakov", "rudakov"] and found[1].statement == "С апреля зарплаты вырастут на 8 процентов."
    found = find("――市民への説明は。\n市長：来月、市内4カ所で説明会を開く。", "ja")
    assert speakers(found) == ["morita"]


def test_a_liveblogs_date_line_dates_its_entries():
    text = "Hochwasser - der Liveticker\nMittwoch, 14. Februar\n\n08:20 Das Landratsamt teilte mit, dass 300 Menschen ihre Häuser verlassen mussten."
    table = SpeakerTable([("lra", "Landratsamt Auenfeld", ["das Landratsamt"])])
    found = find_candidates(text, "de", table, datetime.date(2024, 2, 14))
    assert [c.said_on for c in found] == [datetime.date(2024, 2, 14)]
