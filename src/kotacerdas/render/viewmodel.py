"""The book context: a loaded plan turned into plain data (dicts, lists, text, numbers).

The context is JSON-serialisable so that the same data feeds the trusted renderer and
the sandboxed one in a subprocess. Dates stay ISO strings and money stays whole Rupiah;
templates format them with filters.
"""

from __future__ import annotations

from typing import Any, get_args

from kotacerdas.horizons import band_years
from kotacerdas.model.analysis import Swot
from kotacerdas.model.common import FundingSource
from kotacerdas.model.implementation import DEFAULT_WEIGHTS
from kotacerdas.plan import Plan
from kotacerdas.region import region_words
from kotacerdas.render import derived, totals
from kotacerdas.render.front_matter import front_matter

#: Plain view-model data: what the templates read.
Data = dict[str, Any]

SOURCES = list(get_args(FundingSource))
READINESS = ("struktur", "infrastruktur", "suprastruktur")


def plain(value: Any) -> Any:
    """A model (or list of models) as JSON-ready data, dates as ISO text."""
    if hasattr(value, "model_dump"):
        return value.model_dump(mode="json", exclude={"pengecualian"})
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value


def build_context(plan: Plan, language: str, generated: str | None) -> Data:
    """Everything the book templates show, computed once from ``plan``."""
    manifest = plan.manifest
    period = (manifest.periode.mulai, manifest.periode.selesai) if manifest else None
    bands = plan.horizon_bands()
    programmes = _programmes(plan, language, bands)
    dimensions = _dimensions(plan, language, programmes)
    context: Data = {
        "bahasa": language,
        "meta": _meta(plan, generated),
        "katalog": _catalog_title(plan, language),
        "dimensi": dimensions,
        "program": programmes,
        "jangka": bands,
        "heatmap": totals.heatmap(programmes, [d["id"] for d in dimensions]),
        "anggaran": totals.budget_table(
            [line for p in programmes for line in p["anggaran"]], SOURCES),
        "anggaran_dimensi": _budget_by_dimension(dimensions),
        "indikator_program": _indicators(dimensions),
        "bobot_evaluasi": dict(DEFAULT_WEIGHTS),
    }
    context.update(_analysis(plan))
    named = {d["id"]: d["nama"] for d in dimensions}
    for gap in context["kesenjangan"]:
        gap["dimensi_nama"] = named.get(gap["dimensi"], gap["dimensi"])
    context.update(_formulation(plan))
    context.update(_commitment(plan, programmes, named))
    context["tahun_peta"] = totals.roadmap_years(programmes, period)
    signed = (context["komitmen"] or {}).get("penandatangan", [])
    context.update(front_matter(plan, signed))
    return context


def _meta(plan: Plan, generated: str | None) -> Data:
    manifest = plan.manifest
    region = manifest.wilayah if manifest else None
    return {
        "nama": region.nama if region else plan.root.name,
        "jenis": region.jenis if region else "kota",
        "provinsi": region.provinsi if region else "",
        "mulai": manifest.periode.mulai if manifest else None,
        "selesai": manifest.periode.selesai if manifest else None,
        "dibuat": generated,
    }


def _catalog_title(plan: Plan, language: str) -> str:
    return plan.catalog.titles.get(language, plan.catalog.id) if plan.catalog else ""


def _names(plan: Plan, language: str) -> tuple[Data, dict[tuple[str, str], str]]:
    dims: Data = {}
    elements: dict[tuple[str, str], str] = {}
    for dim in plan.catalog.dimensions if plan.catalog else ():
        dims[dim.id] = dim
        for element in dim.elements:
            elements[(dim.id, element.id)] = element.name(language, _kind(plan))
    return dims, elements


def _programmes(plan: Plan, language: str, bands: list[Data]) -> list[Data]:
    actions = {entry.program: entry for entry in plan.action_entries}
    _, elements = _names(plan, language)
    return [_programme(p, actions.get(p.id), elements, bands) for p in plan.programmes]


def _programme(programme: Any, entry: Any, elements: dict[tuple[str, str], str],
               bands: list[Data]) -> Data:
    data: Data = plain(programme)
    data["elemen_nama"] = elements.get((programme.dimensi, programme.elemen or ""), "")
    data["batal"] = getattr(entry, "batal", None)
    data["rencana"] = None if entry is None or data["batal"] else plain(entry)
    budget = data["rencana"]["anggaran"] if data["rencana"] else []
    data["anggaran"] = budget
    data["total"] = totals.group_total(budget)
    data["rincian_anggaran"] = totals.programme_budget(budget, SOURCES)
    if data["rencana"]:
        data["tahun"] = [entry.tahun_mulai, entry.tahun_selesai]
    else:
        years = band_years(bands, programme.jangka)
        data["tahun"] = list(years) if years and not data["batal"] else None
    return data


def _dimensions(plan: Plan, language: str, programmes: list[Data]) -> list[Data]:
    dims, _ = _names(plan, language)
    used = [p["dimensi"] for p in programmes] + _swot_dimensions(plan)
    ids = list(dims) + [d for d in dict.fromkeys(used) if d not in dims]
    return [_dimension(plan, dims.get(d), d, language, programmes) for d in ids]


def _swot_dimensions(plan: Plan) -> list[str]:
    return [item.dimensi for _, item in plan.swot_items]


def _dimension(plan: Plan, dim: Any, dim_id: str, language: str, programmes: list[Any]) -> Data:
    mine = [p for p in programmes if p["dimensi"] == dim_id]
    elements = [{"id": e.id, "nama": e.name(language, _kind(plan)),
                 "program": [p for p in mine if p["elemen"] == e.id]}
                for e in (dim.elements if dim else ())]
    known = {e["id"] for e in elements}
    loose = [p for p in mine if p["elemen"] not in known]
    if loose:
        elements.append({"id": "", "nama": "", "program": loose})
    strategies = plan.strategies
    swot = _swot_of(plan, dim_id)
    return {
        "id": dim_id,
        "kode": dim.code if dim else dim_id.upper(),
        "nama": dim.names.get(language, dim_id) if dim else dim_id,
        "tujuan": dim.aims.get(language, "") if dim else "",
        "elemen": elements,
        "program": mine,
        "strategi": [plain(s) for s in strategies if s.dimensi == dim_id],
        "swot": swot,
        "sumber_swot": _sources([item for items in swot.values() for item in items]),
        "anggaran": sum(p["total"] for p in mine),
    }


def _swot_of(plan: Plan, dim_id: str) -> dict[str, list[Any]]:
    found: dict[str, list[Any]] = {q: [] for q in Swot.QUADRANT_PREFIX}
    for quadrant, item in plan.swot_items:
        if item.dimensi == dim_id:
            found[quadrant].append(plain(item))
    return found


def _indicators(dimensions: list[Data]) -> list[Data]:
    """Every indicator of every action plan, in catalogue order: dimension, element."""
    return [dict(indicator, program=p["id"])
            for d in dimensions for e in d["elemen"] for p in e["program"] if p["rencana"]
            for indicator in p["rencana"]["indikator"]]


def _budget_by_dimension(dimensions: list[Data]) -> Data:
    rows = [{"dimensi": d["nama"], "program": len([p for p in d["program"] if not p["batal"]]),
             "total": d["anggaran"]} for d in dimensions]
    return {"baris": rows, "total": sum(r["total"] for r in rows),
            "program": sum(r["program"] for r in rows)}


def _analysis(plan: Plan) -> Data:
    components = []
    for key in READINESS:
        items = plain(getattr(plan.readiness, key)) if plan.readiness else []
        components.append({"komponen": key, "butir": items, "sumber": _sources(items),
                           "jumlah": totals.readiness_counts(items),
                           "rata_rata": derived.average_score(items)})
    return {
        "tim": _team(plan),
        "profil": plain(plan.profile) if plan.profile else None,
        "rpjmd": plain(plan.rpjmd_periods),
        "kesiapan": components,
        "swot": [dict(plain(item), kuadran=q) for q, item in plan.swot_items],
        "kata_kunci_visi": plan.vision_keywords,
        "kesenjangan": plain(plan.analysis.analisis_kesenjangan or []) if plan.analysis else [],
    }


def _formulation(plan: Plan) -> Data:
    return {
        "visi": plain(plan.vision) if plan.vision else None,
        "misi": plain(plan.missions),
        "strategi": plain(plan.strategies),
        "tows": derived.tows(plain(plan.strategies)),
    }


def _commitment(plan: Plan, programmes: list[Data], dimension_names: dict[str, str]) -> Data:
    wins = plain(plan.quick_wins)
    names = {p["id"]: p for p in programmes}
    for win in wins:
        win["total"] = totals.group_total(win["anggaran"])
        parent = names.get(win["program"])
        win["dimensi"] = parent["dimensi"] if parent else ""
        win["dimensi_nama"] = dimension_names.get(win["dimensi"], "")
        win["elemen_nama"] = parent["elemen_nama"] if parent else ""
        win["skor_kriteria"] = derived.criteria(win)
        win["jadwal_bulan"] = derived.schedule(win)
    commitment = plain(plan.joint_commitment) if plan.joint_commitment else None
    if commitment is not None:
        commitment["penandatangan"] = [_titled(plan, person)
                                       for person in commitment["penandatangan"]]
    return {
        "quick_win": wins,
        "anggaran_quick_win": totals.budget_table(
            [line for w in wins for line in w["anggaran"]], SOURCES),
        "komitmen": commitment,
        "reviu": plain(plan.review_log),
    }


def _kind(plan: Plan) -> str:
    return plan.manifest.wilayah.jenis if plan.manifest else "kota"


def _sources(items: list[Data]) -> str:
    """The distinct data sources written on ``items``, in order, for under a table."""
    return "; ".join(dict.fromkeys(item["sumber"] for item in items if item.get("sumber")))


def _team(plan: Plan) -> Data:
    team: Data = plain(plan.team) if plan.team else {}
    for group in ("dewan", "pelaksana", "pendamping"):
        team[group] = [_titled(plan, person) for person in team.get(group, [])]
    return team


#: How an acting (plt) or interim (pj) holder's title begins, in every language.
_ACTING = {"plt": "Plt.", "pj": "Pj."}


def _titled(plan: Plan, person: Data) -> Data:
    """A person with ``sebutan``, the title a book prints: an acting or interim head of
    region as "Plt. Bupati Sumberjaya", under the region's own head title and government;
    anyone else acting in a position as "Plt. <position>"."""
    title = person.get("jabatan", "")
    acting = _ACTING.get(person.get("status") or "")
    if acting and person.get("peran") == "kepala_daerah" and plan.manifest is not None:
        region = plan.manifest.wilayah
        words = region_words(region.jenis, region.nama)
        return {**person, "sebutan": f"{acting} {words.head} {region.nama}",
                "instansi": words.government}
    return {**person, "sebutan": f"{acting} {title}" if acting else title}


def anchors(context: Data) -> dict[str, list[str]]:
    """The ids each chapter template gives an anchor to, for links across the books."""
    return {
        "profil": [target for period in context["rpjmd"]
                   for target in [period["id"], *(m["id"] for m in period["misi"])] if target],
        "swot": [item["id"] for item in context["swot"]],
        "visi_misi": [m["id"] for m in context["misi"]],
        "strategi": [s["id"] for s in context["strategi"]],
        "program": [p["id"] for p in context["program"]],
        "quick_win": [w["id"] for w in context["quick_win"]],
    }
