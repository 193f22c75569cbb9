"""Parse the [n] markers of an answer and keep only those whose source really supports the claim.

Small local models cite sources that do not exist, cite the wrong one, cite nothing, or make up a name
("tested on the MNIST dataset [1]" of an abstract that names no dataset). Each marker is checked against the
sentences of its source (word overlap or embedding similarity), and every name or figure of the claim must be said
by the sources its sentence keeps or by the question; an unsupported marker is dropped. A sentence left without a
citation is attributed to the source sentence that supports it best, or removed when no source supports it. A
model's sentence that only repeats the question ("Yes, there is a way to ...") is removed too: the question
paraphrases the abstract, so such an echo looks supported while it answers nothing. Survivors are renumbered in
order.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from assistant.coverage import FIGURE, NUMBER_TERM, PaperText, specific_terms
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


@dataclass(frozen=True)
class Said:
    """What a source or the question says: its words, and its figures as numbers ("20,000" as 20000)."""
    text: PaperText
    figures: frozenset[str]

    @classmethod
    def of(cls, title: str, text: str) -> Said:
        return cls(PaperText(title, text), frozenset(_figures(f"{title} {text}")))


def _figures(text: str) -> list[str]:
    return [match.group(1).replace(",", "") for match in FIGURE.finditer(text)]


def unsaid(claim: str, said: list[Said]) -> list[str]:
    """The claim's names and figures (MNIST, ViT-B/32, 14x, 2048) that none of `said` says: similarity passes "The
    method was tested on the MNIST dataset" against a sentence about the method. A figure of two digits or more is
    said when its number is, whatever its unit's spelling ("14×", "14 times" for "14x")."""
    names = [term for term in specific_terms(claim) if not NUMBER_TERM.fullmatch(term)
             and not any(text.text.mentions(term) for text in said)]
    figures = [figure for figure in dict.fromkeys(_figures(claim)) if len(figure.replace(".", "")) >= 2
               and not any(figure in text.figures for text in said)]
    return names + figures


def echoes(claim: str, question: str) -> bool:
    """Whether a claim of four content words or more says nothing but the question's words."""
    words = set(tokenize([claim])[0])
    return len(words) >= 4 and words <= set(tokenize([question])[0]) | _YES_NO_WORDS


def _markers_before_punctuation(text: str) -> str:
    """'claim. [1] Next' -> 'claim [1]. Next', so a marker stays with the sentence it follows."""
    return re.sub(r"([.!?])((?:\s*\[\d+(?:\s*[,;]\s*\d+)*\])+)", r"\2\1", text)


@dataclass
class _Checker:
    """What checking one answer's sentences shares: its sources, what they and the question say, and the
    citations kept so far."""
    by_n: dict[int, Source]
    scorer: SentenceScorer
    min_support: float
    question: str
    echo_check: bool
    checked: CheckedAnswer = field(default_factory=lambda: CheckedAnswer(text=""))
    renumber: dict[tuple[int, int], int] = field(default_factory=dict)  # (source n, sentence index) -> number
    said: dict[int, Said] = field(init=False)
    asked: Said = field(init=False)

    def __post_init__(self) -> None:
        self.said = {n: Said.of(source.title, source.text) for n, source in self.by_n.items()}
        self.asked = Said.of("", self.question)

    def _cite(self, source: Source, best: int, score: float, attributed: bool) -> int:
        key = (source.n, best)
        if key not in self.renumber:
            self.renumber[key] = len(self.checked.citations) + 1
            quote = source.sentences[best]
            self.checked.citations.append(Citation(self.renumber[key], source.paper_id, source.title, quote.text,
                                                   quote.start, quote.end, source.url, round(score, 3), attributed))
        return self.renumber[key]

    def check(self, sentence: str) -> str:
        """The sentence with its surviving (renumbered) markers, or "" when nothing supports it."""
        claim, dropped = MARKER.sub("", sentence).strip(), self.checked.dropped
        if claim.endswith(":"):  # a lead-in such as "These papers match:" claims nothing
            return claim
        if self.echo_check and self.question and echoes(claim, self.question):
            dropped.append(f"removed, repeats the question: {claim[:80]}")
            return ""
        supporting: list[tuple[Source, int, float]] = []
        for n in dict.fromkeys(parse_markers(sentence)):
            source = self.by_n.get(n)
            if source is None:
                dropped.append(f"[{n}] points at no source")
                continue
            score, best = _support(claim, source, self.scorer)
            if score < self.min_support:
                dropped.append(f"[{n}] does not support: {claim[:80]}")
            else:
                supporting.append((source, best, score))
        # a sentence about two papers cites both: together they say its names ("MRL ..., while DIN ... [1][2]")
        invented = unsaid(claim, [self.said[s.n] for s, _, _ in supporting] + [self.asked]) if supporting else []
        if invented:
            dropped += [f"[{s.n}] does not say {', '.join(invented)}: {claim[:80]}" for s, _, _ in supporting]
            supporting = []
        kept = [self._cite(source, best, score, attributed=False) for source, best, score in supporting]
        if not kept and claim and self.by_n:
            saying = [s for n, s in self.by_n.items() if not unsaid(claim, [self.said[n], self.asked])]
            if not saying:
                dropped.append(f"removed, no one source says its names and figures: {claim[:80]}")
                return ""
            (score, best), source = max(((_support(claim, s, self.scorer), s) for s in saying), key=lambda r: r[0][0])
            if score < self.min_support:
                dropped.append(f"removed, no source supports it: {claim[:80]}")
                return ""
            kept.append(self._cite(source, best, score, attributed=True))
        body = MARKER.sub("", sentence).rstrip()
        trailing = body[-1] if body and body[-1] in ".!?" else ""
        body = body[:-1] if trailing else body
        return body + "".join(f" [{n}]" for n in dict.fromkeys(kept)) + trailing


def validate(text: str, sources: list[Source], scorer: SentenceScorer, min_support: float,
             question: str = "", echo_check: bool = True) -> CheckedAnswer:
    """Check every marker, line by line and sentence by sentence, against its source and the `question` a model
    answered (names and figures it says may be repeated); with `echo_check`, drop sentences that only echo the
    question (not for "A or B?", whose answer may only repeat its words)."""
    checker = _Checker({source.n: source for source in sources}, scorer, min_support, question, echo_check)
    lines = []
    for line in _markers_before_punctuation(text).split("\n"):
        pieces, last = [], 0
        for start, end in sentence_spans(line):
            kept = checker.check(line[start:end])
            pieces.append((line[last:start] if kept else "") + kept)
            last = end
        lines.append("".join(pieces).strip() + line[last:])
    checked = checker.checked
    checked.text = "\n".join(line for line in lines if line.strip()).strip()
    return checked
