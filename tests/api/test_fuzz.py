"""Fuzz the API from its own OpenAPI schema (schemathesis): no input, valid or not, gives a 500.

Every operation in the served schema gets a bounded, derandomised run of
schema-conforming ("positive") and schema-violating ("negative") requests
against the WSGI application in-process: as an anonymous reader (reads; writes
are refused before any input is read, so one short run each), and as an editor
with a token (everything). Operations on one record also run against real
records: a draft, a published and a corrected claim.
"""

import pytest

from tests.conftest import revise
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given, settings
from rest_framework.authtoken.models import Token
from schemathesis import GenerationMode

from factcheck.wsgi import application
from reviews import services

# Bounded: every operation is still run in both modes for both personas, but each run is short
# (the whole fuzz costs a few seconds of the suite, not half a minute).
EXAMPLES = 6  # per operation and mode (bounded: the suite keeps its CPU budget)
EXAMPLES_REFUSED = 3  # anonymous writes: refused before any input is read
EXAMPLES_PER_RECORD = 3  # per operation and real record


def fuzz_settings(examples):
    return settings(
        max_examples=examples,
        derandomize=True,  # the same cases on every run: a failure here is reproducible
        database=None,
        deadline=None,
        phases=[Phase.explicit, Phase.generate],  # no shrinking: report the first 500 as it came
        suppress_health_check=list(HealthCheck),
    )


@pytest.fixture(scope="module")
def schema(django_db_setup, django_db_blocker):
    """The served schema, loaded once for both personas (an anonymous GET: it writes nothing)."""
    with django_db_blocker.unblock():
        return schemathesis.openapi.from_wsgi("/api/schema/?format=json", application)


@pytest.fixture
def in_process_wsgi():
    """Keep the test's database connection across WSGI requests, as Django's own test client does.

    The bare WSGI handler closes "old" connections around each request; inside the
    test's transaction (PostgreSQL) that would close the connection and lose the test data.
    """
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield application
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def world(settings, published_claim, make_claim, editor, reviewer, chief, rating):
    """A desk with a draft, a published and a corrected fact-check to aim at."""
    settings.API_ANON_RATE = "1000000/minute"  # the throttle has its own test; here it would only hide 500s
    draft = make_claim()
    published = published_claim()
    corrected = published_claim()
    revise(corrected, preparer=reviewer, approver=chief, note="Corrected.", rating=rating["Misleading"], summary="Partly so.")
    return {"records": [str(draft.pk), str(published.pk), str(corrected.pk)], "editor": editor}


def fuzz(operation, mode, headers, examples, path_parameters=None):
    """Run generated requests; return the ones answered with a server error, and how many ran."""
    failures, sent = [], []
    strategy = operation.as_strategy(generation_mode=mode, headers=headers, path_parameters=path_parameters)

    @fuzz_settings(examples)
    @given(case=strategy)
    def run(case):
        response = case.call()
        sent.append(response.status_code)
        if response.status_code >= 500:
            failures.append(f"{response.status_code} {mode} {case.as_curl_command()}")

    run()
    return failures, sent


@pytest.mark.parametrize("persona", ["anonymous", "editor"])
def test_it_answers_generated_requests_without_a_server_error(world, persona, schema, in_process_wsgi):
    headers = {}
    if persona == "editor":
        headers["Authorization"] = f"Token {Token.objects.create(user=world['editor']).key}"
    failures, statuses, unreached = [], [], []

    for result in schema.get_all_operations():
        operation = result.ok()
        write = operation.method.upper() != "GET"
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            examples = EXAMPLES_REFUSED if (write and persona == "anonymous") else EXAMPLES
            found, sent = fuzz(operation, mode, headers, examples)
            failures += found
            statuses += sent
            if not sent:
                unreached.append(f"{operation.method.upper()} {operation.path} ({mode})")
        if "{id}" in operation.path and not (write and persona == "anonymous"):
            for record in world["records"]:
                found, sent = fuzz(operation, GenerationMode.POSITIVE, headers, EXAMPLES_PER_RECORD, {"id": record})
                failures += found
                statuses += sent

    assert not failures, "\n".join(failures)
    assert not unreached, "no request was sent for: " + ", ".join(unreached)
    # The run reached real records and real refusals, not only 404s.
    assert {200, 400, 404} <= set(statuses)
    if persona == "editor":
        assert {201, 409} & set(statuses)
