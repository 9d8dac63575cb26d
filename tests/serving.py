"""A `lessonpack serve` server on a free port in a thread, and a client that sends raw requests,
for the API tests and the browser tests."""

from __future__ import annotations

import http.client
import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.serve.api import Api
from generator.serve.server import LessonServer, new_token


@dataclass
class Answer:
    status: int
    body: bytes
    headers: dict[str, str]

    def json(self) -> Any:
        return json.loads(self.body)


@dataclass
class Client:
    server: LessonServer

    @property
    def token(self) -> str:
        return self.server.api.token

    @property
    def host(self) -> str:
        return f"127.0.0.1:{self.server.port}"

    def request(
        self,
        method: str,
        path: str,
        body: Any = None,
        headers: dict[str, str] | None = None,
        token: bool = True,
        raw: bytes | None = None,
    ) -> Answer:
        """`token` sends the run's token as the header; `headers` may replace Host or add Origin."""
        connection = http.client.HTTPConnection("127.0.0.1", self.server.port, timeout=60)
        sent = {"Host": self.host, **({"X-Lessonpack-Token": self.token} if token else {}), **(headers or {})}
        data = raw if raw is not None else (None if body is None else json.dumps(body).encode())
        connection.putrequest(method, path, skip_host=True)
        for name, value in sent.items():
            connection.putheader(name, value)
        if data is not None:
            connection.putheader("Content-Type", "application/json")
            connection.putheader("Content-Length", str(len(data)))
        connection.endheaders()
        try:
            if data is not None:
                connection.send(data)
            response = connection.getresponse()
            return Answer(response.status, response.read(), dict(response.getheaders()))
        except (BrokenPipeError, ConnectionResetError):
            return Answer(0, b"", {})
        finally:
            connection.close()


@contextmanager
def serving(folder: Path, output: Path, **options: Any) -> Iterator[Client]:
    server = LessonServer(Api(folder, output, new_token(), **options))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield Client(server)
    finally:
        server.shutdown()
        server.server_close()
