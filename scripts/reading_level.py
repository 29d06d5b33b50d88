#!/usr/bin/env python3
"""Report the reading level (Flesch-Kincaid grade) of PML Guide pages.

Patient and medicines pages must be at grade 8 or below, with a median of 7 or below. Prints a
table of every page (grade, words, words a sentence, sentences over 20 words) and fails if a
plain-language page is above grade 8. Clinician pages are listed for information only.
"""
import sys

from pmlcheck import cli, readability
from pmlcheck.pages import DOCS


def main(argv=None) -> int:
    p = cli.parser(__doc__)
    p.add_argument("--json", action="store_true", help="print JSON instead of a table")
    args = p.parse_args(argv)
    paths = cli.selected(args)
    grades = readability.grade_files(paths)
    plain = [g for g, path in zip(grades, paths) if readability.needs_plain_language(path, DOCS)]
    if args.json:
        import json
        print(json.dumps([g.__dict__ | {"plain_language": g in plain} for g in grades], indent=2))
    else:
        print(f"{'grade':>5}  {'words':>5}  {'w/sent':>6}  {'>20w':>4}  page")
        for g in grades:
            mark = "" if g in plain else "  (not a plain-language page)"
            print(f"{g.grade:>5}  {g.words:>5}  {g.words_per_sentence:>6.1f}  {g.long_sentences:>4}  {g.path}{mark}")
        if plain:
            import statistics
            print(f"median grade of {len(plain)} plain-language page(s): {statistics.median(g.grade for g in plain):.1f}")
    problems = readability.check_grades(plain, whole_section=not (args.files or args.changed))
    if problems:
        print(cli.report(problems, "reading level"), file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
