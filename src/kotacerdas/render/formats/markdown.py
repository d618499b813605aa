"""Markdown books: CommonMark with pipe tables, plan text shown literally.

Every value a Markdown template prints is escaped by the environment's ``finalize`` hook,
as autoescaping does for the HTML books, unless it is `Markdown` already: what ``ref``,
``rujuk``, ``jangkar``, ``grafik``, ``safe`` and the ``teks``, ``sel``, ``md``, ``md_sel``,
``isi`` and ``join`` filters return. Escaping puts a backslash only where CommonMark would
otherwise read markup, and only before ASCII punctuation, so that any renderer shows the
text as written.

A chart is an SVG file in ``gambar/`` beside the books, drawn by the same functions as the
HTML books' charts; ``grafik(...)`` records it and gives its path, to embed as an image.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Iterator
from functools import cache, lru_cache
from typing import Any
from urllib.parse import quote

from kotacerdas.render.formats import Writer

#: The folder beside the books that holds the charts of the Markdown books, as SVG files.
CHART_FOLDER = "gambar"


class Markdown(str):
    """Text that is Markdown already: printed as it is, never escaped again."""


_LINE_ENDING = re.compile(r"\r\n?")
_INDENT = re.compile(r"^[ \t]+", re.MULTILINE)
_TRAILING_SPACE = re.compile(r"[ \t]+(?=\n)")
_INLINE = re.compile(
    r"[`*\[\]<|]"  # code spans, emphasis, links, raw HTML and autolinks, table cells
    r"|\\(?=[!-/:-@\[-`{-~\n]|\Z)"  # a backslash that escapes or breaks a line
    r"|!\Z"  # an image, should a link follow
    r"|&(?=#?[A-Za-z0-9]+;|#?[A-Za-z0-9]*\Z)"  # an entity or character reference
    r"|_+"  # emphasis, unless inside a word
)
_BLOCK_START = re.compile(
    r"^([ \t]*)(?="
    r"#{1,6}(?:[ \t]|$)"  # a heading
    r"|>"  # a block quote
    r"|[-+](?:[ \t]|$)"  # a list item
    r"|-[- \t]*$"  # a thematic break or an underline
    r"|=+[ \t]*$"  # an underline
    r"|~~~)",  # a code fence
    re.MULTILINE,
)
_ORDERED_ITEM = re.compile(r"^([ \t]*\d{1,9})(?=[.)](?:[ \t]|$))", re.MULTILINE)
_DIGITS_LINE = re.compile(r"[ \t]*\d{1,9}")
_NUMBER_END = re.compile(r"[.)](?:[ \t\n]|\Z)")
_CALM = re.compile(r"(?! |\d{1,9}[.)](?: |\Z))[^\\`*_\[\]<>|!&#+=~\-\n\r\t]*\Z")
_UNESCAPED_PIPE = re.compile(r"(?<!\\)((?:\\\\)*)\|")


@lru_cache(maxsize=1 << 16)
def escape_text(text: str) -> str:
    """``text`` as Markdown that a CommonMark renderer shows exactly as written (kept for
    the next time: a book escapes the same agencies, years and amounts again and again,
    fourteen times each on average at 1,000 programmes).

    Its start is taken for the start of a line and its end for the end of one, so that
    it stays literal between any Markdown. Whitespace that CommonMark would read as
    indentation or a line break is reduced to what it shows anyway.
    """
    if _CALM.match(text):
        return text
    text = _LINE_ENDING.sub("\n", text)
    text = _TRAILING_SPACE.sub("", _INDENT.sub(" ", text))
    text = _INLINE.sub(_escape_inline, text)
    text = _BLOCK_START.sub(r"\1\\", text)
    return _ORDERED_ITEM.sub(r"\1\\", text)


def _escape_inline(found: re.Match[str]) -> str:
    run = found.group()
    if run[0] == "_" and _inside_word(found):
        return run  # an underscore between letters or digits never marks emphasis
    return "".join("\\" + char for char in run)


def _inside_word(found: re.Match[str]) -> bool:
    text, start, end = found.string, found.start(), found.end()
    return 0 < start and end < len(text) and text[start - 1].isalnum() and text[end].isalnum()


def _concatenated(pieces: Iterable[str]) -> Markdown:
    """Markdown pieces one after the other, where a piece that starts with ``.`` or ``)``
    after a line of digits does not turn them into a list item."""
    out = ""
    for piece in pieces:
        if _NUMBER_END.match(piece) and _DIGITS_LINE.fullmatch(out[out.rfind("\n") + 1:]):
            piece = "\\" + piece
        out += piece
    return Markdown(out)


def escape(value: Any) -> Markdown:
    """Any value as Markdown showing its text; Markdown already is left as it is."""
    if isinstance(value, Markdown):
        return value
    return Markdown(escape_text(str(value)))


def cell_text(value: Any) -> Markdown:
    """Plan text inside a table cell: on one line, and escaped."""
    if isinstance(value, Markdown):
        return Markdown(" ".join(value.split()))
    return escape(" ".join(str(value).split()))


def markdown_field(value: Any) -> Markdown:
    """A plan field written in Markdown, kept as Markdown when it is harmless."""
    text = _LINE_ENDING.sub("\n", str(value)).strip()
    return Markdown(text) if _harmless(text) else escape(text)


def markdown_cell(value: Any) -> Markdown:
    """A Markdown field squeezed into a table cell: one line, its pipes escaped."""
    text = _UNESCAPED_PIPE.sub(r"\1\\|", " ".join(str(value).split()))
    return Markdown(text) if _harmless(text) else escape(" ".join(str(value).split()))


def _harmless(text: str) -> bool:
    """Whether Markdown from the plan may pass as it is: no raw HTML, no image, and links
    only to the web, to mail and to anchors. Anything else is shown as plain text."""
    from kotacerdas.render.filters import safe_link

    if "[" not in text and "<" not in text:
        return True
    for token in _tokens(_field_parser().parse(text)):
        if token.type in ("html_block", "html_inline", "image"):
            return False
        if token.type == "link_open" and not safe_link(str(token.attrGet("href") or "")):
            return False
    return True


def _tokens(tokens: Iterable[Any]) -> Iterator[Any]:
    for token in tokens:
        yield token
        yield from _tokens(token.children or ())


@cache
def _field_parser() -> Any:
    from markdown_it import MarkdownIt

    class EveryLink(MarkdownIt):
        """A parser that keeps every link, so that `_harmless` can judge each one."""

        def validateLink(self, url: str) -> bool:
            return True

    return EveryLink("commonmark", {"html": True}).enable("table")


def fill(template: Any, **values: Any) -> Markdown:
    """A label with its ``{name}`` placeholders filled, its words and the values escaped."""
    from kotacerdas.render.filters import PLACEHOLDER

    words = Markdown if isinstance(template, Markdown) else escape
    template = str(template)
    pieces, last = [], 0
    for found in PLACEHOLDER.finditer(template):
        name = found.group(1)
        pieces.append(words(template[last:found.start()]))
        pieces.append(escape(values[name]) if name in values else words(found.group()))
        last = found.end()
    pieces.append(words(template[last:]))
    return _concatenated(pieces)


def _configure(env: Any, suffix: str) -> None:
    from jinja2 import pass_context, pass_environment
    from jinja2.filters import make_attrgetter
    from jinja2.runtime import BlockReference, Context, Macro

    from kotacerdas.render import charts
    from kotacerdas.render.environment import NUMBERING, link_helpers, numbering_helpers
    from kotacerdas.render.filters import fill as plain_fill

    class MarkdownContext(Context):
        """Calls of macros, ``caller()`` and ``super()`` give Markdown: the template's own."""

        def call(__self, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: N805
            result = super().call(__obj, *args, **kwargs)
            own = isinstance(__obj, (Macro, BlockReference)) and isinstance(result, str)
            return Markdown(result) if own else result

    href = link_helpers(suffix)

    @pass_context
    def ref(context: Any, target: str) -> Markdown:
        if target not in context["letak"]:
            return escape(target)
        return Markdown(f"[{escape(target)}]({escape(href(context, target))})")

    def anchor(target: str) -> Markdown:
        return Markdown(f'<a id="{html.escape(str(target))}"></a>')

    @pass_environment
    def join(environment: Any, items: Iterable[Any], separator: str = "",
             attribute: str | int | None = None) -> Markdown:
        if attribute is not None:
            items = map(make_attrgetter(environment, attribute), items)
        pieces = [piece for item in items for piece in (escape(separator), escape(item))]
        return _concatenated(pieces[1:])

    @pass_context
    def chart(context: Any, kind: str, *args: Any) -> Markdown:
        files = context[NUMBERING].files
        name = f"{CHART_FOLDER}/{context['buku']['berkas']}-{len(files) + 1}.svg"
        files[name] = charts.DRAW[kind](*args) + "\n"
        return Markdown(quote(name))

    def caption(label: str, title: Any) -> Markdown:
        return _concatenated([escape(label), Markdown(" "), escape(title)]) if label \
            else escape(title)

    def cite(entry: dict[str, Any]) -> Markdown:
        return Markdown(f"[{escape(entry['label'])}](#{quote(entry['id'])})")

    @pass_context
    def see(context: Any, entry: dict[str, Any]) -> Markdown:
        return fill(context["L"]["lihat"], rujukan=cite(entry))

    env.context_class = MarkdownContext
    env.finalize = escape
    env.filters.update({"teks": escape, "e": escape, "escape": escape, "sel": cell_text,
                        "md": markdown_field, "md_sel": markdown_cell, "isi": fill,
                        "isi_polos": plain_fill, "join": join,
                        "safe": lambda value: Markdown(str(value))})
    env.globals.update({"href": href, "ref": ref, "jangkar": anchor, "grafik": chart,
                        "rujuk": cite, "lihat": see, **numbering_helpers(caption)})


WRITER = Writer(name="md", description="Markdown (CommonMark)", family="md",
                autoescape=False, configure=_configure, label="Markdown",
                files_folder=CHART_FOLDER)
