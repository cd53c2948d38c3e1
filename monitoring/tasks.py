"""Background tasks (Django's task framework API, the django-tasks backport, as capture's and intake's).

`poll_feeds` polls every due feed; cron (or any scheduler) enqueues it with `manage.py poll_feeds --enqueue`,
and a database-backend worker (`manage.py db_worker`) runs it. Polling it twice at once is harmless:
each feed and article is leased before it is fetched (`monitoring.polling`), so enqueueing one per worker
polls in parallel. Feeds and articles whose host is not due yet stay due or pending: a `poll_feeds` is enqueued for the
moment the first of their hosts is due (on a backend that defers; otherwise the next periodic run takes them).

`retrain_checkworthiness` learns check-worthiness from the desk's decisions (`manage.py train_checkworthiness
--enqueue`, e.g. nightly); `rescore_checkworthiness` scores the waiting candidates again."""

from django.utils import timezone
from django_tasks import task

from . import checkworthiness_training, polling, repeats


@task()
def poll_feeds() -> int:
    run = polling.poll_due_run()
    _follow_up(run)
    return run.taken.articles


@task()
def take_in_pending() -> int:
    """The pending articles whose hosts are due now; a later poll for those that are not."""
    taken = polling.take_in_pending()
    _follow_up(taken)
    return taken.articles


def _follow_up(run: "polling.PollRun | polling.TakeInResult") -> None:
    """One later poll for what its hosts' politeness left (feeds still due, articles pending) — enqueued for
    when the first of those hosts is due, never a wait inside the worker."""
    if not run.left:
        return
    if poll_feeds.get_backend().supports_defer:
        poll_feeds.using(run_after=run.free_at or timezone.now()).enqueue()


@task()
def retrain_checkworthiness() -> int | None:
    """Train check-worthiness on the desk's decisions (when there are enough); rescore the queue if the model changed.

    The new model's version, or None when there were too few decisions."""
    before = checkworthiness_training.weights_in_use().version
    result = checkworthiness_training.retrain()
    if result.model is not None and checkworthiness_training.weights_in_use().version != before:
        checkworthiness_training.rescore()
    return result.model.version if result.model else None


@task()
def rescore_checkworthiness() -> int:
    return checkworthiness_training.rescore()


@task()
def detect_repeats(candidate_ids: list[int]) -> int:
    """Repeat alerts for new candidates (enqueued after they commit); running it again alerts nobody twice."""
    return len(repeats.detect(candidate_ids))
