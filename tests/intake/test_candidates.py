"""The candidate finder: who said what and when, per language, from the rules files (no database)."""

import datetime

import pytest

from intake.candidates import SpeakerTable, find_candidates
from intake.rules import RULES_DIR, rules_for, supported_languages
from intake.sentences import detect_language

TABLE = SpeakerTable(
    [
        (1, "Dmytro Kuleba", ["Kuleba", "Кулеба", "Дмитро Кулеба", "クレーバ"]),
        (2, "Alexander Lukashenko", ["Lukashenko", "Лукашенко", "ルカシェンコ"]),
    ]
)
MONDAY_ARTICLE = datetime.date(2026, 3, 11)  # a Wednesday


def find(text, language, day=MONDAY_ARTICLE):
    return find_candidates(text, language, TABLE, day)


def test_every_language_is_a_rules_file_not_a_code_branch():
    assert {"en", "ja", "ru", "uk"} <= set(supported_languages())
    assert {path.stem for path in RULES_DIR.glob("*.toml")} == set(supported_languages())
    assert rules_for("fi") is None


def test_an_english_quote_names_its_speaker_and_a_weekday_resolves_against_the_article_date():
    text = "Talks end\n“Nothing important was decided in Minsk,” Kuleba said on Monday."
    [candidate] = find(text, "en")
    assert candidate.form == "quote"
    assert candidate.statement == "Nothing important was decided in Minsk"  # the trailing comma is dropped (intake/eval rules)
    assert candidate.speaker.name == "Dmytro Kuleba"
    assert (candidate.said_on, candidate.said_on_precision) == (datetime.date(2026, 3, 9), "day")
    assert text[candidate.start : candidate.end] == candidate.excerpt


def test_he_continues_the_previous_speaker_and_a_new_name_is_offered_as_a_new_speaker():
    text = (
        "Kuleba said the talks had changed nothing for Ukraine. He added that the army was ready for any outcome.\n"
        "Marta Kowalczyk, a teacher in Lviv, told reporters that the schools would stay open all winter."
    )
    first, second, third = find(text, "en")
    assert first.speaker.name == second.speaker.name == "Dmytro Kuleba"
    assert second.statement.startswith("the army was ready")
    assert third.speaker is None and third.new_speaker == "Marta Kowalczyk"


def test_reported_speech_of_unknown_origin_opinion_and_headlines_are_never_candidates():
    text = (
        "Kuleba says nothing was decided\n"
        "It is said that the talks went badly for Minsk.\n"
        "Reportedly, Lukashenko wanted more gas at a lower price.\n"
        "I think both sides said too little."
    )
    assert find(text, "en") == []


def test_according_to_an_outlet_is_a_reporting_hint_not_the_speaker():
    [candidate] = find("According to RIA Novosti, Lukashenko said the price of gas had been agreed.", "en")
    assert candidate.speaker.name == "Alexander Lukashenko"
    assert candidate.reporting_hint == "RIA Novosti"


def test_japanese_clauses_zero_subject_and_relative_day():
    text = (
        "ルカシェンコ大統領は20日、ロシアとの協力は続くと述べた。"
        "「ロシアはベラルーシ抜きでもやっていけるが、ベラルーシはロシア抜きではやっていけない」と語った。"
        "ウクライナ市民は「私たちは妥協しない。絶対に負けない」と話した。"
    )
    first, second, third = find(text, "ja", datetime.date(2022, 12, 21))
    assert first.speaker.name == "Alexander Lukashenko" and first.form == "paraphrase"
    assert first.statement == "ロシアとの協力は続く"  # the day went to the date said
    assert (first.said_on, first.said_on_precision) == (datetime.date(2022, 12, 20), "day")
    assert second.speaker.name == "Alexander Lukashenko" and second.form == "quote"
    assert second.statement.startswith("ロシアはベラルーシ抜きでも")
    assert third.speaker is None and third.speaker_description == "ウクライナ市民"
    assert third.statement == "私たちは妥協しない。絶対に負けない"  # 。 inside the quote does not cut the sentence


def test_japanese_doshi_points_back_and_hearsay_is_left_out():
    text = "クレーバ外相は、会談で何も決まらなかったと発言した。同氏はまた、準備はできていると述べた。決定は来週だと言われている。"
    first, second = find(text, "ja", datetime.date(2022, 12, 21))
    assert first.speaker.name == second.speaker.name == "Dmytro Kuleba"


def test_russian_and_ukrainian_declined_names_and_pronouns():
    [ru] = find("«Решений принято не было», — заявил Кулеба журналистам.", "ru")
    assert ru.speaker.name == "Dmytro Kuleba" and ru.form == "quote"
    uk = find("Дмитро Кулеба заявив у вівторок, що Україна готова. Він додав, що переговори тривають.", "uk")
    assert [c.speaker.name for c in uk] == ["Dmytro Kuleba", "Dmytro Kuleba"]
    assert uk[0].said_on == datetime.date(2026, 3, 10)
    [declined] = find("По словам Кулебы, решений принято не было.", "ru")
    assert declined.speaker.name == "Dmytro Kuleba"


def test_unbalanced_and_nested_quotes_do_not_break_the_article():
    text = (
        "Kuleba said: “They call it “a new dance” and nothing more.\n"
        "クレーバ氏は、「プーチンとルカシェンコの会談は、彼らの新たなダンスである。\n"
        "“Unclosed quotes are common in pasted text, Lukashenko said."
    )
    found = find(text, "en")
    assert all(text[c.start : c.end] == c.excerpt for c in found)
    assert any(c.language == "ja" and c.speaker.name == "Dmytro Kuleba" for c in found)


def test_mixed_languages_use_each_sentence_s_own_rules():
    text = "Kuleba said the talks changed nothing at all.\nルカシェンコ大統領は、協力は続くと述べた。\nЛукашенко заявил, что цена на газ согласована."
    found = find(text, "en")
    assert [(c.language, c.speaker.name) for c in found] == [
        ("en", "Dmytro Kuleba"),
        ("ja", "Alexander Lukashenko"),
        ("ru", "Alexander Lukashenko"),
    ]


def test_a_language_without_rules_is_read_by_the_general_path_and_no_language_gives_no_candidates():
    text = "Kuleba sanoi maanantaina, että mitään ei päätetty. Kuleba said nothing.\nЛукашенко заявил, что цена на газ согласована."
    first, second = find(text, "fi")  # Finnish has no rules file: learned verbs (sanoi, заявил), known names
    assert (first.path, first.speaker.name, first.said_on) == ("general", "Dmytro Kuleba", datetime.date(2026, 3, 9))  # maanantaina (CLDR)
    assert (second.path, second.speaker.name, second.statement) == ("general", "Alexander Lukashenko", "цена на газ согласована")
    assert find(text, "") == []
    assert find("", "en") == []


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("The minister said on Monday that the bridge would reopen in June after repairs.", "en"),
        ("Министр заявил в понедельник, что мост откроют в июне после ремонта.", "ru"),
        ("Міністр заявив у понеділок, що міст відкриють у червні після ремонту.", "uk"),
        ("大臣は月曜日、橋は修理の後6月に再開すると述べた。", "ja"),
    ],
)
def test_the_detector_tells_the_desk_languages_apart(text, language):
    assert detect_language(text * 3) == language
