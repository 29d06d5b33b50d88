"""Small things the build writes into every page from one source each.

Why: the repository address lives in mkdocs.yml only, and the disclaimer is written once in
docs/_includes/disclaimer.md; pages and templates get them from here rather than by copying.
"""
from __future__ import annotations

from pathlib import Path

import markdown


def fill_repo_url(text: str, repo_url: str | None) -> str:
    """A page's `{repo_url}` replaced by the repository address from mkdocs.yml."""
    if "{repo_url}" not in text or not repo_url:
        return text
    return text.replace("{repo_url}", repo_url.rstrip("/"))


def disclaimer_html(docs: Path) -> str:
    """The shared disclaimer, rendered for the page template (overrides/)."""
    return markdown.markdown((docs / "_includes" / "disclaimer.md").read_text(encoding="utf-8"))
