"""The one way the server fetches a URL a user typed (SSRF-safe, bounded).

Every hop is checked by us, not by an HTTP library's redirect logic: the scheme
(http/https only), no credentials in the URL, the host (IDN converted to
punycode), then DNS resolution, and *every* address it resolves to must be a
public one (no private, loopback, link-local, multicast, reserved or shared
addresses, IPv4-mapped IPv6 included) unless `FETCH_ALLOWED_HOSTS` lists it.
The connection then goes to the checked address itself (the IP is pinned; the
name is sent as Host and TLS SNI and the certificate is verified against it),
so a second DNS answer cannot swap in 127.0.0.1 between check and connect.

Limits: `FETCH_MAX_REDIRECTS` (5), `FETCH_MAX_BYTES` of *decoded* body (so a
gzip bomb stops at the cap), `FETCH_CONNECT_TIMEOUT` and `FETCH_TOTAL_TIMEOUT`.
The total limit covers the whole fetch, every hop: DNS resolution (in a
thread the fetch stops waiting for, `resolve_within`), connect, TLS handshake,
status line, headers and body. Per-read socket timeouts cannot do that (a server
dripping one byte a second never lets a read time out), so a watchdog timer
shuts the connection's socket down at the deadline (`_Deadline`). Every refusal
or failure is a `FetchError` with a machine-readable `reason`, so callers
record it instead of crashing.
"""

from __future__ import annotations

import dataclasses
import datetime
import ipaddress
import socket
import ssl
import threading
import time
from urllib.parse import quote, urljoin, urlsplit, urlunsplit

import urllib3
import urllib3.connection
from django.conf import settings
from django.utils.translation import gettext_lazy as _

REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})

# reason -> what a person reads on the capture (one list, shared by every caller).
REASONS = {
    "scheme": _("Only http and https addresses can be fetched."),
    "credentials": _("Addresses with a user name or password are not fetched."),
    "host": _("The address has no valid host name."),
    "dns": _("The host name does not resolve (DNS failure)."),
    "address": _("The host resolves to a private, local or reserved address, which the desk never fetches."),
    "redirects": _("Too many redirects (or a redirect loop)."),
    "redirect_target": _("A redirect without a usable target."),
    "too_large": _("The response is larger than the desk's size limit."),
    "timeout": _("The server did not answer in time."),
    "tls": _("The secure connection failed (TLS/certificate error)."),
    "connection": _("The connection to the server failed."),
    "decoding": _("The response body could not be decoded."),
}


class FetchError(Exception):
    """A refused or failed fetch; `reason` is a key of `REASONS`, `detail` says more (for the record)."""

    def __init__(self, reason: str, detail: str = "", *, url: str = ""):
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason
        self.detail = detail
        self.url = url

    @property
    def message(self) -> str:
        return str(REASONS.get(self.reason, self.reason))


@dataclasses.dataclass(frozen=True)
class Hop:
    url: str
    status: int
    location: str = ""


@dataclasses.dataclass(frozen=True)
class FetchResult:
    url: str  # as asked
    final_url: str  # after redirects
    status: int
    reason: str  # HTTP reason phrase
    headers: list[tuple[str, str]]  # as received, minus transfer/content encoding (the body is decoded)
    body: bytes
    ip_address: str
    fetched_at: datetime.datetime
    hops: tuple[Hop, ...] = ()
    request_headers: tuple[tuple[str, str], ...] = ()

    @property
    def content_type(self) -> str:
        return self.header("content-type").split(";")[0].strip().lower()

    @property
    def charset(self) -> str:
        for part in self.header("content-type").split(";")[1:]:
            key, _sep, value = part.partition("=")
            if key.strip().lower() == "charset":
                return value.strip().strip('"').strip("'")
        return ""

    def header(self, name: str) -> str:
        name = name.lower()
        for key, value in self.headers:
            if key.lower() == name:
                return value
        return ""


def user_agent() -> str:
    return f"{settings.DESK_NAME} source archiver (+{settings.DESK_URL})"


def _allowed_networks():
    networks = []
    for item in getattr(settings, "FETCH_ALLOWED_HOSTS", []):
        try:
            networks.append(ipaddress.ip_network(item, strict=False))
        except ValueError:
            continue
    return networks


def is_public_address(address: str) -> bool:
    """True for an address on the public internet; False for anything local, private or special."""
    ip = ipaddress.ip_address(address.split("%")[0])
    if isinstance(ip, ipaddress.IPv6Address):
        mapped = ip.ipv4_mapped or ip.sixtofour
        if mapped is not None:
            return is_public_address(str(mapped))
    special = (
        ip.is_private,
        ip.is_loopback,
        ip.is_link_local,
        ip.is_multicast,
        ip.is_reserved,
        ip.is_unspecified,
    )
    return ip.is_global and not any(special)


def address_allowed(address: str) -> bool:
    if is_public_address(address):
        return True
    ip = ipaddress.ip_address(address.split("%")[0])
    return any(ip in network for network in _allowed_networks() if network.version == ip.version)


def ascii_host(host: str) -> str:
    """The host as DNS sees it: IDN labels converted to punycode (UTS #46 is what browsers do)."""
    host = host.strip().rstrip(".").lower()
    if not host:
        raise FetchError("host")
    try:
        ipaddress.ip_address(host)
        return host
    except ValueError:
        pass
    try:
        import idna

        return idna.encode(host, uts46=True).decode("ascii")
    except Exception as exc:  # idna.IDNAError, UnicodeError: a host no browser would resolve
        raise FetchError("host", str(exc)) from exc


def resolve(host: str, port: int) -> list[str]:
    """Every address the host resolves to (tests may monkeypatch this to map names)."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError, OSError) as exc:
        raise FetchError("dns", str(exc)) from exc
    return list(dict.fromkeys(info[4][0] for info in infos))


def resolve_within(host: str, port: int, seconds: float | None) -> list[str]:
    """`resolve`, given at most `seconds`: getaddrinfo has no timeout of its own (the system resolver
    may retry for half a minute), so it runs in a daemon thread the fetch stops waiting for at its
    deadline. The abandoned thread ends when the resolver gives up; nothing waits for it."""
    if seconds is None:
        return resolve(host, port)
    answer: dict[str, object] = {}

    def ask() -> None:
        try:
            answer["addresses"] = resolve(host, port)
        except BaseException as exc:  # handed to the fetch's thread, raised there
            answer["error"] = exc

    worker = threading.Thread(target=ask, name=f"resolve {host}", daemon=True)
    worker.start()
    worker.join(max(0.0, seconds))
    if worker.is_alive():
        raise FetchError("timeout", f"DNS resolution of {host} took longer than the time limit")
    if "error" in answer:
        raise answer["error"]
    return answer["addresses"]


def _parse(url: str):
    """(split URL, scheme, ascii host, port) of an address the fetcher may try; the checks that need no network."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError as exc:
        raise FetchError("host", str(exc), url=url) from exc
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        raise FetchError("scheme", scheme or "(none)", url=url)
    if parts.username is not None or parts.password is not None or "@" in parts.netloc:
        raise FetchError("credentials", url=url)
    if not parts.hostname:
        raise FetchError("host", url=url)
    try:
        host = ascii_host(parts.hostname)
    except FetchError as exc:
        exc.url = url
        raise
    return parts, scheme, host, port or (443 if scheme == "https" else 80)


def check_url_offline(url: str) -> None:
    """Refuse at once what is refused without asking the network: a scheme other than http(s), credentials,
    no valid host, or a literal IP address that is not public. A name is resolved only when fetched."""
    _parts, _scheme, host, _port = _parse(url)
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return
    if not address_allowed(host):
        raise FetchError("address", host, url=url)


def check_url(url: str, *, timeout: float | None = None) -> tuple[str, str, int, str, str]:
    """Validate one hop: (scheme, ascii host, port, path?query, checked IP). Raises FetchError.

    `timeout` bounds the DNS resolution (the fetch passes what is left of its total limit)."""
    parts, scheme, host, port = _parse(url)
    try:
        addresses = resolve_within(host, port, timeout)
    except FetchError as exc:
        exc.url = exc.url or url
        raise
    if not addresses:
        raise FetchError("dns", host, url=url)
    refused = [address for address in addresses if not address_allowed(address)]
    if refused:
        # All or nothing: one private answer among public ones is how DNS rebinding hides.
        raise FetchError("address", ", ".join(refused), url=url)
    # IRIs as people paste them (/wiki/日本) go on the wire percent-encoded; existing escapes are kept.
    path = quote(parts.path or "/", safe="/%:@!$&'()*+,;=-._~")
    query = quote(parts.query, safe="/?%:@!$&'()*+,;=-._~")
    target = urlunsplit(("", "", path, query, ""))
    return scheme, host, port, target, addresses[0]


class _Deadline:
    """Shuts down every socket the fetch opened once its total time limit has passed.

    It holds a duplicate of each socket's descriptor (shutdown acts on the connection, whichever
    descriptor names it), so it never touches a descriptor the fetch has closed and reused.
    """

    def __init__(self, seconds: float):
        self.at = time.monotonic() + seconds
        self.fired = False
        self._lock = threading.Lock()
        self._sockets: list[socket.socket] = []
        self._timer = threading.Timer(seconds, self._fire)
        self._timer.daemon = True
        self._timer.start()

    def remaining(self) -> float:
        return max(0.0, self.at - time.monotonic())

    def watch(self, sock: socket.socket) -> None:
        with self._lock:
            copy = sock.dup()
            self._sockets.append(copy)
            if self.fired:
                _shutdown(copy)

    def _fire(self) -> None:
        with self._lock:
            self.fired = True
            for sock in self._sockets:
                _shutdown(sock)

    def close(self) -> None:
        self._timer.cancel()
        with self._lock:
            for sock in self._sockets:
                sock.close()
            self._sockets.clear()


def _shutdown(sock: socket.socket) -> None:
    try:
        sock.shutdown(socket.SHUT_RDWR)
    except OSError:  # already closed by the peer
        pass


class _WatchedConnection:
    """Hands each new socket to the fetch's `_Deadline` as soon as it is connected (before TLS)."""

    def __init__(self, *args, deadline: _Deadline, **kwargs):
        super().__init__(*args, **kwargs)
        self._deadline = deadline

    def _new_conn(self):
        sock = super()._new_conn()
        self._deadline.watch(sock)
        return sock


class _HTTPConnection(_WatchedConnection, urllib3.connection.HTTPConnection):
    pass


class _HTTPSConnection(_WatchedConnection, urllib3.connection.HTTPSConnection):
    pass


class _HTTPPool(urllib3.HTTPConnectionPool):
    ConnectionCls = _HTTPConnection


class _HTTPSPool(urllib3.HTTPSConnectionPool):
    ConnectionCls = _HTTPSConnection


def _pool(scheme: str, host: str, port: int, ip: str, timeout: urllib3.Timeout, deadline: _Deadline):
    if scheme == "https":
        return _HTTPSPool(
            ip,
            port,
            timeout=timeout,
            retries=False,
            server_hostname=host,
            assert_hostname=host,
            cert_reqs="CERT_REQUIRED",
            deadline=deadline,
        )
    return _HTTPPool(ip, port, timeout=timeout, retries=False, deadline=deadline)


# Request headers a caller may add (conditional GET, content negotiation); Host, User-Agent and
# Accept-Encoding stay the fetcher's own, so no caller can change where or how the request goes.
EXTRA_HEADERS = frozenset({"if-none-match", "if-modified-since", "accept"})


def fetch(
    url: str,
    *,
    max_bytes: int | None = None,
    total_timeout: float | None = None,
    headers: dict[str, str] | None = None,
) -> FetchResult:
    """GET `url` with every hop checked; raises FetchError for a refusal or a failure.

    Non-2xx answers (404, 500, 304…) are results, not errors: the caller decides what they mean.
    `total_timeout` bounds the whole fetch, redirects included (see `_Deadline`). `headers` adds
    `EXTRA_HEADERS` only (a followed feed's If-None-Match / If-Modified-Since); others are refused.
    """
    extra = {}
    for name, value in (headers or {}).items():
        if name.lower() not in EXTRA_HEADERS:
            raise ValueError(f"the fetcher does not send a caller's {name!r} header")
        if value and "\r" not in value and "\n" not in value:
            extra[name] = value
    max_bytes = max_bytes or settings.FETCH_MAX_BYTES
    deadline = _Deadline(total_timeout or settings.FETCH_TOTAL_TIMEOUT)
    try:
        return _fetch(url, max_bytes, deadline, extra)
    finally:
        deadline.close()


# Headers a signed POST may carry besides these (webhooks: `X-Factcheck-*`).
POST_HEADERS = frozenset({"content-type", "accept"})
POST_HEADER_PREFIX = "x-factcheck-"


def post(
    url: str,
    body: bytes,
    *,
    headers: dict[str, str] | None = None,
    max_bytes: int | None = None,
    total_timeout: float | None = None,
) -> FetchResult:
    """POST `body` to `url` with the same checks as `fetch` (SSRF, deadline, size cap on the answer).

    A redirect is not followed (it would resend the body elsewhere): the 3xx is the result. `headers`
    adds Content-Type, Accept and `X-Factcheck-*` only."""
    extra = {}
    for name, value in (headers or {}).items():
        if name.lower() not in POST_HEADERS and not name.lower().startswith(POST_HEADER_PREFIX):
            raise ValueError(f"the fetcher does not send a caller's {name!r} header")
        if "\r" in value or "\n" in value:
            raise ValueError(f"header {name!r} holds a line break")
        extra[name] = value
    max_bytes = max_bytes or settings.FETCH_MAX_BYTES
    deadline = _Deadline(total_timeout or settings.FETCH_TOTAL_TIMEOUT)
    try:
        return _fetch(url, max_bytes, deadline, extra, method="POST", data=body)
    finally:
        deadline.close()


def _fetch(
    url: str,
    max_bytes: int,
    deadline: _Deadline,
    extra: dict[str, str] | None = None,
    *,
    method: str = "GET",
    data: bytes | None = None,
) -> FetchResult:
    hops: list[Hop] = []
    current = url.strip()
    seen = set()
    for _hop in range(settings.FETCH_MAX_REDIRECTS + 1):
        if deadline.remaining() <= 0:
            raise FetchError("timeout", "total time limit", url=current)
        scheme, host, port, target, ip = check_url(current, timeout=deadline.remaining())
        left = deadline.remaining()
        if left <= 0:
            raise FetchError("timeout", "total time limit", url=current)
        timeout = urllib3.Timeout(connect=min(settings.FETCH_CONNECT_TIMEOUT, left), read=min(settings.FETCH_CONNECT_TIMEOUT * 2, left))
        default_port = 443 if scheme == "https" else 80
        name = f"[{host}]" if ":" in host else host  # an IPv6 literal is bracketed in Host
        host_header = name if port == default_port else f"{name}:{port}"
        extra = extra or {}
        accept = next((value for name, value in extra.items() if name.lower() == "accept"), "")
        request_headers = (
            ("Host", host_header),
            ("User-Agent", user_agent()),
            ("Accept", accept or "text/html,application/xhtml+xml,application/pdf;q=0.9,*/*;q=0.8"),
            ("Accept-Encoding", "gzip, deflate"),
            *((name, value) for name, value in extra.items() if name.lower() != "accept"),
        )
        pool = _pool(scheme, host, port, ip, timeout, deadline)
        try:
            response = pool.urlopen(
                method,
                target,
                body=data,
                headers=dict(request_headers),
                redirect=False,
                retries=False,
                preload_content=False,
                decode_content=True,
                assert_same_host=False,
            )
        except Exception as exc:
            pool.close()
            failure = _open_failure(exc, current, deadline)
            if failure is exc:  # not a network failure: a bug, raised as it is
                raise
            raise failure from exc
        try:
            if deadline.fired:  # the status line or headers were cut off at the deadline
                raise FetchError("timeout", "total time limit", url=current)
            if response.status in REDIRECT_STATUSES and method == "GET":
                location = response.headers.get("Location", "")
                hops.append(Hop(current, response.status, location))
                if not location:
                    raise FetchError("redirect_target", url=current)
                seen.add(current)
                current = urljoin(current, location.strip())
                if current in seen:
                    raise FetchError("redirects", f"loop at {current}", url=url)
                continue
            body = _read_capped(response, max_bytes, deadline, current)
            headers = [
                (key, value)
                for key, value in response.headers.items()
                if key.lower() not in ("content-encoding", "transfer-encoding", "content-length")
            ]
            headers.append(("Content-Length", str(len(body))))
            return FetchResult(
                url=url,
                final_url=current,
                status=response.status,
                reason=response.reason or "",
                headers=headers,
                body=body,
                ip_address=ip,
                fetched_at=datetime.datetime.now(datetime.timezone.utc),
                hops=tuple(hops),
                request_headers=request_headers,
            )
        finally:
            response.release_conn()
            pool.close()
    raise FetchError("redirects", f"more than {settings.FETCH_MAX_REDIRECTS}", url=url)


def _open_failure(exc: Exception, url: str, deadline: _Deadline) -> Exception:
    """The FetchError for a failure before the response's headers were read (or `exc` itself if unknown)."""
    if deadline.fired:  # whatever the socket's shutdown looked like from inside
        return FetchError("timeout", "total time limit", url=url)
    if isinstance(exc, urllib3.exceptions.MaxRetryError):
        exc = exc.reason or exc
    if isinstance(exc, urllib3.exceptions.SSLError):
        return FetchError("tls", str(exc), url=url)
    if isinstance(exc, urllib3.exceptions.NewConnectionError):  # a subclass of ConnectTimeoutError, but refused
        return FetchError("connection", str(exc), url=url)
    if isinstance(exc, (urllib3.exceptions.ConnectTimeoutError, urllib3.exceptions.ReadTimeoutError, socket.timeout)):
        return FetchError("timeout", str(exc), url=url)
    if isinstance(exc, (urllib3.exceptions.HTTPError, OSError, ssl.SSLError)):
        return FetchError("connection", str(exc), url=url)
    return exc


def _read_capped(response, max_bytes: int, deadline: _Deadline, url: str) -> bytes:
    declared = response.headers.get("Content-Length", "")
    if declared.isdigit() and int(declared) > max_bytes and not response.headers.get("Content-Encoding"):
        raise FetchError("too_large", f"Content-Length {declared}", url=url)
    chunks = []
    size = 0
    try:
        # `read1` returns whatever has arrived (so a slow drip still meets the deadline) and decodes
        # gzip/deflate in bounded pieces (urllib3 >= 2.6 caps decompressed output per read).
        while chunk := response.read1(64 * 1024, decode_content=True):
            size += len(chunk)
            if size > max_bytes:
                raise FetchError("too_large", f"more than {max_bytes} bytes", url=url)
            if deadline.fired:
                raise FetchError("timeout", "total time limit", url=url)
            chunks.append(chunk)
    except urllib3.exceptions.DecodeError as exc:
        if deadline.fired:
            raise FetchError("timeout", "total time limit", url=url) from exc
        raise FetchError("decoding", str(exc), url=url) from exc
    except (urllib3.exceptions.ReadTimeoutError, socket.timeout) as exc:
        raise FetchError("timeout", str(exc), url=url) from exc
    except (urllib3.exceptions.ProtocolError, OSError) as exc:
        if deadline.fired:
            raise FetchError("timeout", "total time limit", url=url) from exc
        raise FetchError("connection", str(exc), url=url) from exc
    if deadline.fired:  # the socket was shut down at the deadline: what arrived is not the whole body
        raise FetchError("timeout", "total time limit", url=url)
    return b"".join(chunks)
