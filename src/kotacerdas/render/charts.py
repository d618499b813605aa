"""Static SVG charts, written by hand: roadmap (Gantt), heatmap, stacked budget bars, readiness.

Each function takes plain view-model data and returns SVG markup with every text escaped.
"""

from __future__ import annotations

from typing import Any, Callable

#: Plain view-model data: what the templates read.
Data = dict[str, Any]

HORIZON_COLOURS = {"pendek": "#c8553d", "menengah": "#2a6f97", "panjang": "#3d8361"}
BAND_FILLS = {"pendek": "#fbeee9", "menengah": "#eaf2f8", "panjang": "#edf6ef"}
SOURCE_COLOURS = ("#1f3b73", "#2a6f97", "#61a5c2", "#c8553d", "#e9a03b", "#3d8361",
                  "#8d6a9f", "#7a7a7a", "#b5838d")
RATING_COLOURS = {"baik": "#3d8361", "sedang": "#e9a03b", "kurang": "#c8553d"}
FONT = "font-family=\"'Liberation Sans', Arial, sans-serif\""


def _esc(value: Any) -> str:
    from markupsafe import escape

    return str(escape(str(value)))


def _svg(width: int, height: int, title: str, body: list[str]) -> str:
    return (f'<svg xmlns="http://www.w3.org/2000/svg" class="grafik" role="img" '
            f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" {FONT} '
            f'font-size="12">'
            f"<title>{_esc(title)}</title>{''.join(body)}</svg>")


def _text(x: float, y: float, value: Any, anchor: str = "start", extra: str = "") -> str:
    return f'<text x="{x:g}" y="{y:g}" text-anchor="{anchor}"{extra}>{_esc(value)}</text>'


def _rect(x: float, y: float, w: float, h: float, fill: str, extra: str = "") -> str:
    return f'<rect x="{x:g}" y="{y:g}" width="{max(w, 0):g}" height="{h:g}" fill="{fill}"{extra}/>'


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
    return _svg(width, height + 22, title, body)


def _bands(bands: list[Data], x_of: dict[int, float], step: float, top: int, height: int,
           labels: Data) -> list[str]:
    body = []
    for band in bands:
        if band["mulai"] not in x_of or band["selesai"] not in x_of:
            continue
        x = x_of[band["mulai"]]
        w = x_of[band["selesai"]] + step - x
        name = labels["jangka"][band["jangka"]]
        body.append(_rect(x, top - 40, w, height - top + 32, BAND_FILLS[band["jangka"]]))
        if w >= 7 * len(name):
            body.append(_text(x + 4, top - 26, name, extra=f' font-weight="bold" '
                              f'fill="{HORIZON_COLOURS[band["jangka"]]}"'))
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
    return [
        _text(6, y + 16, label, extra=' font-size="11.5"'),
        _rect(x + 2, y + 5, w - 4, row_h - 9, colour, ' rx="3"'),
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
            shade = 0.08 + 0.85 * count / peak
            fill = f'fill-opacity="{shade:.2f}"'
            body.append(_rect(left + c * cell_w + 2, y + 2, cell_w - 4, cell_h - 4, "#1f3b73",
                              f" {fill}"))
            ink = "#ffffff" if shade > 0.5 else "#1b1b1b"
            body.append(_text(left + (c + 0.5) * cell_w, y + 22, count, "middle",
                              f' fill="{ink}" font-weight="bold"'))
    return _svg(width, height, title, body)


def budget_bars(table: Data, labels: Data, short: Callable[[int], str],
                title: str) -> str:
    """Budget per year, one bar per year stacked by funding source, with a legend."""
    left, top, plot_h, bar_gap = 70, 20, 240, 0.3
    years = table["baris"]
    width = max(620, left + 70 * len(years) + 20)
    step = (width - left - 20) / max(len(years), 1)
    peak = _nice(max([row["total"] for row in years] or [0]))
    body = _y_axis(left, top, plot_h, width, peak, short)
    for i, row in enumerate(years):
        x, base = left + i * step + step * bar_gap / 2, top + plot_h
        for s, amount in enumerate(row["jumlah"]):
            h = plot_h * amount / peak
            base -= h
            body.append(_rect(x, base, step * (1 - bar_gap), h, SOURCE_COLOURS[s % 9]))
        body.append(_text(x + step * (1 - bar_gap) / 2, top + plot_h + 16, row["tahun"],
                          "middle"))
    legend = [labels["sumber"].get(s, s) for s in table["sumber"]]
    body.extend(_legend(legend, SOURCE_COLOURS, left, top + plot_h + 34))
    return _svg(width, top + plot_h + 34 + 22 * ((len(legend) + 3) // 4), title, body)


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


def _legend(names: list[str], colours: Any, left: float, top: float) -> list[str]:
    body = []
    for i, name in enumerate(names):
        x, y = left + (i % 4) * 200, top + (i // 4) * 22
        colour = colours[name] if isinstance(colours, dict) else colours[i % len(colours)]
        body.append(_rect(x, y, 12, 12, colour))
        body.append(_text(x + 18, y + 10, name))
    return body


def readiness(components: list[Data], labels: Data, title: str) -> str:
    """Readiness aspects per component, as bars split into baik / sedang / kurang."""
    left, top, bar_h, width = 170, 10, 28, 760
    widest = max((sum(c["jumlah"].values()) for c in components), default=0)
    scale = (width - left - 20) / (widest or 1)
    body = []
    for i, component in enumerate(components):
        y, x = top + i * (bar_h + 12), left
        body.append(_text(6, y + 19, labels["komponen"][component["komponen"]]))
        for rating, count in component["jumlah"].items():
            body.append(_rect(x, y, scale * count, bar_h, RATING_COLOURS[rating]))
            if count:
                body.append(_text(x + scale * count / 2, y + 19, count, "middle",
                                  ' fill="#ffffff" font-weight="bold"'))
            x += scale * count
    names = {labels["nilai"][r]: c for r, c in RATING_COLOURS.items()}
    legend_top = top + len(components) * (bar_h + 12) + 6
    body.extend(_legend(list(names), names, left, legend_top))
    return _svg(width, legend_top + 24, title, body)


#: The charts a template can draw with ``grafik(name, ...)``.
DRAW: dict[str, Callable[..., str]] = {"peta_jalan": roadmap, "heatmap": heatmap,
                                       "anggaran": budget_bars, "kesiapan": readiness}
