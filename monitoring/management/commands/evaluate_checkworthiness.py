"""Measure check-worthiness on the project's frozen evaluation set (monitoring/eval/checkworthiness.jsonl)."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from monitoring import checkworthiness_training as training
from monitoring.checkworthiness import SHIPPED_WEIGHTS

EVAL_SET = Path(__file__).resolve().parents[2] / "eval" / "checkworthiness.jsonl"


def load(path: Path, split: str | None) -> list[dict]:
    """The set's rows of `split` (all when None) as {"text", "label", "day", "language"}."""
    rows = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
            label = int(item["label"])
        except json.JSONDecodeError as error:
            raise CommandError(f"{path}:{number}: not JSON ({error.msg}).") from error
        except (KeyError, TypeError, ValueError) as error:
            raise CommandError(f"{path}:{number}: no label 1 or 0.") from error
        if split and item.get("split") != split:
            continue
        rows.append(
            {
                "text": item.get("text") or item.get("statement") or "",
                "label": label,
                "day": item.get("day") or item.get("date") or "",
                "language": item.get("language") or item.get("lang") or "",
            }
        )
    return rows


class Command(BaseCommand):
    help = "ROC AUC, precision at the top 10 of each day and the confusion matrix of check-worthiness on the evaluation set."

    def add_arguments(self, parser):
        parser.add_argument("--split", choices=["dev", "test", "all"], default="dev")
        parser.add_argument("--file", type=Path, default=EVAL_SET)
        parser.add_argument("--baseline", action="store_true", help="Measure the plain “has a digit” rule instead of the shipped weights.")

    def handle(self, *args, split="dev", file=EVAL_SET, baseline=False, **options):
        if not file.exists():
            raise CommandError(f"No evaluation set at {file}.")
        rows = load(file, None if split == "all" else split)
        if not rows:
            raise CommandError(f"The set has no rows in the {split} split.")
        scorer = training.digit_baseline if baseline else SHIPPED_WEIGHTS.score
        result = training.evaluate(rows, scorer)
        c = result.confusion
        self.stdout.write(f"{'has-a-digit baseline' if baseline else 'shipped weights'} on {split}: {result.items} statements, {result.days} days")
        self.stdout.write(f"ROC AUC {result.auc:.3f}")
        self.stdout.write(f"precision@{training.TOP} per day: mean {result.precision_mean:.3f}, min {result.precision_min:.3f}")
        self.stdout.write(f"confusion at {training.THRESHOLD}:        predicted worthy  predicted not")
        self.stdout.write(f"  worth checking         {c['tp']:>16}  {c['fn']:>13}")
        self.stdout.write(f"  not worth checking     {c['fp']:>16}  {c['tn']:>13}")
