"""Static SVG charts, written by hand: roadmap (Gantt), heatmap, stacked budget bars, readiness.

Each function takes plain view-model data and returns SVG markup with every text escaped:
a ``<title>`` and a ``<desc>`` (from the labels' ``grafik.uraian_*``) per chart, a
``<title>`` with label and value in every bar and cell, and text inked black or white,
whichever reads better on what lies under it (WCAG contrast of at least 4.5:1).
"""

from __future__ import annotations

from typing import Any, Callable

from kotacerdas.render.filters import PLAN_LANGUAGE, fill

#: Marks a text element that holds plan text.
PLAN_TEXT = f' lang="{PLAN_LANGUAGE}"'

#: Plain view-model data: what the templates read.
Data = dict[str, Any]

HORIZON_COLOURS = {"pendek": "#c8553d", "menengah": "#2a6f97", "panjang": "#3d8361"}
#: The horizon names printed on their band: the bars' colours, darkened to read on it.
HORIZON_INK = {"pendek": "#9c3a25", "menengah": "#1f5777", "panjang": "#2a5e45"}
BAND_FILLS = {"pendek": "#fbeee9", "menengah": "#eaf2f8", "panjang": "#edf6ef"}
#: One colour per funding source, each far from every other (APBD and APBD Provinsi most
#: of all); a source without its own takes one in turn.
SOURCE_COLOURS = {"APBD": "#1f3b73", "APBD-provinsi": "#e9a03b", "APBN": "#3d8361",
                  "DAK": "#c8553d", "KPBU": "#7b4f9d", "CSR": "#5fb3d9", "swasta": "#7a5c3e",
                  "hibah": "#e78ac3", "lainnya": "#a6a6a6"}
HEAT_COLOUR = "#1f3b73"
RATING_COLOURS = {"baik": "#3d8361", "sedang": "#e9a03b", "kurang": "#c8553d"}
FONT = "font-family=\"'Liberation Sans', Arial, sans-serif\""


def _esc(value: Any) -> str:
    from markupsafe import escape

    return str(escape(str(value)))


def _svg(width: float, height: float, title: str, desc: str, body: list[str]) -> str:
    return (f'<svg xmlns="http://www.w3.org/2000/svg" class="grafik" role="img" '
            f'viewBox="0 0 {width:g} {height:g}" width="{width:g}" height="{height:g}" {FONT} '
            f'font-size="12">'
            f"<title>{_esc(title)}</title><desc>{_esc(desc)}</desc>{''.join(body)}</svg>")


def _desc(labels: Data, name: str, **values: Any) -> str:
    """The chart's ``<desc>``: the label ``grafik.uraian_<name>`` filled with ``values``."""
    return fill(labels.get("grafik", {}).get(f"uraian_{name}", ""), **values)


def _text(x: float, y: float, value: Any, anchor: str = "start", extra: str = "") -> str:
    return f'<text x="{x:g}" y="{y:g}" text-anchor="{anchor}"{extra}>{_esc(value)}</text>'


def _rect(x: float, y: float, w: float, h: float, colour: str, extra: str = "",
          tip: str = "") -> str:
    """A rectangle; ``tip``, its label and value, is shown where a pointer rests on it."""
    shape = (f'<rect x="{x:g}" y="{y:g}" width="{max(w, 0):g}" height="{h:g}" '
             f'fill="{colour}"{extra}')
    return f"{shape}><title>{_esc(tip)}</title></rect>" if tip else f"{shape}/>"


def _luminance(colour: str) -> float:
    """WCAG relative luminance of ``#rrggbb``."""
    def linear(channel: int) -> float:
        c = channel / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(int(colour[i:i + 2], 16)) for i in (1, 3, 5))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def _ink(background: str) -> str:
    """Black or white, whichever has the higher contrast on ``background``."""
    return "#000000" if _luminance(background) > 0.179 else "#ffffff"


def _tint(colour: str, share: float) -> str:
    """``colour`` laid at ``share`` opacity over white, as one opaque colour."""
    channels = (round(255 - (255 - int(colour[i:i + 2], 16)) * share) for i in (1, 3, 5))
    return "#" + "".join(f"{c:02x}" for c in channels)


def _source_colour(source: str, index: int) -> str:
    palette = list(SOURCE_COLOURS.values())
    return SOURCE_COLOURS.get(source, palette[index % len(palette)])


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def roadmap(programmes: list[Data], years: list[int], bands: list[Data],
            labels: Data, title: str) -> str:
    """A Gantt chart: one bar per programme over a yearly axis, horizon bands behind."""
    rows = [p for p in programmes if p["tahun"]]
    left, width, top, row_h = 330, 980, 46, 24
    step = (width - left - 10) / max(len(years), 1)
    height = top + row_h * max(len(rows), 1) + 12
    x_of = {year: left + i * step for i, year in enumerate(years)}
    body = _bands(bands, x_of, step, top, height, labels)
    for i, year in enumerate(years):
        body.append(_text(left + (i + 0.5) * step, top - 6, year, "middle", ' font-size="11"'))
        body.append(f'<line x1="{left + i * step:g}" y1="{top - 2}" x2="{left + i * step:g}" '
                    f'y2="{height - 8}" stroke="#d0d4da" stroke-width="0.6"/>')
    for i, programme in enumerate(rows):
        body.extend(_gantt_row(programme, i, x_of, step, top, row_h))
    if not rows:
        body.append(_text(left, top + 16, labels["kosong"], extra=' fill="#666"'))
    body.extend(_band_legend(bands, labels, height + 2))
    desc = _desc(labels, "peta_jalan", jumlah=len(rows), mulai=years[0] if years else "",
                 selesai=years[-1] if years else "")
    return _svg(width, height + 22, title, desc, body)


def _bands(bands: list[Data], x_of: dict[int, float], step: float, top: int, height: int,
           labels: Data) -> list[str]:
    body = []
    for band in bands:
        if band["mulai"] not in x_of or band["selesai"] not in x_of:
            continue
        x = x_of[band["mulai"]]
        w = x_of[band["selesai"]] + step - x
        name = labels["jangka"][band["jangka"]]
        body.append(_rect(x, top - 40, w, height - top + 32, BAND_FILLS[band["jangka"]],
                          tip=f'{name}: {band["mulai"]}–{band["selesai"]}'))
        if w >= 7 * len(name):
            body.append(_text(x + 4, top - 26, name, extra=f' font-weight="bold" '
                              f'fill="{HORIZON_INK[band["jangka"]]}"'))
    return body


def _band_legend(bands: list[Data], labels: Data, top: float) -> list[str]:
    names = [f'{labels["jangka"][b["jangka"]]} {b["mulai"]}–{b["selesai"]}'
             if b["mulai"] != b["selesai"] else f'{labels["jangka"][b["jangka"]]} {b["mulai"]}'
             for b in bands]
    colours = [HORIZON_COLOURS[b["jangka"]] for b in bands]
    body = []
    for i, (name, colour) in enumerate(zip(names, colours)):
        x = 6 + i * 300
        body.append(_rect(x, top, 12, 12, colour, ' rx="2"'))
        body.append(_text(x + 18, top + 10, name))
    return body


def _gantt_row(programme: Data, index: int, x_of: dict[int, float], step: float,
               top: int, row_h: int) -> list[str]:
    y = top + index * row_h
    first, last = programme["tahun"]
    x = x_of.get(first, 330)
    w = x_of.get(last, x) + step - x
    colour = HORIZON_COLOURS.get(programme["jangka"], "#555")
    label = f'{programme["id"]}  {_clip(programme["nama"], 42)}'
    years = f"{first}–{last}" if last != first else str(first)
    return [
        _text(6, y + 16, label, extra=' font-size="11.5"' + PLAN_TEXT),
        _rect(x + 2, y + 5, w - 4, row_h - 9, colour, ' rx="3"',
              f'{programme["id"]} {programme["nama"]}: {years}'),
    ]


def heatmap(data: Data, dimension_names: list[str], labels: Data, title: str) -> str:
    """Programmes per dimension x horizon: darker cells hold more programmes."""
    left, cell_w, cell_h, top = 190, 150, 34, 30
    width = left + cell_w * len(data["jangka"]) + 10
    height = top + cell_h * len(data["baris"]) + 8
    body = [_text(left + (i + 0.5) * cell_w, top - 10, labels["jangka"][h], "middle",
                  ' font-weight="bold"') for i, h in enumerate(data["jangka"])]
    peak = data["maks"] or 1
    for r, (row, name) in enumerate(zip(data["baris"], dimension_names)):
        y = top + r * cell_h
        body.append(_text(6, y + 22, name))
        for c, count in enumerate(row["jumlah"]):
            colour = _tint(HEAT_COLOUR, 0.08 + 0.85 * count / peak)
            horizon = labels["jangka"][data["jangka"][c]]
            body.append(_rect(left + c * cell_w + 2, y + 2, cell_w - 4, cell_h - 4, colour,
                              tip=f"{name} · {horizon}: {count}"))
            body.append(_text(left + (c + 0.5) * cell_w, y + 22, count, "middle",
                              f' fill="{_ink(colour)}" font-weight="bold"'))
    desc = _desc(labels, "heatmap", jumlah=data.get("total", ""))
    return _svg(width, height, title, desc, body)


def budget_bars(table: Data, labels: Data, short: Callable[[int], str],
                title: str) -> str:
    """Budget per year, one bar per year stacked by funding source, with a legend."""
    left, top, plot_h, bar_gap = 70, 20, 240, 0.3
    years = table["baris"]
    width = max(620, left + 70 * len(years) + 20)
    step = (width - left - 20) / max(len(years), 1)
    peak = _nice(max([row["total"] for row in years] or [0]))
    body = _y_axis(left, top, plot_h, width, peak, short)
    names = [labels["sumber"].get(s, s) for s in table["sumber"]]
    colours = [_source_colour(s, i) for i, s in enumerate(table["sumber"])]
    for i, row in enumerate(years):
        x, base = left + i * step + step * bar_gap / 2, top + plot_h
        for s, amount in enumerate(row["jumlah"]):
            h = plot_h * amount / peak
            base -= h
            if amount:
                body.append(_rect(x, base, step * (1 - bar_gap), h, colours[s],
                                  tip=f'{row["tahun"]} · {names[s]}: {short(amount)}'))
        body.append(_text(x + step * (1 - bar_gap) / 2, top + plot_h + 16, row["tahun"],
                          "middle"))
    legend, legend_h = _legend(names, colours, 6, top + plot_h + 34, width - 6)
    body.extend(legend)
    desc = _desc(labels, "anggaran", mulai=years[0]["tahun"] if years else "",
                 selesai=years[-1]["tahun"] if years else "", sumber=", ".join(names),
                 total=short(table.get("total", 0)))
    return _svg(width, top + plot_h + 34 + legend_h, title, desc, body)


def _nice(value: float) -> float:
    """A round axis maximum at or above ``value``, so that quarter gridlines read well."""
    if value <= 0:
        return 1
    power = 10 ** (len(str(int(value))) - 1)
    return float(next(step * power for step in (1, 2, 2.5, 4, 5, 6, 8, 10)
                      if step * power >= value))


def _y_axis(left: int, top: int, plot_h: int, width: float, peak: float,
            short: Callable[[int], str]) -> list[str]:
    body = []
    for k in range(5):
        y = top + plot_h - plot_h * k / 4
        body.append(f'<line x1="{left}" y1="{y:g}" x2="{width - 10:g}" y2="{y:g}" '
                    f'stroke="#d0d4da" stroke-width="0.6"/>')
        body.append(_text(left - 6, y + 4, short(round(peak * k / 4)), "end",
                          ' font-size="10.5"'))
    return body


def _legend(names: list[str], colours: list[str], left: float, top: float,
            right: float) -> tuple[list[str], int]:
    """Swatches and names in rows that wrap before ``right``; the markup and its height."""
    body, x, y = [], left, top
    for name, colour in zip(names, colours):
        width = 18 + 7 * len(name) + 22  # 7: a wide letter at 12 px
        if x > left and x + width > right:
            x, y = left, y + 22
        body.append(_rect(x, y, 12, 12, colour))
        body.append(_text(x + 18, y + 10, name))
        x += width
    return body, int(y - top) + 22


def readiness(components: list[Data], labels: Data, title: str) -> str:
    """Readiness aspects per component, as bars split into baik / sedang / kurang."""
    left, top, bar_h, width = 170, 10, 28, 760
    widest = max((sum(c["jumlah"].values()) for c in components), default=0)
    scale = (width - left - 20) / (widest or 1)
    body = []
    for i, component in enumerate(components):
        y, x = top + i * (bar_h + 12), left
        body.append(_text(6, y + 19, labels["komponen"][component["komponen"]]))
        name = labels["komponen"][component["komponen"]]
        for rating, count in component["jumlah"].items():
            if not count:
                continue
            colour = RATING_COLOURS[rating]
            body.append(_rect(x, y, scale * count, bar_h, colour,
                              tip=f'{name} · {labels["nilai"][rating]}: {count}'))
            body.append(_text(x + scale * count / 2, y + 19, count, "middle",
                              f' fill="{_ink(colour)}" font-weight="bold"'))
            x += scale * count
    legend_top = top + len(components) * (bar_h + 12) + 6
    legend, legend_h = _legend([labels["nilai"][r] for r in RATING_COLOURS],
                               list(RATING_COLOURS.values()), left, legend_top, width - 6)
    body.extend(legend)
    desc = _desc(labels, "kesiapan", nilai=", ".join(labels["nilai"][r] for r in RATING_COLOURS))
    return _svg(width, legend_top + legend_h + 2, title, desc, body)


ORG_FILLS = {"kepala": "#1f3b73", "dewan": "#2a6f97", "pelaksana": "#3d8361",
             "opd": "#eef1f6", "forum": "#fbeee9"}


def organisation(team: Data, labels: Data, title: str) -> str:
    """Who steers whom: the head of region over the council over the team over the
    agencies, the forum beside the council; each box with its holder where known."""
    words = labels["tata_kelola"]
    chairs = {"kepala": _holder(team.get("dewan", []), "pembina"),
              "dewan": _holder(team.get("dewan", []), "pengarah"),
              "pelaksana": _holder(team.get("pelaksana", []), "ketua")}
    width, box_w, box_h, left = 760, 300, 54, 150
    body: list[str] = []
    for row, key in enumerate(("kepala", "dewan", "pelaksana", "opd")):
        y = 10 + row * (box_h + 30)
        body += _box(left, y, box_w, box_h, ORG_FILLS[key], words[f"kotak_{key}"],
                     chairs.get(key, ""))
        if row:
            body.append(f'<line x1="{left + box_w / 2:g}" y1="{y - 30:g}" '
                        f'x2="{left + box_w / 2:g}" y2="{y:g}" stroke="#5b6b84" '
                        'stroke-width="2"/>')
    forum_x, forum_y = left + box_w + 60, 10 + box_h + 30
    forum = (team.get("forum") or {}).get("nama")
    body += _box(forum_x, forum_y, 220, box_h, ORG_FILLS["forum"],
                 forum or words["kotak_forum"], "", name_is_plan_text=bool(forum))
    body.append(f'<line x1="{left + box_w:g}" y1="{forum_y + box_h / 2:g}" x2="{forum_x:g}" '
                f'y2="{forum_y + box_h / 2:g}" stroke="#5b6b84" stroke-width="2" '
                'stroke-dasharray="6 4"/>')
    height = 10 + 4 * (box_h + 30) - 20
    return _svg(width, height, title, _desc(labels, "organisasi"), body)


def _holder(members: list[Data], role: str) -> str:
    found = next((m for m in members if m.get("peran") == role), None)
    return found["nama"] if found else ""


def _box(x: float, y: float, w: float, h: float, colour: str, name: str,
         holder: str, name_is_plan_text: bool = False) -> list[str]:
    ink = f' fill="{_ink(colour)}"'
    tip = f"{name}: {holder}" if holder else name
    parts = [_rect(x, y, w, h, colour, ' rx="6" stroke="#5b6b84"', tip=tip),
             _text(x + w / 2, y + (22 if holder else 32), _clip(name, 40), "middle",
                   ink + ' font-weight="bold"' + (PLAN_TEXT if name_is_plan_text else ""))]
    if holder:
        parts.append(_text(x + w / 2, y + 40, _clip(holder, 44), "middle", ink + PLAN_TEXT))
    return parts


# The monitoring book ---------------------------------------------------------------------

#: One colour per indicator state; the state's word is always printed beside it.
PROGRESS_COLOURS = {"reached": "#3d8361", "on_track": "#2a6f97", "behind": "#c8553d",
                    "not_numeric": "#a6a6a6", "no_value": "#d0d4da"}
TREND_COLOURS = {"indeks": "#1f3b73", "terlaksana": "#e9a03b"}


def planned_spent(years: list[Data], sources: list[str], labels: Data,
                  short: Callable[[int], str], title: str) -> str:
    """Two bars per year reported, the budget planned and the money spent, each stacked by
    funding source; the planned bar in a paler shade, and each bar named below it."""
    left, top, plot_h = 70, 20, 240
    width = max(620, left + 140 * len(years) + 20)
    step = (width - left - 20) / max(len(years), 1)
    peak = _nice(max([max(y["anggaran"], y["belanja"]) for y in years] or [0]))
    body = _y_axis(left, top, plot_h, width, peak, short)
    names = [labels["sumber"].get(s, s) for s in sources]
    colours = [_source_colour(s, i) for i, s in enumerate(sources)]
    words = labels["laporan"]["grafik"]
    for i, year in enumerate(years):
        for k, key in enumerate(("anggaran", "belanja")):
            x = left + i * step + step * (0.12 + 0.4 * k)
            amounts = {row["sumber"]: row[key] for row in year["sumber"]}
            word = words["rencana" if key == "anggaran" else "belanja"]
            body.extend(_stack(x, step * 0.34, top + plot_h, plot_h / peak, sources,
                               [c if k else _tint(c, 0.55) for c in colours], amounts,
                               f"{year['tahun']} · {word}", names, short))
            body.append(_text(x + step * 0.17, top + plot_h + 14, word, "middle",
                              ' font-size="10.5"'))
        body.append(_text(left + (i + 0.5) * step, top + plot_h + 30, year["tahun"], "middle",
                          ' font-weight="bold"'))
    legend, legend_h = _legend(names, colours, 6, top + plot_h + 44, width - 6)
    body.extend(legend)
    last: Data = years[-1] if years else {"tahun": "", "anggaran": 0, "belanja": 0}
    desc = _desc(labels["laporan"], "anggaran", mulai=years[0]["tahun"] if years else "",
                 selesai=last["tahun"], sumber=", ".join(names), tahun=last["tahun"],
                 belanja=short(last["belanja"]), anggaran=short(last["anggaran"]))
    return _svg(width, top + plot_h + 44 + legend_h, title, desc, body)


def _stack(x: float, w: float, base: float, scale: float, sources: list[str],
           colours: list[str], amounts: dict[str, int], what: str, names: list[str],
           short: Callable[[int], str]) -> list[str]:
    body = []
    for source, colour, name in zip(sources, colours, names):
        amount = amounts.get(source, 0)
        if amount:
            base -= amount * scale
            body.append(_rect(x, base, w, amount * scale, colour,
                              tip=f"{what} · {name}: {short(amount)}"))
    return body


def indicator_progress(rows: list[Data], labels: Data, title: str) -> str:
    """One bar per indicator: how far it has come from its baseline to its target (the
    100 % line), a mark at the time elapsed, its share and its state's word beside it."""
    left, right_text, top, row_h = 110, 230, 24, 20
    width = 860
    track = width - left - right_text
    full = track / 1.2  # room past the target for an indicator beyond it
    height = top + row_h * max(len(rows), 1) + 8
    words, states = labels["laporan"]["grafik"], labels["laporan"]["capaian"]
    body = [_text(left + full, top - 8, f"100% · {words['target']}", "middle",
                  ' font-size="10.5"'),
            f'<line x1="{left + full:g}" y1="{top - 4}" x2="{left + full:g}" '
            f'y2="{height - 6}" stroke="#555555" stroke-width="1"/>']
    for i, row in enumerate(rows):
        y = top + i * row_h
        colour = PROGRESS_COLOURS[row["keadaan"]]
        state = states[row["keadaan"]]
        body.append(_text(6, y + 14, row["id"], extra=' font-size="11"'))
        body.append(_rect(left, y + 4, full, row_h - 8, "#eef0f3"))
        if row["kemajuan"] is not None:
            share = min(max(row["kemajuan"], 0), 1.2)
            body.append(_rect(left, y + 4, full * share, row_h - 8, colour,
                              tip=f"{row['id']} {row['nama']}: {row['kemajuan_teks']} · {state}"))
        if row["waktu"] is not None:
            x = left + full * min(row["waktu"], 1)
            body.append(f'<line x1="{x:g}" y1="{y + 2}" x2="{x:g}" y2="{y + row_h - 2}" '
                        f'stroke="#000000" stroke-width="2"><title>{_esc(words["waktu"])}: '
                        f'{_esc(row["waktu_teks"])}</title></line>')
        shown = f"{row['kemajuan_teks']} · {state}" if row["kemajuan"] is not None else state
        body.append(_text(left + track + 8, y + 14, shown, extra=' font-size="11"'))
    desc = _desc(labels["laporan"], "indikator", jumlah=len(rows),
                 tercapai=sum(1 for r in rows if r["keadaan"] == "reached"),
                 tertinggal=sum(1 for r in rows if r["keadaan"] == "behind"))
    return _svg(width, height, title, desc, body)


def trend(rows: list[Data], labels: Data, title: str) -> str:
    """Per year reported, the index as a share of its scale and the share of programmes
    carried out as planned, side by side on one percent axis, each with its value."""
    left, top, plot_h = 50, 24, 200
    width = max(560, left + 130 * len(rows) + 20)
    step = (width - left - 20) / max(len(rows), 1)
    body = _y_axis(left, top, plot_h, width, 100, lambda v: f"{v}%")
    words = labels["laporan"]["kolom"]
    names = [words["indeks"], words["terlaksana"]]
    for i, row in enumerate(rows):
        for k, key in enumerate(("indeks", "terlaksana")):
            share = _trend_share(row, key)
            x, w = left + i * step + step * (0.15 + 0.36 * k), step * 0.32
            shown = row[f"{key}_teks"]
            if share is not None:
                body.append(_rect(x, top + plot_h * (1 - share), w, plot_h * share,
                                  TREND_COLOURS[key], tip=f"{row['tahun']} · {names[k]}: {shown}"))
            y = top + plot_h * (1 - (share or 0)) - 4
            body.append(_text(x + w / 2, y, shown, "middle", ' font-size="11"'))
        body.append(_text(left + (i + 0.5) * step, top + plot_h + 16, row["tahun"], "middle",
                          ' font-weight="bold"'))
    legend, legend_h = _legend(names, list(TREND_COLOURS.values()), 6, top + plot_h + 30,
                               width - 6)
    body.extend(legend)
    desc = _desc(labels["laporan"], "tren", mulai=rows[0]["tahun"] if rows else "",
                 selesai=rows[-1]["tahun"] if rows else "")
    return _svg(width, top + plot_h + 30 + legend_h, title, desc, body)


def _trend_share(row: Data, key: str) -> float | None:
    if key == "terlaksana":
        return None if row["terlaksana"] is None else float(row["terlaksana"])
    if row["indeks"] is None or not row["skala"]:
        return None
    return min(max(float(row["indeks"]) / float(row["skala"]), 0.0), 1.0)


#: The charts a template can draw with ``grafik(name, ...)``.
DRAW: dict[str, Callable[..., str]] = {"peta_jalan": roadmap, "heatmap": heatmap,
                                       "anggaran": budget_bars, "kesiapan": readiness,
                                       "organisasi": organisation,
                                       "rencana_belanja": planned_spent,
                                       "kemajuan_indikator": indicator_progress,
                                       "tren": trend}
