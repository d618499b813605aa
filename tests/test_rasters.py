"""Charts drawn as PNG and kept in the cache folder (`kotacerdas.render.formats.rasters`)."""

from __future__ import annotations

from pathlib import Path

import pytest

resvg_py = pytest.importorskip("resvg_py")

from kotacerdas.render.formats import rasters  # noqa: E402

CHART = ('<svg xmlns="http://www.w3.org/2000/svg" width="120" height="40">'
         '<rect width="60" height="20" fill="#1f3b73"/>'
         '<text x="4" y="34" font-family="Liberation Sans" font-size="12">Rp1,2 M</text></svg>')


@pytest.fixture()
def drawn(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> list[str]:
    """The sources resvg is asked to draw, with the cache in a folder of this test's own."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    asked: list[str] = []
    draw = resvg_py.svg_to_bytes

    def counted(**options: object) -> bytes:
        asked.append(str(options["svg_string"]))
        return draw(**options)

    monkeypatch.setattr(resvg_py, "svg_to_bytes", counted)
    return asked


def entries(tmp_path: Path) -> list[Path]:
    return sorted((tmp_path / "kotacerdas" / "png").glob("*.png"))


def test_a_chart_drawn_once_is_read_back_the_same(drawn: list[str], tmp_path: Path) -> None:
    first = rasters.png(CHART, 1.5)
    assert first.startswith(b"\x89PNG") and len(drawn) == 1 and len(entries(tmp_path)) == 1
    assert rasters.png(CHART, 1.5) == first and len(drawn) == 1
    assert rasters.png(CHART, 2.0) != first and len(drawn) == 2  # another zoom, another image
    assert rasters.png(CHART.replace("1,2", "1,3"), 1.5) != first and len(drawn) == 3


def test_a_damaged_entry_is_drawn_again(drawn: list[str], tmp_path: Path) -> None:
    first = rasters.png(CHART, 1.5)
    (entry,) = entries(tmp_path)
    entry.write_bytes(first[:40].replace(b"PNG", b"GIF"))
    assert rasters.png(CHART, 1.5) == first and len(drawn) == 2
    assert entry.read_bytes() == first


def test_without_a_cache_folder_charts_are_still_drawn(drawn: list[str], tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("not a folder", "utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocked))
    assert rasters.png(CHART, 1.5) == rasters.png(CHART, 1.5) and len(drawn) == 2


def test_the_cache_keeps_the_most_recent_entries(drawn: list[str], tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(rasters, "MAX_ENTRIES", 3)
    for amount in range(5):
        rasters.png(CHART.replace("1,2", f"{amount},0"), 1.0)
    assert len(entries(tmp_path)) == 3


def test_installing_a_font_changes_the_key(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    fonts = tmp_path / "fonts"
    (fonts / "truetype").mkdir(parents=True)
    monkeypatch.setattr(rasters, "_FONT_FOLDERS", (str(fonts),))
    before = rasters._fonts_state()
    (fonts / "truetype" / "baru").mkdir()
    assert rasters._fonts_state() != before


@pytest.mark.parametrize("damage", ["truncated", "flipped", "pipe", "folder"])
def test_an_entry_that_is_not_a_whole_png_is_drawn_again(drawn: list[str], tmp_path: Path,
                                                         damage: str) -> None:
    import os

    first = rasters.png(CHART, 1.5)
    (entry,) = entries(tmp_path)
    entry.unlink()
    if damage == "truncated":
        entry.write_bytes(first[: len(first) // 2])
    elif damage == "flipped":
        entry.write_bytes(first[:60] + bytes([first[60] ^ 0xFF]) + first[61:])
    elif damage == "pipe":  # never waited on
        os.mkfifo(entry)
    else:
        entry.mkdir()
    assert rasters.png(CHART, 1.5) == first and len(drawn) == 2


def test_a_whole_png_is_told_from_a_damaged_one() -> None:
    first = rasters.png(CHART, 1.0)
    assert rasters.whole_png(first)
    assert not rasters.whole_png(first[:-1]) and not rasters.whole_png(first + b"x")
    assert not rasters.whole_png(b"\x89PNG\r\n\x1a\n") and not rasters.whole_png(b"")


def test_an_entry_that_cannot_be_pruned_is_left(drawn: list[str], tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(rasters, "MAX_ENTRIES", 2)
    folder = tmp_path / "kotacerdas" / "png"
    folder.mkdir(parents=True)
    for name in ("a", "b", "c"):
        (folder / f"{name}.png").mkdir()  # not files: cannot be unlinked
    assert rasters.png(CHART, 1.5).startswith(b"\x89PNG") and len(entries(tmp_path)) >= 3


def test_a_relative_cache_home_is_ignored(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from kotacerdas import resources

    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("XDG_CACHE_HOME", "relatif")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    (tmp_path / "home").mkdir()
    resources._usable.cache_clear()
    assert resources.cache_folder("png") == tmp_path / "home" / ".cache" / "kotacerdas" / "png"
    assert not (tmp_path / "relatif").exists()
