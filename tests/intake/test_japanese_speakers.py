"""Japanese: who speaks is the name marked with は/が, with only a title between (知事, 市長, さん), never a
name joined by と or の to a verb phrase; and the speaker may stand between the quotation and its verb
(「……」と佐藤市長は述べた), as Japanese wire copy often writes it."""

import datetime

from intake.candidates import SpeakerTable, find_candidates

TABLE = SpeakerTable([("yamada", "山田花子", ["山田"]), ("sato", "佐藤一郎", ["佐藤"])])
DAY = datetime.date(2023, 10, 17)


def find(text):
    return find_candidates(text, "ja", TABLE, DAY)


def test_the_name_joined_by_to_is_not_the_subject():
    (candidate,) = find("会談\n山田知事と会談した佐藤市長は「来年度中に新しい橋を完成させたい」と述べた。")
    assert candidate.speaker.name == "佐藤一郎"


def test_the_speaker_between_the_quotation_and_its_verb():
    (candidate,) = find("会談\n「来年度中に新しい橋を完成させたい」と佐藤市長は記者団に述べた。")
    assert candidate.speaker.name == "佐藤一郎" and candidate.statement == "来年度中に新しい橋を完成させたい"


def test_a_titled_pronoun_is_the_last_person_with_that_title_not_the_last_speaker():
    first, second, third = find(
        "会談\n佐藤市長は「来年度中に新しい橋を完成させたい」と述べた。一方、山田知事は「国の補助金を申請する方針だ」と語った。"
        "同市長はまた、工事の入札を来月行うと明らかにした。"
    )
    assert (first.speaker.name, second.speaker.name, third.speaker.name) == ("佐藤一郎", "山田花子", "佐藤一郎")
