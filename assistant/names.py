"""Names a paper coins in its abstract ("We present Hydra", "a method named OptFS", "Deep Interest Network
(DIN)"), so that a question saying "Hydra" or "DIN" is about that paper even though its title never says so.

Only names one abstract introduces and no other abstract uses count, and a question must spell them with
the same capitals ("LIMIT", not "limit"): a common word that happens to be a name must not over-fire.
"""

from __future__ import annotations

import re
from collections import defaultdict

from assistant.coverage import is_specific
from ingest.chunking import sentence_spans

# A name: a word with a capital or digit somewhere (Hydra, aTLAS, BT^2, Ptr-Net, 3DIEBench); linear patterns.
_NAME = r"(?:[A-Za-z0-9][\w^+-]*)"
_AFTER_CUE = re.compile(rf"\b(?:called|named|dubbed|termed|coined)\s+(?:the\s+)?({_NAME})"
                        rf"|\b(?:[Ww]e|[Tt]his paper|[Tt]his work)\s+(?:present|propose|introduce)s?\s+"
                        rf"({_NAME})\s*[,:(]"
                        rf"|\b[Oo]ur\s+(?:proposed\s+|new\s+)?(?:approach|method|framework|model|algorithm|technique|"
                        rf"system)\s*,\s*({_NAME})\s*,")  # "our proposed approach, Loki, gains ..."
# "a ... framework, namely COPE": a name only where the sentence introduces something ("three benchmarks, namely
# ScanNet and S3DIS" lists others' names).
_NAMELY = re.compile(rf"\b(?:framework|method|model|approach|algorithm|system|architecture|technique|dataset|"
                     rf"benchmark)\s*,?\s+namely\s+({_NAME})")
_PARENTHESISED = re.compile(rf"\(({_NAME})\)")  # "Deep Interest Network (DIN)"
_TITLE_NAME = re.compile(rf"^({_NAME})\s*:")  # a title's short name: "AutoInt: ..."
# Parenthesised acronyms count only where the sentence introduces something: "(MSE)" in "mean squared error
# (MSE) loss" is not this paper's name, "(OCA)" in "Our Orthogonal Compatible Aligned (OCA) approach" is.
_INTRODUCES = re.compile(r"\b(?:propose[sd]?|present(?:s|ed)?|introduce[sd]?|call(?:s|ed)?|name[sd]?|dub(?:bed)?"
                         r"|term(?:ed)?|coin(?:ed)?|develop(?:s|ed)?|[Oo]ur)\b")
_WORD = re.compile(r"[\w^+-]+")
_RARE = 2  # an identifier used by more papers than this does not point at one


def _looks_like_name(word: str) -> bool:
    """Capitalised, mixed-case or with digits, but not a plain sentence word such as "We" or "The"."""
    if len(word) < 3 or not any(c.isupper() or c.isdigit() for c in word) or word.isdigit():
        return False
    return not (word[0].isupper() and word[1:].islower() and word.lower() in _COMMON)


def _is_acronym(word: str) -> bool:
    return sum(c.isupper() for c in word) >= 2 or any(c.isdigit() for c in word)


_COMMON = {"the", "this", "these", "our", "its", "their", "we", "in", "a", "an", "it", "first", "such", "both", "each",
           "one", "two", "three", "four", "five", "here", "finally", "specifically", "experiments", "extensive"}


def coined_names(title: str, abstract: str) -> set[str]:
    """Names the paper introduces, spelled as it spells them."""
    found = {m.group(1) for m in _TITLE_NAME.finditer(title)}
    for start, end in sentence_spans(abstract):
        sentence = abstract[start:end]
        found |= {m.group(1) or m.group(2) or m.group(3) for m in _AFTER_CUE.finditer(sentence)}
        if _INTRODUCES.search(sentence):
            found |= {m.group(1) for m in _PARENTHESISED.finditer(sentence) if _is_acronym(m.group(1))}
            found |= {m.group(1) for m in _NAMELY.finditer(sentence)}
    return {name.strip("-") for name in found if _looks_like_name(name.strip("-"))}


class NameIndex:
    """Coined names -> the one paper that introduces them (case-sensitive, whole words)."""

    def __init__(self, papers: list[tuple[str, str, str]]):
        """`papers`: (paper id, title, abstract) triples."""
        words_of = {pid: set(_WORD.findall(f"{title} {abstract}")) for pid, title, abstract in papers}
        users: dict[str, set[str]] = defaultdict(set)
        for pid, words in words_of.items():
            for word in words:
                users[word].add(pid)
        self.by_name: dict[str, str] = {}
        for pid, title, abstract in papers:
            for name in coined_names(title, abstract):
                if users.get(name, {pid}) == {pid}:
                    self.by_name[name] = pid

        users_of = defaultdict(set)  # identifiers (K-means, ETTh1) in any case -> the papers using them
        for pid, words in words_of.items():
            for word in words:
                if is_specific(word) and not word.isdigit():
                    users_of[word.lower()].add(pid)
        self.identifiers = {word: pids for word, pids in users_of.items() if len(pids) <= _RARE}

    def identifier_matches(self, question: str) -> dict[str, int]:
        """Paper id -> how many of the question's identifiers only it (and at most one other) uses. Keyword
        search splits "K-means" into "k" and "means" and loses exactly these."""
        counts: dict[str, int] = defaultdict(int)
        for word in dict.fromkeys(w.lower() for w in _WORD.findall(question) if is_specific(w) and not w.isdigit()):
            for pid in self.identifiers.get(word, ()):
                counts[pid] += 1
        return dict(counts)

    def named(self, question: str) -> list[str]:
        """Ids of the papers whose coined name the question uses."""
        words = _WORD.findall(question)
        variants = words + [w[:-1] for w in words if w.endswith("s")]  # "GNNs", "FDEs"
        return list(dict.fromkeys(self.by_name[w] for w in variants if w in self.by_name))
