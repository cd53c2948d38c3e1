"""`python manage.py train_intake_cues`: refit the general path's cue model (intake/general_cues.npz).

Trains on the rules languages' listed verbs and dev articles (never the test split), prints how well
the verbs of each language are found by a model that never saw that language, per threshold, and saves
the model with the threshold of the best mean F1. Deterministic: the same data gives the same file.
"""

from django.core.management.base import BaseCommand

from intake.general import held_out_figures


class Command(BaseCommand):
    help = "Refit the cue model of intake's general path from the rules languages (dev data only)."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Print the held-out figures, save nothing.")
        parser.add_argument("--report", action="store_true", help="Print the held-out figures stored with the model; train nothing.")

    def handle(self, *args, **options):
        if options["report"]:
            rows = held_out_figures()
        else:
            from intake.cue_training import train

            model, report = train()
            rows = [(r.language, r.threshold, r.recall, r.precision) for r in report]
            if not options["dry_run"]:
                model.save(held_out=rows, vocabulary=model.vocabulary)
        self.stdout.write(f"{'held out':>9} {'threshold':>9} {'recall':>7} {'precision':>9}")
        for language, threshold, recall, precision in rows:
            self.stdout.write(f"{language:>9} {threshold:>9.2f} {recall:>7.2f} {precision:>9.2f}")
        if options["report"]:
            return
        self.stdout.write(f"threshold {model.threshold:.2f}")
        if not options["dry_run"]:
            self.stdout.write("saved intake/general_cues.npz")
