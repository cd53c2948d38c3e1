"""`manage.py quickstart --no-serve`: a fresh desk ends up with demo data and published fact-checks."""

from io import StringIO

from django.core.management import call_command

from claims.models import Claim
from claims.states import State


def test_quickstart_leaves_a_demo_with_published_fact_checks(db):
    call_command("quickstart", "--no-serve", stdout=StringIO())
    assert Claim.objects.filter(state__in=[State.PUBLISHED, State.CORRECTED]).count() == 2
