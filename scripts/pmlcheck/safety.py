"""Content safety: what a page's Markdown may not carry.

Why: pages are written by many hands and rendered as HTML, so Markdown could smuggle in script,
event handlers or an embedded third-party frame (a tracker, or worse), and an http:// link
sends a reader over an unencrypted connection. The site's Content-Security-Policy blocks much of
this in the browser; this check stops it before it is ever published.
"""
from __future__ import annotations

import re
from pathlib import Path

from .problems import Problem, rel

RULES = [
    (re.compile(r"<\s*script\b", re.I), "a <script> tag",
     "remove it: pages carry no scripts; site behaviour belongs in docs/assets/js and needs a reviewed pull request."),
    (re.compile(r"<[^>]*\son[a-z]+\s*=", re.I), "an inline event handler (onclick=, onload= ...)",
     "remove the attribute; pages carry no scripts."),
    (re.compile(r"<\s*iframe\b", re.I), "an <iframe>",
     "link to the page instead of embedding it: embedded frames load third-party content and trackers."),
    (re.compile(r"<\s*(?:object|embed)\b", re.I), "an <object> or <embed> tag",
     "link to the file instead of embedding it."),
    (re.compile(r"javascript\s*:", re.I), "a javascript: link", "use an ordinary https:// link."),
    (re.compile(r"http://", re.I), "an http:// link",
     "use the https:// address of the page (check that it opens); unencrypted links are not allowed."),
]


def check_text(text: str, path: str) -> list[Problem]:
    problems = []
    for number, line in enumerate(text.split("\n"), start=1):
        for pattern, what, fix in RULES:
            if pattern.search(line):
                problems.append(Problem(path, number, f"the page contains {what}.", fix))
    return problems


def check_files(paths: list[Path], root: Path | None = None) -> list[Problem]:
    problems: list[Problem] = []
    for path in paths:
        problems += check_text(path.read_text(encoding="utf-8"), rel(path, root))
    return problems
