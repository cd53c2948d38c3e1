"""Train check-worthiness on the desk's accept/dismiss decisions now (what the nightly task does), and rescore the queue."""

from django.core.management.base import BaseCommand

from monitoring import checkworthiness_training as training


class Command(BaseCommand):
    help = "Train check-worthiness on the desk's decisions (accepted or merged: worth checking; dismissed: not) and rescore the waiting candidates."

    def add_arguments(self, parser):
        parser.add_argument("--enqueue", action="store_true", help="Queue the training as a background task (for the worker) instead of running it here.")
        parser.add_argument("--minimum", type=int, default=None, help="Decisions of each kind needed (default: MONITORING_CHECKWORTHINESS_MIN_DECISIONS).")

    def handle(self, *args, enqueue=False, minimum=None, **options):
        if enqueue:
            from monitoring import tasks

            tasks.retrain_checkworthiness.enqueue()
            self.stdout.write("Check-worthiness training queued.")
            return
        result = training.retrain(minimum=minimum)
        if result.model is None:
            self.stdout.write(f"Not trained: {result.accepted} accepted, {result.dismissed} dismissed; {result.reason}.")
            return
        model = result.model
        self.stdout.write(
            f"Model v{model.version}: {model.accepted} accepted, {model.dismissed} dismissed; "
            f"cross-validated ROC AUC {model.cv_auc:.3f}, shipped weights {model.shipped_auc:.3f}."
        )
        in_use = training.weights_in_use()
        self.stdout.write(f"In use: v{in_use.version}." if in_use.version else "In use: the shipped weights (the new model is not better).")
        self.stdout.write(f"{training.rescore()} waiting candidate(s) rescored.")
