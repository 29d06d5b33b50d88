#!/usr/bin/env python3
"""List the pages whose review is due within 30 days or overdue.

Why: every page promises readers a next review date. An ordinary build only lists the pages due
(as a notice that never fails CI); this command prints the same list for the editors, writes the
body of the one issue the weekly workflow keeps up to date (--out FILE), and with --release exits
1 when a page is overdue, as the release builders do (pmlcheck/review_due.py).
"""
import argparse
import datetime as dt
import sys
from pathlib import Path

from pmlcheck import review_due
from pmlsources.pages import DOCS, REPO, content_pages
from pmlsources.problems import report


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], epilog=__doc__.split("\n\n", 1)[1])
    p.add_argument("--release", action="store_true", help="exit 1 if any page's review is overdue")
    p.add_argument("--out", type=Path, metavar="FILE", help="also write the list as Markdown to FILE (for an issue)")
    p.add_argument("--today", type=dt.date.fromisoformat, default=dt.date.today(), help="the date to count from (YYYY-MM-DD)")
    args = p.parse_args(argv)
    pages = content_pages(DOCS)
    due = review_due.due(pages, args.today, REPO)
    text = review_due.notice(due, args.today) or f"No page is due for review within {review_due.WINDOW_DAYS} days."
    print(text)
    if args.out:
        args.out.write_text(text + "\n\nEach page's front matter holds its `next_review` date; "
                            "About > Editorial policy explains how a page is reviewed.\n", encoding="utf-8")
    problems = review_due.release_problems(pages, args.today, REPO)
    if args.release and problems:
        print("\n" + report(problems, "pages whose review is overdue, translations behind"), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
