"""Structured data for search engines and citers: a schema.org MedicalWebPage per content page.

Why: NHS and MedlinePlus pages tell machines what a page is about, who it is for and when it was
last reviewed. We generate that from each page's front matter (never typed by hand), so it can
never disagree with the review stamp readers see. It never names a reviewer: no clinician has
reviewed this guide yet. The block is JSON in a `<script type="application/ld+json">` data block,
which browsers never run, so the strict script policy needs no change; `<`, `>` and `&` are
written as JSON escapes so no text in it can end the block early.
"""
from __future__ import annotations

import datetime as dt
import json

# Front matter `audience` -> schema.org's MedicalAudience types (https://schema.org/MedicalAudienceType).
AUDIENCE = {
    "patients": "Patient",
    "medicines": "Patient",
    "clinicians": "Clinician",
}
CONDITION = {
    "@type": "MedicalCondition",
    "name": "Progressive multifocal leukoencephalopathy",
    "alternateName": "PML",
}


def _iso(value) -> str | None:
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value) if value else None


def medical_web_page(meta: dict, url: str, site_name: str, site_url: str, version: str, language: str = "en",
                     translation_of: str = "") -> dict:
    """The page's JSON-LD as a dict, from its front matter ``meta`` and its address ``url``; a
    translation names the address of the page it translates (``translation_of``)."""
    data = {
        "@context": "https://schema.org",
        "@type": "MedicalWebPage" if meta.get("audience") in AUDIENCE else "WebPage",
        "name": str(meta.get("title", "")),
        "description": str(meta.get("description", "")),
        "url": url,
        "inLanguage": language,
        "lastReviewed": _iso(meta.get("last_reviewed")),
        "about": CONDITION,
        "isPartOf": {"@type": "WebSite", "name": site_name, "url": site_url, "version": version},
    }
    if translation_of:
        data["translationOfWork"] = {"@type": "WebPage", "url": translation_of, "inLanguage": "en"}
    if meta.get("audience") in AUDIENCE:
        data["audience"] = {"@type": "MedicalAudience", "audienceType": AUDIENCE[meta["audience"]]}
    return {k: v for k, v in data.items() if v not in (None, "")}


def script_body(data: dict) -> str:
    """JSON text that is safe inside a <script type="application/ld+json"> element."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=False, separators=(",", ":"))
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")
