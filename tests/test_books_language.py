"""Plan text inside an English book is marked as Indonesian (`lang="id"`), and nothing else
is: a screen reader reads each part in its own language, and print hyphenates it so."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from lxml import html as lxml_html

from tests.conftest import EXAMPLE, run_cli
from tests.regen_golden import KABUPATEN

PLANS = {"batam": EXAMPLE, "kabupaten": KABUPATEN}


@pytest.fixture(scope="module")
def english(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("english")
    for name, plan in PLANS.items():
        run = run_cli("build", plan, "--format", "html", "--lang", "en", "--out", out / name)
        assert run.exit_code == 0, run
    return {name: out / name for name in PLANS}


def _plan_sentences(plan: Path) -> set[str]:
    """Every text of the plan with at least three words: names, descriptions, reasons."""
    found: set[str] = set()

    def walk(value: Any) -> None:
        if isinstance(value, dict):
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)
        elif isinstance(value, str) and len(value.split()) >= 3:
            found.add(" ".join(value.split()))

    for path in plan.rglob("*.yaml"):
        if ".kotacerdas" not in path.parts:
            walk(yaml.safe_load(path.read_text("utf-8")))
    return found


def _text_nodes(page: Path) -> list[tuple[str, str | None]]:
    """Each piece of visible text in ``page``, with the language it is marked in."""
    tree = lxml_html.fromstring(page.read_bytes())
    found = []
    for element in tree.iter():
        if not isinstance(element.tag, str) or element.tag in ("style", "title", "script"):
            continue
        for text, owner in ((element.text, element), (element.tail, element.getparent())):
            if text and text.strip() and owner is not None:
                language = next((e.get("lang") for e in owner.iterancestors()
                                 if e.get("lang")), None)
                found.append((" ".join(text.split()), owner.get("lang") or language))
    return found


@pytest.mark.parametrize("name", PLANS)
def test_plan_text_in_an_english_book_is_marked_indonesian(
        english: dict[str, Path], name: str) -> None:
    sentences = _plan_sentences(PLANS[name])
    pages = sorted(english[name].glob("*.html"))
    marked = 0
    for page in pages:
        for text, language in _text_nodes(page):
            if text in sentences:
                assert language == "id", (page.name, text)
                marked += 1
    assert marked > 100


@pytest.mark.parametrize("name", PLANS)
def test_the_books_own_words_stay_english(english: dict[str, Path], name: str) -> None:
    page = english[name] / "2-masterplan.html"
    tree = lxml_html.fromstring(page.read_bytes())
    assert tree.get("lang") == "en"
    for heading in tree.iter("h1", "h2", "th", "caption"):
        assert not any(e.get("lang") == "id" for e in heading.iterancestors()), heading.text
    spans = [e for e in tree.iter() if e.get("lang") == "id"]
    assert {e.tag for e in spans} <= {"span", "div", "text"}


def test_an_indonesian_book_carries_no_marks() -> None:
    page = (Path(__file__).parent / "golden" / "batam-2022" / "2-masterplan.html").read_text()
    assert '<html lang="id"' in page
    assert '<span lang="id">' not in page and '<div lang="id">' not in page
