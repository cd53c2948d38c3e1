"""A promise's status is defined once (`publishing.selectors.promise_status`): `GET /api/v1/promises/` says what
/promises/ shows. Issue #27: the API said `tracked` for a promise whose date had passed while the page said
it was overdue."""

import datetime

from bs4 import BeautifulSoup
from django.utils import timezone

from claims.models import Claim
from claims.states import State
from reviews import services

TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)


def _resolve(claim, outcome, reviewer, chief, **extra):
    services.perform(
        "propose_resolution", claim=claim, user=reviewer, expected_version=claim.version, outcome=outcome,
        source_url=f"https://news.example/{outcome}", excerpt="What happened.", note="Checked.", **extra,
    )  # fmt: skip
    claim.refresh_from_db()
    services.perform("resolve", claim=claim, user=chief, expected_version=claim.version)


def test_the_api_gives_every_promise_the_status_the_public_list_shows(client, make_claim, advance, reviewer, chief):
    def promise(statement, due=None):
        return advance(make_claim(with_refutation=True, kind=Claim.Kind.PROMISE, statement=statement, resolution_due=due), State.PUBLISHED)

    expected = {}
    expected[promise("Past its date, unresolved.", TODAY - 3 * DAY).pk] = "overdue"
    expected[promise("Due yesterday.", TODAY - DAY).pk] = "overdue"
    expected[promise("Due today.", TODAY).pk] = "tracked"  # overdue once the day has passed
    expected[promise("Due next year.", TODAY + 400 * DAY).pk] = "tracked"
    expected[promise("No date.").pk] = "tracked"
    kept = promise("Kept, though its date has passed.", TODAY - 3 * DAY)
    _resolve(kept, "kept", reviewer, chief)
    expected[kept.pk] = "kept"
    waiting = promise("Not yet, looked at again next month.", TODAY - 3 * DAY)
    _resolve(waiting, "not_yet", reviewer, chief, next_resolution_on=TODAY + 30 * DAY)
    expected[waiting.pk] = "not_yet"
    lapsed = promise("Not yet, and that next date has passed too.", TODAY - 3 * DAY)
    _resolve(lapsed, "not_yet", reviewer, chief, next_resolution_on=TODAY + 30 * DAY)
    Claim.objects.filter(pk=lapsed.pk).update(resolution_due=TODAY - 2 * DAY)  # a month went by
    expected[lapsed.pk] = "overdue"

    api = {row["id"]: row["status"] for row in client.get("/api/v1/promises/").json()["results"]}
    rows = BeautifulSoup(client.get("/promises/").content.decode(), "html.parser").select("tr.promise")
    page = {int(row.select_one("a")["href"].split("/")[2]): row["class"][1].removeprefix("promise-") for row in rows}
    labels = {int(row.select_one("a")["href"].split("/")[2]): row.select_one(".promise-status").get_text(strip=True) for row in rows}

    assert api == page == expected
    assert {labels[pk] for pk, status in expected.items() if status == "overdue"} == {"Overdue"}
    assert {labels[pk] for pk, status in expected.items() if status == "tracked"} == {"Tracked"}
    assert (labels[kept.pk], labels[waiting.pk]) == ("Kept", "Not yet")
    for pk, status in expected.items():
        assert client.get(f"/api/v1/promises/{pk}/").json()["status"] == status


def test_the_api_documents_overdue_among_the_statuses(client, db):
    schemas = client.get("/api/schema/?format=json").json()["components"]["schemas"]
    assert schemas["Promise"]["properties"]["status"]["allOf"] == [{"$ref": "#/components/schemas/PromiseStatusEnum"}]
    assert schemas["PromiseStatusEnum"]["enum"] == ["overdue", "tracked", "kept", "broken", "partly", "not_yet"]
