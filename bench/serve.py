"""Times `lessonpack serve`: keystroke-to-preview, warm, on the reference lesson, and the server's
memory after 200 previews.

Run by bench/run.py: `python bench/serve.py`. Starts the real command (`python -m generator serve
--no-browser`) in its own process, as a teacher would, and drives it over HTTP as the page does:
a preview of the text after a keystroke, then the pictures the browser loads first (the top three
pages of the pane in view, fetched at once). Prints JSON: median wall seconds and the server's
processor seconds per preview, and its resident memory (MB) at each stage.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = ROOT / "content" / "stalin-rise-to-power.yaml"
TIMED = 20
MEMORY_PREVIEWS = 200
PICTURES_IN_VIEW = 3
TICKS = os.sysconf("SC_CLK_TCK")


class Server:
    def __init__(self, folder: Path) -> None:
        output = str(folder / "out")
        command = [sys.executable, "-m", "generator", "serve", str(folder), "--no-browser", "-o", output]
        self.process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True, cwd=ROOT)
        assert self.process.stdout is not None
        address = ""
        while "token=" not in address:
            address = self.process.stdout.readline().strip()
        self.base, self.token = address.split("/?token=")

    def post(self, path: str, body: Any) -> Any:
        request = urllib.request.Request(
            self.base + path,
            json.dumps(body).encode(),
            {"Content-Type": "application/json", "X-Lessonpack-Token": self.token},
        )
        with urllib.request.urlopen(request) as answer:
            return json.load(answer)

    def get(self, url: str) -> bytes:
        with urllib.request.urlopen(self.base + url) as answer:
            return bytes(answer.read())

    def cpu(self) -> float:
        fields = Path(f"/proc/{self.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / TICKS

    def memory(self) -> float:
        for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
        return 0.0

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(10)


def keystroke(server: Server, text: str, kinds: list[str], pool: ThreadPoolExecutor) -> None:
    """One preview after a keystroke, and the first pictures of each document asked for."""
    answer = server.post("/api/preview", {"name": REFERENCE.name, "text": text, "kinds": kinds})
    assert answer["ok"], answer["problems"]
    urls = [url for kind in kinds for url in answer["pages"][kind][:PICTURES_IN_VIEW]]
    list(pool.map(server.get, urls))


def timed(server: Server, text: str, kinds: list[str], pool: ThreadPoolExecutor) -> tuple[float, float]:
    """Median wall seconds and mean server processor seconds of a keystroke's preview."""
    for number in range(3):
        keystroke(server, text.replace("title: ", f"title: Warm {number} ", 1), kinds, pool)
    seconds = []
    cpu = server.cpu()
    for number in range(TIMED):
        typed = text.replace("title: ", f"title: {number} ", 1)
        started = time.perf_counter()
        keystroke(server, typed, kinds, pool)
        seconds.append(time.perf_counter() - started)
    return statistics.median(seconds), (server.cpu() - cpu) / TIMED


def main() -> None:
    text = REFERENCE.read_text(encoding="utf-8")
    with tempfile.TemporaryDirectory() as scratch, ThreadPoolExecutor(PICTURES_IN_VIEW) as pool:
        folder = Path(scratch)
        (folder / REFERENCE.name).write_text(text, encoding="utf-8")
        server = Server(folder)
        try:
            started = server.memory()
            in_view = timed(server, text, ["worksheet"], pool)
            every = timed(server, text, ["worksheet", "answers", "slides"], pool)
            done = 2 * (TIMED + 3)
            halfway = 0.0
            for number in range(done, MEMORY_PREVIEWS):
                keystroke(server, text.replace("title: ", f"title: Memory {number} ", 1), ["worksheet"], pool)
                if number + 1 == MEMORY_PREVIEWS // 2:
                    halfway = server.memory()
            after = server.memory()
        finally:
            server.stop()
    figures = {
        "in_view": in_view,
        "every_document": every,
        "memory_started": started,
        "memory_halfway": halfway,
        "memory_after": after,
    }
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
