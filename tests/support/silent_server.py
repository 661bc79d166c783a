"""A TCP port that takes connections and never says a word: a database or Redis that froze, as a client sees it."""

from __future__ import annotations

import socket
import threading


class SilentServer:
    """`with SilentServer() as server:` listens on `server.port` until the block ends; holds every connection open."""

    def __init__(self) -> None:
        self.listener = socket.create_server(("127.0.0.1", 0), backlog=64)
        self.port = self.listener.getsockname()[1]
        self.held: list[socket.socket] = []
        self._thread = threading.Thread(target=self._accept, daemon=True)

    def _accept(self) -> None:
        while True:
            try:
                connection, _address = self.listener.accept()
            except OSError:  # closed: the block ended
                return
            self.held.append(connection)  # read nothing, answer nothing

    def __enter__(self) -> SilentServer:
        self._thread.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.listener.close()
        for connection in self.held:
            connection.close()
