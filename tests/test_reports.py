"""`check --format sarif` and `--format github`: the same diagnostics, for machines."""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

import jsonschema
import pytest

from conftest import EXAMPLE, ROOT, run_cli

#: The OASIS SARIF 2.1.0 schema, as tests/data/sarif/SOURCE.md says where it comes from.
SARIF_SCHEMA = ROOT / "tests" / "data" / "sarif" / "sarif-schema-2.1.0.json"
TEXT_HEAD = re.compile(r"^(?P<file>[^\s:]+):(?P<line>\d+):(?P<column>\d+): \S+\[(?P<code>KC\d+)\]",
                       re.M)


@pytest.fixture
def broken(tmp_path: Path) -> Path:
    """The example with an unknown dimension, a waived warning and a changed seal."""
    plan = tmp_path / "rencana"
    shutil.copytree(EXAMPLE, plan, ignore=shutil.ignore_patterns("build"))
    programmes = plan / "2-perumusan" / "program-governance.yaml"
    text = programmes.read_text("utf-8")
    programmes.write_text(text.replace("dimensi: governance", "dimensi: governanse, ok", 1),
                          "utf-8")
    manifest = plan / "kotacerdas.yaml"
    text = manifest.read_text("utf-8")
    assert text.count("pengecualian:\n") == 1
    manifest.write_text(text.replace("pengecualian:\n", "pengecualian:\n  - kode: KC515\n"
                                     "    alasan: \"Perubahan disepakati, menunggu tanda tangan "
                                     "ulang\"\n"), "utf-8")
    return plan


def text_locations(plan: Path) -> list[tuple[str, int, int, str]]:
    run = run_cli("check", plan)
    return [(m["file"], int(m["line"]), int(m["column"]), m["code"])
            for m in TEXT_HEAD.finditer(run.stdout)]


def test_sarif_validates_and_says_what_the_text_says(broken: Path) -> None:
    run = run_cli("check", broken, "--format", "sarif")
    assert run.exit_code == 1, run
    log = json.loads(run.stdout)
    jsonschema.Draft4Validator(json.loads(SARIF_SCHEMA.read_text("utf-8"))).validate(log)

    sarif = log["runs"][0]
    found = [(r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
              r["locations"][0]["physicalLocation"]["region"]["startLine"],
              r["locations"][0]["physicalLocation"]["region"]["startColumn"], r["ruleId"])
             for r in sarif["results"]]
    assert found == text_locations(broken)
    assert {r["ruleId"] for r in sarif["results"]} >= {"KC302", "KC515"}
    assert sarif["originalUriBaseIds"]["PLANROOT"]["uri"] == broken.resolve().as_uri() + "/"

    rules = {rule["id"]: rule for rule in sarif["tool"]["driver"]["rules"]}
    assert [rule["id"] for rule in sarif["tool"]["driver"]["rules"]] == sorted(rules)
    assert rules["KC302"]["shortDescription"]["text"] == \
        "dimensi '…' tidak ada dalam katalog …"
    assert rules["KC302"]["defaultConfiguration"]["level"] == "error"
    assert rules["KC515"]["help"]["text"].startswith("Jika perubahan disepakati")

    unknown = next(r for r in sarif["results"] if r["ruleId"] == "KC302")
    assert unknown["message"]["text"] == \
        "dimensi 'governanse, ok' tidak ada dalam katalog kominfo-2017"
    assert unknown["properties"]["hint"].startswith("Mungkin maksud Anda 'governance'?")
    assert sarif["results"][unknown["ruleIndex"]] is not None
    waived = next(r for r in sarif["results"] if r["ruleId"] == "KC515")
    assert waived["suppressions"] == [
        {"kind": "inSource", "justification": "Perubahan disepakati, menunggu tanda tangan ulang"}]


def test_sarif_of_a_clean_stage_has_no_results_and_speaks_english(tmp_path: Path) -> None:
    run = run_cli("stage", "check", "1", EXAMPLE, "--format", "sarif", "--lang", "en")
    assert run.exit_code == 0, run
    log = json.loads(run.stdout)
    jsonschema.Draft4Validator(json.loads(SARIF_SCHEMA.read_text("utf-8"))).validate(log)
    assert log["runs"][0]["language"] == "en"
    assert all(r["level"] == "note" for r in log["runs"][0]["results"])


def test_github_annotations_sit_on_the_lines_from_the_repository_root(broken: Path) -> None:
    run = run_cli("check", "rencana", "--format", "github", cwd=broken.parent)
    assert run.exit_code == 1, run
    *annotations, summary = run.stdout.splitlines()
    assert summary.startswith("1 galat, "), run
    assert len(annotations) == len(text_locations(broken))
    pattern = re.compile(r"^::(error|warning|notice) file=rencana/[^,]+,line=\d+,col=\d+,"
                         r"title=KC\d{3}::")
    assert all(pattern.match(line) for line in annotations), annotations
    unknown = next(line for line in annotations if "title=KC302" in line)
    # the plan's comma and the hint's line break are escaped, never taken for syntax
    assert "dimensi 'governanse, ok' tidak ada" in unknown
    assert "%0AMungkin maksud Anda 'governance'?" in unknown
    waived = next(line for line in annotations if "title=KC515" in line)
    assert waived.startswith("::notice ") and "Perubahan disepakati" in waived
    assert run.stderr == "", run


def test_github_property_values_are_escaped(tmp_path: Path) -> None:
    plan = tmp_path / "a,b:c"
    shutil.copytree(EXAMPLE, plan, ignore=shutil.ignore_patterns("build"))
    run = run_cli("check", plan.name, "--format", "github", cwd=tmp_path)
    assert run.exit_code == 0, run
    assert run.stdout.startswith("::notice file=a%2Cb%3Ac/1-analisis/profil.yaml,line=")


def test_a_file_name_that_is_not_utf8_keeps_its_bytes_in_sarif(tmp_path: Path) -> None:
    plan = tmp_path / "rencana"
    shutil.copytree(EXAMPLE, plan, ignore=shutil.ignore_patterns("build"))
    odd = os.fsencode(plan / "2-perumusan") + b"/program-\xff.yaml"
    with open(odd, "wb") as file:
        file.write(b"versi_skema: 1\nprogram: 5\n")
    run = run_cli("check", plan, "--format", "sarif")
    assert run.exit_code == 1 and "Traceback" not in run.stderr, run
    uris = [r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            for r in json.loads(run.stdout)["runs"][0]["results"]]
    assert "2-perumusan/program-%FF.yaml" in uris
