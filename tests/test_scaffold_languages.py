"""The scaffolds exist in Indonesian and English, and differ only in their comments."""

from __future__ import annotations

from pathlib import Path

import pytest
from ruamel.yaml import YAML

from conftest import EXAMPLE, run_cli
from kotacerdas.commands.check import check_plan
from kotacerdas.render.scaffolding import render_tree
from kotacerdas.scaffold import Region, init_context, scaffold_context, scaffold_dir

PARTS = ["init", "stage-2", "stage-3", "stage-4"]
REGION = Region("Batam", "kota", "Kepulauan Riau", 2023, 2032, "21.71", "id")


def rendered(part: str, language: str) -> dict[str, str]:
    if part == "init":
        context = init_context(REGION)
    else:
        plan, _ = check_plan(EXAMPLE)
        context = scaffold_context(plan, int(part.removeprefix("stage-")))
    return render_tree(scaffold_dir(part, language), context)


def data(text: str) -> object:
    return YAML(typ="safe").load(text)


@pytest.mark.parametrize("part", PARTS)
def test_both_languages_write_the_same_files_and_data(part: str) -> None:
    indonesian, english = rendered(part, "id"), rendered(part, "en")
    assert sorted(english) == sorted(indonesian)
    for name, text in indonesian.items():
        expected, found = data(text), data(english[name])
        if name == "komitmen.yaml":  # its title and pledges are in the plan's language
            assert len(found["komitmen"].pop("pernyataan")) == len(
                expected["komitmen"].pop("pernyataan"))
            assert bool(found["komitmen"].pop("judul")) == bool(
                expected["komitmen"].pop("judul"))
        assert found == expected, name
        assert english[name] != text, f"{name} is not translated"


@pytest.mark.parametrize("part", PARTS)
def test_english_comments_carry_no_indonesian_prose(part: str) -> None:
    """Checked on the templates, since the plan's own text may be Indonesian."""
    for template in sorted(scaffold_dir(part, "en").rglob("*.j2")):
        lines = template.read_text("utf-8").splitlines()
        comments = " ".join(line for line in lines if line.lstrip().startswith("#"))
        for word in (" yang ", " dan ", "Tahap ", "Contoh", " untuk ", " setiap "):
            assert word not in comments, (template.name, word)


def test_an_english_plan_gets_english_comments(tmp_path: Path) -> None:
    root = tmp_path / "contoh"
    run = run_cli("init", root, "--name", "Contoh", "--province", "Jawa Barat", "--lang", "en")
    assert run.exit_code == 0, run
    assert "# Stage 1 · SWOT analysis" in (root / "1-analisis" / "swot.yaml").read_text("utf-8")
    assert "# Tahap 1" not in (root / "1-analisis" / "tim.yaml").read_text("utf-8")
    check = run_cli("stage", "check", "1", root)
    assert check.exit_code == 1 and "error[KC501]" in check.stdout, check
