"""The HTTP side of `lessonpack serve`: loopback only, and every request checked before it is
answered: the run's secret token, the Host header (against DNS rebinding), the Origin header
(against other sites' pages) and the body's size."""

from __future__ import annotations

import hmac
import json
import re
import secrets
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib.resources import files
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, quote, unquote, urlsplit

from generator.serve.api import Api, Reply
from generator.serve.folder import RefusedNameError

LOOPBACK = "127.0.0.1"
MAX_BODY = 2 * 1024 * 1024
"""Far more than any lesson (the largest test spec is under 1 MB); more is refused unread."""
TOKEN_HEADER = "X-Lessonpack-Token"
STATIC_TYPES = {".html": "text/html", ".js": "text/javascript", ".css": "text/css", ".png": "image/png"}
TEXT_TYPES = {"text/html", "text/javascript", "text/css", "application/json"}
POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "connect-src 'self'; form-action 'none'; frame-ancestors 'none'; base-uri 'none'"
)
"""Scripts only from the page's own server; CodeMirror sets its styles inline."""

_ROUTES: list[tuple[str, re.Pattern[str], str]] = [
    ("GET", re.compile(r"/api/lessons"), "lessons"),
    ("POST", re.compile(r"/api/lessons"), "new"),
    ("GET", re.compile(r"/api/lessons/([^/]+)"), "read"),
    ("PUT", re.compile(r"/api/lessons/([^/]+)"), "save"),
    ("POST", re.compile(r"/api/preview"), "preview"),
    ("GET", re.compile(r"/api/pages/([0-9a-f]+)/(\w+)/(\d+)\.png"), "page"),
    ("POST", re.compile(r"/api/build"), "build"),
    ("GET", re.compile(r"/api/packs/([^/]+)/([^/]+)"), "pack_file"),
    ("GET", re.compile(r"/api/schema"), "schema"),
    ("GET", re.compile(r"/api/parts"), "part_examples"),
]
_WITH_BODY = {"save", "new", "preview", "build"}


def static_file(name: str) -> bytes | None:
    folder = files("generator.serve").joinpath("static")
    if not re.fullmatch(r"[a-z]+\.(js|css|html|png)", name):
        return None
    found = folder.joinpath(name)
    return found.read_bytes() if found.is_file() else None


class LessonServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, api: Api, port: int = 0) -> None:
        self.api = api
        super().__init__((LOOPBACK, port), _Handler)

    @property
    def port(self) -> int:
        return int(self.server_address[1])

    @property
    def address(self) -> str:
        return f"http://{LOOPBACK}:{self.port}/?token={self.api.token}"

    def allowed_hosts(self) -> set[str]:
        return {f"{LOOPBACK}:{self.port}", f"localhost:{self.port}"}


def new_token() -> str:
    return secrets.token_urlsafe(24)


class _Handler(BaseHTTPRequestHandler):
    server: LessonServer
    server_version = "lessonpack"
    sys_version = ""
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: the teacher's terminal shows the address, not every request."""

    def do_GET(self) -> None:
        self._answer("GET")

    def do_POST(self) -> None:
        self._answer("POST")

    def do_PUT(self) -> None:
        self._answer("PUT")

    def _refusal(self, query: dict[str, list[str]]) -> str | None:
        """Why the request may not be answered, if it may not."""
        hosts = self.server.allowed_hosts()
        if self.headers.get("Host") not in hosts:
            return "wrong Host"
        origin = self.headers.get("Origin")
        if origin is not None and urlsplit(origin).netloc not in hosts:
            return "wrong Origin"
        token = self.headers.get(TOKEN_HEADER) or next(iter(query.get("token", [])), "")
        if not hmac.compare_digest(token.encode(), self.server.api.token.encode()):
            return "no token, or the wrong one: open the address lessonpack serve printed"
        return None

    def _answer(self, method: str) -> None:
        try:
            self._send(self._reply(method))
        except ConnectionError:
            self.close_connection = True  # the page went away (a reload, a picture scrolled past)

    def _reply(self, method: str) -> Reply:
        url = urlsplit(self.path)
        refusal = self._refusal(parse_qs(url.query))
        if refusal:
            self._discard_body()
            return Reply(403, {"error": refusal})
        try:
            return self._route(method, url.path)
        except RefusedNameError as refused:
            return Reply(403, {"error": str(refused)})
        except _TooLargeError:
            self.close_connection = True
            return Reply(413, {"error": f"the request is larger than {MAX_BODY // 1024 // 1024} MB"})
        except ValueError as error:
            return Reply(400, {"error": str(error)})
        except OSError as error:
            return Reply(500, {"error": f"could not do that: {error.strerror or error}"})
        except Exception as error:  # a message for the page, never a traceback on the teacher's terminal
            return Reply(500, {"error": f"lessonpack could not do that: {error}"})

    def _route(self, method: str, path: str) -> Reply:
        if method == "GET" and path in ("/", "/index.html"):
            page = static_file("index.html") or b""
            return Reply(200, page.replace(b"{{token}}", self.server.api.token.encode()), "text/html")
        if method == "GET" and path.startswith("/static/"):
            name = path.removeprefix("/static/")
            found = static_file(name)
            if found is None:
                return Reply(404, {"error": "no such file"})
            return Reply(200, found, STATIC_TYPES[Path(name).suffix])
        for route_method, pattern, action in _ROUTES:
            match = pattern.fullmatch(path)
            if match and route_method == method:
                arguments: list[Any] = [unquote(group) for group in match.groups()]
                if action in _WITH_BODY:
                    arguments.append(self._body())
                result: Reply = getattr(self.server.api, action)(*arguments)
                return result
        return Reply(404, {"error": "no such address"})

    def _body(self) -> Any:
        length = self.headers.get("Content-Length")
        if length is None or not length.isdigit():
            raise ValueError("the request has no Content-Length")
        if int(length) > MAX_BODY:
            raise _TooLargeError
        try:
            return json.loads(self.rfile.read(int(length)))
        except (json.JSONDecodeError, UnicodeDecodeError):
            raise ValueError("the request's body is not JSON") from None

    def _discard_body(self) -> None:
        """A refused request's body is not read: the connection closes instead."""
        if self.headers.get("Content-Length", "0") != "0":
            self.close_connection = True

    def _send(self, reply: Reply) -> None:
        if isinstance(reply.body, bytes):
            data = reply.body
        else:
            data = json.dumps(reply.body, ensure_ascii=False).encode("utf-8")
        self.send_response(HTTPStatus(reply.status))
        kind = reply.content_type
        self.send_header("Content-Type", f"{kind}; charset=utf-8" if kind in TEXT_TYPES else kind)
        self.send_header("Content-Length", str(len(data)))
        # A preview's pictures never change under their address; everything else may.
        self.send_header("Cache-Control", "private, max-age=600" if kind == "image/png" else "no-store")
        self.send_header("Content-Security-Policy", POLICY)
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Referrer-Policy", "no-referrer")
        if reply.download:
            self.send_header("Content-Disposition", f"attachment; filename*=UTF-8''{quote(reply.download)}")
        if self.close_connection:
            self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(data)


class _TooLargeError(Exception):
    pass
