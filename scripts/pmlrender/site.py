"""Small things the build writes into pages and templates from one source each.

Why: the repository address lives in mkdocs.yml only, the disclaimer is written once in
docs/_includes/disclaimer.md, and the review statuses are described once in pmlsources/shape.py;
pages and templates get them from here rather than by copying.
"""
from __future__ import annotations

from pathlib import Path

import markdown

from pmlrender import generated
from pmlsources import shape
from pmlsources.pages import content_pages


def log_notice(text: str) -> None:
    """A notice in the build log that does not fail a strict build (INFO, not WARNING)."""
    if text:
        import logging

        logging.getLogger("mkdocs.plugins.pml_guide").info(text)


def fill_repo_url(text: str, repo_url: str | None) -> str:
    """A page's `{repo_url}` replaced by the repository address from mkdocs.yml."""
    if "{repo_url}" not in text or not repo_url:
        return text
    return text.replace("{repo_url}", repo_url.rstrip("/"))


def disclaimer_html(docs: Path, language: str = "") -> str:
    """The shared disclaimer, rendered for the page template (overrides/); ``language``: a
    translation's own (docs/_includes/es/disclaimer.md)."""
    try:
        return markdown.markdown((docs / "_includes" / language / "disclaimer.md").read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError):  # reported, located, by pmlcheck/inputs.py before any page is built
        return ""


def shape_for_templates(pages: list[Path]) -> dict:
    """config.extra["site_shape"]: review-status wording for the stamp and the print cover."""
    return shape.template_values(shape.statuses_in_use(pages))


@generated.block("review-statuses")
def review_statuses(ctx: generated.Context, _arg: str) -> str:
    """The editorial policy's list of review statuses, from pmlsources/shape.py."""
    return shape.policy_markdown(shape.statuses_in_use(content_pages(ctx.docs)))
