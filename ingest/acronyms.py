"""Acronyms defined in the corpus ("click-through rate (CTR)"), so a question that only says "CTR"
also finds the papers that only spell it out, in both dense and keyword search."""

from __future__ import annotations

import re
from collections import defaultdict

# Linear patterns only (no nested quantifiers): corpus and question text may be huge or hostile.
_PARENTHESISED = re.compile(r"\(([A-Z][A-Za-z0-9]{1,7}?)s?\)")
_DEFINING_WORD = re.compile(r"[A-Za-z][\w-]*")
_WORD = re.compile(r"\b[A-Za-z0-9]+\b")
_LOOKBACK_CHARS = 200  # eight words of a long form fit comfortably


def _long_form(words: list[str], acronym: str) -> str | None:
    """The shortest run of trailing words starting with the acronym's first letter and containing
    its letters in order (Schwartz & Hearst's heuristic, simplified)."""
    letters = acronym.lower()
    for size in range(1, min(len(words), len(letters) + 2) + 1):
        candidate = " ".join(words[-size:])
        if candidate[0].lower() != letters[0]:
            continue
        rest = iter(candidate.lower()[1:])
        if all(letter in rest for letter in letters[1:]):
            return candidate
    return None


def find_acronyms(texts: list[str]) -> dict[str, list[str]]:
    found: dict[str, set[str]] = defaultdict(set)
    for text in texts:
        for match in _PARENTHESISED.finditer(text):
            acronym = match.group(1)
            if sum(c.isupper() for c in acronym) < 2:
                continue
            before = text[max(0, match.start() - _LOOKBACK_CHARS):match.start()]
            if not before or not before[-1].isspace():
                continue
            words: list[str] = []  # up to 8 plain words right before the parenthesis
            for word in reversed(before.split()[-8:]):
                if not _DEFINING_WORD.fullmatch(word):
                    break
                words.insert(0, word)
            long_form = _long_form(words, acronym) if words else None
            if long_form and long_form.upper() != acronym:
                found[acronym].add(long_form.lower())
    return {acronym: sorted(forms) for acronym, forms in found.items()}


def expand(query: str, acronyms: dict[str, list[str]]) -> str:
    """The query with the long forms of its acronyms appended (unchanged when it has none)."""
    extra = []
    candidates = (w for w in _WORD.findall(query) if w[0].isupper() and sum(c.isupper() for c in w) >= 2)
    for word in dict.fromkeys(candidates):
        forms = acronyms.get(word) or acronyms.get(word.rstrip("s"))
        extra += [f for f in forms or [] if f not in query.lower()]
    return f"{query} ({'; '.join(extra)})" if extra else query
