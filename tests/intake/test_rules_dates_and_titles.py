"""Rules-language details real copy needs: broadcasters write yesterday and today in kana (きのう, きょう);
a Japanese title may carry a prefix (副市長, 前知事) that is not part of the name; Ukrainian writes the
apostrophe of п'ятницю as ʼ, dates as 20.12.2022, and the day before yesterday as позавчора."""

import datetime

from intake.candidates import SpeakerTable, find_candidates

TABLE = SpeakerTable([("sato", "佐藤一郎", ["佐藤"]), ("klymenko", "Ігор Клименко", ["Клименко"])])
DAY = datetime.date(2023, 10, 17)  # a Tuesday


def find(text, language):
    return find_candidates(text, language, TABLE, DAY)


def test_japanese_yesterday_in_kana_resolves_against_the_article_date():
    (candidate,) = find("港の再開\nきのう、佐藤市長は記者団に「年内には港を再開したい」と語った。", "ja")
    assert candidate.speaker.name == "佐藤一郎" and candidate.said_on == datetime.date(2023, 10, 16)


def test_a_prefixed_japanese_title_is_not_part_of_the_new_name():
    deputy, former = find("会見\n中村健太郎副市長は「工事は遅れていない」と語った。鈴木前知事は「計画は妥当だ」と述べた。", "ja")
    assert (deputy.new_speaker, former.new_speaker) == ("中村健太郎", "鈴木")


def test_ukrainian_friday_with_the_modifier_apostrophe_numeric_dates_and_the_day_before_yesterday():
    friday, numeric, before = find(
        "Міст у Києві\nКлименко у пʼятницю заявив, що міст відкриють навесні. "
        "Клименко 12.10.2023 повідомив, що ремонт оплатить місто. "
        "Клименко позавчора сказав, що підрядника вже обрано.",
        "uk",
    )
    assert friday.said_on == datetime.date(2023, 10, 13)
    assert numeric.said_on == datetime.date(2023, 10, 12)
    assert before.said_on == datetime.date(2023, 10, 15)
