"""Word books: documents an office keeps editing, built from the same HTML as the HTML
books (so a city's template overrides reach Word too).

Real heading styles (the navigation pane and the contents field work), chapters numbered
"BAB I, II, ..." by Word's list numbering, a contents field already filled with the
headings, tables whose header rows repeat and whose rows do not split, landscape sections
for the wide blocks, a footer with the page number in every section, charts as PNG
images (resvg-py, no browser), the signature page as a borderless table. A plan's own
``templates/referensi.docx`` gives the books its styles, cover and letterhead, after it
passes the checks of `word_reference`. ``templates/books/WORD.md`` is the contract: which
elements and classes of the HTML the Word books understand.

The same plan gives the same bytes: the document's dates are the build's pinned date, and
the zip is written the same way every time. python-docx and resvg-py are the optional
extra ``docx``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from kotacerdas.render.formats import Finished, Writer, missing_library
from kotacerdas.render.formats.html import WRITER as HTML_WRITER

REFERENCE = "referensi.docx"


def _load(settings: dict[str, str]) -> None:
    for module, library in (("docx", "python-docx"), ("resvg_py", "resvg-py"),
                            ("lxml.html", "lxml")):
        try:
            __import__(module)
        except (ImportError, OSError) as missing:
            raise missing_library(WRITER.name, library, "docx", missing) from None


def _prepare(root: Path, settings: dict[str, str]) -> dict[str, Any]:
    """The plan's reference document, checked (KC631) before anything is rendered."""
    from kotacerdas.render.config import PLAN_TEMPLATES
    from kotacerdas.render.formats.word_reference import read_reference

    shown = f"{PLAN_TEMPLATES}/{REFERENCE}"
    data = read_reference(root, shown)
    if data is None:
        return {}
    _try_open(data, shown)
    return {"reference": data}


def _try_open(data: bytes, shown: str) -> None:
    """Refuse a reference document python-docx cannot open (KC631), before the build."""
    import io

    from docx import Document

    from kotacerdas.render.formats.word_reference import refused

    try:
        Document(io.BytesIO(data))
    except Exception as broken:  # python-docx and lxml raise many kinds
        detail = " ".join(f"{type(broken).__name__}: {broken}".split())[:200]
        raise refused(shown, "broken", detail=detail) from None


def _finish(text: str, job: dict[str, Any]) -> Finished:
    _load(job.get("settings", {}))  # a library that cannot load: KC626
    from kotacerdas.render.formats.word_build import WordBook
    from kotacerdas.render.formats.word_xml import reproducible_zip

    book = WordBook(job, job.get("prepared", {}).get("reference"))
    data = book.build(text)
    return Finished(reproducible_zip(data, str(job.get("date", "2000-01-01"))), book.notes)


WRITER = Writer(name="docx", description="Word (python-docx)", family=HTML_WRITER.family,
                autoescape=HTML_WRITER.autoescape, configure=HTML_WRITER.configure,
                label="Word", finish=_finish, load=_load, prepare=_prepare,
                city_files=(REFERENCE,))
