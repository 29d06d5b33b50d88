"""The never-stop warning, and pages that tell readers to stop, start or change a medicine.

Why: the most harmful thing this guide could do is make a frightened reader stop a medicine that
keeps a serious illness in check. So: every page about treatment or medicines (the sections and
pages named in pmlsources/shape.py) shows the shared warning, where every reader sees it (not
hidden, not collapsed, not print-only: checked on the rendered page by pmlcheck/seen.py); the
warning's words are pinned by hash, so an edit that changes them needs a reviewer to update the
pin; the wording fits the reader (patients get "Do not stop or change your medicine on your own",
doctors and nurses "Advise patients not to stop or change immunosuppressants without their
team"); and no sentence anywhere tells readers to stop, start or change a treatment, or that
doing so without their team is safe.
"""
from __future__ import annotations

import hashlib
import re
from pathlib import Path

from pmlsources import shape
from pmlsources.lookalikes import fold
from pmlsources.problems import Problem, rel

PATIENT = "warnings/never-stop-medicine.md"
CLINICIAN = "warnings/never-stop-clinician.md"
# sha256 of each warning file. Changing a warning's words changes its hash: update the hash here
# in the same pull request, and have a reviewer confirm the new words still protect readers.
PINNED = {
    PATIENT: "72f879b2804b0e910f6d224721bb0b78937e75ea9e176e0d4dc4a97fa56b5ef0",
    CLINICIAN: "def04d55ee9732a9d018953734bd882dd966487e66ab1dd78f854cf9760de735",
    "es/" + PATIENT: "2a47503b9510b4bd234b83f6d74ec577a91a57b038f7a9b18790e2a1222451e4",  # the Spanish edition's (decisions/0003-languages.md)
}
BOX_CLASS = {PATIENT: "pml-medicine", CLINICIAN: "pml-medicine-clinician"}
# Shared snippets written for one voice: (clinician pages?) -> the snippets that voice must not use.
FOR_PATIENTS = (PATIENT, "warnings/trials-talk-to-team.md")
FOR_CLINICIANS = (CLINICIAN, "warnings/trials-clinician.md")

_VERBS = r"(?:stop|start|quit|discontinue|halt|pause|skip|switch|change|reduce|increase|lower|raise|double|halve|cut)"
# What is stopped: "taking ...", "your ...", or a medicine (a word for one, or a drug name's ending)
# that ends the phrase ("Stop the infusions now", not "Change a natalizumab risk figure").
_MEDICINE = (r"(?:\w+mab|\w+(?:imod|limus|sporine|fumarate|mide|prine|trexate)|medicines?|medications?|drugs?|"
             r"treatments?|therapy|therapies|doses?|tablets?|pills?|infusions?|injections?|steroids?|immunosuppressants?)")
_OBJECT = (rf"(?:(?:taking|using|having|receiving|your)\b|(?:(?:the|this|that|these|those|all|any|every|a|an)\s+)?"
           rf"{_MEDICINE}(?=\s*(?:$|[.!,;:)]|now\b|today\b|at\s+once\b|immediately\b|and\b|or\b|if\b|before\b|"
           rf"when\b|until\b|for\b)))")
INSTRUCTIONS = [
    re.compile(rf"(?:^|[.!?:;]\s+|\u2022\s*)(?:please\s+|now\s+|just\s+)?{_VERBS}\s+{_OBJECT}", re.I),
    re.compile(rf"\byou\s+(?:should|must|can|could|may|need\s+to|have\s+to|ought\s+to|are\s+(?:free|able)\s+to)\s+"
               rf"(?:now\s+|safely\s+|simply\s+|just\s+)?{_VERBS}\s+{_OBJECT}", re.I),
    re.compile(rf"\b(?:safe|fine|ok|okay|alright|harmless)\s+to\s+{_VERBS}\b", re.I),
    re.compile(r"\bwithout\s+(?:first\s+)?(?:talking|speaking|asking|checking|consulting)\s+(?:to\s+|with\s+)?"
               r"(?:your|a|the)\s+(?:doctor|nurse|gp|team|healthcare|care\s+team|pharmacist|specialist)", re.I),
]
INSTRUCTION_FIX = ("say what the evidence shows and that decisions are made with the reader's healthcare team; "
                   "the guide never tells a reader to start, stop or change a treatment (CONTRIBUTING.md, style guide).")


def instruction(text: str) -> str | None:
    """The words of ``text`` that tell a reader to stop, start or change a treatment, if any."""
    folded = fold(text)
    for pattern in INSTRUCTIONS:
        match = pattern.search(folded)
        if match:
            return match.group(0).strip(" .!?:;\u2022")
    return None


def box_words(text: str) -> list[str]:
    """The words of a warning, as compared: folded, punctuation and markup left out."""
    return re.findall(r"\w+", fold(text))


def expected_words(includes: Path, name: str) -> list[str]:
    """The words a warning file shows readers: its admonition title (without the type and class) and body."""
    try:
        text = (includes / name).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return []
    text = re.sub(r'^\s*(?:!!!|\?\?\?\+?)\s+[\w-]+(?:\s+[\w-]+)*\s*(?="|$)', "", text, count=1, flags=re.M)
    return box_words(re.sub(r"<[^<>]*+>", " ", text))


def check_pins(includes: Path, root: Path) -> list[Problem]:
    """Each warning file present and with its pinned content."""
    problems = []
    for name, digest in PINNED.items():
        path = includes / name
        shown = rel(path, root)
        try:
            data = path.read_bytes()
        except OSError:
            problems.append(Problem(shown, None, "the never-stop warning file is missing.",
                                    "restore it from the main branch: pages about treatment must show it."))
            continue
        if hashlib.sha256(data).hexdigest() != digest:
            problems.append(Problem(shown, 1, "the never-stop warning's words differ from the reviewed, pinned version "
                                    f"(sha256 {hashlib.sha256(data).hexdigest()}).",
                                    "if the change is meant, update the pinned hash in PINNED in "
                                    "scripts/pmlcheck/never_stop.py in the same pull request, with a reviewer who "
                                    "confirms the new words still tell readers not to stop or change a medicine "
                                    "on their own; otherwise restore the file."))
    return problems


def required(path: Path, docs: Path) -> bool:
    """Whether the page must show the never-stop warning (pmlsources/shape.py names the pages)."""
    folder = shape.top_folder(path, docs)
    if folder is None:
        return False
    page = "/".join(shape.page_parts(path, docs)[1])  # a translation: its page's path past the language folder
    return folder in shape.NEVER_STOP_SECTIONS or page in shape.NEVER_STOP_PAGES


def wrong_voice(snippets: list[tuple[int, str]], clinician: bool, path: str) -> list[Problem]:
    """Snippet lines whose warning is written for the other audience."""
    refused = FOR_PATIENTS if clinician else FOR_CLINICIANS
    problems = []
    for line, name in snippets:
        if name in refused:
            other = FOR_CLINICIANS if clinician else FOR_PATIENTS
            instead = other[refused.index(name)]
            who = "doctors and nurses" if clinician else "patients and families"
            problems.append(Problem(path, line, f"'{name}' is written for {'patients' if clinician else 'clinicians'}, "
                                    f"and this page is for {who}.", f'include --8<-- "{instead}" instead.'))
    return problems
