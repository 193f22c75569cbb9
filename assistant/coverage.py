"""What a paper's abstract mentions: its word stems, with corpus document frequencies, and whether it
spells out a question's specific terms (identifiers such as "ViT-B/32", "ETTh1", "2048", or acronyms that
the abstract only writes out: "NSCLC" for "non-small cell lung cancer").

These are the lexical half of answerability: a question whose weighty words or specific terms are absent
from the paper it retrieved asks about something that paper does not say.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable

import numpy as np

from ingest.keyword_index import STOPWORD_SET, tokenize

# Linear patterns only (question text may be hostile).
_TOKEN = re.compile(r"[A-Za-z0-9][\w^/.+'-]*[A-Za-z0-9%]|[A-Za-z0-9]")
_PART = re.compile(r"[a-z0-9]+")
# A term that is a number ("2048", "90%", "29.7", "14x", "129times"): a figure, not a name
NUMBER_TERM = re.compile(r"\d+(?:[.,]\d+)*(?:%|x|×|times)?")
# A figure standing alone in a text, with its unit if any ("20,000", "29.7%", "14x", "14 ×", "2048-dimensional"), not
# a name's digits (ResNet-50, GPT-4, CIFAR-100, top-1, ETTh7, BT^2, 7B)
FIGURE = re.compile(r"(?<![\w.,^])(?<![A-Za-z]-)(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(\s*%|\s*×|x\b)?(?![\w^]|[.,]\d)")
_WORD = re.compile(r"(?u)\b\w\w+\b")  # the keyword index's words
_CAPITAL_LED = re.compile(r"[A-Z][a-z]*")
# "seq2seq", "text2sql": a word cut short, a digit read as a word, another cut short
_DIGIT_FOR_WORD = re.compile(r"([a-z]{2,})([24])([a-z]{2,})")
_DIGIT_WORDS = {"2": "to", "4": "for"}
# Two capitals the field writes for well-known terms. Matched by initials, two letters would match by chance
# ("representation learning" for RL), so an abstract says one of these only by a long form ("MI" for "mutual
# information"); acronyms the corpus defines itself are found at ingest (ingest/acronyms.py).
FIELD_ACRONYMS = {"MI": ("mutual information",), "RL": ("reinforcement learning",), "ML": ("machine learning",),
                  "DL": ("deep learning",), "LM": ("language model",), "NN": ("neural network", "nearest neighbo"),
                  "GP": ("gaussian process",), "DB": ("database",), "CV": ("computer vision", "cross validation"),
                  "IR": ("information retrieval",), "KD": ("knowledge distillation",), "KG": ("knowledge graph",),
                  "QA": ("question answering",), "MT": ("machine translation", "multi task"),
                  "TS": ("time series", "thompson sampling"), "AE": ("autoencoder", "auto encoder"),
                  "CL": ("contrastive learning", "continual learning", "curriculum learning"),
                  "FL": ("federated learning",)}
MIN_QUESTION_WEIGHT = 1.4
SAME_WORD_PREFIX = 5  # letters two forms of a word share ("maximization", "maximizing"), not two words
Embed = Callable[[list[str]], np.ndarray]  # texts -> unit vectors (a cached SentenceScorer.embed)
Credit = Callable[[list[str]], list[float]]  # words the abstracts lack -> what each still counts for (0-1)


def is_specific(token: str) -> bool:
    """An identifier-like token: digits (2048, 90%, ETTh1), two capitals (CLIP, MSE) or inner capitals (RoBERTa,
    aTLAS); a compound when one of its parts is (ViT-B/32, API-only, but not non-Euclidean), or K-means."""
    token = token.split("'")[0]
    parts = [p for p in re.split(r"[-/]", token) if p]
    if len(parts) > 1:
        return (len(parts[0]) == 1 and parts[0].isupper()) or any(is_specific(p) for p in parts)
    if NUMBER_TERM.fullmatch(token):
        return len(token.strip("%x×").replace(".", "").replace(",", "")) >= 2
    letters = [c for c in token if c.isalpha()]
    if len(token) < 2 or not letters:
        return False
    capitals = sum(c.isupper() for c in token)
    return any(c.isdigit() for c in token) or capitals >= 2 or (capitals == 1 and not token[0].isupper())


def specific_terms(text: str) -> list[str]:
    return list(dict.fromkeys(t.split("'")[0].rstrip(".") for t in _TOKEN.findall(text) if is_specific(t)))


class PaperText:
    """One paper's title and abstract, prepared for 'does it mention X' checks."""

    def __init__(self, title: str, abstract: str):
        self.text = f"{title}. {abstract}"
        self.stems = set(tokenize([self.text])[0])
        self.words = sorted({w.lower() for w in _WORD.findall(self.text) if w.lower() not in STOPWORD_SET})
        self.parts = _PART.findall(self.text.lower())
        self.spaced = f" {' '.join(self.parts)} "  # "time-series" as "time series", for FIELD_ACRONYMS
        self.part_set = set(self.parts)
        self.joined = {"".join(_PART.findall(word.lower())) for word in self.text.split()}
        raw = [w.strip("()[]\"'\u201c\u201d") for w in re.split(r"[\s/-]+", self.text.lower())]
        words = [w for w in raw if w[:1].isalnum()]
        self._words = words
        self.initials = "".join(w[0] for w in words)
        self._stop_at = [w.rstrip(".,;:!?") in STOPWORD_SET for w in words]
        self._ends_clause = [w[-1:] in {".", ",", ";", ":", "!", "?"} for w in words]

    def mentions(self, term: str) -> bool:
        """True when the abstract contains `term`, in pieces (ViT-B/32), joined (kNN), as an acronym's
        spelled-out words (NSCLC, GNNs, MI-maximization) or as the words a shorthand shortens (seq2seq)."""
        term = term.split("'")[0]
        parts = _PART.findall(term.lower())
        if not parts:
            return True
        specific = [q for p in re.split(r"[-/]", term) if is_specific(p) for q in _PART.findall(p.lower())]
        needed = specific or [p for p in parts if len(p) >= 2 or p.isdigit()]
        if "".join(parts) in self.joined or all(self._has(p) for p in needed):
            return True
        head, _, suffix = term.lower().partition("-")  # "Seq2Seq-based"
        shorthand = _DIGIT_FOR_WORD.fullmatch(head) if suffix.isalpha() or not suffix else None
        if shorthand:
            return self._shorthand_spelled_out(*shorthand.groups())
        letters = "".join(parts)
        long_forms = FIELD_ACRONYMS.get(term[:-1] if term.endswith("s") and term[:-1].isupper() else term)
        if long_forms:  # "MI", "LMs"
            return any(f" {form}" in self.spaced for form in long_forms)
        # GNNs, k-NN, kNN, SOTA by initials (two letters match by chance); mixed case (ViT, HypCD) below.
        acronym = [p for p in re.split(r"[-/]", term[:-1] if term.endswith("s") else term) if p]
        if letters.isalpha() and all(p.isupper() or len(p) == 1 or (p[0].islower() and p[1:].isupper())
                                     for p in acronym) and 3 <= len(letters) <= 8:
            return self._spelled_out(letters) or (letters.endswith("s") and self._spelled_out(letters[:-1]))
        head, *rest = [p for p in re.split(r"[-/]", term) if p]
        if rest and len(head) >= 2 and head.isupper() and head.isalpha() and \
                all(p.isalpha() and p.islower() for p in rest):
            # "MI-maximization": two letters need the rest right after them; three or more stand alone
            return self._spelled_out(head.lower(), then=[p.lower() for p in rest]) or (
                len(head) >= 3 and self._spelled_out(head.lower()))
        segments = _CAPITAL_LED.findall(term)
        if letters.isalpha() and "".join(segments) == term and 2 <= len(segments) <= 6 and \
                any(len(seg) > 1 for seg in segments):
            return self._prefixes_spelled_out([seg.lower() for seg in segments])
        inner = [p for p in rest if is_specific(p)]
        if len(inner) == 1 and inner[0].isalpha() and not is_specific(head):
            return self.mentions(inner[0])  # "deep-GP-derived" by "deep Gaussian processes": its acronym, spelled out
        return False

    def _prefixes_spelled_out(self, prefixes: list[str]) -> bool:
        """A mixed-case acronym whose lower-case letters continue a word: consecutive words of one clause
        starting with "vi", "t" for ViT ("vision transformer"), "hyp", "c", "d" for HypCD; a word a multi-letter
        part starts has at least two letters more ("via two stages" is no ViT)."""
        n = len(prefixes)
        for i in range(len(self._words) - n + 1):
            span = range(i, i + n)
            if all(self._words[j].startswith(prefixes[k]) and (len(prefixes[k]) == 1 or
                                                               len(self._words[j]) >= len(prefixes[k]) + 2)
                   for k, j in enumerate(span)) and self._is_phrase(span):
                return True
        return False

    def _shorthand_spelled_out(self, before: str, digit: str, after: str) -> bool:
        """"seq2seq" as "sequence-to-sequence": a word starting with `before`, the digit's word, a word starting
        with `after` (or its singular: "seq2seqs")."""
        words, afters = self._words, (after, after[:-1]) if after.endswith("s") else (after,)
        return any(words[i].startswith(before) and words[i + 1] == _DIGIT_WORDS[digit]
                   and words[i + 2].startswith(afters) and self._is_phrase(range(i, i + 3))
                   for i in range(len(words) - 2))

    def _is_phrase(self, span: range) -> bool:
        """Consecutive words within one clause that neither start nor end with a stop word."""
        return not (self._stop_at[span[0]] or self._stop_at[span[-1]] or any(self._ends_clause[i] for i in span[:-1]))

    def _spelled_out(self, letters: str, then: list[str] | None = None) -> bool:
        """Consecutive words of one clause with these initials, neither end a stop word, and stop words inside
        only for four letters or more ("state of the art" is SOTA; "confirm these results" is no CTR); with
        `then`, in the same clause right before words that start like those ("mutual information maximization"
        for MI-maximization, where two letters alone would match by chance)."""
        start = self.initials.find(letters)
        while start != -1:
            span = range(start, start + len(letters))
            if self._is_phrase(span) and not (len(letters) < 4 and any(self._stop_at[i] for i in span)) and \
                    (then is None or self._followed_by(span[-1], then)):
                return True
            start = self.initials.find(letters, start + 1)
        return False

    def _followed_by(self, last: int, words: list[str]) -> bool:
        """The words after position `last`, in its clause, start like `words` do (their first letters up to
        `SAME_WORD_PREFIX`: "maximization" and "maximizing")."""
        after = self._words[last + 1:last + 1 + len(words)]
        return len(after) == len(words) and not any(self._ends_clause[i] for i in range(last, last + len(words))) \
            and all(w.startswith(t[:SAME_WORD_PREFIX]) for w, t in zip(after, words, strict=True))

    def _has(self, part: str) -> bool:
        singular = part[:-1] if part.endswith("s") else part
        return bool({part, singular, f"{part}s", f"{part}es"} & self.part_set)


class CorpusTerms:
    """Every paper's text, and how many papers use each stem (weighty words are the rare ones)."""

    def __init__(self, papers: dict[str, tuple[str, str]]):
        """`papers`: paper id -> (title, abstract)."""
        self.papers = {pid: PaperText(title, abstract) for pid, (title, abstract) in papers.items()}
        self.frequency: dict[str, int] = {}
        self._mentions: dict[str, int] = {}
        for paper in self.papers.values():
            for stem in paper.stems:
                self.frequency[stem] = self.frequency.get(stem, 0) + 1

    def papers_mentioning(self, term: str) -> int:
        """How many abstracts mention a specific term (cached: a question's terms recur across calls)."""
        if term not in self._mentions:
            if len(self._mentions) > 10_000:
                self._mentions.clear()
            self._mentions[term] = sum(paper.mentions(term) for paper in self.papers.values())
        return self._mentions[term]

    def weight(self, stem: str) -> float:
        """Inverse document frequency: a stem no paper uses weighs most."""
        return math.log((len(self.papers) + 1) / (0.5 + self.frequency.get(stem, 0)))

    def coverage(self, question: str, paper_ids: list[str], credit: Credit | None = None) -> float:
        """Share of the question's word weight that the papers' abstracts contain (an acronym counts when an
        abstract spells it out: CTR, "click-through rate"). `credit`: what the words the abstracts lack still
        count for (0-1: said in other words)."""
        present = self._present(question, paper_ids)
        words = self.stem_words(question)
        weights = {stem: self.weight(stem) for stem in words}
        lacking = {stem: word for stem, word in words.items() if stem not in present}
        credits = dict(zip(lacking, credit(list(lacking.values())), strict=True)) if credit and lacking else {}
        covered = sum(weight * (1.0 if stem in present else credits.get(stem, 0.0)) for stem, weight in weights.items())
        # "What is this?" or "What are the results?" says nothing a paper could be chosen by: too little weight
        # (a word a quarter of the papers use weighs about 1.4) covers too little.
        return covered / max(sum(weights.values()), MIN_QUESTION_WEIGHT)

    def says_weightiest(self, text: str, paper_ids: list[str], credit: Credit, min_credit: float) -> bool:
        """Whether the abstracts contain the weightiest word of `text` (its topic words: asks.topic_words) or a
        word at least `min_credit` close to it."""
        words = self.stem_words(text)
        if not words:
            return True
        stem = max(words, key=self.weight)
        return stem in self._present(text, paper_ids) or credit([words[stem]])[0] >= min_credit

    def says_something(self, question: str) -> bool:
        """Whether the question's words weigh enough to choose a paper by ("What datasets did they use?" does
        not: its topic is the conversation's)."""
        return sum(map(self.weight, self.stem_words(question))) >= MIN_QUESTION_WEIGHT

    @staticmethod
    def stem_words(question: str) -> dict[str, str]:
        """The question's keyword stems, each with the first word it came from."""
        stems: dict[str, str] = {}
        for word in _WORD.findall(question):
            for stem in tokenize([word])[0]:
                stems.setdefault(stem, word)
        return stems

    def _present(self, question: str, paper_ids: list[str]) -> set[str]:
        papers = [self.papers[pid] for pid in paper_ids if pid in self.papers]
        present = set().union(*(paper.stems for paper in papers))
        for term in specific_terms(question):
            if any(paper.mentions(term) for paper in papers):
                present |= set(tokenize([term])[0])
        return present


def word_credit(embed: Embed, terms: CorpusTerms, paper_ids: list[str]) -> Credit:
    """A question word the abstracts lack counts for its cosine to their closest word ("radiology" and
    "medical", "photos" and "images"): paraphrases keep the topic, a question about something else does not.
    The words of one question are embedded in one batch (one model call, not one per word)."""
    words = sorted(set().union(*(terms.papers[pid].words for pid in paper_ids if pid in terms.papers)))

    def credit(lacking: list[str]) -> list[float]:
        if not words:
            return [0.0] * len(lacking)
        closest = (embed([word.lower() for word in lacking]) @ embed(words).T).max(axis=1)
        return [max(0.0, float(similarity)) for similarity in closest]

    return credit
