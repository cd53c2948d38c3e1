"""Read-replica routing: reads to the replica, writes and fresh-write reads to the primary."""

import pytest
from django.db import transaction
from django.http import HttpResponse
from django.test import RequestFactory

from claims.models import Claim
from factcheck.routers import STICKY_COOKIE, PrimaryAfterWriteMiddleware, ReplicaRouter, pin_to_primary
from tests.test_settings import settings_under

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


def test_it_is_wired_only_when_a_replica_is_configured(monkeypatch, tmp_path):
    def wiring(**env):  # DATABASE_ROUTERS unset means Django's default, []
        values, _ = settings_under(monkeypatch, DATABASE_URL=f"sqlite:///{tmp_path / 'p.db'}", **env)
        return sorted(values["DATABASES"]), values.get("DATABASE_ROUTERS", []), [m for m in values["MIDDLEWARE"] if "routers" in m]

    assert wiring() == (["default"], [], [])
    assert wiring(DATABASE_REPLICA_URL=f"sqlite:///{tmp_path / 'r.db'}") == (
        ["default", "replica"],
        ["factcheck.routers.ReplicaRouter"],
        ["factcheck.routers.PrimaryAfterWriteMiddleware"],
    )