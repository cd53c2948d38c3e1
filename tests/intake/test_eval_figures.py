"""Article intake's figures on the frozen evaluation set (intake/eval/, issue #28), test split.

The floors are what the engine honestly reaches on the *test* split (it is tuned on dev only); a
change that lowers one fails here. `python manage.py evaluate_intake --split test` prints them.
"""

from io import StringIO

import pytest
from django.core.management import call_command

from demo.management.commands.evaluate_intake import EVAL_COLUMNS, eval_rows

# language: (recall, precision, speaker accuracy) reached on the test split (before issue #28 part 2 in
# comments: the general path's learned cues as a fallback, co-speakers, interviews without marks)
FLOORS = {
    "en": (0.85, 0.95, 0.90),
    "ru": (0.85, 0.85, 0.90),  # was 0.80 recall
    "uk": (0.90, 0.95, 0.95),  # was 0.77 recall
    "ja": (0.95, 0.85, 0.90),  # was 0.71 / 0.83 / 0.90, then speaker 0.79; 0.93 with titles kept apart from names (副市長, 同市長)
    "it": (0.95, 0.90, 0.95),  # was 0.92 recall
    # de was 0.80 recall, then 0.93; now 0.87: a sentence's first word no longer counts as standing after a
    # closing quote (a bug that made any first word before a name a verb: one German attribution was found by it)
    "de": (0.85, 0.95, 0.90),
    "fr": (0.85, 0.90, 0.90),
    "es": (0.85, 0.90, 0.90),  # was 0.79 recall
    "pl": (0.75, 0.90, 0.95),  # was 0.71 recall, 1.00 precision; recall still below the 0.80 target
}
# Times are printed by the command and by bench/intake_speed.py, never asserted here (a loaded machine is not slow code).


@pytest.fixture(scope="module")
def test_figures():
    return eval_rows("test")[0]


@pytest.mark.parametrize("language", sorted(FLOORS))
def test_each_language_keeps_its_recall_precision_and_speaker_accuracy(test_figures, language):
    recall, precision, speaker = FLOORS[language]
    figures = test_figures[language]
    assert figures.recall >= recall, (language, figures)
    assert figures.precision >= precision, (language, figures)
    assert figures.speaker_accuracy >= speaker, (language, figures)


def test_the_command_prints_every_figure_per_language():
    out = StringIO()
    call_command("evaluate_intake", "--split", "dev", stdout=out)
    lines = out.getvalue().splitlines()
    assert tuple(lines[0].split()) == EVAL_COLUMNS
    assert {line.split()[0] for line in lines[1:]} == {"en", "ru", "uk", "ja", "it", "de", "fr", "es", "pl", "all"}
