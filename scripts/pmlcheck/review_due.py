"""Review due dates, as a process rather than a time bomb.

Why: every page promises readers a next review date. An ordinary build (a contributor's pull
request, the deploy) must not start failing the day a date passes, but the editors must hear
about it early, and a release (the offline zip, the PDF, a tag) must not ship a page whose review
is overdue. So: `due` lists pages due within 30 days or overdue, the build prints them as a notice,
the weekly workflow turns them into one issue, and `release_problems` refuses overdue pages.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from pmlsources.pages import REPO, front_matter
from pmlsources.problems import Problem, rel
from pmlsources.dates import long_date

WINDOW_DAYS = 30


@dataclass(frozen=True)
class Due:
    path: str
    title: str
    next_review: dt.date

    def overdue(self, today: dt.date) -> bool:
        return self.next_review < today


def due(pages: list[Path], today: dt.date, root: Path | None = None, window: int = WINDOW_DAYS) -> list[Due]:
    """Pages whose next review falls before ``today`` + ``window`` days, soonest first."""
    out = []
    for page in pages:
        meta = front_matter(page)
        date = meta.get("next_review")
        if isinstance(date, dt.datetime):
            date = date.date()
        if isinstance(date, dt.date) and date <= today + dt.timedelta(days=window):
            out.append(Due(rel(page, root), str(meta.get("title", page.stem)), date))
    return sorted(out, key=lambda d: (d.next_review, d.path))


def notice(items: list[Due], today: dt.date) -> str:
    """One line per page, for the build log and the weekly issue ("" when nothing is due)."""
    lines = [f"- {d.path} ({d.title}): review {'overdue since' if d.overdue(today) else 'due on'} {long_date(d.next_review)}"
             for d in items]
    return ("Pages due for review within %d days:\n" % WINDOW_DAYS + "\n".join(lines)) if lines else ""


def release_problems(pages: list[Path], today: dt.date, root: Path | None = None) -> list[Problem]:
    """An overdue page stops a release, with the fix; so does a translation behind an English page
    whose figures changed since (pmlcheck/translations.py)."""
    from pmlcheck import translations

    behind = translations.release_problems(pages, (root or REPO) / "docs", root or REPO)
    return behind + [Problem(d.path, None, f"the page's review was due on {long_date(d.next_review)}, before this release.",
                    "review the page against its sources, then set last_reviewed to today and next_review to the next "
                    "review date in its front matter (About > Editorial policy explains the review).")
            for d in due(pages, today, root, window=0) if d.overdue(today)]
