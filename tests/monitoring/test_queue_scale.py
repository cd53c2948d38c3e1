"""The queue page at archive scale (bench/monitoring_queue.py measures it on 100k candidates): its queries do not
grow with the candidates waiting, the page's rows come ids-first by the queue's index, and a deep page is one
more OFFSET, not more queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from monitoring.models import Candidate

pytestmark = pytest.mark.django_db

QUEUE = reverse("monitoring_queue")


def queries_for(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def more_candidates(count):
    template = Candidate.objects.first()
    Candidate.objects.bulk_create(
        Candidate(article=template.article, source=template.source, outlet=template.outlet, speaker=template.speaker,
                  statement=f"Exports rose by {n} percent", excerpt="", language="en", checkworthiness=(n % 100) / 100)
        for n in range(count)
    )


def test_the_queue_pages_queries_do_not_grow_with_the_candidates_waiting(client, editor, make_candidate):
    make_candidate()
    client.force_login(editor)
    queries_for(client, QUEUE)  # per-process caches warmed
    few = queries_for(client, QUEUE)
    more_candidates(80)
    assert queries_for(client, QUEUE) == few
    assert queries_for(client, QUEUE + "?page=3") == few  # a deep page: the same queries, further on
    assert queries_for(client, QUEUE + "?language=en&order=newest") == few


def test_the_queue_reads_its_rows_ids_first_in_the_queues_index_order(client, editor, make_candidate):
    make_candidate()
    more_candidates(30)
    client.force_login(editor)
    with CaptureQueriesContext(connection) as ctx:
        client.get(QUEUE)
    ids_first = [q["sql"] for q in ctx.captured_queries if q["sql"].startswith('SELECT "monitoring_candidate"."id" AS "pk"')]
    assert len(ids_first) == 1 and 'ORDER BY "monitoring_candidate"."repeats_fact_check" DESC, "monitoring_candidate"."checkworthiness" DESC, "monitoring_candidate"."found_at" DESC' in ids_first[0]
