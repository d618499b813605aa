"""The national acts a masterplan usually rests on, shipped as data beside the scaffolds.

`init` writes them into a new plan for the region to confirm and extend with its own
Perda and Perkada; the books fall back on them while a plan names no legal basis.
"""

from __future__ import annotations

import tomllib
from functools import cache

from kotacerdas.model.analysis import LegalAct
from kotacerdas.resources import templates_dir


@cache
def national_acts() -> tuple[LegalAct, ...]:
    """The shipped list, in the order the books print it."""
    text = (templates_dir() / "scaffold" / "dasar-hukum.toml").read_text("utf-8")
    return tuple(LegalAct.model_validate(act) for act in tomllib.loads(text)["dasar_hukum"])
