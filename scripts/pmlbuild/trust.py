"""What each page tells readers and machines about its history: the changes that touched it,
how to cite it, and its structured data (JSON-LD).

Why: one small function gathers, for one page, the values its template shows under the review
stamp and in its head, from the changelog (pmlbuild/changes.py) and the page's front matter
(pmlbuild/jsonld.py), so nothing in the templates is typed by hand or computed twice.
"""
from __future__ import annotations

import datetime as dt

from . import jsonld
from .changes import Release, changes_for, current_version
from pmlcheck.dates import long_date


def version_values(releases: list[Release]) -> dict:
    """config.extra values: the guide's version and its date, from the newest release."""
    return {"version": current_version(releases),
            "version_date": long_date(releases[0].date) if releases else ""}


def _date_text(value) -> str:
    if isinstance(value, dt.datetime):
        value = value.date()
    return long_date(value) if isinstance(value, dt.date) else str(value or "")


def cite_line(meta: dict, url: str, version: str) -> str:
    """"Cite this page": title, guide, version, date and address (plain text; the template escapes it)."""
    reviewed = _date_text(meta.get("last_reviewed"))
    when = f"; page last reviewed {reviewed}" if reviewed else ""
    title = str(meta.get("title", "")).strip()
    title += "" if title.endswith(("?", "!", ".")) else "."
    return f"PML Guide contributors. {title} PML Guide, version {version}{when}. {url}"


def page_values(meta: dict, page: str, url: str, changes_link: str, releases: list[Release],
                site_name: str, site_url: str, language: str = "en", translation_of: str = "") -> dict:
    """The template values for one page (its path inside docs/ is ``page``, its address ``url``;
    ``changes_link`` is the What changed page's address relative to it)."""
    if not meta.get("title"):
        return {}
    version = version_values(releases)["version"]
    touched = list(dict.fromkeys(r for r, _change in changes_for(releases, page)))
    return {
        "pml_changes": [{"url": f"{changes_link}#{r.anchor}", "label": f"{long_date(r.date)} (version {r.version})"}
                        for r in touched],
        "pml_cite": cite_line(meta, url, version),
        "pml_jsonld": jsonld.script_body(jsonld.medical_web_page(meta, url, site_name, site_url, version, language,
                                                                         translation_of)),
    }
