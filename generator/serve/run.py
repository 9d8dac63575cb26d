"""Starting `lessonpack serve`: check the folder, warm the renderers, listen, print the address
and open it in the teacher's browser."""

from __future__ import annotations

import gc
import sys
import webbrowser
import zlib
from pathlib import Path

from generator.batch import shown
from generator.serve.api import Api
from generator.serve.server import LessonServer, new_token


def warm_up(api: Api) -> None:
    """Import the renderers and load the fonts with a first preview of the starter lesson, then
    freeze what is loaded so that garbage collection during a preview no longer walks it."""
    from generator.serve.api import Asked
    from generator.serve.preview import KINDS
    from generator.starter import starter_text

    text = starter_text(Path("warm-up.yaml"), None)
    api.previews.run("warm-up.yaml", Asked(text, frozenset(KINDS)))
    gc.collect()
    gc.freeze()


def preferred_port(folder: Path) -> int:
    """The same port for the same folder each run, when it is free: the browser keeps a lesson's
    unsaved text per address, so after a restart the page finds it again."""
    return 20000 + zlib.crc32(str(folder.resolve()).encode()) % 10000


def start(folder: Path, output: Path, port: int = 0) -> LessonServer:
    api = Api(folder, output, new_token())
    warm_up(api)
    if port:
        return LessonServer(api, port)
    try:
        return LessonServer(api, preferred_port(folder))
    except OSError:
        return LessonServer(api, 0)


def serve(folder: Path, output: Path, port: int, open_browser: bool) -> int:
    if not folder.is_dir():
        print(f"lessonpack: there is no folder {shown(folder)} to serve", file=sys.stderr)
        return 2
    try:
        server = start(folder, output, port)
    except OSError as error:
        print(f"lessonpack: cannot listen on port {port}: {error.strerror or error}", file=sys.stderr)
        return 2
    print(f"lessonpack serve: the lessons in {shown(folder)}/ are at", flush=True)
    print(f"  {server.address}", flush=True)
    print("Only this computer can open it. Ctrl-C stops.", flush=True)
    if open_browser:
        webbrowser.open(server.address)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        print("lessonpack: stopped serving")
    finally:
        server.server_close()
    return 0
