"""Folding look-alike letters before two words are compared.

Why: a check that compares words ("stored copy", a glossary term already defined) is bypassed
by writing a word that looks the same and is not: a Cyrillic "е" in "myеlin", a Greek "ο", a
soft hyphen (U+00AD, invisible unless the line breaks there) inside "sto\u00adred". Readers see
the same word; Python sees a different one. `fold` maps a word to the form every comparison uses:
compatibility-normalised (NFKC: full-width and ligature letters become plain ones), soft hyphens
and other invisible joiners removed, case-folded, and the Cyrillic and Greek letters that look
like Latin ones mapped to those Latin letters (the pairs from Unicode's confusables.txt for these
two scripts; a package of the whole table would add a dependency for two scripts' worth of rows).
"""
from __future__ import annotations

import re
import unicodedata

# Cyrillic and Greek letters (lower case after casefold) drawn like a Latin letter.
_LOOKALIKE_PAIRS = {
    # Cyrillic
    "а": "a", "в": "b", "с": "c", "ԁ": "d", "е": "e", "ё": "e", "һ": "h", "і": "i", "ї": "i", "ј": "j",
    "к": "k", "ӏ": "l", "м": "m", "н": "h", "о": "o", "р": "p", "ԛ": "q", "ѕ": "s", "т": "t", "у": "y",
    "ԝ": "w", "х": "x", "ү": "y", "ɡ": "g", "ո": "n", "ս": "u",
    # Greek
    "α": "a", "β": "b", "ε": "e", "η": "n", "ι": "i", "κ": "k", "ν": "v", "ο": "o", "ρ": "p", "τ": "t",
    "υ": "u", "χ": "x", "γ": "y", "ϲ": "c", "ϳ": "j", "ω": "w", "μ": "u", "ζ": "z",
}
_LOOKALIKE = str.maketrans(_LOOKALIKE_PAIRS)
# Soft hyphen, combining grapheme joiner, zero-width characters, word joiner, Mongolian vowel separator.
_INVISIBLE = re.compile("[\u00ad\u034f\u180e\u200b-\u200d\u2060\ufeff]")


_LOOKALIKE.update({ord(k.upper()): v.upper() for k, v in list(_LOOKALIKE_PAIRS.items()) if k.upper() != k})


def fold(text: str, keep_case: bool = False) -> str:
    """``text`` as comparisons see it: 'Myеlin' (Cyrillic е) and 'my\u00adelin' both give 'myelin'
    ('Myelin' with ``keep_case``, for patterns that tell "Not confirmed" from "not confirmed")."""
    text = _INVISIBLE.sub("", unicodedata.normalize("NFKC", text))
    return (text if keep_case else text.casefold()).translate(_LOOKALIKE)


def mixed_script_words(text: str) -> list[str]:
    """Words that mix Latin letters with Cyrillic or Greek ones: nothing in an English guide
    needs them, and they are how a look-alike word is built."""
    found = []
    for word in re.findall(r"\w+", text):
        scripts = {_script(c) for c in word if c.isalpha()}
        if "LATIN" in scripts and scripts & {"CYRILLIC", "GREEK"}:
            found.append(word)
    return found


def _script(char: str) -> str:
    return unicodedata.name(char, "UNKNOWN").split(" ", 1)[0]
