"""A TCP forwarder on 127.0.0.1 in front of a server, for connections that fail the way networks
do: `freeze()` stops forwarding on the open connections but keeps them open (a half-open path:
a NAT that forgot us, a laptop that slept), `cut()` closes them (EOF without BYE). New
connections are always forwarded, so a client that reconnects gets through."""

from __future__ import annotations

import contextlib
import select
import socket
import threading
from types import TracebackType
from typing import Self


class Proxy:
    """Forwards 127.0.0.1:`port` to 127.0.0.1:`target`; use `with Proxy(target) as p:`."""

    def __init__(self, target: int) -> None:
        self.target = target
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port: int = self._listener.getsockname()[1]
        self._pairs: list[tuple[socket.socket, socket.socket, threading.Event]] = []
        self._lock = threading.Lock()
        self._closed = threading.Event()
        self.accepted = 0
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while not self._closed.is_set():
            try:
                client, _ = self._listener.accept()
            except OSError:  # closed
                return
            server = socket.create_connection(("127.0.0.1", self.target))
            frozen = threading.Event()
            with self._lock:
                self._pairs.append((client, server, frozen))
                self.accepted += 1
            threading.Thread(target=self._pump, args=(client, server, frozen), daemon=True).start()

    def _pump(self, client: socket.socket, server: socket.socket, frozen: threading.Event) -> None:
        peers = {client: server, server: client}
        try:
            while not self._closed.is_set():
                if frozen.is_set():  # hold everything: neither side hears from the other
                    self._closed.wait(0.1)
                    continue
                readable, _, _ = select.select(list(peers), [], [], 0.1)
                for sock in readable:
                    data = sock.recv(65536)
                    if not data:
                        return
                    peers[sock].sendall(data)
        except OSError:
            return
        finally:
            for sock in peers:
                sock.close()

    def freeze(self) -> None:
        """Stop forwarding on every open connection, leaving them open."""
        with self._lock:
            for _, _, frozen in self._pairs:
                frozen.set()

    def cut(self) -> None:
        """Close every open connection on both sides (each side sees EOF, no BYE)."""
        with self._lock:
            pairs, self._pairs = self._pairs, []
        for client, server, _ in pairs:
            for sock in (client, server):
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)

    def close(self) -> None:
        self._closed.set()
        self._listener.close()
        self.cut()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()
