"""Parse the [n] markers of an answer and keep only those whose source really supports the claim.

Small local models cite sources that do not exist, cite the wrong one, cite nothing, or make up a name
("tested on the MNIST dataset [1]" of an abstract that names no dataset). Each marker is checked against the
sentences of its source (word overlap or embedding similarity, and every name or figure of the claim said by the
source or the question) and dropped when unsupported. A sentence left without a citation is attributed to the
source sentence that supports it best, or removed when no source supports it. A model's sentence that only repeats
the question ("Yes, there is a way to ...") is removed too: the question paraphrases the abstract, so such an echo looks
supported while it answers nothing. Survivors are renumbered in order.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from assistant.coverage import PaperText, specific_terms
from assistant.evidence import SentenceScorer, Source, lexical_overlap
from ingest.chunking import sentence_spans
from ingest.keyword_index import tokenize

# The lookbehind starts a match only at the beginning of a whitespace run: linear on long blank runs.
MARKER = re.compile(r"(?<!\s)\s*\[(\d+(?:\s*[,;]\s*\d+)*)\]")
# A model's sentence ends with its markers, before or after the full stop: "... 14x [1]." or "... 14x. [1]"
CITED_SENTENCE_END = re.compile(r"\[\d+(?:\s*[,;]\s*\d+)*\]\s*[.!?]|[.!?](?:\s*\[\d+(?:\s*[,;]\s*\d+)*\])+")
# What a yes/no echo adds to the question's words ("Yes, there is ...", "You cannot ..."; "no" and "not" are
# stop words already): no answer either.
_YES_NO_WORDS = set(tokenize(["yes you cannot can't doesn't don't isn't aren't didn't wasn't weren't won't"])[0])


@dataclass(frozen=True)
class Citation:
    n: int
    paper_id: str
    title: str
    quote: str  # the source sentence that best supports the claim
    start: int  # span of `quote` in the paper's abstract
    end: int
    url: str = ""
    support: float = 0.0
    attributed: bool = False  # added by the checker to a sentence the model left uncited


@dataclass
class CheckedAnswer:
    text: str
    citations: list[Citation] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)  # why each removed marker was removed


def parse_markers(text: str) -> list[int]:
    return [int(n) for group in MARKER.findall(text) for n in re.split(r"\s*[,;]\s*", group)]


def _support(claim: str, source: Source, scorer: SentenceScorer) -> tuple[float, int]:
    """Best support score of `claim` among the source's sentences, and that sentence's index."""
    texts = [s.text for s in source.sentences]
    similarity = scorer.similarity(claim, texts)
    scores = [max(float(sim), lexical_overlap(claim, text)) for sim, text in zip(similarity, texts, strict=True)]
    best = max(range(len(scores)), key=scores.__getitem__)
    return scores[best], best


def unsaid(claim: str, source: Source, question: str) -> list[str]:
    """The claim's names and figures (MNIST, ViT-B/32, 14x, 2048) that neither the source nor the question says:
    similarity passes "The method was tested on the MNIST dataset" against a sentence about the method."""
    said = (PaperText(source.title, source.text), PaperText("", question))
    return [term for term in specific_terms(claim) if not any(text.mentions(term) for text in said)]


def echoes(claim: str, question: str) -> bool:
    """Whether a claim of four content words or more says nothing but the question's words."""
    words = set(tokenize([claim])[0])
    return len(words) >= 4 and words <= set(tokenize([question])[0]) | _YES_NO_WORDS


def _markers_before_punctuation(text: str) -> str:
    """'claim. [1] Next' -> 'claim [1]. Next', so a marker stays with the sentence it follows."""
    return re.sub(r"([.!?])((?:\s*\[\d+(?:\s*[,;]\s*\d+)*\])+)", r"\2\1", text)


def _cite(checked: CheckedAnswer, renumber: dict[tuple[int, int], int], source: Source, best: int,
          score: float, attributed: bool) -> int:
    key = (source.n, best)
    if key not in renumber:
        renumber[key] = len(checked.citations) + 1
        quote = source.sentences[best]
        checked.citations.append(Citation(renumber[key], source.paper_id, source.title, quote.text, quote.start,
                                          quote.end, source.url, round(score, 3), attributed))
    return renumber[key]


def _check_sentence(sentence: str, by_n: dict[int, Source], scorer: SentenceScorer, min_support: float,
                    checked: CheckedAnswer, renumber: dict[tuple[int, int], int], question: str) -> str:
    """The sentence with its surviving (renumbered) markers, or "" when nothing supports it."""
    claim = MARKER.sub("", sentence).strip()
    if claim.endswith(":"):  # a lead-in such as "These papers match:" claims nothing
        return claim
    if question and echoes(claim, question):
        checked.dropped.append(f"removed, repeats the question: {claim[:80]}")
        return ""
    kept: list[int] = []
    for n in dict.fromkeys(parse_markers(sentence)):
        source = by_n.get(n)
        if source is None:
            checked.dropped.append(f"[{n}] points at no source")
            continue
        invented = unsaid(claim, source, question)
        if invented:
            checked.dropped.append(f"[{n}] does not say {', '.join(invented)}: {claim[:80]}")
            continue
        score, best = _support(claim, source, scorer)
        if score < min_support:
            checked.dropped.append(f"[{n}] does not support: {claim[:80]}")
            continue
        kept.append(_cite(checked, renumber, source, best, score, attributed=False))
    if not kept and claim and by_n:
        saying = [source for source in by_n.values() if not unsaid(claim, source, question)]
        if not saying:
            checked.dropped.append(f"removed, no source says its names and figures: {claim[:80]}")
            return ""
        (score, best), source = max(((_support(claim, s, scorer), s) for s in saying), key=lambda r: r[0][0])
        if score < min_support:
            checked.dropped.append(f"removed, no source supports it: {claim[:80]}")
            return ""
        kept.append(_cite(checked, renumber, source, best, score, attributed=True))
    body = MARKER.sub("", sentence).rstrip()
    trailing = body[-1] if body and body[-1] in ".!?" else ""
    body = body[:-1] if trailing else body
    return body + "".join(f" [{n}]" for n in dict.fromkeys(kept)) + trailing


def validate(text: str, sources: list[Source], scorer: SentenceScorer, min_support: float,
             question: str = "") -> CheckedAnswer:
    """Check every marker, line by line and sentence by sentence; with the `question` a model answered, drop
    sentences that only echo it."""
    by_n = {source.n: source for source in sources}
    checked = CheckedAnswer(text="")
    renumber: dict[tuple[int, int], int] = {}  # (source n, sentence index) -> citation number
    lines = []
    for line in _markers_before_punctuation(text).split("\n"):
        pieces, last = [], 0
        for start, end in sentence_spans(line):
            kept = _check_sentence(line[start:end], by_n, scorer, min_support, checked, renumber, question)
            pieces.append((line[last:start] if kept else "") + kept)
            last = end
        lines.append("".join(pieces).strip() + line[last:])
    checked.text = "\n".join(line for line in lines if line.strip()).strip()
    return checked
