"""`lessonpack serve`'s JSON API, and every rule under the issue's Safety: the token, Host and
Origin, names confined to the folder, saves that never lose work, a body size cap, and builds that
never hold the page up."""

from __future__ import annotations

import io
import json
import shutil
import socket
import threading
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import CONTENT_SPECS, REFERENCE_SPEC
from serving import Client, serving

from generator.errors import LocatedProblem
from generator.serve.preview import Preview
from generator.serve.queue import Coalescer

REFERENCE = REFERENCE_SPEC.name
PNG = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    lessons = tmp_path_factory.mktemp("lessons")
    for spec in CONTENT_SPECS:
        shutil.copy(spec, lessons)
    (lessons / "broken.yaml").write_text("title: Broken\nparts:\n  - type: sliide\n", encoding="utf-8")
    (lessons / "notes.txt").write_text("not a lesson", encoding="utf-8")
    outside = tmp_path_factory.mktemp("outside")
    (outside / "secret.yaml").write_text("title: Secret\n", encoding="utf-8")
    (lessons / "escape.yaml").symlink_to(outside / "secret.yaml")
    return lessons


@pytest.fixture(scope="module")
def client(folder: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Client]:
    with serving(folder, tmp_path_factory.mktemp("packs")) as running:
        yield running


def test_every_request_without_the_runs_token_is_refused(client: Client) -> None:
    for path in ("/", "/static/app.js", "/api/lessons", f"/api/lessons/{REFERENCE}", "/api/schema"):
        assert client.request("GET", path, token=False).status == 403, path
        assert client.request("GET", f"{path}?token=wrong", token=False).status == 403, path
    assert client.request("PUT", f"/api/lessons/{REFERENCE}", {"text": "x"}, token=False).status == 403
    assert client.request("GET", f"/api/lessons?token={client.token}", token=False).status == 200
    assert client.request("GET", "/api/lessons").status == 200
    page = client.request("GET", f"/?token={client.token}", token=False)
    assert page.status == 200 and b"<title>lessonpack</title>" in page.body
    assert "script-src 'self'" in page.headers["Content-Security-Policy"]


def test_another_host_or_origin_is_refused_even_with_the_token(client: Client) -> None:
    """A page elsewhere (cross-site) or a name rebound to 127.0.0.1 (DNS rebinding) gets nothing."""
    port = client.server.port
    for headers in (
        {"Host": f"evil.example:{port}"},
        {"Host": "127.0.0.1:1"},
        {"Origin": "http://evil.example"},
        {"Origin": f"http://evil.example:{port}"},
        {"Origin": "null"},
    ):
        assert client.request("GET", "/api/lessons", headers=headers).status == 403, headers
    assert client.request("GET", "/api/lessons", headers={"Host": f"localhost:{port}"}).status == 200
    assert client.request("GET", "/api/lessons", headers={"Origin": f"http://127.0.0.1:{port}"}).status == 200


def test_the_server_listens_on_loopback_only(client: Client) -> None:
    assert client.server.server_address[0] == "127.0.0.1"


def test_the_lesson_list_names_each_spec_with_its_title_and_whether_it_builds(client: Client) -> None:
    lessons = {lesson["name"]: lesson for lesson in client.request("GET", "/api/lessons").json()}
    assert set(lessons) == {spec.name for spec in CONTENT_SPECS} | {"broken.yaml"}
    assert lessons[REFERENCE]["title"] == "Stalin’s rise to power, 1924–1929"
    assert lessons[REFERENCE]["ok"] is True
    assert lessons["broken.yaml"] == {"name": "broken.yaml", "title": "broken.yaml", "ok": False}


@pytest.mark.parametrize(
    "name",
    [
        "..%2F..%2Fetc%2Fpasswd",
        "%2Fetc%2Fpasswd.yaml",
        "..%2Foutside.yaml",
        "notes.txt",
        ".hidden.yaml",
        "escape.yaml",
        "lessonpack.yaml",
        "a%00.yaml",
    ],
)
def test_only_specs_inside_the_folder_can_be_read_or_written(client: Client, folder: Path, name: str) -> None:
    assert client.request("GET", f"/api/lessons/{name}").status in (403, 404)
    assert client.request("PUT", f"/api/lessons/{name}", {"text": "title: x\n"}).status in (403, 404)
    assert (
        client.request("POST", "/api/preview", {"name": name.replace("%2F", "/"), "text": "x"}).status == 403
    )
    assert (folder.parent / "outside.yaml").exists() is False
    assert "title: Secret" in (folder / "escape.yaml").read_text(encoding="utf-8")


def test_a_save_is_refused_when_the_file_changed_on_disk_and_offers_that_version(
    client: Client, folder: Path
) -> None:
    spec = folder / "photosynthesis.yaml"
    opened = client.request("GET", f"/api/lessons/{spec.name}").json()
    assert opened["text"] == spec.read_text(encoding="utf-8")
    spec.write_text(opened["text"] + "# changed by someone else\n", encoding="utf-8")
    stale = client.request("PUT", f"/api/lessons/{spec.name}", {"text": "mine", "hash": opened["hash"]})
    assert stale.status == 409
    assert stale.json()["text"].endswith("# changed by someone else\n")
    saved = client.request(
        "PUT", f"/api/lessons/{spec.name}", {"text": opened["text"], "hash": stale.json()["hash"]}
    )
    assert saved.status == 200
    assert spec.read_text(encoding="utf-8") == opened["text"]
    assert not list(folder.glob(".lessonpack-save-*")), "a temporary file was left behind"


def test_of_two_saves_at_once_from_the_same_version_one_wins_and_the_other_is_told(
    client: Client, folder: Path
) -> None:
    spec = folder / "photosynthesis.yaml"
    opened = client.request("GET", f"/api/lessons/{spec.name}").json()
    texts = [opened["text"] + f"# edit {number}\n" for number in range(6)]
    statuses: list[int] = []

    def save(text: str) -> None:
        statuses.append(
            client.request("PUT", f"/api/lessons/{spec.name}", {"text": text, "hash": opened["hash"]}).status
        )

    threads = [threading.Thread(target=save, args=(text,)) for text in texts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(statuses) == [200] + [409] * 5
    assert spec.read_text(encoding="utf-8") in texts
    client.request("PUT", f"/api/lessons/{spec.name}", {"text": opened["text"], "hash": None})


def test_a_body_over_the_cap_is_refused_unread(client: Client, folder: Path) -> None:
    before = (folder / REFERENCE).read_bytes()
    with socket.create_connection(("127.0.0.1", client.server.port), timeout=10) as connection:
        connection.sendall(
            f"PUT /api/lessons/{REFERENCE} HTTP/1.1\r\nHost: {client.host}\r\n"
            f"X-Lessonpack-Token: {client.token}\r\nContent-Type: application/json\r\n"
            f"Content-Length: {5 * 1024 * 1024}\r\n\r\n".encode()
            + b"{" * 65536
        )
        answer = connection.recv(4096)
    assert answer.startswith(b"HTTP/1.1 413")
    assert (folder / REFERENCE).read_bytes() == before


def test_a_preview_gives_the_problems_on_their_lines_and_the_pages_as_pictures(
    client: Client, folder: Path
) -> None:
    text = (folder / REFERENCE).read_text(encoding="utf-8")
    good = client.request("POST", "/api/preview", {"name": REFERENCE, "text": text}).json()
    assert good["ok"] is True
    assert [problem for problem in good["problems"] if not problem["warning"]] == []
    assert {kind: bool(urls) for kind, urls in good["pages"].items()} == {
        "worksheet": True,
        "answers": True,
        "slides": True,
    }
    picture = client.request("GET", good["pages"]["slides"][0])
    assert picture.status == 200 and picture.body.startswith(PNG)
    assert picture.headers["Content-Type"] == "image/png"
    assert client.request("GET", good["pages"]["slides"][0].split("?")[0], token=False).status == 403

    lines = text.splitlines()
    typo = next(number for number, line in enumerate(lines) if line.strip() == "- type: slide")
    lines[typo] = lines[typo].replace("slide", "slidee")
    broken = client.request("POST", "/api/preview", {"name": REFERENCE, "text": "\n".join(lines)}).json()
    assert broken["ok"] is False
    assert [problem["line"] for problem in broken["problems"]] == [typo + 1]
    assert "slidee" in broken["problems"][0]["message"]


def test_a_build_writes_the_pack_and_each_file_downloads(client: Client) -> None:
    built = client.request("POST", "/api/build", {"name": "photosynthesis.yaml"}).json()
    assert built["ok"] is True
    files = {file["name"]: file["url"] for file in built["files"]}
    teacher_zip = client.request("GET", files["photosynthesis-teacher.zip"])
    assert teacher_zip.status == 200
    assert "attachment" in teacher_zip.headers["Content-Disposition"]
    names = zipfile.ZipFile(io.BytesIO(teacher_zip.body)).namelist()
    assert "photosynthesis/photosynthesis-answers.pdf" in names
    assert client.request("GET", files["photosynthesis-worksheet.pdf"]).body.startswith(b"%PDF")
    assert client.request("GET", "/api/packs/photosynthesis/..%2F..%2Fsecret").status in (403, 404)
    assert client.request("POST", "/api/build", {"name": "broken.yaml"}).json()["ok"] is False


def test_a_new_lesson_is_the_starter_and_never_replaces_one(client: Client, folder: Path) -> None:
    assert client.request("POST", "/api/lessons", {"name": "water-cycle"}).status == 201
    assert 'title: "Water cycle"' in (folder / "water-cycle.yaml").read_text(encoding="utf-8")
    assert client.request("POST", "/api/lessons", {"name": "water-cycle"}).status == 409
    assert client.request("POST", "/api/lessons", {"name": "../up"}).status == 403
    (folder / "water-cycle.yaml").unlink()


def _slow(seconds: float, calls: list[str]) -> object:
    def preview(folder: Path, name: str, text: str, kinds: frozenset[str]) -> Preview:
        calls.append(text)
        time.sleep(seconds)
        return Preview((LocatedProblem(name, 1, 1, (), text),), {})

    return preview


def test_a_slow_build_never_holds_up_the_page(folder: Path, tmp_path: Path) -> None:
    calls: list[str] = []
    with serving(folder, tmp_path, previewer=_slow(3.0, calls), preview_seconds=0.5) as slow:
        started = time.perf_counter()
        answer = slow.request("POST", "/api/preview", {"name": REFERENCE, "text": "one"}).json()
        assert time.perf_counter() - started < 2.0
        assert answer["ok"] is False and "taking more than" in answer["problems"][0]["message"]
        started = time.perf_counter()
        assert slow.request("GET", "/api/lessons").status == 200
        assert slow.request("GET", f"/api/lessons/{REFERENCE}").status == 200
        assert time.perf_counter() - started < 2.0


def test_a_storm_of_previews_coalesces_into_one_build_of_the_newest_text() -> None:
    calls: list[str] = []
    release = threading.Event()

    def run(key: str, text: str) -> str:
        calls.append(text)
        release.wait(5)
        return text

    lanes: Coalescer[str, str] = Coalescer(run)
    futures = [lanes.submit("lesson", f"text {number}") for number in range(30)]
    release.set()
    results = [future.result(5) for future in futures]
    assert calls == ["text 0", "text 29"]
    assert results[0] == "text 0" and set(results[1:]) == {"text 29"}
    assert lanes.builds("lesson") == 2


def test_the_static_files_and_the_api_answers_are_never_markup_built_from_lesson_text(client: Client) -> None:
    """The page is fixed: no lesson text is ever put into its HTML; lesson text comes only as JSON."""
    page = client.request("GET", "/").body.decode()
    assert "Stalin" not in page
    lessons = client.request("GET", "/api/lessons")
    assert lessons.headers["Content-Type"].startswith("application/json")
    assert json.loads(lessons.body)


def test_each_add_part_example_is_commented_and_builds(client: Client) -> None:
    from generator.parts import PART_TYPES

    examples = client.request("GET", "/api/parts").json()
    assert set(examples) == set(PART_TYPES)
    for kind, example in examples.items():
        assert example.startswith("# "), kind
        text = "title: Trying a part\nparts:\n" + "".join(f"  {line}\n" for line in example.splitlines())
        asked = {"name": "try.yaml", "text": text, "kinds": []}
        checked = client.request("POST", "/api/preview", asked).json()
        assert checked["ok"] is True, (kind, checked["problems"])
        assert [problem for problem in checked["problems"] if not problem["warning"]] == [], kind


def test_serve_keeps_a_folders_port_and_takes_another_when_it_is_busy(folder: Path, tmp_path: Path) -> None:
    """The browser keeps unsaved text per address: the same folder gets the same port each run."""
    from generator.serve.run import preferred_port, start

    port = preferred_port(folder)
    assert port == preferred_port(folder / ".") and 20000 <= port < 30000
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", port))
        server = start(folder, tmp_path)
        try:
            assert server.port != port
            assert server.address.startswith(f"http://127.0.0.1:{server.port}/?token=")
        finally:
            server.server_close()


def test_serve_says_so_when_the_folder_is_missing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from generator.cli import main

    assert main(["serve", str(tmp_path / "nowhere"), "--no-browser"]) == 2
    assert "there is no folder" in capsys.readouterr().err
