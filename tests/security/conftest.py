"""Fixtures for the security tests: a private MEDIA_ROOT per test and sample files built in memory."""

import io

import pytest
from PIL import Image


from .world import fresh_cache, world  # noqa: F401  (the hostile corpus, stored and published once per module)


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Every test stores files in its own folder, so "nothing was stored" can be checked."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.MEDIA_ROOT.mkdir()
    return settings.MEDIA_ROOT


def stored_files(root):
    return sorted(path for path in root.rglob("*") if path.is_file())


def image_bytes(fmt="PNG", size=(8, 6), color=(200, 30, 30), **options):
    out = io.BytesIO()
    mode = "P" if fmt == "GIF" else "RGB"
    Image.new("RGB", size, color).convert(mode).save(out, fmt, **options)
    return out.getvalue()


PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)
SCRIPT = b"<script>document.title='pwned';alert('pwned')</script>"
HTML = b"<!doctype html><html><head><title>x</title></head><body>" + SCRIPT + b"</body></html>"
SVG = (
    b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="10" height="10" onload="alert(1)">'
    + SCRIPT
    + b"</svg>"
)
JS = b"document.title = 'pwned'; alert('pwned');\n"
