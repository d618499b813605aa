"""HTML books: one self-contained file per book, styles and SVG charts inline.

Every page carries `CONTENT_SECURITY_POLICY`, so a browser fetches nothing for it: not a
script, a stylesheet, an image or a font, whatever a plan or a city template puts there.

Plans are written in Indonesian. In a book in another language, the plan's text is marked
as Indonesian (``lang="id"``), so that a screen reader reads it with Indonesian voices and
print hyphenates it by Indonesian rules: a template prints plan text through the ``teks``
filter, and the ``markdown`` filter marks what it renders. Labels are in the book's
language and need no mark.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from kotacerdas.render.formats import Writer

#: Inline styles (the ``<style>`` element and ``style`` attributes) and inline SVG need no
#: fetch; images and fonts may only be embedded as ``data:`` URLs.
CONTENT_SECURITY_POLICY = ("default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
                           "font-src data:; base-uri 'none'; form-action 'none'")


def _configure(env: Any, suffix: str) -> None:
    from jinja2 import pass_context
    from markupsafe import Markup, escape

    from kotacerdas.render import charts, filters
    from kotacerdas.render.environment import link_helpers, numbering_helpers
    from kotacerdas.render.filters import PLAN_LANGUAGE

    href = link_helpers(suffix)

    @pass_context
    def ref(context: Any, target: str) -> Markup:
        if target not in context["letak"]:
            return escape(target)
        return Markup(f'<a class="ref" href="{escape(href(context, target))}">'
                      f"{escape(target)}</a>")

    def anchor(target: str) -> Markup:
        return Markup(f'<a id="{escape(target)}"></a>')

    def in_plan_language(context: Any, tag: str, content: Any) -> Any:
        """``content`` inside ``tag`` marked as the plan's language, in a book of another."""
        if not content or context["bahasa"] == PLAN_LANGUAGE:
            return content
        return Markup('<{0} lang="{1}">{2}</{0}>').format(Markup(tag), PLAN_LANGUAGE, content)

    @pass_context
    def plan_text(context: Any, text: Any) -> Any:
        return in_plan_language(context, "span", text)

    @pass_context
    def markdown(context: Any, text: str) -> Markup:
        return Markup(in_plan_language(context, "div", Markup(markdown_to_html(text))))

    def fill(template: str, **values: Any) -> Markup:
        escaped = {name: escape(value) for name, value in values.items()}
        return Markup(filters.fill(escape(template), **escaped))

    def chart(kind: str, *args: Any) -> Markup:
        return Markup(charts.DRAW[kind](*args))

    def book_file(stem: str) -> str:
        return f"{stem}.{suffix}"

    def caption(label: str, title: Any) -> Markup:
        return Markup("{} {}").format(label, title) if label else escape(title)

    def cite(entry: dict[str, Any]) -> Markup:
        return Markup('<a class="ref" href="#{}">{}</a>').format(entry["id"], entry["label"])

    @pass_context
    def see(context: Any, entry: dict[str, Any]) -> Markup:
        before, _, after = str(context["L"]["lihat"]).partition("{rujukan}")
        return escape(before) + cite(entry) + escape(after)

    env.filters.update({"markdown": markdown, "teks": plan_text, "isi": fill})
    env.filters["css_teks"] = lambda text: Markup(css_string(str(text)))
    env.globals.update({"href": href, "ref": ref, "jangkar": anchor, "grafik": chart,
                        "kebijakan_konten": Markup(CONTENT_SECURITY_POLICY),
                        "berkas_buku": book_file, "rujuk": cite, "lihat": see,
                        **numbering_helpers(caption)})


def css_string(text: str) -> str:
    """``text`` as a quoted CSS string that shows it exactly as written and is safe inside
    a ``<style>`` element: anything but letters, digits and spaces is a hex escape."""
    return '"' + "".join(char if char.isascii() and (char.isalnum() or char == " ")
                         else f"\\{ord(char):06x}" for char in text) + '"'


def markdown_to_html(text: str) -> str:
    """CommonMark with pipe tables, as safe HTML: raw HTML shown as text, links only to the
    web, to mail and to anchors, and every image replaced by its description."""
    return str(_markdown().render(str(text)))


@cache
def _markdown() -> Any:
    from markdown_it import MarkdownIt

    from kotacerdas.render.filters import safe_link

    class BookMarkdown(MarkdownIt):
        """CommonMark whose links pass `safe_link`; any other stays text as written."""

        def validateLink(self, url: str) -> bool:
            return safe_link(url)

    parser = BookMarkdown("commonmark", {"html": False}).enable("table")
    parser.add_render_rule("image", _image_as_text)
    return parser


def _image_as_text(renderer: Any, tokens: Any, index: int, options: Any, env: Any) -> str:
    from markdown_it.common.utils import escapeHtml

    words = renderer.renderInlineAsText(tokens[index].children or [], options, env)
    return str(escapeHtml(words))


WRITER = Writer(name="html", description="HTML (self-contained)", family="html",
                autoescape=True, configure=_configure, index_page="html/index.html.j2",
                label="HTML")
