"""The speed of the PDF and Word books, for `make bench`: kotacerdas building them from the
Batam example and from 1,000 programmes, beside the tools a user would compare it with.

`book_figures` times, with `scripts/bench.py`'s ``measure`` (one warm-up, then the median
of ``repeats`` runs, with peak memory):

- `build --format pdf`, `--format docx` and `--format all` on the four books of the Batam
  example (a copy without its yearly reports), and `--format pdf --pdf-engine chromium`
  where Chromium is installed; `pdf` and `docx` on the example as it is, whose two
  reported years add two monitoring books;
- `build --format docx` with an empty cache folder every run (the charts drawn afresh);
- `build --format docx` and `--format pdf` on 1,000 programmes (fewer runs: a PDF of that
  plan takes most of a minute), and for the PDF once more the memory of all its
  processes together (`tree_peak_mb`);
- as peers, where installed: headless Chromium printing the same four HTML books to PDF
  one after the other, and pandoc (the Debian package) converting them to DOCX.

Each of ours carries its target (``target_s``, ``target_mb``); each peer the row of ours it
is compared with (``compared_with``) and the ratio of the medians (``ratio``).

Run on its own (`python scripts/bench_books.py`) it prints the figures, writing its
workloads under build/bench/books.
"""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Callable
from pathlib import Path

TARGETS_S = {"books-batam-pdf": 6.0, "books-batam-docx": 2.0, "books-batam-all": 8.0,
             "books-1000-docx": 15.0, "books-1000-pdf": 60.0}
PEAK_TARGET_MB = 600
BOOKS = ("0-ringkasan-eksekutif", "1-analisis-strategis", "2-masterplan", "3-quick-win")
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu",
                  "--disable-background-networking", "--disable-component-update",
                  "--disable-sync", "--no-first-run", "--disable-quic", "--no-pdf-header-footer",
                  "--generate-pdf-document-outline"]


def book_figures(measure: Callable[..., dict], kotacerdas: str, batam: Path, plan_1000: Path,
                 work: Path, repeats: int) -> dict[str, dict]:
    """Time the PDF and Word books and their peers; returns ``{key: measure's row}``."""
    work.mkdir(parents=True, exist_ok=True)
    results: dict[str, dict] = {}

    def build(key: str, name: str, plan: Path, formats: str, runs: int, *extra: str,
              cold: bool = False) -> None:
        out = work / key
        shutil.rmtree(out, ignore_errors=True)
        command = [kotacerdas, "build", str(plan), "--format", formats, "--out", str(out),
                   *extra]
        row = measure(name, command, runs, cold=cold)
        if key in TARGETS_S:
            row["target_s"] = TARGETS_S[key]
        row["target_mb"] = PEAK_TARGET_MB
        results[key] = row

    four = _without_reports(batam, work / "batam-four-books")
    build("books-batam-pdf", "kotacerdas build pdf (Batam, 4 books)", four, "pdf", repeats)
    build("books-batam-docx", "kotacerdas build docx (Batam, 4 books)", four, "docx", repeats)
    build("books-batam-docx-cold", "kotacerdas build docx (Batam, 4 books), empty cache", four,
          "docx", repeats, cold=True)
    build("books-batam-all", "kotacerdas build all formats (Batam, 4 books)", four, "all",
          repeats)
    build("books-batam-pdf-reports", "kotacerdas build pdf (Batam, 4 books + 2 reports)",
          batam, "pdf", repeats)
    build("books-batam-docx-reports", "kotacerdas build docx (Batam, 4 books + 2 reports)",
          batam, "docx", repeats)
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium:
        build("books-batam-pdf-chromium", "kotacerdas build pdf, Chromium engine (Batam)",
              four, "pdf", repeats, "--pdf-engine", "chromium")
    few = max(1, repeats // 3)
    build("books-1000-docx", "kotacerdas build docx (1000)", plan_1000, "docx", few)
    build("books-1000-pdf", "kotacerdas build pdf (1000)", plan_1000, "pdf", few)
    together = tree_peak_mb([kotacerdas, "build", str(plan_1000), "--format", "pdf", "--out",
                             str(work / "books-1000-pdf")])
    if together is not None:
        results["books-1000-pdf"]["all_processes_mb"] = together

    html = work / "batam-html"
    shutil.rmtree(html, ignore_errors=True)
    measure("kotacerdas build html (Batam, the peers' input)",
            [kotacerdas, "build", str(four), "--format", "html", "--out", str(html)], 1)
    pages = [html / f"{book}.html" for book in BOOKS]
    if chromium:
        profile, printed = work / "chromium-profile", work / "chromium-pdf"
        printed.mkdir(exist_ok=True)
        script = "; ".join(
            " ".join([_quoted(chromium), *CHROMIUM_FLAGS, f"--user-data-dir={_quoted(profile)}",
                      f"--print-to-pdf={_quoted(printed / (page.stem + '.pdf'))}",
                      _quoted(page.as_uri()), "2>/dev/null"])
            for page in pages)
        results["peer-chromium-pdf"] = _peer(
            measure("chromium --print-to-pdf (Batam, 4 HTML books)", ["sh", "-c", script],
                    repeats), results["books-batam-pdf"])
    pandoc = shutil.which("pandoc")
    if pandoc:
        converted = work / "pandoc-docx"
        converted.mkdir(exist_ok=True)
        script = "; ".join(f"{_quoted(pandoc)} -f html -t docx -o "
                           f"{_quoted(converted / (page.stem + '.docx'))} {_quoted(page)}"
                           for page in pages)
        results["peer-pandoc-docx"] = _peer(
            measure("pandoc html -> docx (Batam, 4 HTML books)", ["sh", "-c", script],
                    repeats, cwd=html), results["books-batam-docx"])
    return results


def tree_peak_mb(command: list[str]) -> float | None:
    """The most memory ``command`` and every process it starts hold at once (the sum of
    their proportional set sizes, sampled five times a second; Linux only): the peak
    column is the largest single process, which a build on every core understates."""
    import subprocess
    import time

    if not Path("/proc/self/smaps_rollup").exists():
        return None
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    peak = 0
    while child.poll() is None:
        peak = max(peak, sum(_pss_kb(pid) for pid in _descendants(child.pid)))
        time.sleep(0.2)
    return round(peak / 1024, 1)


def _descendants(root: int) -> list[int]:
    parents: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            parents.setdefault(int(fields[1]), []).append(int(entry.name))
    found = [root]
    for pid in found:
        found.extend(parents.get(pid, []))
    return found


def _pss_kb(pid: int) -> int:
    try:
        lines = Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()
    except OSError:
        return 0
    return next((int(line.split()[1]) for line in lines if line.startswith("Pss:")), 0)


def _without_reports(batam: Path, folder: Path) -> Path:
    """The example without its yearly reports: the four books of the masterplan alone, as
    the targets count them (the example as it is adds a monitoring book for each of its
    two reported years)."""
    shutil.rmtree(folder, ignore_errors=True)
    shutil.copytree(batam, folder, ignore=shutil.ignore_patterns("build", "5-pelaksanaan"))
    return folder


def _peer(row: dict, ours: dict) -> dict:
    row["compared_with"] = ours["name"]
    row["ratio"] = round(row["median_s"] / ours["median_s"], 2) if ours["median_s"] else None
    return row


def _quoted(value: object) -> str:
    import shlex

    return shlex.quote(str(value))


def table(results: dict[str, dict]) -> str:
    lines = [f"{'command':<52}{'median s':>9}{'min s':>8}{'peak MB':>9}  target / ratio"]
    for row in results.values():
        note = ""
        if "target_s" in row:
            ok = row["median_s"] <= row["target_s"] and row["peak_mb"] <= row["target_mb"]
            note = (f"≤ {row['target_s']:g} s, ≤ {row['target_mb']} MB "
                    f"{'ok' if ok else 'MISSED'}")
        elif "ratio" in row:
            note = f"{row['ratio']}× {row['compared_with']}"
        if "all_processes_mb" in row:
            note += f"; all processes together {row['all_processes_mb']:g} MB"
        lines.append(f"{row['name']:<52}{row['median_s']:>9.2f}{row['min_s']:>8.2f}"
                     f"{row['peak_mb']:>9.1f}  {note}")
    return "\n".join(lines)


def main() -> None:
    here = Path(__file__).resolve().parent
    sys.path.insert(0, str(here))
    from bench import KOTACERDAS, REPEATS, ROOT, machine, measure
    from bench_workload import programmes, write_plan

    work = ROOT / "build" / "bench" / "books"
    shutil.rmtree(work, ignore_errors=True)
    plan = write_plan(work / "plan-1000", programmes(1000))
    repeats = int(os.environ.get("BENCH_REPEATS", REPEATS))
    results = book_figures(measure, str(KOTACERDAS), ROOT / "examples" / "batam-2022", plan,
                           work, repeats)
    info = machine()
    print(f"\nmachine: {info['cores']} cores, {info['memory']}, {info['cpu']}, "
          f"Python {info['python']}; median of {repeats} after one warm-up")
    print(table(results))


if __name__ == "__main__":
    main()
