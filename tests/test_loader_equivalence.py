"""The fast loader reads YAML exactly as ruamel.yaml's own safe loader does.

`source_events.compose` builds plan data straight from the C parser's events for speed;
these differential tests hold it to ruamel's constructor on generated documents and on
every plain scalar shape that the YAML 1.2 core schema resolves. Where `compose`
answers `Unusual`, the loader hands the text to ruamel's constructor itself.
"""

from __future__ import annotations

import io
import math
from datetime import date
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML

from kotacerdas.source_events import HugeNumber, InvalidDate, Unreadable, Unusual, compose

SETTINGS = settings(max_examples=300, derandomize=True, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])


def reference(text: str) -> Any:
    """ruamel's safe loader over the same C parser: only the constructor differs."""
    return YAML(typ="safe", pure=False).load(text)


REFUSED = object()


def outcome(load: Any, text: str) -> Any:
    try:
        return load(text)
    except Exception:
        return REFUSED


def unreadable_inside(value: Any) -> bool:
    if isinstance(value, Unreadable):
        return True
    if isinstance(value, dict):
        return any(map(unreadable_inside, value.values()))
    return isinstance(value, list) and any(map(unreadable_inside, value))


def agree(text: str) -> None:
    composed = outcome(compose, text)
    if composed is Unusual:
        return  # the loader hands such text to ruamel's constructor itself
    expected = outcome(reference, text)
    if expected is REFUSED and unreadable_inside(composed):
        return  # the one deliberate difference: see the test below
    if REFUSED in (composed, expected):
        assert composed is expected, text
    else:
        assert same(composed, expected), text


def same(left: Any, right: Any) -> bool:
    if isinstance(left, float) and isinstance(right, float) and math.isnan(left):
        return math.isnan(right)
    if type(left) is not type(right):
        return False
    if isinstance(left, dict):
        return left.keys() == right.keys() and all(same(left[k], right[k]) for k in left)
    if isinstance(left, list):
        return len(left) == len(right) and all(map(same, left, right))
    return left == right


TRICKY = ["True", "TRUE", "False", "FALSE", "Null", "NULL", "~", ".inf", "-.Inf", ".NaN",
          "0o17", "0x1F", "0b101", "1_000", "+1", "-0", "1e3", "1.5e-3", ".5", "2022-06-13",
          "2022-6-13", "2022-06-13 10:00", "yes", "no", "on", "off", "010", "1:20", "=", "<<"]
scalar_text = st.sampled_from(TRICKY) | st.text(
    alphabet="0123456789._-+eExobaf:TtNnul~ ", min_size=1, max_size=12
)
scalars = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False),
    st.text(max_size=20), st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 1, 1)),
    scalar_text,
)
keys = st.text(alphabet="abcdefghijklmnopqrstuvwxyz_", min_size=1, max_size=8)
documents = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(keys, inner, max_size=4),
    max_leaves=20,
)


def dump(data: Any, flow: bool | None) -> str:
    yaml = YAML(typ="safe", pure=True)
    yaml.default_flow_style = flow
    out = io.StringIO()
    yaml.dump({"isi": data}, out)
    return out.getvalue()


@SETTINGS
@given(documents, st.sampled_from([False, True, None]))
def test_documents_load_as_ruamel_loads_them(data: Any, flow: bool | None) -> None:
    agree(dump(data, flow))


@SETTINGS
@given(scalar_text)
def test_plain_scalars_resolve_as_ruamel_resolves_them(value: str) -> None:
    agree(f"nilai: {value}\n")
    agree(f"- {value}\n")


def test_a_date_or_number_that_cannot_be_is_kept_as_its_text_where_ruamel_refuses() -> None:
    """ruamel refuses the whole file; the loader keeps the text, marked, so that the
    schema reports it at the scalar (KC208, KC206) and the rest of the file is read."""
    huge = "9" * 5000
    for text, kind in (("d: 2022-02-30\n", InvalidDate), ("d: 0000-01-01\n", InvalidDate),
                       (f"d: {huge}\n", HugeNumber)):
        assert outcome(reference, text) is REFUSED
        value = compose(text)["d"]
        assert type(value) is kind and value == text[3:-1]
