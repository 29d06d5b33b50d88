"""What each page tells readers and machines about its history: the changes that touched it,
how to cite it, and its structured data (JSON-LD).

Why: one small function gathers, for one page, the values its template shows under the review
stamp and in its head, from the changelog (pmlrender/changes.py) and the page's front matter
(pmlrender/jsonld.py), so nothing in the templates is typed by hand or computed twice.
"""
from __future__ import annotations

import datetime as dt

from pmlrender import jsonld
from pmlrender.changes import changes_for
from pmlsources.changedata import Release, current_version
from pmlsources.dates import long_date, long_date_es


def version_values(releases: list[Release]) -> dict:
    """config.extra values: the guide's version and its date, from the newest release."""
    return {"version": current_version(releases),
            "version_date": long_date(releases[0].date) if releases else ""}


def _date_text(value, language: str = "en") -> str:
    if isinstance(value, dt.datetime):
        value = value.date()
    if not isinstance(value, dt.date):
        return str(value or "")
    return long_date_es(value) if language == "es" else long_date(value)


# "Cite this page" in each language: {title}, {version}, {reviewed} (the date), {url}.
CITE = {
    "en": {"line": "PML Guide contributors. {title} PML Guide, version {version}{when}. {url}",
           "when": "; page last reviewed {reviewed}", "note": ""},
    # A Spanish page's citation names its Spanish title and address, and says what its stamp says:
    # a translation no native-speaking clinician has reviewed yet (decisions/0003-languages.md).
    "es": {"line": "Colaboradores de la Guía de la LMP. {title} Guía de la LMP, versión {version}{when}.{note} {url}",
           "when": "; última revisión de la página: {reviewed}",
           "note": " Traducción del inglés, aún no revisada por un médico ni una enfermera de lengua materna española."},
}


def cite_line(meta: dict, url: str, version: str, language: str = "en") -> str:
    """"Cite this page": title, guide, version, date and address (plain text; the template escapes
    it), in the page's language."""
    words = CITE.get(language, CITE["en"])
    reviewed = _date_text(meta.get("last_reviewed"), language)
    title = str(meta.get("title", "")).strip()
    title += "" if title.endswith(("?", "!", ".")) else "."
    return words["line"].format(title=title, version=version, url=url, note=words["note"],
                                when=words["when"].format(reviewed=reviewed) if reviewed else "")


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
        "pml_cite": cite_line(meta, url, version, language),
        "pml_jsonld": jsonld.script_body(jsonld.medical_web_page(meta, url, site_name, site_url, version, language,
                                                                         translation_of)),
    }
