"""Files attached to sources: what the desk accepts, how it stores them, how it hands them out.

Every way in (the admin, the desk's source page, the API, a shell) goes through the model
field `SourceFileField`, whose validator and `pre_save` call `check_upload`, so one list of
types and one size limit hold everywhere:

- **Accepted**: PNG, JPEG, GIF and WebP images and PDF documents, recognised by their content
  (magic bytes via `filetype`), never by the name or the browser's content type. Images must
  really open in Pillow and are **re-encoded**: anything after the picture (an HTML or script
  payload of a polyglot), comments and metadata (EXIF with GPS positions) are dropped; PNG,
  GIF and WebP pixels stay exact, JPEG keeps its own quantisation tables. PDFs must start
  with a PDF header and are stored as given.
- **Size**: at most `UPLOAD_MAX_BYTES` (20 MB by default) and `UPLOAD_MAX_PIXELS` per image.
- **Names**: generated here (`sources/<year>/<month>/<random>.<ext>`); the uploaded name is
  never used, so path components, NUL bytes and very long names cannot reach the disk.
- **Serving** (`file_response`): the content type checked again from the stored bytes,
  `nosniff`, a CSP sandbox, `attachment` unless it is a raster image. Who may fetch a file is
  `claims.access.can_view_source_file`.
"""

from __future__ import annotations

import io
import uuid
import warnings
from dataclasses import dataclass

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import InMemoryUploadedFile
from django.core.files.uploadhandler import FileUploadHandler
from django.db import models
from django.http import FileResponse
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from PIL import Image, UnidentifiedImageError

# Every uploaded or served file response carries this policy: nothing loads, nothing runs.
SANDBOX_CSP = "default-src 'none'; sandbox"
HEAD_BYTES = 8192


@dataclass(frozen=True)
class FileKind:
    """One accepted type: its content type, the extension stored files get, how Pillow saves it."""

    mime: str
    extension: str
    label: str
    pillow_format: str | None = None  # None: not an image, stored as given

    @property
    def inline(self) -> bool:
        """Raster images display in the browser; everything else downloads. Chromium refuses to
        run its PDF viewer in a sandboxed document, and the sandbox stays, so PDFs download."""
        return self.pillow_format is not None


ACCEPTED = {
    kind.mime: kind
    for kind in (
        FileKind("image/png", "png", "PNG", "PNG"),
        FileKind("image/jpeg", "jpg", "JPEG", "JPEG"),
        FileKind("image/gif", "gif", "GIF", "GIF"),
        FileKind("image/webp", "webp", "WebP", "WEBP"),
        FileKind("application/pdf", "pdf", "PDF"),
    )
}
ACCEPT_ATTRIBUTE = ",".join([*ACCEPTED, *(f".{kind.extension}" for kind in ACCEPTED.values())])
_EXTENSIONS = {kind.extension for kind in ACCEPTED.values()}


def max_bytes() -> int:
    return int(getattr(settings, "UPLOAD_MAX_BYTES", 20 * 1024 * 1024))


def max_pixels() -> int:
    return int(getattr(settings, "UPLOAD_MAX_PIXELS", 50_000_000))


def accepted_types_text() -> str:
    return ", ".join(kind.label for kind in ACCEPTED.values())


def detect(head: bytes) -> FileKind | None:
    """The accepted type these first bytes show, or None. Content only: names are not consulted."""
    if head.startswith(b"%PDF-"):
        return ACCEPTED["application/pdf"]
    guess = filetype.guess(head)
    if guess is None or guess.mime == "application/pdf":  # a PDF only by its header, above
        return None
    return ACCEPTED.get(guess.mime)


@dataclass(frozen=True)
class CheckedUpload:
    kind: FileKind
    content: bytes

    def as_file(self) -> ContentFile:
        return ContentFile(self.content, name=f"upload.{self.kind.extension}")


def _read_at_most(upload, limit: int) -> bytes:
    """Up to `limit` + 1 bytes: enough to know the file is too big without holding all of it."""
    if hasattr(upload, "seek"):
        upload.seek(0)
    data = upload.read(limit + 1)
    if hasattr(upload, "seek"):
        upload.seek(0)
    return data


def _too_many_pixels(limit: int) -> ValidationError:
    return ValidationError(
        _("This image has more than %(limit)s pixels. Scale it down and attach it again.") % {"limit": f"{limit:,}"},
        code="file_too_many_pixels",
    )


def _reencode(data: bytes, kind: FileKind) -> bytes:
    """The picture alone, decoded and saved again by Pillow; refuses what does not decode."""
    unreadable = ValidationError(
        _("This file is not a readable %(type)s image: it may be damaged, or only named or labelled like one.")
        % {"type": kind.label},
        code="file_unreadable",
    )
    limit = max_pixels()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as probe:
                if probe.format != kind.pillow_format:
                    raise unreadable
                if probe.width * probe.height > limit:
                    raise _too_many_pixels(limit)
                probe.verify()
            image = Image.open(io.BytesIO(data))
            image.load()
            options = {}
            frames = getattr(image, "n_frames", 1)
            if frames > 1:
                if image.width * image.height * frames > limit:
                    raise _too_many_pixels(limit)
                options["save_all"] = True
            if kind.pillow_format in ("GIF", "JPEG"):
                options["comment"] = b""  # Pillow would copy the uploaded comment block otherwise
            if kind.pillow_format == "JPEG":
                options["quality"] = "keep"
                orientation = image.getexif().get(0x0112, 1)
                if orientation != 1:  # keep how the picture is meant to be turned, nothing else
                    exif = Image.Exif()
                    exif[0x0112] = orientation
                    options["exif"] = exif
            elif kind.pillow_format == "WEBP":
                options["lossless"] = True
            if "icc_profile" in image.info:  # colours as shot
                options["icc_profile"] = image.info["icc_profile"]
            out = io.BytesIO()
            image.save(out, kind.pillow_format, **options)
            return out.getvalue()
    except ValidationError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise _too_many_pixels(limit) from error
    except UnidentifiedImageError as error:
        raise unreadable from error
    except (OSError, ValueError, SyntaxError, EOFError, KeyError, IndexError, TypeError) as error:
        raise unreadable from error


def check_upload(upload) -> CheckedUpload:
    """What the desk will store for `upload` (any Django File), or a ValidationError saying why not.

    Remembered on the upload, so the validator and the save do the work once.
    """
    remembered = getattr(upload, "_checked_upload", None)
    if isinstance(remembered, CheckedUpload):
        return remembered
    limit = max_bytes()
    size = getattr(upload, "size", None)
    if size is not None and size > limit:
        raise ValidationError(
            _("This file is %(size)s; the desk accepts files up to %(limit)s.")
            % {"size": filesizeformat(size), "limit": filesizeformat(limit)},
            code="file_too_large",
        )
    data = _read_at_most(upload, limit)
    if len(data) > limit:
        raise ValidationError(
            _("This file is %(size)s; the desk accepts files up to %(limit)s.")
            % {"size": _("more than %(limit)s") % {"limit": filesizeformat(limit)}, "limit": filesizeformat(limit)},
            code="file_too_large",
        )
    if not data:
        raise ValidationError(_("This file is empty."), code="file_empty")
    kind = detect(data[:HEAD_BYTES])
    if kind is None:
        raise ValidationError(
            _(
                "The desk accepts only these file types: %(types)s. This file is none of them, whatever "
                "its name says (web pages, SVG drawings and scripts are never accepted)."
            )
            % {"types": accepted_types_text()},
            code="file_type",
        )
    content = _reencode(data, kind) if kind.pillow_format else data
    checked = CheckedUpload(kind=kind, content=content)
    try:
        upload._checked_upload = checked
    except AttributeError:  # an object that takes no attributes: check again next time
        pass
    return checked


def check_text_upload(upload, *, limit: int | None = None) -> bytes:
    """The bytes of an uploaded web page or text file (article intake), or a ValidationError saying why not.

    The same rules as attachments: the size cap, and the content decides, never the name, so an
    image, a PDF or any other binary file renamed `.html` is refused.
    """
    limit = min(limit or max_bytes(), max_bytes())
    size = getattr(upload, "size", None)
    too_large = ValidationError(
        _("This file is %(size)s; article intake reads files up to %(limit)s. Paste the article's text instead.")
        % {"size": filesizeformat(size) if size else _("more than %(limit)s") % {"limit": filesizeformat(limit)}, "limit": filesizeformat(limit)},
        code="file_too_large",
    )
    if size is not None and size > limit:
        raise too_large
    data = _read_at_most(upload, limit)
    if len(data) > limit:
        raise too_large
    if not data.strip():
        raise ValidationError(_("This file is empty."), code="file_empty")
    head = data[:HEAD_BYTES]
    kind = detect(head)
    if kind is not None or b"\x00" in head or filetype.guess(head) is not None:
        label = kind.label if kind is not None else _("binary")
        raise ValidationError(
            _(
                "This is a %(kind)s file, not a web page or a text file, whatever its name says. Save the "
                "article as HTML or plain text, or paste its text."
            )
            % {"kind": label},
            code="file_type",
        )
    return data


class UploadSizeLimit(FileUploadHandler):
    """First in FILE_UPLOAD_HANDLERS: past UPLOAD_MAX_BYTES, the rest of an upload is counted, not kept.

    The parser then gets an empty stand-in that reports the real size, so `check_upload`
    refuses it with its usual message instead of the server writing gigabytes to disk first.
    """

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.received = 0

    def receive_data_chunk(self, raw_data, start):
        self.received = start + len(raw_data)
        return raw_data if self.received <= max_bytes() else None  # None: later handlers get nothing more

    def file_complete(self, file_size):
        if self.received <= max_bytes():
            return None  # the next handler (memory or temporary file) has the whole file
        return InMemoryUploadedFile(
            io.BytesIO(), self.field_name, self.file_name, self.content_type, self.received, self.charset
        )


def validate_source_file(value) -> None:
    """Model-field validator: a file not yet stored must pass `check_upload`; stored ones passed it."""
    if value and not getattr(value, "_committed", True):
        check_upload(value.file)


def source_file_name(instance, filename: str) -> str:
    """A new name chosen by the server: `sources/<year>/<month>/<random hex>.<ext>`.

    `filename` is only trusted for its extension, and only when it is one this module gives
    (`CheckedUpload.as_file`); anything else is stored without one.
    """
    extension = filename.rpartition(".")[2].lower() if "." in filename else ""
    suffix = f".{extension}" if extension in _EXTENSIONS else ""
    return timezone.now().strftime("sources/%Y/%m/") + uuid.uuid4().hex + suffix


class SourceFileField(models.FileField):
    """A FileField that stores only what `check_upload` returns, under a name it chooses."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("upload_to", source_file_name)
        kwargs.setdefault("max_length", 100)
        super().__init__(*args, **kwargs)
        if validate_source_file not in self._validators:
            self._validators.append(validate_source_file)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs.pop("validators", None)
        if kwargs.get("upload_to") is source_file_name:
            kwargs.pop("upload_to")
        return name, path, args, kwargs

    def pre_save(self, model_instance, add):
        file = getattr(model_instance, self.attname)
        if file and not file._committed:
            content = check_upload(file.file).as_file()
            file.save(content.name, content, save=False)
        return file

    def formfield(self, **kwargs):
        field = super().formfield(**kwargs)
        field.widget.attrs.setdefault("accept", ACCEPT_ATTRIBUTE)
        return field


def file_response(source, *, download: bool = False) -> FileResponse:
    """The stored file of `source` with headers that keep it from running anything anywhere.

    The type is read again from the stored bytes (files stored before these checks existed
    are served as opaque downloads when they are not an accepted type).
    """
    handle = source.file.open("rb")
    head = handle.read(HEAD_BYTES)
    handle.seek(0)
    kind = detect(head)
    inline = bool(kind and kind.inline and not download)
    extension = kind.extension if kind else "bin"
    response = FileResponse(
        handle,
        as_attachment=not inline,
        filename=f"source-{source.pk}.{extension}",
        content_type=kind.mime if kind else "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = SANDBOX_CSP
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    response["Cache-Control"] = "private, no-cache"
    return response


HELP_TEXT = gettext_lazy("A screenshot or document: PNG, JPEG, GIF or WebP image, or PDF.")
