"""PDF books: the HTML books laid out on A4 pages, by WeasyPrint or by headless Chromium.

Both engines print the same HTML with the print stylesheet of ``html/gaya.css.j2``: page
numbers in the margin (none on the cover), the book's title as a running header, wide
blocks (``.lebar``) on landscape pages. The writer adds rules of its own (`PRINT_RULES`),
so that no template can leave them out: the table of contents and the lists of tables and
figures give the page each entry is on (WeasyPrint; Chromium cannot count pages in CSS and
leaves the page numbers out). Neither engine fetches anything: WeasyPrint reads only
``data:`` URLs, and the page Chromium prints carries the books' content policy first.

A PDF is the same bytes for the same plan: its creation date is the build's pinned date
(``SOURCE_DATE_EPOCH``, else the commitment date, else a fixed one) and its document id
is a digest of the HTML it was made from.

WeasyPrint is the optional extra ``pdf``; Chromium is a system package.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kotacerdas.render.formats import Finished, Writer, missing_library
from kotacerdas.render.formats.html import WRITER as HTML_WRITER

if TYPE_CHECKING:
    import subprocess

ENGINES = ("weasyprint", "chromium")
CHROMIUM_NAMES = ("chromium", "chromium-browser")
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run",
                  "--disable-quic", "--disable-extensions", "--disable-default-apps",
                  "--mute-audio", "--host-resolver-rules=MAP * ~NOTFOUND",
                  "--no-pdf-header-footer", "--generate-pdf-document-outline"]
#: Each entry of the contents and of the lists ends in dots and the page its target is on.
PRINT_RULES = """@media print {
  nav.daftar-isi ol a::after, nav.daftar-tabel ol a::after, nav.daftar-gambar ol a::after {
    content: leader(".") target-counter(attr(href url), page); } }"""
#: Characters of HTML laid out at a time: some 200 MB of WeasyPrint's memory at most (a
#: table of many small cells takes more per character than text does).
PART_SIZE = 150_000
_PDF_DATE = re.compile(rb"(/(?:CreationDate|ModDate) ?\(D:)\d{14}")
_NODE_ID = re.compile(rb"\(node(\d+)\)")


def _load(settings: dict[str, str]) -> None:
    from kotacerdas.errors import UsageError

    engine = WRITER.setting(settings, "pdf_engine")
    if engine == "chromium":
        if chromium() is None:
            raise UsageError.about("KC627", format=WRITER.name, program="Chromium",
                                   package="chromium", option="--pdf-engine chromium")
        return
    try:
        import pypdf  # noqa: F401  # joins the parts of a long book
        import weasyprint  # type: ignore[import-untyped]  # noqa: F401
    except (ImportError, OSError) as missing:  # OSError: Pango or its fonts are missing
        raise missing_library(WRITER.name, "WeasyPrint", "pdf", missing) from None


def chromium() -> str | None:
    """The path of the Chromium program, if one is installed."""
    import shutil

    return next((found for name in CHROMIUM_NAMES if (found := shutil.which(name))), None)


def _finish(text: str, job: dict[str, Any]) -> Finished:
    from kotacerdas.render.formats.pages import (
        with_column_widths,
        with_content_policy,
        with_lists,
        with_style,
        without_file_links,
    )

    labels = job.get("labels", {})
    text = with_lists(text, labels.get("daftar_tabel", ""), labels.get("daftar_gambar", ""))
    text = with_style(with_column_widths(text), PRINT_RULES)
    engine = WRITER.setting(job.get("settings", {}), "pdf_engine")
    if engine == "chromium":
        return Finished(_chromium(with_content_policy(without_file_links(text)), job))
    _load(job.get("settings", {}))  # a library that cannot load: KC626
    return Finished(weasyprint_pdf(text, job))


def weasyprint_pdf(text: str, job: dict[str, Any]) -> bytes:
    """The book laid out by WeasyPrint, dated and identified reproducibly; a long book
    part by part (`pdf_parts`)."""
    import hashlib

    from weasyprint import HTML
    from weasyprint.urls import URLFetcher  # type: ignore[import-untyped]

    from kotacerdas.render.formats.book_parts import cut
    from kotacerdas.render.formats.pdf_parts import pdf_in_parts

    fetcher = URLFetcher(allowed_protocols=("data",), allow_redirects=False)
    identifier = hashlib.sha256(text.encode("utf-8")).hexdigest()[:32].encode("ascii")

    def lay_out(page: str) -> Any:
        return HTML(string=page, url_fetcher=fetcher).render()

    def write(document: Any) -> bytes:
        metadata = document.metadata
        metadata.created = metadata.modified = f"{job.get('date', '2000-01-01')}T00:00:00Z"
        metadata.generator = "kotacerdas"
        if not metadata.lang:
            metadata.lang = job.get("language") or None
        data: bytes = document.write_pdf(pdf_identifier=identifier)
        return data

    book = cut(text, part_size())
    if book is None:
        return write(lay_out(text))
    return pdf_in_parts(book, lay_out, write, identifier)


def part_size() -> int:
    """How many characters of a book's HTML WeasyPrint lays out at a time
    (``KOTACERDAS_PDF_PART_KB`` thousands; fewer use less memory and take a little
    longer)."""
    setting = os.environ.get("KOTACERDAS_PDF_PART_KB", "")
    return int(setting) * 1000 if setting.isdigit() and int(setting) > 0 else PART_SIZE


def _chromium(text: str, job: dict[str, Any]) -> bytes:
    import subprocess
    import tempfile

    from kotacerdas.render.formats.finishing import EngineFailed, TimeUp

    program = chromium()
    if program is None:
        raise EngineFailed("Chromium is no longer installed")
    with tempfile.TemporaryDirectory(prefix="kotacerdas-pdf-") as work:
        page, out = Path(work, "buku.html"), Path(work, "buku.pdf")
        page.write_text(text, encoding="utf-8")
        command = [program, *CHROMIUM_FLAGS, f"--user-data-dir={Path(work, 'profil')}",
                   f"--print-to-pdf={out}", page.as_uri()]
        child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                 stdin=subprocess.DEVNULL, cwd=work, start_new_session=True)
        try:
            _, errors = child.communicate(timeout=float(job.get("timeout", 600)))
        except subprocess.TimeoutExpired:
            _stop(child)
            raise TimeUp() from None
        except BaseException:  # the writer's own alarm, or an interrupt
            _stop(child)
            raise
        if child.returncode != 0 or not out.is_file():
            last = errors.decode("utf-8", "replace").strip().splitlines()[-1:] or ["?"]
            raise EngineFailed(f"exit {child.returncode}: {last[0][:200]}")
        data = out.read_bytes()
    return renumbered_nodes(pinned_dates(data, job.get("date", "2000-01-01")))


def _stop(child: subprocess.Popen[bytes]) -> None:
    """Kill Chromium with every process it started."""
    import signal

    try:
        os.killpg(child.pid, signal.SIGKILL)
    except OSError:
        child.kill()
    child.wait()


def renumbered_nodes(data: bytes) -> bytes:
    """``data`` with the ids Chromium gives the elements of its structure tree
    (``(node00000149)``, counted from when the page was loaded, which varies with timing)
    numbered from 1 in their own order, each in as many bytes as before."""
    found = sorted({int(number) for number in _NODE_ID.findall(data)})
    rank = {number: index for index, number in enumerate(found, 1)}

    def renumbered(match: re.Match[bytes]) -> bytes:
        width = len(match.group(1))
        return b"(node" + str(rank[int(match.group(1))]).zfill(width).encode("ascii") + b")"

    return _NODE_ID.sub(renumbered, data)


def pinned_dates(data: bytes, day: str) -> bytes:
    """``data`` with its creation and modification dates set to ``day`` (midnight; the
    time zone written after them stays), in as many bytes as before, so that no offset of
    the file moves."""
    digits = day.replace("-", "").encode("ascii")[:8].ljust(8, b"0") + b"000000"
    return _PDF_DATE.sub(lambda found: found.group(1) + digits, data)


WRITER = Writer(name="pdf", description="PDF (A4, WeasyPrint or --pdf-engine chromium)",
                family=HTML_WRITER.family, autoescape=HTML_WRITER.autoescape,
                configure=HTML_WRITER.configure, label="PDF", finish=_finish, load=_load,
                settings=(("pdf_engine", ENGINES),),
                setting_help=(("pdf_engine", "Mesin PDF / PDF engine"),))
