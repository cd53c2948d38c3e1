"""The general path judged on languages it was not trained on: each rules language of the frozen set's
dev split read WITHOUT its rules file, with a cue model trained on the seven other languages only.

    python bench/intake_general_heldout.py [LANGUAGE …]

This is how the general path is expected to do on a new language (Belarusian, Portuguese …); it embeds
the ~1,800 training words once (about a minute on one thread). Dev split only: the test split is kept for
reporting the engine itself.
"""

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")

import django  # noqa: E402

django.setup()

from intake import candidates, cue_training, general  # noqa: E402
from intake.evaluation import EVAL_DIR, evaluate_set, gold_articles  # noqa: E402
from intake.rules import all_rules  # noqa: E402


def main():
    languages = sys.argv[1:] or list(cue_training.SPACED_LANGUAGES)
    vectors = cue_training.embeddings(sorted(cue_training._merge(cue_training.SPACED_LANGUAGES)))
    every = all_rules()
    threshold = general.cue_model().threshold
    print(f"{'held out':>9} {'gold':>5} {'cands':>6} {'recall':>7} {'precision':>9} {'speaker':>8} {'date':>5}")
    for language in languages:
        model = cue_training.fit(cue_training._merge(o for o in cue_training.SPACED_LANGUAGES if o != language), vectors, threshold)
        # The language has no rules and the model never saw it; nothing else of it leaks in (not-names, complementisers).
        general._static.cache_clear()
        general.cue_model, general.all_rules = (lambda m=model: m), (lambda x=language: {k: v for k, v in every.items() if k != x})
        candidates.rules_for = lambda code, x=language: None if code == x else every.get(code)
        figures = evaluate_set([a for a in gold_articles(EVAL_DIR, "dev") if a.language == language], warm_runs=0)[0][language]
        print(f"{language:>9} {figures.gold:>5} {figures.candidates:>6} {figures.recall:>7.2f} {figures.precision:>9.2f} {figures.speaker_accuracy:>8.2f} {figures.date_accuracy:>5.2f}")


if __name__ == "__main__":
    main()
