"""Check a draft (a related-work paragraph) against the stored papers: each sentence is looked up with
the citation finder (exact quote, then title, then semantic match) and judged by how closely the best
paper's best sentence says the same thing.

Thresholds, chosen on tests/data/cite_queries.jsonl (15 quotes, 12 paraphrased claims, 3 off-topic
texts; titles are not claims): an exact quote is `supported`; otherwise the cosine similarity of the
claim to the found sentence decides. At SUPPORTED = 0.65 every 'supported' verdict there names the gold
paper (23 of 23; 4 claims fall to 'weak'); at 0.55 two of 27 would name a wrong paper (both at 0.63, the
citation finder's ranking error). WEAK = 0.40 keeps off-topic texts 'not found' (none reached a match).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Literal

from assistant.answer import QuestionError
from assistant.evidence import SentenceScorer
from assistant.lookup import CitationFinder, CiteMatch
from assistant.references import bibtex, unique_keys
from ingest.chunking import sentence_spans
from ingest.records import PaperRecord

SUPPORTED = 0.65
WEAK = 0.40
NOT_FOUND = "not found in the stored papers"
Verdict = Literal["supported", "weak", "not found in the stored papers"]
# "[1]", "[1, 2]", "(Smith et al., 2020)", "\cite{x}" are the writer's references, not part of the claim.
_REFERENCE = re.compile(r"\s*(\[\d+(?:\s*[,;–-]\s*\d+)*\]|\((?:[^()]*\bet al\.?[^()]*|[^()]*\d{4}[a-z]?)\)|"
                        r"\\cite[tp]?\{[^}]*\})")
_MIN_CLAIM_WORDS = 3


@dataclass(frozen=True)
class ClaimCheck:
    text: str  # the draft's sentence
    start: int  # its span in the draft
    end: int
    verdict: Verdict
    score: float = 0.0
    paper_id: str = ""
    title: str = ""
    quote: str = ""  # the paper's sentence that best supports the claim
    quote_start: int = 0  # its span in the paper's abstract
    quote_end: int = 0
    bibtex: str = ""
    paper: PaperRecord | None = field(default=None, repr=False)  # for unique BibTeX keys; not in to_dict


@dataclass
class DraftCheck:
    text: str
    sentences: list[ClaimCheck] = field(default_factory=list)

    def bib(self) -> str:
        """The BibTeX of every paper that supports a sentence, once each, in order of first use."""
        entries = dict.fromkeys(s.bibtex for s in self.sentences if s.verdict == "supported")
        return "\n\n".join(entries) + ("\n" if entries else "")

    def to_dict(self) -> dict:
        return {"sentences": [{k: v for k, v in s.__dict__.items() if k != "paper"} for s in self.sentences]}


def claim_text(sentence: str) -> str:
    """The sentence without the writer's own reference markers."""
    return " ".join(_REFERENCE.sub("", sentence).split())


def _support(claim: str, match: CiteMatch, scorer: SentenceScorer) -> float:
    if match.kind == "exact_quote":
        return 1.0
    return round(float(scorer.similarity(claim, [match.sentence])[0]), 3)


def check_claim(sentence: str, start: int, end: int, finder: CitationFinder, scorer: SentenceScorer) -> ClaimCheck:
    claim = claim_text(sentence)
    if len(claim.split()) < _MIN_CLAIM_WORDS:
        return ClaimCheck(sentence, start, end, NOT_FOUND)
    result = finder.cite(claim, k=1)
    if not result.found:
        return ClaimCheck(sentence, start, end, NOT_FOUND)
    best = result.matches[0]
    score = _support(claim, best, scorer)
    verdict: Verdict = "supported" if score >= SUPPORTED else "weak" if score >= WEAK else NOT_FOUND
    if verdict == NOT_FOUND:
        return ClaimCheck(sentence, start, end, verdict, score)
    return ClaimCheck(sentence, start, end, verdict, score, best.paper_id, best.title, best.sentence, best.start,
                      best.end, bibtex(best.ref), best.ref)


def check_draft(text: str, finder: CitationFinder, scorer: SentenceScorer, max_chars: int) -> DraftCheck:
    """Every sentence of `text` (paragraphs and lines are split too) with its verdict."""
    if not text.strip():
        raise QuestionError("Please paste the text to check.")
    if len(text) > max_chars:
        raise QuestionError(f"Please check at most {max_chars} characters at a time (this text has {len(text)}).")
    checked = DraftCheck(text)
    for block in re.finditer(r"[^\n]+", text):
        for start, end in sentence_spans(block.group()):
            at = block.start()
            checked.sentences.append(check_claim(text[at + start:at + end], at + start, at + end, finder, scorer))
    supported = [s.paper for s in checked.sentences if s.paper and s.verdict == "supported"]
    keys = unique_keys(list({paper.id: paper for paper in supported}.values()))  # no two share a key in the .bib
    checked.sentences = [replace(s, bibtex=bibtex(s.paper, key=keys[s.paper.id])) if s.paper and s.paper.id in keys
                         else s for s in checked.sentences]
    return checked
