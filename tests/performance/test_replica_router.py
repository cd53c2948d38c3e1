"""Read-replica routing: reads to the replica, writes and fresh-write reads to the primary."""

import json
import os
import subprocess
import sys

import pytest
from django.db import transaction
from django.http import HttpResponse
from django.test import RequestFactory

from claims.models import Claim
from factcheck.routers import STICKY_COOKIE, PrimaryAfterWriteMiddleware, ReplicaRouter, pin_to_primary

router = ReplicaRouter()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_it_sends_reads_to_the_replica_and_writes_to_the_primary():
    assert router.db_for_read(Claim) == "replica"
    assert router.db_for_write(Claim) == "default"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_it_reads_from_the_primary_inside_a_transaction():
    with transaction.atomic():
        assert router.db_for_read(Claim) == "default"
    with pin_to_primary():
        assert router.db_for_read(Claim) == "default"
    assert router.db_for_read(Claim) == "replica"


def test_it_never_migrates_the_replica():
    assert router.allow_migrate("default", "claims")
    assert not router.allow_migrate("replica", "claims")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_it_reads_from_the_primary_right_after_the_same_browser_wrote():
    seen = []

    def view(request):
        seen.append(router.db_for_read(Claim))
        return HttpResponse("ok")

    middleware = PrimaryAfterWriteMiddleware(view)
    factory = RequestFactory()
    saved = middleware(factory.post("/desk/claims/1/edit/"))
    assert saved.cookies[STICKY_COOKIE]["max-age"] > 0
    after = factory.get("/desk/claims/1/")
    after.COOKIES[STICKY_COOKIE] = "1"
    middleware(after)
    middleware(factory.get("/desk/claims/"))
    assert seen == ["default", "default", "replica"]


def test_it_is_wired_only_when_a_replica_is_configured(tmp_path):
    code = (
        "import json, django; django.setup(); from django.conf import settings; "
        "print(json.dumps([sorted(settings.DATABASES), settings.DATABASE_ROUTERS, "
        "[m for m in settings.MIDDLEWARE if 'routers' in m]]))"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "factcheck.settings", "DATABASE_URL": f"sqlite:///{tmp_path / 'p.db'}"}
    env.pop("DATABASE_REPLICA_URL", None)
    plain = json.loads(subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True).stdout)
    assert plain == [["default"], [], []]
    env["DATABASE_REPLICA_URL"] = f"sqlite:///{tmp_path / 'r.db'}"
    wired = json.loads(subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True).stdout)
    assert wired == [["default", "replica"], ["factcheck.routers.ReplicaRouter"], ["factcheck.routers.PrimaryAfterWriteMiddleware"]]
