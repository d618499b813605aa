"""The programme matrix, and a year's realisation, as Excel workbooks: out to the
agencies, and back into the YAML.

`export` writes the workbook; `guard` checks a returned file before anything opens it,
`reader` reads it by sheet and header name, `merge` compares it with the plan (`rows`,
`cells`, `keys`) and turns what changed into edits spliced into the YAML text
(`yaml_text`, `placement`); `realisation` and `realisation_merge` do the same for the
year's `realisasi-YYYY.yaml`. openpyxl is an optional extra (`xlsx`) and is imported
only inside this package, by `export` and `reader`; `require()` says so when it is
missing.
"""

from __future__ import annotations

from kotacerdas.errors import UsageError


def require() -> None:
    """KC801 when the `xlsx` extra (openpyxl) is not installed."""
    from importlib.util import find_spec

    if find_spec("openpyxl") is None:
        raise UsageError.about("KC801")
