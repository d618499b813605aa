"""The editor schemas at work: a real YAML language server and a real JSON-Schema validator
read the Batam files through the schemas `init` and `stage advance` bind.

yaml-language-server comes from npm (`.ci/run` installs it under build/editor); without
it, or without check-jsonschema, these tests are skipped and say why.
"""

from __future__ import annotations

import json
import os
import queue
import shutil
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import pytest

from conftest import EXAMPLE, ROOT

SERVER = ROOT / "build" / "editor" / "node_modules" / "yaml-language-server" / "bin" / \
    "yaml-language-server"


def server_command() -> list[str]:
    found = os.environ.get("YAML_LANGUAGE_SERVER") or (str(SERVER) if SERVER.is_file() else
                                                      shutil.which("yaml-language-server"))
    node = shutil.which("node") or shutil.which("nodejs")
    if not found or not node:
        pytest.skip("yaml-language-server or node is not installed (`.ci/run` installs both: "
                    "npm install --prefix build/editor yaml-language-server)")
    return [node, found, "--stdio"]


class LanguageServer:
    """A language server over stdio: Content-Length framed JSON-RPC, as an editor speaks."""

    def __init__(self, command: list[str]) -> None:
        self.process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                        stderr=subprocess.DEVNULL)
        self.messages: queue.Queue[dict[str, Any]] = queue.Queue()
        self.next_id = 0
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        stream = self.process.stdout
        assert stream is not None
        while True:
            length = 0
            while (line := stream.readline()) not in (b"\r\n", b""):
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":")[1])
            if not line:
                return
            self.messages.put(json.loads(stream.read(length)))

    def send(self, message: dict[str, Any]) -> None:
        body = json.dumps({"jsonrpc": "2.0", **message}).encode("utf-8")
        assert self.process.stdin is not None
        self.process.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.process.stdin.flush()

    def notify(self, method: str, params: dict[str, Any]) -> None:
        self.send({"method": method, "params": params})

    def request(self, method: str, params: dict[str, Any]) -> Any:
        self.next_id += 1
        self.send({"id": self.next_id, "method": method, "params": params})
        return self.wait(lambda m: m.get("id") == self.next_id and "method" not in m)["result"]

    def wait(self, wanted: Any, timeout: float = 30.0) -> dict[str, Any]:
        while True:
            message = self.messages.get(timeout=timeout)
            if "method" in message and "id" in message:  # the server asks the editor
                self.send({"id": message["id"], "result": self._answer(message)})
            elif wanted(message):
                return message

    @staticmethod
    def _answer(message: dict[str, Any]) -> Any:
        if message["method"] == "workspace/configuration":
            settings = {"validate": True, "completion": True, "hover": True,
                        "schemaStore": {"enable": False}}
            return [settings for _ in message["params"]["items"]]
        return None

    def close(self) -> None:
        try:
            self.request("shutdown", {})
            self.notify("exit", {})
            self.process.wait(timeout=10)
        finally:
            self.process.kill()
            self.process.wait()
            for stream in (self.process.stdin, self.process.stdout):
                if stream is not None:
                    stream.close()


@pytest.fixture
def plan(tmp_path: Path) -> Path:
    shutil.copytree(EXAMPLE, tmp_path / "rencana", ignore=shutil.ignore_patterns("build"))
    return tmp_path / "rencana"


@pytest.fixture
def server(plan: Path):
    started = LanguageServer(server_command())
    started.request("initialize", {
        "processId": os.getpid(), "rootUri": plan.as_uri(),
        "capabilities": {"textDocument": {"completion": {"completionItem": {}}},
                         "workspace": {"configuration": True}}})
    started.notify("initialized", {})
    started.notify("workspace/didChangeConfiguration", {"settings": {"yaml": {
        "validate": True, "completion": True, "schemaStore": {"enable": False}}}})
    yield started
    started.close()


def open_file(server: LanguageServer, path: Path, text: str) -> None:
    server.notify("textDocument/didOpen", {"textDocument": {
        "uri": path.as_uri(), "languageId": "yaml", "version": 1, "text": text}})


def diagnostics_of(server: LanguageServer, path: Path) -> list[dict[str, Any]]:
    found = server.wait(lambda m: m.get("method") == "textDocument/publishDiagnostics"
                        and m["params"]["uri"] == path.as_uri())
    return found["params"]["diagnostics"]


def test_the_language_server_reports_an_unknown_key_where_check_does(
        server: LanguageServer, plan: Path) -> None:
    tim = plan / "1-analisis" / "tim.yaml"
    lines = tim.read_text("utf-8").splitlines(keepends=True)
    at = next(i for i, line in enumerate(lines) if line.strip().startswith("jabatan:"))
    lines[at] = lines[at].replace("jabatan:", "jabtan:", 1)
    text = "".join(lines)
    tim.write_text(text, "utf-8")
    open_file(server, tim, text)

    found = diagnostics_of(server, tim)
    unknown = [d for d in found if "jabtan" in d["message"]]
    assert unknown, found
    column = lines[at].index("jabtan")
    assert unknown[0]["range"]["start"] == {"line": at, "character": column}

    check = subprocess.run([sys.executable, "-m", "kotacerdas", "stage", "check", "1", str(plan)],
                           capture_output=True, text=True)
    assert f"1-analisis/tim.yaml:{at + 1}:{column + 1}: galat[KC202]" in check.stdout


def test_the_language_server_completes_a_closed_list(server: LanguageServer,
                                                     plan: Path) -> None:
    programmes = plan / "2-perumusan" / "program-governance.yaml"
    lines = programmes.read_text("utf-8").splitlines(keepends=True)
    at = next(i for i, line in enumerate(lines) if line.strip().startswith("jangka:"))
    lines[at] = lines[at][: lines[at].index("jangka:")] + "jangka: \n"
    text = "".join(lines)
    open_file(server, programmes, text)
    diagnostics_of(server, programmes)

    result = server.request("textDocument/completion", {
        "textDocument": {"uri": programmes.as_uri()},
        "position": {"line": at, "character": len(lines[at]) - 1}})
    items = result["items"] if isinstance(result, dict) else result
    assert {item["label"] for item in items} >= {"pendek", "menengah", "panjang"}


def check_jsonschema() -> list[str]:
    found = shutil.which("check-jsonschema", path=str(Path(sys.executable).parent))
    if not found:
        pytest.skip("check-jsonschema is not installed (the test extra installs it)")
    return [found]


def test_check_jsonschema_accepts_the_batam_files_and_rejects_a_broken_one(plan: Path) -> None:
    command = check_jsonschema()
    schemas = plan / ".kotacerdas" / "skema"
    pairs = {"analisis": sorted((plan / "1-analisis").glob("*.yaml")),
             "perumusan": sorted((plan / "2-perumusan").glob("*.yaml")),
             "finalisasi": sorted((plan / "3-finalisasi").glob("*.yaml")),
             "komitmen": sorted((plan / "4-komitmen").glob("*.yaml")),
             "manifest": [plan / "kotacerdas.yaml"]}
    for schema, files in pairs.items():
        done = subprocess.run([*command, "--schemafile", str(schemas / f"{schema}.schema.json"),
                               *map(str, files)], capture_output=True, text=True)
        assert done.returncode == 0, (schema, done.stdout, done.stderr)

    broken = plan / "2-perumusan" / "program-governance.yaml"
    text = broken.read_text("utf-8")
    broken.write_text(text.replace("    jangka: pendek", "    jangka: sebentar", 1), "utf-8")
    done = subprocess.run([*command, "--schemafile", str(schemas / "perumusan.schema.json"),
                           str(broken)], capture_output=True, text=True)
    assert done.returncode == 1
    assert "sebentar" in done.stdout
