"""An HTML book fetches nothing in a browser, whatever its plan text or city templates
point at: headless Chromium opens it while a local server records every request."""

from __future__ import annotations

import shutil
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from conftest import ROOT, build_tree, run_cli
from tests.test_build_browser import CHROMIUM, chromium

FIXTURE = ROOT / "tests" / "fixtures" / "build-plan"

pytestmark = pytest.mark.skipif(
    not CHROMIUM.is_file(), reason="chromium is not installed at /usr/bin/chromium; "
    "install it (apt-get install chromium) to check that the HTML books fetch nothing")


class Recorder(BaseHTTPRequestHandler):
    """Answers every request with a little body, and notes its path."""

    seen: list[str]

    def do_GET(self) -> None:  # noqa: N802
        self.seen.append(self.path)
        body = b"body { color: red }" if self.path.endswith(".css") else b"GIF89a"
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def server() -> Iterator[tuple[str, list[str]]]:
    """A server on 127.0.0.1: its address and the paths requested from it."""
    seen: list[str] = []
    handler = type("Handler", (Recorder,), {"seen": seen})
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}", seen
    httpd.shutdown()
    httpd.server_close()
    thread.join()


def _open(page: Path, profile: Path) -> str:
    done = chromium(page, profile, "--dump-dom", "--virtual-time-budget=3000")
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def test_the_recorder_sees_what_a_page_without_a_policy_fetches(
        server: tuple[str, list[str]], tmp_path: Path) -> None:
    address, seen = server
    page = tmp_path / "tanpa-kebijakan.html"
    page.write_text(f'<!DOCTYPE html><link rel="stylesheet" href="{address}/gaya.css">'
                    f'<p><img src="{address}/foto.gif" alt="foto"></p>', "utf-8")
    _open(page, tmp_path / "profile")
    assert sorted(seen) == ["/foto.gif", "/gaya.css"]


def test_html_books_fetch_nothing_the_plan_or_a_city_template_points_at(
        server: tuple[str, list[str]], tmp_path: Path) -> None:
    address, seen = server
    plan = tmp_path / "contoh"
    shutil.copytree(FIXTURE, plan)
    programmes = plan / "2-perumusan" / "program.yaml"
    text = programmes.read_text("utf-8")
    programmes.write_text(text.replace(
        "deskripsi: Kios layar sentuh di setiap kelurahan.",
        f'deskripsi: "Kios ![foto]({address}/deskripsi.gif) dan '
        f'<link rel=stylesheet href={address}/deskripsi.css> [gaya]({address}/tautan.css)"'),
        "utf-8")
    build_tree(plan, {"templates/html/bab/penutup.html.j2": f"""
        <link rel="stylesheet" href="{address}/kota.css">
        <style>@import url("{address}/impor.css"); .bab {{ background: url("{address}/latar.gif") }}
        @font-face {{ font-family: Kota; src: url("{address}/huruf.woff") }}
        p {{ font-family: Kota }}</style>
        <p><img src="{address}/kota.gif" alt="kota"></p>
        <iframe src="{address}/bingkai.html"></iframe>
        <script src="{address}/skrip.js"></script>
        <p>{{{{ L.teks.penutup }}}}</p>
        """})
    run = run_cli("build", plan, "--format", "html")
    assert run.exit_code == 0, run
    books = plan / "build"
    assert "deskripsi.css" in (books / "2-masterplan.html").read_text("utf-8")
    assert "kota.gif" in (books / "1-analisis-strategis.html").read_text("utf-8")

    for name in ("1-analisis-strategis.html", "2-masterplan.html", "index.html"):
        dom = _open(books / name, tmp_path / "profile")
        assert '<section class="bab"' in dom or name == "index.html", name

    assert seen == []
