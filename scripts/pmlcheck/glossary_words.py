"""The glossary's words, checked for what readers would take from them: no term that is an
everyday instruction word, none that mixes alphabets, no definition that tells readers what to do
with a treatment.

Why a check of its own: glossary.yml is loaded and validated once (pmlsources/glossary.py); what
its words would tell a reader is a reader-safety question, judged with the same rules as pages
(pmlcheck/never_stop.py). The build, `dev.py check` and check_glossary.py all run it through
pmlcheck/suite.py.
"""
from __future__ import annotations

from pmlcheck import never_stop
from pmlsources.glossary import Term
from pmlsources.lookalikes import fold, mixed_script_words
from pmlsources.problems import Problem


# Everyday words that are instructions or reassurances: as a term or alias, every use of the word on
# every page would carry the term's definition as a tooltip ("stop" explained as something safe to do).
INSTRUCTION_WORDS = {
    "stop", "stopping", "start", "starting", "quit", "switch", "switching", "change", "changing", "skip", "pause",
    "continue", "keep", "take", "taking", "wait", "reduce", "increase", "double", "halve", "cut", "lower", "raise",
    "safe", "ok", "okay", "fine", "normal", "harmless", "yes", "no", "don't", "do not", "never", "always",
    "now", "today", "go", "call", "ignore", "avoid", "must", "should", "need",
}


def check(terms: list[Term], shown: str) -> list[Problem]:
    """No term or alias that is an instruction word or mixes alphabets; no definition that tells
    readers to stop, start or change a treatment, or that they need not ask their team."""
    problems = []
    for term in terms:
        where = term.line or None
        for label in [term.term] + term.aliases:
            if fold(label) in INSTRUCTION_WORDS:
                problems.append(Problem(shown, where, f"'{label}' is an everyday instruction word: as a glossary term or "
                                        "alias, its tooltip would appear wherever a page uses it.",
                                        "remove it; glossary terms and aliases name things (a medicine, a test, a part of "
                                        "the body)."))
            if mixed_script_words(label):
                problems.append(Problem(shown, where, f"'{label}' mixes Latin letters with Cyrillic or Greek look-alikes.",
                                        "retype the word with ordinary Latin letters."))
        advice = never_stop.instruction(term.definition)
        if advice:
            problems.append(Problem(shown, where, f"the definition of '{term.term}' tells readers what to do with a "
                                    f"treatment: \"{advice}\".", never_stop.INSTRUCTION_FIX))
    return problems
