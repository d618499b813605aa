"""Markdown books: CommonMark with pipe tables, plan text shown literally."""

from __future__ import annotations

from typing import Any

from kotacerdas.render.formats import Writer


def _configure(env: Any, suffix: str) -> None:
    from jinja2 import pass_context

    from kotacerdas.render import filters
    from kotacerdas.render.environment import link_helpers

    env.filters.update({"teks": filters.md_text, "sel": filters.md_cell,
                        "md": filters.md_block, "md_sel": filters.md_block_cell})
    href = link_helpers(suffix)

    @pass_context
    def ref(context: Any, target: str) -> str:
        if target not in context["letak"]:
            return target
        return f"[{target}]({href(context, target)})"

    def anchor(target: str) -> str:
        return f'<a id="{target}"></a>'

    env.globals.update({"href": href, "ref": ref, "jangkar": anchor})


WRITER = Writer(name="md", description="Markdown (CommonMark)", family="md",
                autoescape=False, configure=_configure)
