"""`make bench`: wall time and peak memory of kotacerdas beside its peer tools.

Generates synthetic plans of 1,000 and 10,000 programmes (stages 1 to 3, valid, split over
files like a real plan) and runs the installed `kotacerdas` console script on them as a
user would (`--help`, `check`, `status`, `coverage`, `build`), several times each. The
same 1,000 programmes are shaped for Doorstop (one YAML item each), MkDocs (six Markdown
pages of tables) and StrictDoc (one .sdoc), which run from a throwaway virtual
environment under build/bench/peers. Prints one table and writes the figures to
build/bench/results.json.

Every command gets one untimed warm-up run, then the median of the timed runs is kept.
Bytecode caching is left on for every tool, as on a user's machine, and so is
kotacerdas's cache folder, which the warm-up fills as a city's earlier check does;
the "empty cache" rows empty it before every run instead.
"""

from __future__ import annotations

import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from bench_books import book_figures  # noqa: E402
from bench_books import table as books_table  # noqa: E402
from bench_git import git_figures  # noqa: E402
from bench_monitor import monitor_figures  # noqa: E402
from bench_sheets import sheet_figures  # noqa: E402
from bench_workload import (  # noqa: E402
    programmes,
    write_doorstop,
    write_mkdocs,
    write_plan,
    write_strictdoc,
)

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "build" / "bench"
EXAMPLE = ROOT / "examples" / "batam-2022"
WORK = OUT / "work"
PEERS = OUT / "peers"
KOTACERDAS = Path(sys.executable).parent / "kotacerdas"
REPEATS = int(os.environ.get("BENCH_REPEATS", "5"))
TARGETS = {"help": 0.15, "check-1000": 0.4, "check-10000": 3.0, "build-1000": 1.0,
           "coverage-10000": 2.0, "diff-1000": 1.0, "export-xlsx-batam": 0.6,
           "import-xlsx-batam": 0.6, "export-xlsx-1000": 3.0, "import-xlsx-1000": 3.0,
           "check-1000-reported": 2.0, "monitor-1000": 2.0, "build-1000-reported": 2.0}
#: `--format sarif` may add at most this share to `check`.
SARIF_OVERHEAD_TARGET = 0.10
MONITORING_BOOKS_TARGET = 2.0
PEAK_TARGET_MB = 300


def machine() -> dict[str, object]:
    """Cores, memory, processor and Python version of the machine the figures come from."""
    memory = cpu = ""
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemTotal:"):
            memory = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    return {"cores": os.cpu_count(), "memory": memory, "cpu": cpu,
            "python": platform.python_version(), "system": platform.platform()}


def _environment(cold: bool) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    if cold:  # an empty cache folder: every plan file is parsed, every template compiled
        folder = OUT / "cold-cache"
        shutil.rmtree(folder, ignore_errors=True)
        env["XDG_CACHE_HOME"] = str(folder)
    return {**env, "LANG": "C.UTF-8", "NO_COLOR": "1"}


def run_once(command: list[str], cwd: Path | None = None, expect: int = 0,
             cold: bool = False) -> tuple[float, float, int]:
    """Wall seconds, peak resident memory (MB) and exit code of one run of ``command``."""
    env = _environment(cold)
    started = time.perf_counter()
    child = subprocess.Popen(command, cwd=cwd, env=env,
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - started
    child.returncode = os.waitstatus_to_exitcode(status)
    stderr = child.stderr.read().decode("utf-8", "replace") if child.stderr else ""
    child.stderr and child.stderr.close()
    if child.returncode != expect:
        print(f"  ! {' '.join(command[:3])} exited {child.returncode}: {stderr[-300:]}")
    return seconds, usage.ru_maxrss / 1024, child.returncode


def measure(name: str, command: list[str], repeats: int, cwd: Path | None = None,
            expect: int = 0, cold: bool = False) -> dict:
    """Warm up once, then time ``repeats`` runs; keep the median, minimum and peak memory.

    ``cold`` runs each time with an empty cache folder, as the very first check does.
    """
    print(f"  {name} ...", flush=True)
    run_once(command, cwd, expect, cold)
    runs = [run_once(command, cwd, expect, cold) for _ in range(repeats)]
    times = [seconds for seconds, _, _ in runs]
    return {"name": name, "command": " ".join(str(c) for c in command), "runs": len(runs),
            "median_s": round(statistics.median(times), 3), "min_s": round(min(times), 3),
            "peak_mb": round(max(mb for _, mb, _ in runs), 1),
            "exit_codes": sorted({code for _, _, code in runs})}


def ensure_peers() -> Path:
    """The throwaway virtual environment holding Doorstop, MkDocs and StrictDoc."""
    bin_dir = PEERS / "bin"
    if not all((bin_dir / tool).exists() for tool in ("doorstop", "mkdocs", "strictdoc")):
        print("installing doorstop, mkdocs and strictdoc into build/bench/peers ...")
        subprocess.run([sys.executable, "-m", "venv", "--clear", str(PEERS)], check=True)
        subprocess.run([bin_dir / "python", "-m", "pip", "install", "--quiet", "doorstop",
                        "mkdocs", "strictdoc"], check=True)
    return bin_dir


def prepare() -> dict[str, Path]:
    """Fresh workloads under build/bench/work."""
    shutil.rmtree(WORK, ignore_errors=True)
    small, large = programmes(1000), programmes(10_000)
    typo = write_plan(WORK / "plan-1000-typo", small) / "3-finalisasi/rencana-aksi-living.yaml"
    typo.write_text(typo.read_text("utf-8").replace("    opd:", "    opdd:", 1), "utf-8")
    return {
        "plan-1000": write_plan(WORK / "plan-1000", small),
        "plan-1000-typo": typo.parents[1],
        "plan-10000": write_plan(WORK / "plan-10000", large),
        "doorstop": write_doorstop(WORK / "doorstop-1000", small),
        "mkdocs": write_mkdocs(WORK / "mkdocs-1000", small),
        "strictdoc": write_strictdoc(WORK / "strictdoc-1000", small),
    }


def ours(work: dict[str, Path]) -> dict[str, dict]:
    cli = [str(KOTACERDAS)]
    python = [sys.executable, "-c"]
    results = {
        # How fast this machine starts Python and imports Typer, beside `--help`.
        "python-start": measure("python -c pass", python + ["pass"], REPEATS + 2),
        "import-typer": measure("python -c 'import typer'", python + ["import typer"],
                                REPEATS + 2),
        "help": measure("kotacerdas --help", cli + ["--help"], REPEATS + 2),
    }
    results["check-1000-typo"] = measure(
        "kotacerdas check (1000, one typo)", cli + ["check", str(work["plan-1000-typo"])],
        REPEATS, expect=1)
    for size in ("1000", "10000"):
        plan = work[f"plan-{size}"]
        results[f"check-{size}-cold"] = measure(
            f"kotacerdas check ({size}, empty cache)", cli + ["check", str(plan)],
            REPEATS if size == "1000" else max(1, REPEATS // 2), cold=True)
        results[f"check-{size}"] = measure(f"kotacerdas check ({size})",
                                           cli + ["check", str(plan)], REPEATS)
        for verb in ("status", "coverage"):
            results[f"{verb}-{size}"] = measure(f"kotacerdas {verb} ({size})",
                                                cli + [verb, str(plan)], REPEATS)
        results[f"build-{size}"] = measure(
            f"kotacerdas build md+html ({size})",
            cli + ["build", str(plan), "--out", str(WORK / f"books-{size}")],
            REPEATS if size == "1000" else max(1, REPEATS // 2))
    results.update(git_figures(measure, str(KOTACERDAS), work["plan-1000"], WORK, REPEATS))
    results.update(monitor_figures(measure, str(KOTACERDAS), WORK, REPEATS))
    results.update(sheet_figures(measure, str(KOTACERDAS), EXAMPLE, work["plan-1000"], WORK,
                                 REPEATS))
    return results


def peers(work: dict[str, Path], bin_dir: Path) -> dict[str, dict]:
    repeats = max(1, REPEATS // 2)
    doorstop, mkdocs, strictdoc = work["doorstop"], work["mkdocs"], work["strictdoc"]
    return {
        "doorstop-validate": measure("doorstop (validate)", [str(bin_dir / "doorstop")],
                                     repeats, cwd=doorstop),
        "doorstop-publish": measure(
            "doorstop publish html", [str(bin_dir / "doorstop"), "publish", "all",
                                      str(WORK / "doorstop-html"), "--html"], repeats,
            cwd=doorstop),
        "mkdocs-build": measure("mkdocs build", [str(bin_dir / "mkdocs"), "build", "-q", "-d",
                                                 str(WORK / "mkdocs-site")], repeats, cwd=mkdocs),
        "strictdoc-export": measure(
            "strictdoc export html", [str(bin_dir / "strictdoc"), "export", "--formats=html",
                                      "--output-dir", str(WORK / "strictdoc-html"),
                                      str(strictdoc)], repeats),
    }


RATIOS = (("doorstop-validate", "check-1000"), ("doorstop-publish", "build-1000"),
          ("mkdocs-build", "build-1000"), ("strictdoc-export", "build-1000"))


def table(info: dict, mine: dict, theirs: dict) -> str:
    """The figures as a plain-text table, with targets and ratios."""
    lines = [f"machine: {info['cores']} cores, {info['memory']}, {info['cpu']}, "
             f"Python {info['python']}, {info['system']}",
             f"runs: median of {REPEATS} after one warm-up (10,000: fewer); peak = max RSS",
             "", f"{'command':<38}{'median s':>10}{'min s':>8}{'peak MB':>9}  target"]
    for key, row in mine.items():
        target = TARGETS.get(key)
        verdict = "" if target is None else (
            f"≤ {target:g} s {'ok' if row['median_s'] <= target else 'MISSED'}")
        lines.append(f"{row['name']:<38}{row['median_s']:>10.3f}{row['min_s']:>8.3f}"
                     f"{row['peak_mb']:>9.1f}  {verdict}")
    sarif = mine["check-1000-sarif"]["median_s"] / mine["check-1000-beside-sarif"]["median_s"] - 1
    verdict = "ok" if sarif <= SARIF_OVERHEAD_TARGET else "MISSED"
    lines.append(f"--format sarif adds {sarif:+.0%} to check (1000), target ≤ "
                 f"{SARIF_OVERHEAD_TARGET:.0%} {verdict}")
    books = mine["build-1000-reported"]["median_s"] - mine["build-1000"]["median_s"]
    lines.append(f"the ten monitoring books with their stage-5 check (build with reports "
                 f"less build without, 1000): {books:.2f} s, target ≤ "
                 f"{MONITORING_BOOKS_TARGET:g} s "
                 f"{'ok' if books <= MONITORING_BOOKS_TARGET else 'MISSED'}")
    peak = max(mine[key]["peak_mb"] for key in ("check-10000", "check-10000-cold"))
    lines.append(f"peak memory at 10,000 (check, either cache): {peak:.0f} MB, "
                 f"target ≤ {PEAK_TARGET_MB} MB "
                 f"{'ok' if peak <= PEAK_TARGET_MB else 'MISSED'}")
    sheets = max(row["peak_mb"] for key, row in mine.items() if "xlsx" in key)
    lines.append(f"peak memory of export and import xlsx: {sheets:.0f} MB, target ≤ "
                 f"{PEAK_TARGET_MB} MB {'ok' if sheets <= PEAK_TARGET_MB else 'MISSED'}")
    lines += ["", "peers on the same 1,000 programmes:",
              f"{'command':<38}{'median s':>10}{'min s':>8}{'peak MB':>9}  ratio"]
    for peer, own in RATIOS:
        row, base = theirs[peer], mine[own]
        ratio = row["median_s"] / base["median_s"] if base["median_s"] else float("nan")
        lines.append(f"{row['name']:<38}{row['median_s']:>10.3f}{row['min_s']:>8.3f}"
                     f"{row['peak_mb']:>9.1f}  {ratio:.1f}× {base['name']}")
    return "\n".join(lines)


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    info = machine()
    bin_dir = ensure_peers()
    print("generating workloads ...")
    work = prepare()
    print("timing kotacerdas ...")
    mine = ours(work)
    print("timing peers ...")
    theirs = peers(work, bin_dir)
    print("timing the PDF and Word books ...")
    books = book_figures(measure, str(KOTACERDAS), EXAMPLE, work["plan-1000"], WORK / "books",
                         REPEATS)
    print()
    print(table(info, mine, theirs))
    print("\n" + books_table(books))
    results = {"machine": info, "repeats": REPEATS, "kotacerdas": mine, "peers": theirs,
               "books": books, "targets_s": TARGETS, "peak_target_mb": PEAK_TARGET_MB}
    (OUT / "results.json").write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(f"\nfigures written to {(OUT / 'results.json').relative_to(ROOT)}")


if __name__ == "__main__":
    main()
