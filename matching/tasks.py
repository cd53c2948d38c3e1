"""Background tasks (django-tasks): embedding never blocks a save; a rebuild runs off the request."""

from django_tasks import task

from . import index, services


@task()
def embed_claims(claim_ids: list[int]) -> int:
    count = services.embed_claims(claim_ids=claim_ids)
    if count:
        index.matrix()  # the worker's matrix (and the HNSW file of a large archive) follows at once
    return count


@task()
def rebuild_vectors() -> int:
    count = services.rebuild_vectors()
    index.matrix()
    return count
