"""Files attached to sources: only checked images and PDFs get in, and nothing stored runs script.

The desk accepts PNG, JPEG, GIF, WebP and PDF by their content; images are re-encoded, so a
polyglot keeps its picture and loses its payload. Every file is served by a view that checks
who asks, with nosniff, a sandboxing CSP and `attachment` for anything but a raster image.
"""

import io
import re

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import Resolver404, resolve, reverse
from PIL import Image, PngImagePlugin
from rest_framework.test import APIClient

from claims import files, services
from claims.models import Source
from claims.states import State
from factcheck.errors import InvalidInput, WorkflowError

from .conftest import HTML, JS, PDF, SCRIPT, SVG, image_bytes, stored_files

STORED_NAME = re.compile(r"^sources/\d{4}/\d{2}/[0-9a-f]{32}\.(png|jpg|gif|webp|pdf)$")


def png_text(text):
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", text.decode())
    return info


def exif_description(text):
    exif = Image.Exif()
    exif[0x010E] = text.decode()  # ImageDescription
    return exif


def attach(client, source, name, data, content_type="application/octet-stream"):
    return client.post(
        reverse("source_file_attach", args=[source.pk]), {"file": SimpleUploadedFile(name, data, content_type=content_type)}
    )


@pytest.fixture
def signed_in_editor(client, editor):
    client.force_login(editor)
    return client


# --- what gets in ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "data", "mime"),
    [
        ("screenshot.png", image_bytes("PNG"), "image/png"),
        ("report.pdf", PDF, "application/pdf"),
        ("photo.jpeg", image_bytes("JPEG"), "image/jpeg"),
        ("clip.gif", image_bytes("GIF"), "image/gif"),
        ("frame.webp", image_bytes("WEBP"), "image/webp"),
    ],
)
def test_it_accepts_images_and_pdfs_from_the_desk_source_page(signed_in_editor, make_source, media_root, name, data, mime):
    source = make_source()
    response = attach(signed_in_editor, source, name, data, mime)
    assert response.status_code == 302
    source.refresh_from_db()
    assert STORED_NAME.match(source.file.name), source.file.name
    assert stored_files(media_root) == [media_root / source.file.name]
    page = signed_in_editor.get(reverse("source_detail", args=[source.pk]))
    assert "The file is attached to this source." in page.content.decode()
    served = signed_in_editor.get(source.file.url)
    assert served.status_code == 200 and served["Content-Type"] == mime


def test_it_stores_a_pdf_exactly_and_an_image_with_the_same_pixels(signed_in_editor, make_source, media_root):
    pdf_source, png_source = make_source(), make_source()
    attach(signed_in_editor, pdf_source, "a.pdf", PDF)
    original = image_bytes("PNG", color=(1, 2, 3))
    attach(signed_in_editor, png_source, "b.png", original)
    pdf_source.refresh_from_db()
    png_source.refresh_from_db()
    assert (media_root / pdf_source.file.name).read_bytes() == PDF
    stored = Image.open(media_root / png_source.file.name)
    assert stored.tobytes() == Image.open(io.BytesIO(original)).tobytes()


REFUSED = {
    "html page": ("evidence.html", HTML, "text/html"),
    "html named like a picture": ("evidence.png", HTML, "image/png"),
    "svg with script": ("chart.svg", SVG, "image/svg+xml"),
    "svg named png": ("chart.png", SVG, "image/png"),
    "javascript": ("app.js", JS, "application/javascript"),
    "png magic then html": ("fake.png", b"\x89PNG\r\n\x1a\n" + HTML, "image/png"),
    "gif magic then script": ("fake.gif", b"GIF89a" + JS, "image/gif"),
    "pdf named pdf that is html": ("doc.pdf", HTML, "application/pdf"),
    "empty": ("empty.png", b"", "image/png"),
}


@pytest.mark.parametrize("case", REFUSED, ids=list(REFUSED))
def test_it_refuses_anything_but_a_real_image_or_pdf_next_to_the_field(signed_in_editor, make_source, media_root, case):
    name, data, mime = REFUSED[case]
    source = make_source()
    response = attach(signed_in_editor, source, name, data, mime)
    assert response.status_code == 400
    page = response.content.decode()
    assert 'class="field has-error"' in page
    assert re.search(r"accepts only these file types|not a readable|This file is empty|submitted file is empty", page), page
    source.refresh_from_db()
    assert not source.file
    assert stored_files(media_root) == []


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("polyglot.png", image_bytes("PNG") + HTML),
        ("polyglot.gif", image_bytes("GIF") + b"\n" + SCRIPT),
        ("comment.gif", image_bytes("GIF", comment=SCRIPT)),
        ("comment.jpg", image_bytes("JPEG", comment=SCRIPT)),
        ("text-chunk.png", image_bytes("PNG", pnginfo=png_text(SCRIPT))),
        ("exif.jpg", image_bytes("JPEG", exif=exif_description(SCRIPT))),
    ],
)
def test_it_keeps_the_picture_of_a_polyglot_and_drops_its_payload(signed_in_editor, make_source, media_root, name, data):
    """Decision: re-encode rather than refuse. Screenshots with odd trailing bytes are common;
    re-encoding keeps the evidence and guarantees nothing but the picture is stored."""
    source = make_source()
    assert SCRIPT in data
    response = attach(signed_in_editor, source, name, data)
    assert response.status_code == 302
    source.refresh_from_db()
    stored = (media_root / source.file.name).read_bytes()
    assert b"<script" not in stored and b"alert" not in stored and b"<html" not in stored
    Image.open(io.BytesIO(stored)).verify()


def test_it_refuses_a_file_over_the_size_limit_before_reading_it(signed_in_editor, make_source, media_root, settings):
    settings.UPLOAD_MAX_BYTES = 2_000
    source = make_source()
    response = attach(signed_in_editor, source, "big.pdf", PDF + b"0" * 3_000)
    assert response.status_code == 400
    assert "the desk accepts files up to 2.0\xa0KB" in response.content.decode()
    source.refresh_from_db()
    assert not source.file and stored_files(media_root) == []


def test_it_stops_keeping_an_upload_once_it_passes_the_limit(signed_in_editor, make_source, media_root, settings, monkeypatch):
    settings.UPLOAD_MAX_BYTES = 100_000
    seen = []
    real_check = files.check_upload
    monkeypatch.setattr(files, "check_upload", lambda upload: seen.append(upload.read()) or real_check(upload))
    source = make_source()
    response = attach(signed_in_editor, source, "big.pdf", PDF + b"0" * 3_000_000)
    assert response.status_code == 400
    assert "This file is 2.9\xa0MB; the desk accepts files up to 97.7\xa0KB." in response.content.decode()
    assert seen == [b""]  # the check got the stand-in: the 3 MB were counted, never kept
    assert stored_files(media_root) == []


def test_it_reads_no_further_than_the_limit_when_a_file_does_not_say_its_size(settings):
    settings.UPLOAD_MAX_BYTES = 1_000
    stream = io.BytesIO(PDF + b"0" * 5_000)
    with pytest.raises(ValidationError) as refused:
        files.check_upload(stream)
    assert refused.value.code == "file_too_large" and "more than 1000\xa0bytes" in refused.value.messages[0]


def test_it_defaults_to_a_twenty_megabyte_limit(settings):
    del settings.UPLOAD_MAX_BYTES
    assert files.max_bytes() == 20 * 1024 * 1024


def test_it_refuses_an_image_with_too_many_pixels(make_source, editor, settings, media_root):
    settings.UPLOAD_MAX_PIXELS = 100
    with pytest.raises(InvalidInput) as refused:
        services.attach_source_file(source=make_source(), user=editor, upload=ContentFile(image_bytes(size=(20, 20))))
    assert refused.value.field == "file" and "pixels" in refused.value.message
    assert stored_files(media_root) == []


@pytest.mark.parametrize(
    "name",
    ["../../escape.png", "..\\..\\escape.png", "/etc/passwd.png", "nul\x00byte.png", "x" * 400 + ".png", "shot.png.html", "évidence 証拠.PNG"],
    ids=["dotdot", "backslashes", "absolute", "nul", "long", "double-extension", "unicode"],
)
def test_it_names_stored_files_itself_whatever_the_upload_is_called(make_source, editor, media_root, name):
    source = make_source()
    upload = SimpleUploadedFile("placeholder", image_bytes("PNG"))
    upload._name = name  # past Django's own name cleaning: the service must not rely on it
    services.attach_source_file(source=source, user=editor, upload=upload)
    source.refresh_from_db()
    assert STORED_NAME.match(source.file.name) and source.file.name.endswith(".png")
    assert stored_files(media_root) == [media_root / source.file.name]


def test_it_checks_files_set_on_the_model_directly(make_source, media_root):
    """A shell or a data import goes through the same field: validated, re-encoded, renamed."""
    source = make_source()
    source.file = ContentFile(HTML, name="page.html")
    with pytest.raises(Exception) as refused:
        source.full_clean()
    assert "file" in refused.value.message_dict
    source.file = ContentFile(image_bytes("PNG") + HTML, name="../x.png")
    source.full_clean()
    source.save()
    assert STORED_NAME.match(source.file.name)
    assert b"<html" not in (media_root / source.file.name).read_bytes()


def test_it_checks_uploads_in_the_admin(client, admin_user, make_source, media_root):
    client.force_login(admin_user)
    source = make_source(title="Admin upload")
    url = reverse("admin:claims_source_change", args=[source.pk])
    form = {"title": source.title, "url": source.url, "kind": "article", "language": "", "publisher": "", "archive_url": "", "text": "", "notes": ""}
    refused = client.post(url, {**form, "file": SimpleUploadedFile("x.svg", SVG, content_type="image/svg+xml")})
    assert refused.status_code == 200 and "accepts only these file types" in refused.content.decode()
    assert stored_files(media_root) == []
    accepted = client.post(url, {**form, "file": SimpleUploadedFile("x.png", image_bytes("PNG"), content_type="image/png")})
    assert accepted.status_code == 302
    source.refresh_from_db()
    assert STORED_NAME.match(source.file.name)


def test_it_replaces_and_removes_files_without_leaving_old_copies(signed_in_editor, make_source, media_root, django_capture_on_commit_callbacks):
    source = make_source()
    with django_capture_on_commit_callbacks(execute=True):
        attach(signed_in_editor, source, "one.png", image_bytes("PNG"))
        attach(signed_in_editor, source, "two.pdf", PDF)
    source.refresh_from_db()
    assert stored_files(media_root) == [media_root / source.file.name] and source.file.name.endswith(".pdf")
    with django_capture_on_commit_callbacks(execute=True):
        response = signed_in_editor.post(reverse("source_file_remove", args=[source.pk]))
    assert response.status_code == 302
    source.refresh_from_db()
    assert not source.file and stored_files(media_root) == []


def test_it_keeps_the_file_a_decided_verdict_rests_on(client, editor, make_claim, advance, media_root):
    claim = make_claim(with_refutation=True)
    source = claim.evidence.first().source
    services.attach_source_file(source=source, user=editor, upload=ContentFile(image_bytes("PNG")))
    advance(claim, State.PUBLISHED)
    source.refresh_from_db()
    before = source.file.name
    with pytest.raises(WorkflowError) as refused:
        services.attach_source_file(source=source, user=editor, upload=ContentFile(PDF))
    assert refused.value.rule == "frozen" and f"#{claim.pk}" in refused.value.message
    client.force_login(editor)
    response = attach(client, source, "new.pdf", PDF)
    assert response.status_code == 409 and "Record the new file as a new source" in response.content.decode()
    assert client.post(reverse("source_file_remove", args=[source.pk])).status_code == 409
    source.refresh_from_db()
    assert source.file.name == before and stored_files(media_root) == [media_root / before]


# --- how files leave ------------------------------------------------------------------------------


def stored_source(make_source, data, name="upload.bin"):
    """A source whose file was stored without checks, like one uploaded before they existed."""
    source = make_source()
    path = f"sources/legacy/{name}"
    source.file.storage.save(path, ContentFile(data))
    Source.objects.filter(pk=source.pk).update(file=path)
    source.refresh_from_db()
    return source


def test_it_serves_images_inline_and_everything_else_as_a_sandboxed_download(client, editor, make_source, media_root):
    png = services.attach_source_file(source=make_source(), user=editor, upload=ContentFile(image_bytes("PNG")))
    pdf = services.attach_source_file(source=make_source(), user=editor, upload=ContentFile(PDF))
    legacy_html = stored_source(make_source, HTML, "page.html")
    legacy_svg = stored_source(make_source, SVG, "drawing.svg")
    client.force_login(editor)
    expected = {
        png: ("image/png", "inline"),
        pdf: ("application/pdf", "attachment"),
        legacy_html: ("application/octet-stream", "attachment"),
        legacy_svg: ("application/octet-stream", "attachment"),
    }
    for source, (content_type, disposition) in expected.items():
        response = client.get(source.file.url)
        assert response.status_code == 200, source.file.url
        assert response["Content-Type"] == content_type
        assert response["Content-Disposition"].startswith(disposition)
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
        assert "private" in response["Cache-Control"]
    download = client.get(png.file.url + "?download=1")
    assert download["Content-Disposition"].startswith("attachment")
    assert source.file.url.startswith("/files/")


def test_it_shows_unpublished_files_to_the_desk_only(client, editor, reviewer, chief, outsider, make_claim, media_root):
    claim = make_claim()
    source = claim.evidence.first().source
    services.attach_source_file(source=source, user=editor, upload=ContentFile(image_bytes("PNG")))
    source.refresh_from_db()
    assert client.get(source.file.url).status_code == 404  # a reader
    for person in (outsider,):
        client.force_login(person)
        assert client.get(source.file.url).status_code == 404
    for person in (editor, reviewer, chief):
        client.force_login(person)
        assert client.get(source.file.url).status_code == 200
    assert client.get("/files/sources/2026/01/" + "0" * 32 + ".png").status_code == 404


def test_it_shows_the_files_of_published_fact_checks_to_readers(client, editor, make_claim, advance, media_root):
    claim = make_claim(with_refutation=True)
    source = claim.evidence.first().source
    services.attach_source_file(source=source, user=editor, upload=ContentFile(PDF))
    advance(claim, State.PUBLISHED)
    source.refresh_from_db()
    page = client.get(reverse("publishing:claim", args=[claim.pk])).content.decode()
    assert f'<a class="source-file" href="{source.file.url}">' in page
    response = client.get(source.file.url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF


def test_it_no_longer_serves_uploads_as_static_files(settings):
    with pytest.raises(Resolver404):
        resolve("/media/sources/2026/01/page.html")
    assert settings.MEDIA_URL == "/files/"


def test_it_trusts_scripts_only_from_the_static_folder(client, editor):
    client.force_login(editor)
    policy = client.get(reverse("dashboard"))["Content-Security-Policy"]
    scripts = next(part for part in policy.split(";") if part.strip().startswith("script-src")).split()[1:]
    assert "'self'" not in scripts
    assert "http://testserver/static/" in scripts
    assert not any("/files" in source or source.rstrip("/").endswith("testserver") for source in scripts)


# --- the API ---------------------------------------------------------------------------------------


def test_it_applies_the_same_checks_to_api_uploads(editor, make_source, media_root):
    api = APIClient()
    api.force_authenticate(editor)
    source = make_source()
    url = f"/api/v1/sources/{source.pk}/file/"
    refused = api.post(url, {"file": SimpleUploadedFile("x.png", SVG, content_type="image/png")}, format="multipart")
    assert refused.status_code == 400
    assert refused.json()["field"] == "file" and refused.json()["rule"] == "file_type"
    assert stored_files(media_root) == []

    accepted = api.post(url, {"file": SimpleUploadedFile("../x.png", image_bytes("PNG") + HTML)}, format="multipart")
    assert accepted.status_code == 200
    link = accepted.json()["file"]
    assert re.match(r"^http://testserver/files/sources/\d{4}/\d{2}/[0-9a-f]{32}\.png$", link)
    assert b"<html" not in (media_root / link.split("/files/")[1]).read_bytes()

    removed = api.delete(url)
    assert removed.status_code == 200 and removed.json()["file"] is None
    assert api.post(url, {"file": "not a file"}, format="multipart").status_code == 400


def test_it_refuses_api_uploads_from_readers_and_roles_without_the_right(chief, make_source, media_root):
    api = APIClient()
    source = make_source()
    url = f"/api/v1/sources/{source.pk}/file/"
    upload = {"file": SimpleUploadedFile("x.pdf", PDF)}
    assert api.post(url, upload, format="multipart").status_code == 401
    api.force_authenticate(chief)
    refused = api.post(url, {"file": SimpleUploadedFile("x.pdf", PDF)}, format="multipart")
    assert refused.status_code == 403 and refused.json()["rule"] == "role"
    assert stored_files(media_root) == []
