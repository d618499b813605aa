"""The `monitor` view: a year's plan against its realisation, as tables."""

from __future__ import annotations

from collections.abc import Callable

from kotacerdas.cli.tables import draw
from kotacerdas.commands.monitor import INDICATOR_STATES, STATES, Item, Monitor, Tally
from kotacerdas.messages import say

#: Indicator states that count as on track: the target reached, or as far as the time.
ON_TRACK = ("reached", "on_track")


def show_monitor(found: Monitor) -> None:
    lang, year = found.language, found.year
    state = "year_ended" if found.ended else "year_running" if found.begun else "year_to_come"
    when = say(lang, "monitor", state, year=year)
    lines = [f"{say(lang, 'monitor', 'title', region=found.region, year=year)} ({when})"]
    if not found.reported:
        lines.append(say(lang, "monitor", "not_reported", year=year))
    if not found.items:
        lines.append(say(lang, "monitor", "nothing_active", year=year))
    else:
        lines += ["", _groups(found, "by_dimension", "dimension", found.by_dimension), "",
                  _groups(found, "by_agency", "agency", found.by_agency), "",
                  _sources(found)]
        if found.quick_wins:
            lines += ["", _quick_wins(found)]
        lines += _behind(found) + _missing(found)
    lines += _evaluation(found) + _check(found)
    print("\n".join(lines))


def _money() -> Callable[[int], str]:
    from kotacerdas.formatting import number_formats

    return number_formats("id")["angka"]  # whole Rupiah, as the coverage tables print them


def _share(found: Monitor, part: int, whole: int) -> str:
    from kotacerdas.formatting import number_formats

    return number_formats(found.language)["persen"](part, whole) if whole else "—"


def _states(found: Monitor, tally: Tally) -> str:
    lang = found.language
    return " · ".join(f"{tally.states[s]} {_state_word(lang, s)}" for s in STATES
                      if tally.states[s]) or "—"


def _state_word(lang: str, state: str) -> str:
    if state == "tanpa_laporan":
        return say(lang, "monitor", "state_tanpa_laporan")
    return say(lang, "words", f"state_{state}")


def _indicators(found: Monitor, tally: Tally) -> str:
    every = sum(tally.indicators[s] for s in INDICATOR_STATES)
    if not every:
        return "—"
    good = sum(tally.indicators[s] for s in ON_TRACK)
    return say(found.language, "monitor", "indicators_of", good=good, all=every)


def _row(found: Monitor, label: str, tally: Tally) -> list[str]:
    money = _money()
    return [label, str(sum(tally.states.values())), money(tally.planned), money(tally.spent),
            _share(found, tally.spent, tally.planned), _states(found, tally),
            _indicators(found, tally)]


def _groups(found: Monitor, title: str, first: str, groups: dict[str, Tally]) -> str:
    lang = found.language
    headers = [say(lang, "monitor", key) for key in
               (first, "count", "planned", "spent", "absorbed", "states", "indicators")]
    rows = [_row(found, label, tally) for label, tally in groups.items()]
    rows.append(_row(found, say(lang, "monitor", "total"), found.total))
    return draw(say(lang, "monitor", title), headers, rows,
                align=("left", "right", "right", "right", "right", "left", "left"))


def _sources(found: Monitor) -> str:
    lang, money = found.language, _money()
    headers = [say(lang, "monitor", key) for key in ("source", "planned", "spent", "absorbed")]
    rows = [[source, money(t.planned), money(t.spent), _share(found, t.spent, t.planned)]
            for source, t in found.by_source.items()]
    rows.append([say(lang, "monitor", "total"), money(found.total.planned),
                 money(found.total.spent),
                 _share(found, found.total.spent, found.total.planned)])
    return draw(say(lang, "monitor", "by_source"), headers, rows,
                align=("left", "right", "right", "right"))


def _quick_wins(found: Monitor) -> str:
    lang, money = found.language, _money()
    headers = [say(lang, "monitor", key) for key in ("id", "name", "states", "planned",
                                                     "spent")]
    rows = [[item.id, item.name, _state_word(lang, item.state),
             money(sum(item.planned.values())), money(sum(item.spent.values()))]
            for item in found.quick_wins]
    return draw(say(lang, "monitor", "quick_wins"), headers, rows,
                align=("left", "left", "left", "right", "right"))


def _behind(found: Monitor) -> list[str]:
    from kotacerdas.formatting import number_formats

    lang = found.language
    formats = number_formats(lang)
    lines = [_behind_line(found, item, line.id, formats) for item in found.items
             for line in item.indicators if line.state == "behind"]
    return ["", f"{say(lang, 'monitor', 'behind')}:", *lines] if lines else []


def _behind_line(found: Monitor, item: Item, ident: str,
                 formats: dict[str, Callable[..., str]]) -> str:
    line = next(i for i in item.indicators if i.id == ident)
    percent = formats["persen"]
    return "  - " + say(found.language, "monitor", "behind_line", id=line.id, name=line.name,
                        value=formats["angka"](line.value), target=formats["angka"](line.target),
                        progress=percent(round((line.progress or 0) * 1000), 1000),
                        elapsed=percent(round((line.elapsed or 0) * 1000), 1000))


def _missing(found: Monitor) -> list[str]:
    lang, year = found.language, found.year
    lines = ["", f"{say(lang, 'monitor', 'missing', year=year)}:"]
    if not found.missing:
        return [*lines, "  " + say(lang, "monitor", "missing_none", year=year)]
    return lines + ["  - " + say(lang, "monitor", f"missing_{gap.kind}", id=gap.id,
                                 detail=gap.detail, year=year) for gap in found.missing]


def _evaluation(found: Monitor) -> list[str]:
    evaluation = found.evaluation
    if evaluation is None:
        return []
    from kotacerdas.formatting import number_formats

    lang, year = found.language, found.year
    number = number_formats(lang)["angka"]
    headers = [say(lang, "monitor", key) for key in ("aspect", "weight", "score", "weighted")]
    rows = []
    for aspect, weight in evaluation.weights.items():
        score = evaluation.scores[aspect]
        rows.append([aspect, number(weight), "—" if score is None else number(score),
                     "—" if score is None else number(round(weight * score / 100, 3))])
    title = say(lang, "monitor", "evaluation", year=year, scale=number(evaluation.scale))
    lines = ["", draw(title, headers, rows, align=("left", "right", "right", "right"))]
    if evaluation.index is None:
        lines.append(say(lang, "monitor", "index_incomplete", year=year))
    else:
        lines.append(say(lang, "monitor", "index", year=year, index=number(evaluation.index)))
    if abs(evaluation.weights_total - 100) > 1e-6:
        lines.append(say(lang, "monitor", "weights_off", total=number(evaluation.weights_total)))
    scored = [f"{d} {number(s)}" for d, s in evaluation.dimensions.items() if s is not None]
    if scored:
        lines.append(say(lang, "monitor", "dimension_scores", scores=", ".join(scored)))
    return lines


def _check(found: Monitor) -> list[str]:
    result, lang = found.result, found.language
    if result.errors:
        from kotacerdas.report import as_text

        # the errors themselves, so that the reader sees why the figures may be short
        return ["", say(lang, "monitor", "check_errors", errors=len(result.errors)),
                *(as_text(error, lang) for error in result.errors)]
    if result.warnings:
        return ["", say(lang, "monitor", "check_warnings", warnings=len(result.warnings))]
    return []
