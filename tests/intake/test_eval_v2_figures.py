"""Article intake's figures on the second frozen set (intake/eval_v2/: be, pt, nl, cs — languages without
a rules file, read by the general path), test split.

Before the general path every figure was 0 (no candidates: "no extraction rules"). The floors are what
it honestly reaches on the *test* split, tuned on dev only; a change that lowers one fails here.
`python manage.py evaluate_intake --set eval_v2 --split test` prints them.
"""

from io import StringIO

import pytest
from django.core.management import call_command

from demo.management.commands.evaluate_intake import EVAL_COLUMNS, eval_rows

# language: (recall, precision, speaker accuracy) reached on the test split (targets: 0.80, 0.85, 0.90)
FLOORS = {
    "be": (0.95, 0.85, 1.00),  # recall was 0.94
    "cs": (0.70, 0.90, 1.00),  # recall 0.71 still below the 0.80 target; precision was 0.86
    "nl": (0.80, 0.95, 0.90),  # was 0.75 / 0.92: "X zei … dat" is read now
    # pt recall was 0.78, now 0.72 (below the target): the first-word bug fixed in general.cue_words had found
    # one attribution by luck; precision 0.83 → 0.88 (hearsay never a claim, described speakers).
    "pt": (0.70, 0.85, 1.00),
}
OVERALL = (0.80, 0.90, 0.95)
# Times (a general-path language's first article embeds the words it has not seen) are printed by the
# command and bench/intake_speed.py, never asserted here.


@pytest.fixture(scope="module")
def test_figures():
    return eval_rows("test", "eval_v2")[0]


@pytest.mark.parametrize("language", sorted(FLOORS))
def test_each_language_without_rules_keeps_its_recall_precision_and_speaker_accuracy(test_figures, language):
    recall, precision, speaker = FLOORS[language]
    figures = test_figures[language]
    assert figures.recall >= recall, (language, figures)
    assert figures.precision >= precision, (language, figures)
    assert figures.speaker_accuracy >= speaker, (language, figures)


def test_overall_figures(test_figures):
    overall = test_figures["all"]
    assert overall.recall >= OVERALL[0] and overall.precision >= OVERALL[1] and overall.speaker_accuracy >= OVERALL[2], overall


def test_the_command_takes_the_second_set():
    out = StringIO()
    call_command("evaluate_intake", "--set", "eval_v2", "--split", "dev", stdout=out)
    lines = out.getvalue().splitlines()
    assert tuple(lines[0].split()) == EVAL_COLUMNS
    rows = {line.split()[0]: line.split() for line in lines[1:]}
    assert set(rows) == {"be", "pt", "nl", "cs", "all"}
    assert float(rows["all"][3]) >= 0.90  # dev recall (tuned on it): 0.94
