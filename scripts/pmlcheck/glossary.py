"""glossary.yml: the one source of glossary terms, and what is generated from it.

Why: readers meet words like oligodendrocyte and IRIS on many pages. Each term is defined once,
here; the tooltips on every page and the A-Z Glossary page are both generated from this file,
so a definition can never be written twice or disagree with itself.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

import yaml

from .pages import DOCS, REPO, YamlLoader
from .problems import Problem, rel

GLOSSARY = REPO / "glossary.yml"
FIELDS = {"term", "aliases", "pronunciation", "definition", "read_more", "sources"}
MAX_DEFINITION_WORDS = 45
EXAMPLE = (
    "- term: myelin\n"
    "  definition: >-\n"
    "    The fatty coating around nerve fibres. It helps messages travel quickly along them.\n"
    "  read_more: patients/what-is-pml.md"
)


@dataclass
class Term:
    term: str
    definition: str
    line: int
    aliases: list[str] = field(default_factory=list)
    pronunciation: str = ""
    read_more: str = ""
    sources: list[str] = field(default_factory=list)

    @property
    def anchor(self) -> str:
        return "term-" + re.sub(r"[^a-z0-9]+", "-", self.term.lower()).strip("-")

    @property
    def letter(self) -> str:
        first = self.term[:1].upper()
        return first if first.isalpha() else "#"


def _line_of_items(text: str) -> list[int]:
    try:
        node = yaml.compose(text, Loader=YamlLoader)
    except yaml.YAMLError:
        return []
    if not isinstance(node, yaml.SequenceNode):
        return []
    return [item.start_mark.line + 1 for item in node.value]


def load(path: Path = GLOSSARY, docs: Path = DOCS, known_keys: set[str] | None = None,
         root: Path | None = None) -> tuple[list[Term], list[Problem]]:
    """Read and validate the glossary; a term with a problem is still returned when usable."""
    shown = rel(path, root or REPO)
    if not path.exists():
        return [], [Problem(shown, None, "the glossary file does not exist.", "create glossary.yml at the repository root.")]
    text = path.read_text(encoding="utf-8")
    try:
        data = yaml.load(text, Loader=YamlLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        return [], [Problem(shown, mark.line + 1 if mark else None, f"the glossary is not valid YAML ({getattr(exc, 'problem', exc)}).",
                            "each term starts with '- term:'; indent its other fields by two spaces; quote text with a colon.")]
    if not isinstance(data, list):
        return [], [Problem(shown, 1, "the glossary is not a list of terms.", "write each term like this:\n" + EXAMPLE)]

    lines = _line_of_items(text)
    terms: list[Term] = []
    problems: list[Problem] = []
    names: dict[str, tuple[str, int]] = {}
    for index, item in enumerate(data):
        line = lines[index] if index < len(lines) else None
        if not isinstance(item, dict):
            problems.append(Problem(shown, line, "this glossary item is not a term.", "write it like this:\n" + EXAMPLE))
            continue
        unknown = set(item) - FIELDS
        if unknown:
            problems.append(Problem(shown, line, f"unknown field(s) {', '.join(sorted(unknown))}.",
                                    f"use only: {', '.join(sorted(FIELDS))}."))
        name = str(item.get("term") or "").strip()
        definition = " ".join(str(item.get("definition") or "").split())
        if not name:
            problems.append(Problem(shown, line, "a glossary item has no 'term'.", "add 'term: the word as readers see it'."))
            continue
        if not definition:
            problems.append(Problem(shown, line, f"the term '{name}' has an empty definition.",
                                    "write one or two short plain-language sentences under 'definition:'."))
        elif len(definition.split()) > MAX_DEFINITION_WORDS:
            problems.append(Problem(shown, line, f"the definition of '{name}' has {len(definition.split())} words.",
                                    f"shorten it to at most {MAX_DEFINITION_WORDS} words; put detail on the page it links to."))
        if re.search(r"[\[\]<>@]", definition):
            problems.append(Problem(shown, line, f"the definition of '{name}' contains [, ], <, > or @.",
                                    "write plain text; put sources under 'sources:' as a list of keys."))
        aliases = [str(a).strip() for a in (item.get("aliases") or []) if str(a).strip()]
        term = Term(name, definition, line or 0, aliases, str(item.get("pronunciation") or "").strip(),
                    str(item.get("read_more") or "").strip(), [str(s) for s in (item.get("sources") or [])])
        for label in [name] + aliases:
            folded = label.casefold()
            if folded in names:
                other, other_line = names[folded]
                problems.append(Problem(shown, line, f"'{label}' is already in the glossary (as '{other}', line {other_line}).",
                                        "keep one entry per term: merge the two, or remove this alias."))
            else:
                names[folded] = (name, line or 0)
        if term.read_more:
            target = term.read_more.split("#", 1)[0]
            if not target.endswith(".md") or not (docs / target).is_file():
                problems.append(Problem(shown, line, f"'{name}' has read_more '{term.read_more}', which is not a page.",
                                        "give the page's path under docs/, for example 'patients/what-is-pml.md'."))
        if known_keys is not None:
            for key in term.sources:
                if key not in known_keys:
                    problems.append(Problem(shown, line, f"'{name}' cites unknown source '{key}'.",
                                            "use a key from bibliography.bib, or add a verified entry there first."))
        terms.append(term)
    return terms, problems


def _plural(word: str) -> str | None:
    """The regular English plural of a glossary word, or None for abbreviations and plurals."""
    if not word[-1:].isalpha() or word.isupper() or word.endswith("s"):
        return None
    if word.endswith("y") and word[-2:-1] not in "aeiou":
        return word[:-1] + "ies"
    return word + "s"


def tooltips(terms: list[Term]) -> dict[str, str]:
    """Text -> tooltip, for Markdown's abbr glossary. Matching is case-sensitive and exact, so a
    lower-case term also gets its capitalised form (for the start of a sentence), and every
    word gets its regular plural ("lesions", "antibodies"). A real term always wins over a
    generated form."""
    out: dict[str, str] = {}
    generated: dict[str, str] = {}
    for t in terms:
        out[t.term] = t.definition
        for alias in t.aliases:
            out.setdefault(alias, f"{t.term}: {t.definition}")
    for text, tip in list(out.items()):
        forms = [text, _plural(text)]
        forms += [f[:1].upper() + f[1:] for f in forms if f and f[:1].islower()]
        for form in forms:
            if form and form not in out:
                generated.setdefault(form, tip)
    return {**generated, **out}


def page_markdown(terms: list[Term], page_path: str) -> str:
    """The A-Z Glossary page body. ``page_path`` is the glossary page's path under docs/."""
    here = PurePosixPath(page_path).parent
    ordered = sorted(terms, key=lambda t: t.term.casefold())
    letters = sorted({t.letter for t in ordered})
    jump = " · ".join(f"[{letter}](#letter-{letter.lower()})" for letter in letters)
    out = [f'<nav class="glossary-letters" aria-label="Glossary letters" markdown>\n{jump}\n</nav>\n']
    for letter in letters:
        out.append(f"## {letter} {{#letter-{letter.lower()}}}\n")
        out.append('<dl class="glossary" markdown>')
        for t in (t for t in ordered if t.letter == letter):
            out.append(f'<dt id="{t.anchor}" markdown>{t.term}</dt>')
            details = []
            if t.aliases:
                details.append("Also called: " + ", ".join(t.aliases) + ".")
            if t.pronunciation:
                details.append(f"Say it: *{t.pronunciation}*.")
            cite = f" [{'; '.join('@' + k for k in t.sources)}]" if t.sources else ""
            body = t.definition
            if cite and body.endswith("."):
                body = body[:-1] + cite + "."
            elif cite:
                body += cite
            out.append('<dd markdown>')
            out.append(body + "\n")
            if details:
                out.append(" ".join(details) + "\n")
            if t.read_more:
                target = PurePosixPath(t.read_more)
                link = _relative(target, here)
                out.append(f"[Read more about {t.term}]({link})\n")
            out.append("</dd>")
        out.append("</dl>\n")
    return "\n".join(out)


def _relative(target: PurePosixPath, start: PurePosixPath) -> str:
    import os.path
    return os.path.relpath(str(target), str(start) if str(start) else ".").replace("\\", "/")
