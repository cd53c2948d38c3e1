"""One WARC file per capture: the response as the desk received it (body decoded) and the request that asked."""

from __future__ import annotations

import io
from urllib.parse import urlsplit

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from factcheck.fetch import FetchResult


def build_warc(result: FetchResult) -> bytes:
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=True)
    date = result.fetched_at.strftime("%Y-%m-%dT%H:%M:%SZ")
    http_headers = StatusAndHeaders(f"{result.status} {result.reason}".strip(), result.headers, protocol="HTTP/1.1")
    response = writer.create_warc_record(
        result.final_url,
        "response",
        payload=io.BytesIO(result.body),
        http_headers=http_headers,
        warc_headers_dict={"WARC-Date": date, "WARC-IP-Address": result.ip_address},
    )
    parts = urlsplit(result.final_url)
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    request = writer.create_warc_record(
        result.final_url,
        "request",
        http_headers=StatusAndHeaders(f"GET {target} HTTP/1.1", list(result.request_headers), is_http_request=True),
        warc_headers_dict={"WARC-Date": date, "WARC-Concurrent-To": response.rec_headers.get_header("WARC-Record-ID")},
    )
    writer.write_record(response)
    writer.write_record(request)
    return buffer.getvalue()
