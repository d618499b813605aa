"""HTML books: one self-contained file per book, styles and SVG charts inline."""

from __future__ import annotations

from functools import cache
from typing import Any

from kotacerdas.render.formats import Writer


def _configure(env: Any, suffix: str) -> None:
    from jinja2 import pass_context
    from markupsafe import Markup, escape

    from kotacerdas.render import charts
    from kotacerdas.render.environment import link_helpers

    href = link_helpers(suffix)

    @pass_context
    def ref(context: Any, target: str) -> Markup:
        if target not in context["letak"]:
            return escape(target)
        return Markup(f'<a class="ref" href="{escape(href(context, target))}">'
                      f"{escape(target)}</a>")

    def anchor(target: str) -> Markup:
        return Markup(f'<a id="{escape(target)}"></a>')

    def markdown(text: str) -> Markup:
        return Markup(markdown_to_html(text))

    def chart(kind: str, *args: Any) -> Markup:
        return Markup(charts.DRAW[kind](*args))

    env.filters["markdown"] = markdown
    env.globals.update({"href": href, "ref": ref, "jangkar": anchor, "grafik": chart})


def markdown_to_html(text: str) -> str:
    """CommonMark with pipe tables and raw HTML off: a description as safe HTML."""
    return str(_markdown().render(str(text)))


@cache
def _markdown() -> Any:
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": False}).enable("table")


WRITER = Writer(name="html", description="HTML (self-contained)", family="html",
                autoescape=True, configure=_configure, index_page="html/index.html.j2")
