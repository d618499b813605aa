"""The parse cache gives back exactly what parsing gives, and never a stale answer."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from kotacerdas import parse_cache
from kotacerdas.source_events import Unusual, compose

ITEM = "  - id: GOV-{n:03d}\n    nama: Program {n}\n    mulai: 2023-01-{d:02d}\n    nilai: {n}.5\n"


def big_text(items: int = 1500, extra: str = "") -> str:
    body = "".join(ITEM.format(n=n, d=n % 28 + 1) for n in range(items))
    return f"versi_skema: 1\nprogram:\n{body}{extra}"


@pytest.fixture
def cache_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    return tmp_path / "kotacerdas" / "yaml"


def counting(calls: list[str]):
    def parse(text: str):
        calls.append(text)
        return compose(text)
    return parse


def test_a_second_read_comes_from_the_cache_and_equals_the_parse(cache_home: Path) -> None:
    calls: list[str] = []
    text = big_text()
    first = parse_cache.cached(text, counting(calls), Unusual)
    second = parse_cache.cached(text, counting(calls), Unusual)
    assert len(calls) == 1 and len(list(cache_home.glob("*.json"))) == 1
    assert second == first == compose(text)
    assert second["program"][3]["mulai"] == date(2023, 1, 4)


def test_an_edited_text_is_parsed_again(cache_home: Path) -> None:
    calls: list[str] = []
    parse_cache.cached(big_text(), counting(calls), Unusual)
    edited = big_text(extra="  - id: GOV-999\n    nama: Baru\n")
    assert parse_cache.cached(edited, counting(calls), Unusual)["program"][-1]["id"] == "GOV-999"
    assert len(calls) == 2


def test_small_files_are_cached_too(cache_home: Path) -> None:
    calls: list[str] = []
    for _ in range(2):
        found = parse_cache.cached("versi_skema: 1\n", counting(calls), Unusual)
        assert found == {"versi_skema": 1}
    assert len(calls) == 1


@pytest.mark.parametrize("extra", ["  - {1: angka sebagai kunci}\n", '  - {"\\0date": x}\n'])
def test_data_json_cannot_give_back_is_not_stored(cache_home: Path, extra: str) -> None:
    text = big_text(extra=extra)
    assert parse_cache.cached(text, compose, Unusual) == compose(text)
    assert not list(cache_home.glob("*.json"))


def test_a_damaged_entry_means_parsing_as_usual(cache_home: Path) -> None:
    text = big_text()
    parse_cache.cached(text, compose, Unusual)
    (entry,) = cache_home.glob("*.json")
    entry.write_text("{ rusak", "utf-8")
    assert parse_cache.cached(text, compose, Unusual) == compose(text)


def test_old_entries_are_pruned(cache_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parse_cache, "MAX_ENTRIES", 2)
    for n in range(4):
        parse_cache.cached(big_text(extra=f"# {n}\n"), compose, Unusual)
    assert len(list(cache_home.glob("*.json"))) == 2


def test_no_home_folder_is_made_up_for_the_cache(tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    from kotacerdas.resources import cache_folder

    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path / "tiada"))
    assert cache_folder("yaml") is None
    assert parse_cache.cached("a: 1\n", compose, Unusual) == {"a": 1}
    assert not (tmp_path / "tiada").exists()
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "dibuat"))  # made, as XDG asks
    assert cache_folder("yaml") == tmp_path / "dibuat" / "kotacerdas" / "yaml"
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.delenv("XDG_CACHE_HOME")
    assert cache_folder("yaml") == tmp_path / ".cache" / "kotacerdas" / "yaml"
