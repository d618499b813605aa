"""The monitoring book's data: one report per year that has a realisation file.

Each report holds its year's figures (`kotacerdas.monitoring`, the same `monitor`
prints) and, for its trend, those of every year reported up to it. Plain data, as the
rest of the book context, so that the sandboxed renderer gets it too.
"""

from __future__ import annotations

from typing import Any

from kotacerdas.diagnostics import CheckResult
from kotacerdas.formatting import number_formats
from kotacerdas.model.implementation import AS_PLANNED
from kotacerdas.monitoring import INDICATOR_STATES, STATES, Item, Monitor, year_figures
from kotacerdas.plan import Plan
from kotacerdas.progress import Ledger

#: Plain view-model data: what the templates read.
Data = dict[str, Any]

#: The report's chapters, in order: templates under ``<family>/laporan/``.
CHAPTERS = ("ringkasan", "anggaran", "indikator", "program", "quick_win", "kendala",
            "evaluasi")
#: The file a year's report is written to, without its format's suffix.
FILE = "laporan-pemantauan-{tahun}"


def reports(plan: Plan, language: str, dimensions: list[Data], sources: list[str]) -> list[Data]:
    """The data of every year's report, oldest first; none without a realisation file.

    ``dimensions`` are the book context's (id, name); ``sources`` the funding sources in
    the order the books list them."""
    years = sorted(plan.realisations)
    if not years:
        return []
    ledger = Ledger(plan)
    result = CheckResult(language=language)
    found = {year: year_figures(plan, year, result, ledger) for year in years}
    names = {d["id"]: d["nama"] for d in dimensions}
    shown = Shown(number_formats(language))
    return [_report(ledger, [found[y] for y in years[: i + 1]], names, sources, shown)
            for i, _ in enumerate(years)]


class Shown:
    """Shares and scores as the book prints them (the charts get them written out)."""

    def __init__(self, formats: dict[str, Any]) -> None:
        self.formats = formats
        self._shares: dict[int, str] = {}

    def share(self, value: float | None) -> str:
        if value is None:
            return "—"
        permille = round(value * 1000)
        if permille not in self._shares:
            self._shares[permille] = self.formats["persen"](permille, 1000)
        return self._shares[permille]

    def score(self, value: float | None) -> str:
        return "—" if value is None else self.formats["angka"](value)


def _report(ledger: Ledger, upto: list[Monitor], names: dict[str, str],
            sources: list[str], shown: Shown) -> Data:
    year = upto[-1]
    dimensions = _dimensions(ledger, year, names)
    return {
        "tahun": year.year,
        "ringkasan": _summary(year),
        "anggaran_tahun": [_money_of_year(f, sources) for f in upto],
        "sumber": _sources_used(upto, sources),
        "indikator": _indicators(ledger, year, names, shown),
        "keadaan": [s for s in STATES if any(d["jumlah"][s] for d in dimensions)],
        "dimensi": dimensions,
        "quick_win": [_quick_win(item) for item in year.quick_wins],
        "kendala": _obstacles(ledger, year),
        "evaluasi": _evaluation(year, names),
        "tren": [_trend(f, shown) for f in upto],
    }


def _summary(year: Monitor) -> Data:
    programmes = [item for item in year.items if item.kind == "programme"]
    carried, reported = _carried(programmes)
    states = [{"status": s,
               "program": sum(1 for i in programmes if i.state == s),
               "quick_win": sum(1 for i in year.quick_wins if i.state == s)}
              for s in STATES if year.total.states[s]]
    return {"program": len(programmes), "quick_win": len(year.quick_wins), "keadaan": states,
            "anggaran": year.total.planned, "belanja": year.total.spent,
            "indikator": sum(year.total.indicators.values()),
            "capaian": [{"keadaan": s, "jumlah": year.total.indicators[s]}
                        for s in INDICATOR_STATES if year.total.indicators[s]],
            "terlaksana": carried, "dilaporkan": reported,
            "indeks": year.evaluation.index if year.evaluation else None,
            "skala": year.evaluation.scale if year.evaluation else None}


def _carried(programmes: list[Item]) -> tuple[int, int]:
    """Programmes carried out as planned (running or done), of those with a state."""
    reported = [item for item in programmes if item.state != "tanpa_laporan"]
    return sum(1 for item in reported if item.state in AS_PLANNED), len(reported)


def _money_of_year(year: Monitor, sources: list[str]) -> Data:
    return {"tahun": year.year, "anggaran": year.total.planned, "belanja": year.total.spent,
            "sumber": _money_by_source(year, sources)}


def _ordered(found: set[str] | list[str], sources: list[str]) -> list[str]:
    return sorted(found, key=lambda s: (sources.index(s) if s in sources else len(sources), s))


def _sources_used(upto: list[Monitor], sources: list[str]) -> list[str]:
    return _ordered({s for year in upto for s in year.by_source}, sources)


def _money_by_source(year: Monitor, sources: list[str]) -> list[Data]:
    return [{"sumber": s, "anggaran": year.by_source[s].planned,
             "belanja": year.by_source[s].spent}
            for s in _ordered(list(year.by_source), sources)]


def _indicators(ledger: Ledger, year: Monitor, names: dict[str, str],
                shown: Shown) -> list[Data]:
    rows = []
    for item in year.items:
        refs = ledger.indicators_of.get(item.id, {})
        for line in item.indicators:
            indicator = refs[line.id].indicator
            rows.append({"id": line.id, "nama": line.name, "program": item.id,
                         "dimensi": names.get(item.dimension, item.dimension),
                         "satuan": indicator.satuan, "baseline": indicator.baseline,
                         "target": line.target, "tahun_target": indicator.tahun_target,
                         "nilai": line.value, "kemajuan": line.progress,
                         "waktu": line.elapsed, "keadaan": line.state,
                         "kemajuan_teks": shown.share(line.progress),
                         "waktu_teks": shown.share(line.elapsed)})
    return rows


def _dimensions(ledger: Ledger, year: Monitor, names: dict[str, str]) -> list[Data]:
    """The programmes active in the year per dimension (quick wins have their own
    chapter), each dimension with its count per state."""
    found = []
    for dimension in year.by_dimension:
        mine = [item for item in year.items
                if item.kind == "programme" and (item.dimension or "—") == dimension]
        if mine:
            found.append({"id": dimension, "nama": names.get(dimension, dimension),
                          "jumlah": {s: sum(1 for i in mine if i.state == s) for s in STATES},
                          "program": [_programme(ledger, year.year, item) for item in mine]})
    return found


def _programme(ledger: Ledger, year: int, item: Item) -> Data:
    report = ledger.report(year, item.id)
    return {"id": item.id, "nama": item.name, "opd": item.agency, "status": item.state,
            "alasan": report.alasan if report else None}


def _quick_win(item: Item) -> Data:
    return {"id": item.id, "nama": item.name, "opd": item.agency, "status": item.state,
            "anggaran": sum(item.planned.values()), "belanja": sum(item.spent.values())}


def _obstacles(ledger: Ledger, year: Monitor) -> list[Data]:
    """Every programme and quick win whose report gives a reason, an obstacle or a note."""
    rows = []
    for item in year.items:
        report = ledger.report(year.year, item.id)
        if report and (report.alasan or report.kendala or report.catatan):
            rows.append({"id": item.id, "nama": item.name, "status": item.state,
                         "alasan": report.alasan, "kendala": report.kendala,
                         "catatan": report.catatan})
    return rows


def _evaluation(year: Monitor, names: dict[str, str]) -> Data | None:
    evaluation = year.evaluation
    if evaluation is None:
        return None
    return {"skala": evaluation.scale, "indeks": evaluation.index,
            "bobot_total": evaluation.weights_total,
            "aspek": [{"aspek": aspect, "bobot": evaluation.weights[aspect],
                       "nilai": evaluation.scores[aspect], "catatan": evaluation.notes.get(aspect)}
                      for aspect in evaluation.weights],
            "dimensi": [{"nama": names.get(d, d), "nilai": score}
                        for d, score in evaluation.dimensions.items()]}


def _trend(year: Monitor, shown: Shown) -> Data:
    carried, reported = _carried([i for i in year.items if i.kind == "programme"])
    index = year.evaluation.index if year.evaluation else None
    share = carried / reported if reported else None
    return {"tahun": year.year, "indeks": index,
            "skala": year.evaluation.scale if year.evaluation else None,
            "terlaksana": share, "indeks_teks": shown.score(index),
            "terlaksana_teks": shown.share(share)}
