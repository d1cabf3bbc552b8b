"""An ASGI app served by uvicorn inside the running event loop, for the loopback stand-ins.

Three things differ from ``uvicorn.Server.serve`` as it comes, because tests start and stop
hundreds of these:

- the listening socket is bound before serving, so the port is known at once and a request that
  arrives early waits in the backlog; it is made with the TCP protocol number, because asyncio
  turns Nagle's algorithm off only on such sockets, and with it on every reply (written as head,
  then body) waits about 40 ms for the client's delayed ACK;
- starting and stopping wait on events: uvicorn's main loop looks for an exit request every
  0.1 s and its shutdown sleeps 0.1 s, here ``stop()`` returns as soon as the requests in
  progress are answered and their connections closed;
- the caller owns SIGINT/SIGTERM, as with the bot's own webhook server.
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
from collections.abc import Generator
from types import TracebackType
from typing import Any

import uvicorn


def listen(host: str, port: int) -> socket.socket:
    """A non-blocking listening TCP socket on ``host:port`` (0: an ephemeral port)."""
    family, kind, proto, _, address = socket.getaddrinfo(
        host, port, type=socket.SOCK_STREAM, proto=socket.IPPROTO_TCP
    )[0]
    sock = socket.socket(family, kind, proto)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(address)
        sock.listen()
        sock.setblocking(False)
    except OSError:
        sock.close()
        raise
    return sock


class _Server(uvicorn.Server):
    """uvicorn whose main loop and shutdown wait on events rather than ticks."""

    def __init__(self, config: uvicorn.Config) -> None:
        super().__init__(config)
        self.ready = asyncio.Event()
        self._exit = asyncio.Event()

    @contextlib.contextmanager
    def capture_signals(self) -> Generator[None, None, None]:
        yield

    def exit(self) -> None:
        """Ask the server to stop; ``serve()`` returns once it has."""
        self.should_exit = True
        self._exit.set()

    async def main_loop(self) -> None:
        await self.on_tick(0)  # sets the default response headers
        self.ready.set()
        await self._exit.wait()

    async def shutdown(self, sockets: list[socket.socket] | None = None) -> None:
        for server in self.servers:
            server.close()
        for sock in sockets or []:
            sock.close()
        # Idle keep-alive connections close now, busy ones right after their response.
        for connection in list(self.server_state.connections):
            connection.shutdown()
        running = set(self.server_state.tasks)
        if running:
            await asyncio.wait(running)
        for server in self.servers:
            await server.wait_closed()
        # Closed transports report connection_lost on the next turns of the loop: let them,
        # so that no socket outlives the server.
        for _ in range(100):
            if not self.server_state.connections:
                break
            await asyncio.sleep(0)


class AppServer:
    """Serves an ASGI app over HTTP on ``host:port`` from ``start()`` to ``stop()``."""

    def __init__(self, app: Any, host: str = "127.0.0.1", port: int = 0) -> None:
        self.app = app
        self.host = host
        self._wanted_port = port
        self._port = 0
        self._server: _Server | None = None
        self._serving: asyncio.Task[None] | None = None

    @property
    def port(self) -> int:
        """The bound TCP port (0 before ``start()``)."""
        return self._port

    async def start(self) -> None:
        """Bind the port and serve on the running loop; raise what stops the server starting."""
        config = uvicorn.Config(
            self.app,
            lifespan="off",
            log_config=None,
            log_level="warning",
            access_log=False,
            proxy_headers=False,
            ws="none",
            # Bot API clients keep idle connections; closing them races the client's reuse.
            timeout_keep_alive=3600,
        )
        sock = listen(self.host, self._wanted_port)
        server = _Server(config)
        serving = asyncio.create_task(server.serve(sockets=[sock]), name=f"http-{self.host}")
        ready = asyncio.create_task(server.ready.wait())
        await asyncio.wait({serving, ready}, return_when=asyncio.FIRST_COMPLETED)
        if not ready.done():
            ready.cancel()
            sock.close()
            serving.result()  # re-raises what stopped the server
            raise RuntimeError("the HTTP server stopped while starting")
        self._port = int(sock.getsockname()[1])
        self._server, self._serving = server, serving

    async def stop(self) -> None:
        """Stop taking connections, let the requests in progress finish, release the port."""
        if self._server is not None and self._serving is not None:
            self._server.exit()
            await self._serving
        self._server = self._serving = None

    async def __aenter__(self) -> AppServer:
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.stop()
