"""A year's realisation as the rows of its workbook, and where each row is written.

The rows come from `realisasi-YYYY.yaml` as written; when the year has no such file yet,
from the text `stage scaffold 5 --year YYYY` would write, which the import then starts
the file from. One row per programme or quick win reported, one per spending line and
one per indicator value, each beside what the plan holds for it (the agency, the
year's budget for that source, the indicator's baseline and target).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from kotacerdas.indicator_ids import IndicatorRef
from kotacerdas.model.action import ActionPlan
from kotacerdas.plan import Plan
from kotacerdas.progress import Ledger
from kotacerdas.scaffold import yearly_files
from kotacerdas.source_events import compose
from kotacerdas.spreadsheet.layout import ACHIEVEMENTS, REPORTS, SPENDING
from kotacerdas.spreadsheet.reader import normal
from kotacerdas.spreadsheet.rows import PlanRow
from kotacerdas.stages import REALISATION

#: The lists of a realisation file and the key that names each entry's owner.
SECTIONS = (("program", "program"), ("quick_win", "quick_win"))


@dataclass
class YearRows:
    """The realisation of ``year``: its file, the text it has (or starts from), its rows."""

    year: int
    rel: str
    text: str
    exists: bool
    rows: dict[str, list[PlanRow]] = field(default_factory=dict)

    def agencies(self) -> list[str]:
        return sorted({str(row.values["agency"]) for row in self.rows[REPORTS.name]
                       if row.values["agency"]})

    def of_agency(self, agency: str) -> YearRows:
        """Only the rows of the programmes and quick wins ``agency`` leads."""
        wanted = normal(agency)
        kept = {name: [row for row in rows if normal(str(row.values["agency"] or "")) == wanted]
                for name, rows in self.rows.items()}
        return YearRows(self.year, self.rel, self.text, self.exists, kept)


def year_rows(plan: Plan, year: int) -> YearRows:
    """The rows of ``year``'s realisation (from its file, else from its scaffold)."""
    rel = plan.yearly_file(REALISATION, year)
    source = plan.files.get(rel)
    if source is not None:
        found = YearRows(year, rel, source.text, True)
        data = source.data
    else:
        text = yearly_files(plan, year, evaluation=False)[rel]
        found = YearRows(year, rel, text, False)
        data = compose(text)
    found.rows = _rows(Ledger(plan), year, rel, data)
    return found


def _rows(ledger: Ledger, year: int, rel: str, data: Any) -> dict[str, list[PlanRow]]:
    rows: dict[str, list[PlanRow]] = {sheet.name: [] for sheet in (REPORTS, SPENDING,
                                                                    ACHIEVEMENTS)}
    data = data if isinstance(data, dict) else {}
    for section, owner_key in SECTIONS:
        entries = data.get(section)
        for index, entry in enumerate(entries if isinstance(entries, list) else []):
            if not isinstance(entry, dict) or entry.get(owner_key) is None:
                continue
            owner = str(entry[owner_key])
            place = (rel, (section, index))
            rows["reports"].append(_report(ledger, owner, entry, place))
            agency = rows["reports"][-1].values["agency"]
            rows["spending"] += [
                _spending(ledger, year, owner, agency, line, (rel, (section, index, "belanja", n)))
                for n, line in enumerate(_list(entry, "belanja")) if isinstance(line, dict)]
            rows["achievements"] += [
                _achievement(ledger, owner, agency, value,
                             (rel, (section, index, "indikator", n)), n)
                for n, value in enumerate(_list(entry, "indikator")) if isinstance(value, dict)]
    return rows


def _list(entry: dict[str, Any], key: str) -> list[Any]:
    found = entry.get(key)
    return found if isinstance(found, list) else []


def _report(ledger: Ledger, owner: str, entry: dict[str, Any],
            place: tuple[str, tuple[Any, ...]]) -> PlanRow:
    holder = ledger.action_plans.get(owner) or ledger.quick_wins.get(owner)
    programme = ledger.programmes.get(owner)
    quick_win = ledger.quick_wins.get(owner)
    name = programme.nama if programme else quick_win.nama if quick_win else None
    evidence = entry.get("bukti")
    values = {"id": owner, "programme_name": name, "agency": holder.opd if holder else None,
              "state": entry.get("status"), "reason": entry.get("alasan"),
              "evidence": [str(item) for item in evidence] if isinstance(evidence, list)
              else [], "obstacles": entry.get("kendala"), "notes": entry.get("catatan")}
    return PlanRow(REPORTS, owner, values, {"report": place})


def _spending(ledger: Ledger, year: int, owner: str, agency: Any, line: dict[str, Any],
              place: tuple[str, tuple[Any, ...]]) -> PlanRow:
    source = line.get("sumber")
    values = {"programme": owner, "agency": agency, "source": source,
              "planned_amount": ledger.planned_in(owner, year).get(str(source)),
              "spent_amount": line.get("jumlah")}
    return PlanRow(SPENDING, f"{owner}.{place[1][-1]}", values, {"spending": place})


def _achievement(ledger: Ledger, owner: str, agency: Any, value: dict[str, Any],
                 place: tuple[str, tuple[Any, ...]], index: int) -> PlanRow:
    ident = value.get("id")
    ref = ledger.indicators_of.get(owner, {}).get(str(ident))
    indicator = ref.indicator if ref else None
    values = {"programme": owner, "agency": agency, "indicator_id": ident,
              "indicator_name": indicator.nama if indicator else None,
              "unit": indicator.satuan if indicator else None,
              "baseline": indicator.baseline if indicator else None,
              "target": indicator.target if indicator else None,
              "target_year": _due(ref) if ref else None, "value": value.get("nilai")}
    return PlanRow(ACHIEVEMENTS, f"{owner}.{index}", values, {"achievement": place})


def _due(ref: IndicatorRef) -> int:
    holder = ref.holder
    end = holder.tahun_selesai if isinstance(holder, ActionPlan) else holder.selesai.year
    return ref.indicator.tahun_target or end
