#!/usr/bin/env python3
"""Report the reading level of PML Guide pages: Flesch-Kincaid grade (English), Fernández-Huerta
reading ease (Spanish, docs/es/).

English patient and medicines pages must be at grade 8 or below, with a median of 7 or below.
Spanish patient and medicines pages must score at least 55, with a median of at least 65
(higher is easier). Prints a table of every English page (grade, words, words a sentence,
sentences over 20 words), then every Spanish page's score beside its English page's grade, and
fails if a plain-language page misses its goal. Clinician pages are listed for information only.
"""
import sys

from pmlcheck import cli, readability, seen, translations

from pmlsources import shape
from pmlsources.pages import DOCS


def main(argv=None) -> int:
    p = cli.parser(__doc__)
    p.add_argument("--json", action="store_true", help="print JSON instead of a table")
    args = p.parse_args(argv)
    selected = cli.selected(args)
    paths = [p for p in selected if shape.language_of(p, DOCS) == "en"]
    grades = seen.grade_files(paths, DOCS.parent, DOCS)
    plain = [g for g, path in zip(grades, paths, strict=True) if readability.needs_plain_language(path, DOCS)]
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
    problems += _spanish(selected, whole_section=not (args.files or args.changed), table=not args.json)
    if problems:
        print(cli.report(problems, "reading level"), file=sys.stderr)
    return 1 if problems else 0


def _spanish(selected, whole_section: bool, table: bool) -> list:
    """Spanish pages: Fernández-Huerta reading ease beside the English page's grade."""
    import statistics

    pages = translations.plain_language_pages(selected, DOCS)
    scores = [translations.score_text(p.read_text(encoding="utf-8"), str(p.relative_to(DOCS.parent))) for p in pages]
    if table and scores:
        print(f"\n{'F-H':>5}  {'words':>5}  {'EN grade':>8}  Spanish page (Fernández-Huerta reading ease; English page's grade)")
        for page, score in zip(pages, scores, strict=True):
            english = DOCS / "/".join(shape.page_parts(page, DOCS)[1])
            grade = readability.grade_text(english.read_text(encoding="utf-8")).grade if english.is_file() else float("nan")
            print(f"{score.score:>5}  {score.words:>5}  {grade:>8}  {score.path}")
        print(f"median Fernández-Huerta of {len(scores)} Spanish page(s): {statistics.median(s.score for s in scores):.1f}")
    return translations.check_reading(scores, whole_section=whole_section)


if __name__ == "__main__":
    sys.exit(main())
