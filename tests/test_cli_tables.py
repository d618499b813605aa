"""Terminal tables: plan text literally, and wrapped to fit a narrow terminal."""

from __future__ import annotations

import pytest

from kotacerdas.cli import tables


def test_plan_text_is_printed_literally() -> None:
    text = tables.draw("Judul [b]", ["A", "B"], [["[link=x]Klik[/link]", "Batam [/]"]])
    assert "[link=x]Klik[/link]" in text and "Batam [/]" in text
    assert text.splitlines()[0] == "Judul [b]"


def test_a_table_wider_than_the_terminal_wraps_its_widest_column(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tables, "_terminal_width", lambda: 40)
    long = "indikator yang panjang sekali dan tidak muat dalam satu baris terminal"
    text = tables.draw("", ["Id", "Indikator"], [["GOV-01", long]])
    assert max(len(line) for line in text.splitlines()) <= 40
    cells = [line.split("│")[2].strip() for line in text.splitlines() if line.startswith("│")]
    assert " ".join(cells) == long


def test_numbers_are_not_reformatted() -> None:
    text = tables.draw("", ["Tahun", "Rp"], [["2025", "1.500.000"], ["007", "1e3"]])
    assert "007" in text and "1e3" in text and "1.500.000" in text


def test_columns_line_up_around_wide_characters() -> None:
    text = tables.draw("", ["Nama", "Rp"], [["日本語の名前", "1.000"], ["Batam", "25.000"]],
                       align=("left", "right"))
    lines = text.splitlines()
    assert len({tables.width(line) for line in lines}) == 1  # every line as wide
    assert lines[3] == "│ 日本語の名前 │  1.000 │" and lines[4] == "│ Batam        │ 25.000 │"


def test_a_table_is_drawn_as_before_in_plain_ascii(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tables, "_can_draw_boxes", lambda: False)
    text = tables.draw("T", ["Tahun", "Rp"], [["2025", "1.500.000"]], align=("left", "right"))
    assert text.splitlines() == ["T", "+---------+-----------+".replace("-", "="),
                                 "| Tahun   |        Rp |", "+=========+===========+",
                                 "| 2025    | 1.500.000 |", "+---------+-----------+"]


def test_invisible_characters_and_tabs_keep_the_borders_in_line() -> None:
    text = tables.draw("", ["Nama", "X"], [["Cafe\u0301", "1"], ["a\u200bb", "2"],
                                           ["tab\tdi sini", "3"], ["polos", "4"]])
    lines = text.splitlines()
    assert len({tables.width(line) for line in lines}) == 1
    assert "│ tab di sini │ 3   │" in lines  # a tab cannot be lined up: it shows as a space


def test_on_a_narrow_terminal_the_headers_wrap_too(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tables, "_terminal_width", lambda: 34)
    headers = ["Indikator sesuai jalur", "Anggaran (Rp)"]
    text = tables.draw("", headers, [["GOV-01 layanan", "9.150.000.000"]], ("left", "right"))
    lines = text.splitlines()
    assert max(tables.width(line) for line in lines) <= 34
    header = [line for line in lines if line.startswith("┃")]
    assert len(header) > 1  # the header row took more than one line
    assert " ".join(" ".join(line.split("┃")[1].split()) for line in header).split() == \
        "Indikator sesuai jalur".split()
    assert any("9.150.000.000" in line for line in lines)  # an amount never splits
