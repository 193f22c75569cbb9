"""Acronyms defined in the corpus ("click-through rate (CTR)"), so a question that only says "CTR"
also finds the papers that only spell it out, in both dense and keyword search."""

from __future__ import annotations

import re
from collections import defaultdict

_DEFINITION = re.compile(r"((?:[A-Za-z][\w-]*\s+){1,8})\(([A-Z][A-Za-z0-9]{1,7}?)s?\)")
_WORD = re.compile(r"\b[A-Z][A-Za-z0-9]*[A-Z][A-Za-z0-9]*s?\b")


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
        for match in _DEFINITION.finditer(text):
            acronym = match.group(2)
            if sum(c.isupper() for c in acronym) < 2:
                continue
            long_form = _long_form(match.group(1).split(), acronym)
            if long_form and long_form.upper() != acronym:
                found[acronym].add(long_form.lower())
    return {acronym: sorted(forms) for acronym, forms in found.items()}


def expand(query: str, acronyms: dict[str, list[str]]) -> str:
    """The query with the long forms of its acronyms appended (unchanged when it has none)."""
    extra = []
    for word in dict.fromkeys(_WORD.findall(query)):
        forms = acronyms.get(word) or acronyms.get(word.rstrip("s"))
        extra += [f for f in forms or [] if f not in query.lower()]
    return f"{query} ({'; '.join(extra)})" if extra else query
