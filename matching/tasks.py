"""Background tasks (django-tasks): embedding never blocks a save; a rebuild runs off the request."""

import logging

from django_tasks import task

from . import index, services


@task()
def embed_claims(claim_ids: list[int]) -> int:
    count = services.embed_claims(claim_ids=claim_ids)
    if count:
        index.matrix()  # the worker's matrix (and the HNSW file of a large archive) follows at once
    return count


@task()
def rebuild_vectors(force: bool = False) -> int:
    """Progress is recorded per batch (`rebuild_matching_vectors --status`); queued again after the worker
    was stopped, it continues after the last claim checked."""
    logger = logging.getLogger(__name__)
    count = services.rebuild_vectors(
        force=force, progress=lambda checked, total, embedded: logger.info("matching vectors: %s/%s checked, %s embedded", checked, total, embedded)
    )
    index.forget()
    index.matrix()
    return count
