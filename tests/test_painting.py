"""Painting a long PDF's parts in forked processes (`kotacerdas.render.formats.painting`)."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest

from kotacerdas.render.formats.finishing import EngineFailed, cores
from kotacerdas.render.formats.painting import Painter

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")


class Document:
    """What the painter is given: anything with ``write_pdf``."""

    def __init__(self, data: bytes = b"", fail: bool = False, sleep: float = 0.0) -> None:
        self.data, self.fail, self.sleep = data, fail, sleep

    def write_pdf(self) -> bytes:
        time.sleep(self.sleep)
        if self.fail:
            raise ValueError("no")
        return self.data + str(os.getpid()).encode()


@pytest.mark.parametrize("forked", [True, False])
def test_each_document_is_painted_once_in_order(forked: bool) -> None:
    painter = Painter(forked=forked)
    got: list[bytes] = []
    big = b"%PDF" + os.urandom(3 << 20)  # more than a pipe holds: read while it is written
    for data in (big, b"two", b"three"):
        painter.paint(Document(data), got.append)
    painter.wait()
    assert [item[: len(data)] for item, data in zip(got, (big, b"two", b"three"))] == \
        [big, b"two", b"three"]
    pids = {int(item[len(data):]) for item, data in zip(got, (big, b"two", b"three"))}
    assert (os.getpid() in pids) is not forked and len(pids) == (3 if forked else 1)


def test_a_painting_that_fails_is_an_engine_failure() -> None:
    painter = Painter(forked=True)
    painter.paint(Document(fail=True), lambda data: None)
    with pytest.raises(EngineFailed, match="exit 70"):
        painter.wait()
    painter.paint(Document(b"next"), lambda data: None)  # the painter is usable again
    painter.wait()


def test_stopping_kills_the_painting_under_way() -> None:
    painter = Painter(forked=True)
    got: list[bytes] = []
    painter.paint(Document(sleep=60), got.append)
    pid = painter._pid
    started = time.monotonic()
    painter.stop()
    assert time.monotonic() - started < 5 and not got
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, 0)  # reaped: no process left behind
    painter.wait()  # nothing under way


def test_when_no_process_can_be_forked_the_part_is_painted_here(
        monkeypatch: pytest.MonkeyPatch) -> None:
    def refused() -> int:
        raise BlockingIOError(11, "Resource temporarily unavailable")

    monkeypatch.setattr(os, "fork", refused)
    open_before = len(os.listdir("/proc/self/fd")) if os.path.isdir("/proc/self/fd") else 0
    painter = Painter(forked=True)
    got: list[bytes] = []
    painter.paint(Document(b"here"), got.append)
    painter.wait()
    assert got == [b"here" + str(os.getpid()).encode()]
    if open_before:
        assert len(os.listdir("/proc/self/fd")) == open_before  # the pipe was closed again


def test_a_painting_keeps_an_ignored_interrupt_ignored() -> None:
    import signal

    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)  # as a job started with nohup
    try:
        painter = Painter(forked=True)
        got: list[bytes] = []
        painter.paint(Document(b"on", sleep=0.5), got.append)
        os.kill(painter._pid, signal.SIGINT)
        painter.wait()
        assert got and got[0].startswith(b"on")
    finally:
        signal.signal(signal.SIGINT, previous)


def _processes_of(group: int) -> list[int]:
    """The live processes of a process group (zombies left out)."""
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                fields = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[2]) == group and fields[0] != "Z":
                found.append(int(entry))
    return found


@pytest.mark.skipif(not os.path.isdir("/proc/self"), reason="needs /proc")
@pytest.mark.parametrize("how", ["SIGTERM", "SIGKILL"])
def test_stopping_the_build_itself_stops_every_process_it_started(how: str,
                                                                  tmp_path: Path) -> None:
    import signal
    import subprocess
    import sys

    from conftest import EXAMPLE

    pytest.importorskip("weasyprint")
    if cores() < 2:
        pytest.skip("one core: the books are finished by the build's own process")
    plan = tmp_path / "rencana"
    shutil.copytree(EXAMPLE, plan, ignore=shutil.ignore_patterns("build"))
    out = tmp_path / "keluaran"
    build = subprocess.Popen(
        [sys.executable, "-m", "kotacerdas", "build", str(plan), "--format", "pdf", "--out",
         str(out)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True,
        env={**os.environ, "KOTACERDAS_PDF_PART_KB": "40"})
    assert build.stderr is not None
    said = b""
    while b".pdf" not in said:  # the first book is done, Buku II is still in its parts
        line = build.stderr.readline()
        assert line, "the build ended before its first book"
        said += line
    assert len(_processes_of(build.pid)) >= 2  # the build and a worker finishing books
    build.send_signal(getattr(signal, how))  # the build's own process only
    _, errors = build.communicate(timeout=60)
    errors = said + errors
    deadline = time.monotonic() + 10
    while _processes_of(build.pid) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert _processes_of(build.pid) == []
    assert build.returncode == (143 if how == "SIGTERM" else -9), errors
    assert b"Traceback" not in errors
    assert not out.exists() or not list(out.glob("*.pdf"))  # nothing half-written
