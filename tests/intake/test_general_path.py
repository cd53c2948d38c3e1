"""Intake's general path: an article in a language without a rules file (Portuguese, Czech, Belarusian, …)
still gives candidates — learned reporting verbs, every script's quotation marks, declined aliases, CLDR
countries and dates — marked as the general path's, and the review page says they are less sure."""

import datetime

from intake import general
from intake.candidates import SpeakerTable, find_candidates
from intake.rules import rules_for

from .test_intake_pages import take_in

TABLE = SpeakerTable(
    [
        ("putin", "Vladimir Putin", ["Putin", "Пуцін", "Путин"]),
        ("lukashenko", "Alexander Lukashenko", ["Lukashenko", "Lukašenko", "Лукашэнка"]),
        ("rocha", "Paulo Rocha", []),
    ]
)
TUESDAY = datetime.date(2022, 12, 20)
MONDAY = datetime.date(2022, 12, 19)

PORTUGUESE = (
    "Conversações em Minsk\n"
    "MINSK, 19 dez (Reuters) - O ministro Paulo Rocha afirmou na segunda-feira que as conversações não trouxeram nada de novo. "
    "«Não houve qualquer decisão importante sobre a energia», disse Rocha aos jornalistas."
)


def find(text, language, day=TUESDAY):
    return find_candidates(text, language, TABLE, day)


def test_a_portuguese_wire_story_gives_a_paraphrase_and_a_quote_from_the_general_path():
    assert rules_for("pt") is None
    paraphrase, quote = find(PORTUGUESE, "pt")
    assert {paraphrase.path, quote.path} == {"general"}
    assert paraphrase.speaker.name == quote.speaker.name == "Paulo Rocha"  # "Rocha" alone: the name met before
    assert paraphrase.statement == "as conversações não trouxeram nada de novo"
    assert (paraphrase.said_on, paraphrase.said_on_precision) == (MONDAY, "day")  # segunda-feira, from CLDR
    assert quote.form == "quote" and quote.statement == "Não houve qualquer decisão importante sobre a energia"
    assert paraphrase.reporting_hint == quote.reporting_hint == "Reuters"  # the dateline's agency: a hop, never the speaker


def test_czech_low_high_quotation_marks_and_a_declined_alias_name_the_known_speaker():
    text = (
        "Jednání v Minsku\n"
        "„Jsme připraveni jednat o všem, co je potřeba,“ řekl Lukašenko novinářům. "
        "Podle Lukašenka šlo o velmi dobrý den."
    )
    quote, according = find(text, "cs")
    assert quote.statement == "Jsme připraveni jednat o všem, co je potřeba" and quote.speaker.name == "Alexander Lukashenko"
    assert according.speaker.name == "Alexander Lukashenko"  # Lukašenka → Lukašenko, no rule of Czech


def test_a_country_is_never_the_speaker_on_the_general_path():
    assert find("Jednání v Minsku skončilo.\nRusko uvedlo, že jednání bylo velmi užitečné pro obě strany.", "cs") == []
    assert find("Conversações.\nA Rússia declarou que as conversações foram muito úteis para os dois países.", "pt") == []


def test_belarusian_quote_with_a_dash_and_yesterday_resolve():
    text = "Перамовы ў Мінску\nЛукашэнка заявіў учора, што Беларусь і Расія дамовіліся пра сумесную абарону. «Мы гатовыя да ўсяго, што трэба», — сказаў Пуцін журналістам."
    paraphrase, quote = find(text, "be")
    assert paraphrase.speaker.name == "Alexander Lukashenko" and paraphrase.said_on == MONDAY  # учора, from CLDR
    assert quote.speaker.name == "Vladimir Putin" and quote.statement == "Мы гатовыя да ўсяго, што трэба"


def test_an_undetermined_language_is_not_guessed():
    assert not general.readable("und") and not general.readable("")
    assert find(PORTUGUESE, "und") == []


def test_the_cue_model_is_a_small_array_in_the_repository_loaded_once_per_process():
    assert general.CUE_MODEL_PATH.stat().st_size < 32_000  # 384 weights and the training words' scores
    model = general.cue_model()
    assert model is general.cue_model()
    assert model.weights.shape == (384,) and 0 < model.threshold < 1
    said, house = model.scores(["afirmou", "cidade"])
    assert said >= model.threshold > house


def test_the_review_page_says_the_candidates_come_from_the_general_path(client, editor, make_speaker):
    make_speaker("Paulo Rocha")
    client.force_login(editor)
    response = take_in(client, text=PORTUGUESE, language="pt")
    page = client.get(response["Location"])
    html = page.content.decode()
    assert len(page.context["rows"]) == 2
    assert "Intake has no extraction rules for Portuguese: these candidates come from its general path" in html
    assert html.count("general path, less sure") == 2


def test_the_cue_model_finds_the_verbs_of_a_language_it_never_saw():
    """Held out one at a time (trained on the seven others), at the model's threshold: stored with the model
    by train_intake_cues, printed by `train_intake_cues --report`."""
    rows = {language: (recall, precision) for language, threshold, recall, precision in general.held_out_figures() if threshold == general.cue_model().threshold}
    assert set(rows) == {"en", "ru", "uk", "it", "de", "fr", "es", "pl"}
    assert min(recall for recall, _p in rows.values()) >= 0.59  # German: 0.596
    assert sum(recall for recall, _p in rows.values()) / len(rows) >= 0.82
    assert sum(precision for _r, precision in rows.values()) / len(rows) >= 0.77  # English: 0.41 (said/told among many words)


def test_a_national_agency_in_the_dateline_is_the_reporter_never_the_speaker():
    text = "Conversações\nLISBOA, 19 dez (Lusa) - O ministro Paulo Rocha afirmou na segunda-feira que as conversações não trouxeram nada de novo."
    [candidate] = find(text, "pt")
    assert candidate.speaker.name == "Paulo Rocha" and candidate.reporting_hint == "Lusa"
