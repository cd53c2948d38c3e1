"""The analytics rollups follow the workflow step by step, a rebuild from the audit log gives the same rows,
and every figure equals the one worked out by hand from a small walked dataset.

The dataset (times in hours after T0, Monday 2026-03-02 09:00 UTC):

    A (speaker Kuleba): submit 0, take 2 (reviewer), propose 5, send back 6, propose 8, approve 9,
       publish 10 ("False"), correct 24 ("Misleading")
    B (speaker Kuleba): submit 1, take 2 (reviewer), reassigned 4 to other_reviewer, propose 7, approve 8,
       publish 9 ("False", renamed "Wrong" afterwards)
    C (speaker Lavrov): submit 2, reject 5
    D (speaker Lavrov): submit 3, language edited "en" → "ja" at 3.5, take 4 (reviewer) — still in review at
       "now" (T0 + 4 + 49 hours)

Every claim is in English except D after the edit: a step counts under the language the claim had then.
"""

import datetime
import zoneinfo

import pytest
from django.core.management import call_command
from django.utils import timezone

from analytics import figures, rollups
from analytics.models import ClaimFlow, DurationHistogram, StepDay, StepFact, StepMonth
from reviews.models import Rating

T0 = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)
UTC = zoneinfo.ZoneInfo("UTC")


@pytest.fixture
def clock(monkeypatch):
    now = {"t": T0}
    monkeypatch.setattr(timezone, "now", lambda: now["t"])

    def at(hours):
        now["t"] = T0 + datetime.timedelta(hours=hours)

    return at


@pytest.fixture
def walked(clock, make_claim, make_speaker, advance, reviewer, other_reviewer, chief, editor, rating):
    kuleba, lavrov = make_speaker("Dmytro Kuleba"), make_speaker("Sergey Lavrov")
    a = make_claim(speaker=kuleba, with_refutation=True)
    b = make_claim(speaker=kuleba, with_refutation=True)
    c = make_claim(speaker=lavrov)
    d = make_claim(speaker=lavrov)
    steps = [
        (0, a, "submitted", {}), (1, b, "submitted", {}), (2, c, "submitted", {}),
        (2, a, "in_review", {}), (2, b, "in_review", {}), (3, d, "submitted", {}), (3.5, d, "language:ja", {}),
        (4, d, "in_review", {}),
        (4, b, "in_review:assign", {}), (5, a, "verdict_proposed", {}), (5, c, "rejected", {}),
        (6, a, "in_review:send_back", {}), (7, b, "verdict_proposed", {"by": {"propose": other_reviewer}}),
        (8, a, "verdict_proposed", {}), (8, b, "approved", {}), (9, a, "approved", {}), (9, b, "published", {}),
        (10, a, "published", {}), (24, a, "corrected", {}),
    ]
    from claims.services import update_claim
    from reviews import services

    for hours, claim, to, kwargs in steps:
        clock(hours)
        if to == "language:ja":
            claim.refresh_from_db()
            update_claim(claim=claim, user=editor, expected_version=claim.version, language="ja")
        elif to == "in_review:assign":
            claim.refresh_from_db()
            services.perform("assign", claim=claim, user=chief, reviewer=other_reviewer, expected_version=claim.version)
        elif to == "in_review:send_back":
            claim.refresh_from_db()
            services.perform("send_back", claim=claim, user=chief, note="Cite the record.", expected_version=claim.version)
        else:
            advance(claim, to, **kwargs)
    # Renamed after B was published: figures keep the name it had then.
    Rating.objects.filter(pk=rating["False"].pk).update(label="Wrong")
    clock(4 + 49)
    return {"a": a, "b": b, "c": c, "d": d, "kuleba": kuleba, "lavrov": lavrov,
            "reviewer": reviewer, "other_reviewer": other_reviewer}


def _rows(model, key):
    fields = [f.attname for f in model._meta.concrete_fields if f.attname != "id"]
    return sorted((tuple(getattr(o, f) for f in fields) for o in model.objects.all()), key=key)


@pytest.mark.django_db
def test_rebuild_from_the_audit_log_gives_the_rows_the_steps_wrote(walked):
    models = rollups.ROLLUP_TABLES

    def tables():
        return {model.__name__: _rows(model, key=repr) for model in models}

    incremental = tables()
    # 20 steps: a correction is three (start, send for approval, publish by another person).
    assert len(incremental["StepFact"]) == 20 and len(incremental["ClaimFlow"]) == 4
    # D's submission was in English, its taking in Japanese (edited in between).
    assert sorted(StepFact.objects.filter(claim=walked["d"]).values_list("action", "language")) == [
        ("submit", "en"), ("take", "ja")]
    # Stays in "submitted": 4 over all claims; D's 1 hour ended under "ja", the other three under "en".
    for who in (rollups.ALL_REVIEWERS, None):  # once under "every reviewer", once per reviewer
        rows = DurationHistogram.objects.filter(stage="submitted")
        rows = rows.filter(who=who) if who else rows.exclude(who=rollups.ALL_REVIEWERS)
        assert dict(_sums(rows, "dim")) == {"": 4, "language:en": 3, "language:ja": 1}
    # Send-backs and approvals per reviewer credited (rita proposed A twice: one sent back, one approved).
    months = {(a, w): n for a, w, n in StepMonth.objects.filter(dim="", action__in=("send_back", "approve"))
              .values_list("action", "who", "n")}
    assert months == {("send_back", walked["reviewer"].pk): 1, ("approve", walked["reviewer"].pk): 1,
                      ("approve", walked["other_reviewer"].pk): 1}
    for model in models:
        model.objects.all().delete()
    call_command("rebuild_analytics", stdout=open("/dev/null", "w"))
    assert tables() == incremental
    # A desk upgraded past a migration that added a rollup table (left empty) is rebuilt by quickstart's check.
    StepMonth.objects.all().delete()
    assert rollups.rebuild_if_missing() is not None
    assert tables() == incremental and rollups.rebuild_if_missing() is None


def _sums(queryset, key):
    from django.db.models import Sum

    return queryset.values_list(key).annotate(Sum("n")).order_by()


def _period():
    return figures.Period(datetime.date(2026, 3, 1), datetime.date(2026, 3, 31), UTC)


def _by(figure, *keys):
    return {(tuple(row[k] for k in keys) if len(keys) > 1 else row[keys[0]]): row for row in figure.rows}


@pytest.mark.django_db
def test_each_figure_equals_the_hand_computed_one(walked, reviewer, other_reviewer):
    period = _period()
    # Stays in hours — submitted: A 2, B 1, C 3, D 1; in review: A 3 and 2, B 2 (reviewer) and 3 (other).
    month = _by(figures.durations_by_month(period), "month", "stage_key")
    assert (month["2026-03", "submitted"]["count"], month["2026-03", "submitted"]["median_hours"],
            month["2026-03", "submitted"]["p90_hours"]) == (4, 1.5, 2.7)
    assert (month["2026-03", "in_review"]["median_hours"], month["2026-03", "in_review"]["p90_hours"]) == (2.5, 3.0)
    assert month["2026-03", "verdict_proposed"]["count"] == 3  # A twice, B once; 1 hour each
    # Submission → publication: A 10 hours, B 8 hours.
    cycle = month["2026-03", figures.CYCLE]
    assert (cycle["count"], cycle["median_hours"], cycle["p90_hours"]) == (2, 9.0, 9.8)

    per_reviewer = _by(figures.durations_by_reviewer(period), "reviewer", "stage_key")
    assert per_reviewer["rita", "in_review"]["count"] == 3  # A 3 + 2, B 2 before the reassignment
    assert per_reviewer["rita", "in_review"]["median_hours"] == 2.0
    assert per_reviewer["rob", "in_review"]["median_hours"] == 3.0
    assert per_reviewer["rita", figures.CYCLE]["median_hours"] == 10.0
    assert per_reviewer["rob", figures.CYCLE]["median_hours"] == 8.0

    weeks = figures.throughput_by_week(period).rows
    assert weeks == [{"week": "2026-03-02", "submitted": 4, "published": 2, "rejected": 1, "corrected": 1}]

    rates = _by(figures.reviewer_rates(period), "reviewer")
    assert (rates["rita"]["decided"], rates["rita"]["sent_back"], rates["rita"]["send_back_rate"]) == (2, 1, 50.0)
    assert (rates["rita"]["published"], rates["rita"]["correction_rate"]) == (1, 100.0)
    assert (rates["rob"]["send_back_rate"], rates["rob"]["correction_rate"]) == (0.0, 0.0)

    mix = figures.rating_mix("speaker", period)
    labels = dict((label, key) for key, label in mix.columns)
    assert "Wrong" not in labels  # the label B was published under
    kuleba = _by(mix, "name")["Dmytro Kuleba"]
    assert (kuleba[labels["False"]], kuleba[labels["Misleading"]], kuleba["total"]) == (1, 1, 2)
    assert "Sergey Lavrov" not in _by(mix, "name")

    # D has waited 49 hours in review: over one day, not over three.
    ageing = _by(figures.open_by_age(), "state_key")
    assert (ageing["in_review"]["open"], ageing["in_review"]["over_1d"], ageing["in_review"]["over_3d"]) == (1, 1, 0)
    assert ageing["submitted"]["open"] == 0

    # The language filter alone reads the per-language rollups; a step counts under the claim's language then.
    en, ja = figures.OneLanguage("en"), figures.OneLanguage("ja")
    ja_month = _by(figures.durations_by_month(period, ja), "month", "stage_key")
    assert list(ja_month) == [("2026-03", "submitted")]  # D's hour in "submitted" ended after the edit
    assert (ja_month["2026-03", "submitted"]["count"], ja_month["2026-03", "submitted"]["median_hours"]) == (1, 1.0)
    en_month = _by(figures.durations_by_month(period, en), "month", "stage_key")
    submitted = en_month["2026-03", "submitted"]  # A 2, B 1, C 3
    assert (submitted["count"], submitted["median_hours"], submitted["p90_hours"]) == (3, 2.0, 2.8)
    for key in (("2026-03", "in_review"), ("2026-03", figures.CYCLE)):
        assert en_month[key] == month[key]
    assert _by(figures.durations_by_reviewer(period, ja), "reviewer", "stage_key")["(no reviewer)", "submitted"]["count"] == 1
    assert figures.throughput_by_week(period, en).rows == weeks  # D was submitted in English
    assert figures.throughput_by_week(period, ja).rows == []
    assert figures.reviewer_rates(period, en).rows == figures.reviewer_rates(period).rows
    assert figures.reviewer_rates(period, ja).rows == []
    assert figures.rating_mix("speaker", period, en).rows == mix.rows
    assert _by(figures.open_by_age(claims=ja), "state_key")["in_review"]["open"] == 1  # D is Japanese now

    # March is a whole UTC month: durations, throughput and rates come from the rollup tables alone, not the
    # step rows (deleting them changes nothing), with and without the language filter.
    names = ["durations_by_month", "durations_by_reviewer", "throughput_by_week", "reviewer_rates"]
    before = [figures.build(name, period, selection).rows for name in names for selection in (None, en, ja)]
    StepFact.objects.all().delete()
    assert [figures.build(name, period, selection).rows for name in names for selection in (None, en, ja)] == before


@pytest.mark.django_db
def test_periods_and_filters_narrow_the_figures(walked):
    empty = figures.Period(datetime.date(2025, 1, 1), datetime.date(2025, 1, 31), UTC)
    assert all(not f.rows for f in figures.build_all(empty) if f.name != "open_by_age")
    # Before A's correction (the 3rd, 09:00 UTC) A's rating in force was still "False".
    first_day = figures.Period(datetime.date(2026, 3, 2), datetime.date(2026, 3, 2), UTC)
    mix = figures.rating_mix("speaker", first_day)
    assert [label for _key, label in mix.columns[1:-1]] == ["False"]
    assert mix.rows[0]["total"] == 2
    # A filtered selection of claims: only Lavrov's.
    from claims.models import Claim

    lavrov = Claim.objects.filter(speaker=walked["lavrov"])
    # Medians from the monthly histograms (whole March, or March inside a longer period) equal the exact
    # ones a claim filter computes from the steps (every claim selected).
    longer = figures.Period(datetime.date(2026, 2, 15), datetime.date(2026, 4, 15), UTC)
    # Whole years (2026 here) come from the yearly histograms; the months around them from the monthly ones.
    years = figures.Period(datetime.date(2025, 6, 1), datetime.date(2027, 6, 30), UTC)
    for period in (_period(), longer, years):
        assert figures.durations_by_month(period).rows == figures.durations_by_month(period, Claim.objects.all()).rows
        assert figures.durations_by_reviewer(period).rows == figures.durations_by_reviewer(period, Claim.objects.all()).rows
        assert figures.throughput_by_week(period).rows == figures.throughput_by_week(period, Claim.objects.all()).rows
    weeks = figures.throughput_by_week(_period(), lavrov).rows
    assert weeks == [{"week": "2026-03-02", "submitted": 2, "published": 0, "rejected": 1, "corrected": 0}]
    # Tokyo is 9 hours ahead: T0 + 15 hours (A's correction is at +24) falls on the 3rd there too,
    # and weeks start on Monday the 2nd in Tokyo as in UTC.
    tokyo = figures.Period(datetime.date(2026, 3, 1), datetime.date(2026, 3, 31), zoneinfo.ZoneInfo("Asia/Tokyo"))
    assert figures.throughput_by_week(tokyo).rows[0]["week"] == "2026-03-02"



@pytest.mark.django_db
def test_a_claim_put_right_or_a_speaker_merged_takes_its_rollups_along(walked, editor, chief):
    """The rating mixes count a fact-check under the claim's speaker now, and the ageing figure an open claim
    under its language now, as the claim list filters do: an edit (after publication too) or a merge of two
    speaker records moves them, and a rebuild from the audit log gives the same rows."""
    from claims.services import update_claim
    from claims.speakers import merge_speakers
    from django.contrib.auth.models import Permission

    b, d, kuleba, lavrov = walked["b"], walked["d"], walked["kuleba"], walked["lavrov"]
    d.refresh_from_db()  # in review: the desk's edit service
    update_claim(claim=d, user=editor, expected_version=d.version, speaker=kuleba, language="uk")
    assert set(StepFact.objects.filter(claim=d).values_list("speaker_id", flat=True)) == {kuleba.pk}
    assert _by(figures.open_by_age(claims=figures.OneLanguage("uk")), "state_key")["in_review"]["open"] == 1
    assert _by(figures.open_by_age(claims=figures.OneLanguage("ja")), "state_key")["in_review"]["open"] == 0
    b.refresh_from_db()  # published: only the admin saves the claim itself
    b.speaker = lavrov
    b.save()
    mix = _by(figures.rating_mix("speaker", _period()), "name")
    assert (mix["Dmytro Kuleba"]["total"], mix["Sergey Lavrov"]["total"]) == (1, 1)
    incremental = {model: _rows(model, key=repr) for model in (StepFact, ClaimFlow)}
    call_command("rebuild_analytics", stdout=open("/dev/null", "w"))
    assert {model: _rows(model, key=repr) for model in (StepFact, ClaimFlow)} == incremental

    chief.user_permissions.add(Permission.objects.get(codename="merge_speaker"))
    merge_speakers(keep=kuleba, drop=walked["lavrov"], user=chief, note="One person, two records.")
    assert list(_by(figures.rating_mix("speaker", _period()), "name")) == ["Dmytro Kuleba"]
    assert set(StepFact.objects.values_list("speaker_id", flat=True)) == {kuleba.pk}


@pytest.mark.django_db
def test_a_month_partly_covered_merges_its_edge_steps_with_the_rollups(clock, make_claim, advance):
    """In Tokyo time April begins on 31 March at 15:00 UTC: a stay that ended then counts in Tokyo's April,
    merged bucket by bucket with the rollups of UTC April; the figures equal the exact ones (a claim filter
    that selects every claim reads the steps themselves), and the current month of a period that ends today
    comes from the rollups as a whole (no step is in the future)."""
    from claims.models import Claim

    march_31 = (datetime.datetime(2026, 3, 31, 16, tzinfo=datetime.UTC) - T0).total_seconds() / 3600
    early, late = make_claim(), make_claim()
    for hours, claim, to in ((march_31, early, "submitted"), (march_31 + 6, early, "in_review"),
                             (march_31 + 24 * 9, late, "submitted"), (march_31 + 24 * 9 + 2, late, "in_review")):
        clock(hours)
        advance(claim, to)
    tokyo = zoneinfo.ZoneInfo("Asia/Tokyo")
    april = figures.Period(datetime.date(2026, 4, 1), datetime.date(2026, 4, 30), tokyo)
    rows = figures.durations_by_month(april).rows
    assert [(r["month"], r["stage_key"], r["count"], r["median_hours"]) for r in rows] == [("2026-04", "submitted", 2, 4.0)]
    assert rows == figures.durations_by_month(april, Claim.objects.all()).rows
    assert figures.durations_by_reviewer(april).rows == figures.durations_by_reviewer(april, Claim.objects.all()).rows
    # "Today" is 10 April: a period ending today reads April from the rollups, not step by step.
    today = figures.Period(datetime.date(2026, 4, 1), datetime.date(2026, 4, 10), UTC)
    StepFact.objects.filter(claim=late).delete()
    assert [(r["month"], r["count"]) for r in figures.durations_by_month(today).rows] == [("2026-04", 1)]
