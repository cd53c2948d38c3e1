"""A local server that answers a byte at a time (for the fetcher's time-limit tests), bounded in time.

Each connection gets `head` at once, then `drip` one byte every DRIP_EVERY seconds: faster than any
per-read timeout, so only a deadline over the whole fetch stops it. The server closes every
connection after SERVER_GIVES_UP seconds whatever happens, so a failing fetcher cannot hang the suite.
"""

import socket
import threading
import time

DRIP_EVERY = 0.05  # seconds between bytes: far below any per-read timeout
SERVER_GIVES_UP = 6.0  # the server closes after this long whatever happens (the test stays bounded)
ENDLESS = b"x" * 10_000


class DrippingServer:
    """Answers each connection (robots.txt and the page alike) with `head`, then `drip` byte by byte."""

    def __init__(self, head: bytes, drip: bytes = ENDLESS):
        self.head, self.drip = head, drip
        self.listener = socket.socket()
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(8)
        self.listener.settimeout(0.2)
        self.stop = threading.Event()
        self.started = time.monotonic()
        self.threads = [threading.Thread(target=self._accept, daemon=True)]

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.listener.getsockname()[1]}/slow"

    def _over(self) -> bool:
        return self.stop.is_set() or time.monotonic() - self.started > SERVER_GIVES_UP

    def _accept(self):
        while not self._over():
            try:
                connection, _address = self.listener.accept()
            except (TimeoutError, socket.timeout):
                continue
            except OSError:
                return
            thread = threading.Thread(target=self._answer, args=(connection,), daemon=True)
            self.threads.append(thread)
            thread.start()

    def _answer(self, connection):
        with connection:
            try:
                connection.settimeout(1)
                try:
                    connection.recv(4096)  # the request (or the TLS client hello)
                except OSError:
                    pass
                connection.sendall(self.head)
                for byte in self.drip:
                    if self._over():
                        return
                    connection.sendall(bytes([byte]))
                    time.sleep(DRIP_EVERY)
            except OSError:  # the fetcher hung up: what we want
                return

    def __enter__(self):
        self.threads[0].start()
        return self

    def __exit__(self, *exc):
        self.stop.set()
        for thread in list(self.threads):
            thread.join(timeout=SERVER_GIVES_UP + 1)
        self.listener.close()
