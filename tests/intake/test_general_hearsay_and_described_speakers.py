"""The general path reads hearsay, unnamed speakers and "that"-clauses as the rules languages do, in a
language without a rules file: "Diz-se…", "Prý…", "naar verluidt" are never claims; "a resident said"
keeps the description as the speaker; the statement starts after "že", "dat", "што"; a verb just before
"that" a few words after a name is read as the verb even when the cue model is unsure of it."""

import datetime

from intake.candidates import SpeakerTable, find_candidates

TABLE = SpeakerTable(
    [
        ("costa", "Marta Costa", []),
        ("novak", "Pavel Novák", ["Novák"]),
        ("jansen", "Pieter Jansen", ["Jansen"]),
        ("lukashenko", "Alexander Lukashenko", ["Лукашэнка"]),
    ]
)
DAY = datetime.date(2024, 5, 14)


def find(text, language):
    return find_candidates(text, language, TABLE, DAY)


def test_hearsay_is_never_a_claim_in_a_language_without_rules():
    assert find("Obras no mercado\nDiz-se na freguesia que a obra do mercado vai parar em junho.", "pt") == []
    assert find("Nová hala\nPrý se s otevřením nové haly počítá až na podzim, uvedl Pavel Novák.", "cs") == []
    assert find("Nieuwe brug\nDe brug gaat naar verluidt pas in 2026 open, zei Pieter Jansen.", "nl") == []


def test_an_unnamed_resident_is_kept_as_the_speakers_description():
    (candidate,) = find("Cheias no Tâmega\nUma moradora de Vila Nova contou à rádio local que a água entrou em casa durante a noite.", "pt")
    assert candidate.speaker is None and candidate.new_speaker == ""
    assert candidate.speaker_description == "Uma moradora de Vila Nova"
    assert candidate.statement == "a água entrou em casa durante a noite"


def test_the_statement_starts_after_the_that_of_a_language_without_rules():
    (czech,) = find("Rozpočet\nPavel Novák ve čtvrtek řekl, že město letos ušetří dva miliony korun.", "cs")
    assert czech.speaker.name == "Pavel Novák" and czech.statement == "město letos ušetří dva miliony korun"
    (belarusian,) = find("Перамовы\nЛукашэнка заявіў, што новы завод адкрыецца ў верасні.", "be")
    assert belarusian.statement == "новы завод адкрыецца ў верасні"


def test_a_verb_after_the_names_and_just_before_that_is_the_cue():
    text = "Begroting\nDe wethouders, Pieter Jansen en Karin Smit, zeiden dinsdag dat de gemeente dit jaar geld overhoudt."
    candidates = find(text, "nl")
    assert {c.speaker.name if c.speaker else c.new_speaker for c in candidates} == {"Pieter Jansen", "Karin Smit"}
    assert {c.statement for c in candidates} == {"de gemeente dit jaar geld overhoudt"}


def test_a_quote_then_a_dash_then_the_verb_is_read_as_an_inverted_attribution():
    (candidate,) = find("Перамовы\n«Мы гатовыя будаваць новы мост праз раку», – сказаў Лукашэнка журналістам.", "be")
    assert candidate.speaker.name == "Alexander Lukashenko" and candidate.form == "quote"


def test_a_short_verb_right_after_the_name_with_a_that_clause_later_is_the_cue():
    (candidate,) = find("Brug\nBurgemeester Pieter Jansen zei dinsdag tegen de lokale omroep dat de brug in mei weer opengaat.", "nl")
    assert candidate.speaker.name == "Pieter Jansen" and candidate.statement == "de brug in mei weer opengaat"


def test_a_sentences_short_first_word_before_a_name_is_not_its_verb():
    table = SpeakerTable([("jansen", "Pieter Jansen", ["Jansen"]), ("bz", "Ministerie van Buitenlandse Zaken", ["ministerie van Buitenlandse Zaken"])])
    text = (
        "Bezoek\nPieter Jansen zei maandag dat het bezoek goed verliep. "
        "Het Nederlandse ministerie van Buitenlandse Zaken liet weten de gesprekken nauwlettend te volgen."
    )
    first, second = find_candidates(text, "nl", table, DAY)
    assert first.speaker.name == "Pieter Jansen"
    assert second.speaker.name == "Ministerie van Buitenlandse Zaken"  # not "Het" as the verb, then the last speaker
