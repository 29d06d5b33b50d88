"""The Content-Security-Policy's script sources for one built page.

Why: the page template (overrides/main.html) writes a Content-Security-Policy that allows
scripts from the site itself only, with the placeholder PLACEHOLDER where inline scripts are
allowed. Material writes a few small inline scripts; this allows exactly those of each page,
by hash, and nothing else.
"""
from __future__ import annotations

import base64
import hashlib
import re

PLACEHOLDER = "PML-CSP-SCRIPT-HASHES"
_INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>(.*?)</script>", re.DOTALL)


def script_hashes(html: str) -> list[str]:
    """CSP source expressions ('sha256-...') for every inline script in ``html``, sorted."""
    return sorted({"'sha256-" + base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode() + "'"
                   for body in _INLINE_SCRIPT.findall(html)})


def fill(html: str) -> str:
    """``html`` with the placeholder replaced by this page's inline-script hashes."""
    if PLACEHOLDER not in html:
        return html
    return html.replace(PLACEHOLDER, " ".join(script_hashes(html)))
