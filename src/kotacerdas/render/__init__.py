"""Rendering the masterplan books: view models, templates, charts and the build driver.

Every heavy import (jinja2, markdown_it, babel) happens inside this package, and only
when a book is built.
"""
