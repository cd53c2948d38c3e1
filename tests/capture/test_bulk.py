"""`manage.py capture_sources` captures in bulk with a progress line, resumes, and leaves offline sources alone."""

import io

from django.core.management import call_command

from capture.models import Capture
from claims.models import Source
from tests.capture.conftest import article


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("capture_sources", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_it_captures_what_was_never_captured_and_resumes(httpserver, capture_env, settings):
    settings.CAPTURE_ON_SAVE = False
    for n in range(3):
        httpserver.expect_request(f"/s{n}").respond_with_data(article(f"S{n}", [f"Paragraph number {n} of the story."]), content_type="text/html")
    sources = [Source.objects.create(title=f"S{n}", url=httpserver.url_for(f"/s{n}")) for n in range(3)]
    Source.objects.create(title="Scan of a letter", url="")
    out, err = run()
    assert "3 captured, 0 failed, 1 offline source(s) without a URL" in out
    assert "3/3" in err and "[" in err
    assert all(source.captures.filter(status=Capture.Status.DONE).count() == 1 for source in sources)
    out, _err = run()  # nothing left: a second run (or a resumed one) captures nothing twice
    assert out.startswith("0 captured")
    out, _err = run("--all")
    assert out.startswith("3 captured")
    out, _err = run("--stale", "--days", "0")
    assert out.startswith("3 captured")
