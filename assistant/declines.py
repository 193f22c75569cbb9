"""The shapes of answers that depend on answerability: a useful decline ("The abstract of “X” does not
mention ... What it does say: ... [1]."), the note on a partly answered question, and "which paper"
answers that name the paper first."""

from __future__ import annotations

from assistant import prompts
from assistant.answerability import Gap, Verdict
from assistant.citation_check import Citation
from assistant.evidence import Source
from assistant.retrieval import HybridRetriever, Passage


def focus_passages(retriever: HybridRetriever, paper_ids: list[str], passages: list[Passage]) -> list[Passage]:
    """Each focus paper's whole abstract as one passage: every sentence of it is evidence, not only the
    chunks that retrieval happened to return."""
    first = {p.paper_id: p for p in reversed(passages)}
    whole = []
    for pid in paper_ids:
        record, hit = retriever.papers.get(pid), first.get(pid)
        if record is None or hit is None:
            continue
        text = record.abstract
        whole.append(Passage(f"{pid}-abstract", pid, hit.title, text, hit.score, 0, len(text), url=hit.url,
                             published=hit.published, named=hit.named))
    return whole


def _missing(gaps: list[Gap]) -> str:
    return " and ".join(dict.fromkeys(prompts.MISSING[g.kind].format(g.what) for g in gaps))


def decline(verdict: Verdict, sources: list[Source], abstract: str) -> tuple[str, list[Citation]]:
    """The text and citation of "the abstract does not mention X", quoting the sentence that comes
    closest: the one a gap points at ("... on three public datasets") or else the best-matching one."""
    source = sources[0]
    gaps = verdict.missing
    best = max(source.sentences, key=lambda s: s.score)
    quote, start, support = best.text, best.start, best.score
    pointed = next((g.evidence for g in gaps if g.evidence and g.evidence in abstract), "")
    if pointed:
        quote, start, support = pointed, abstract.index(pointed), 0.0
    text = prompts.NOT_REPORTED.format(title=source.title, missing=_missing(gaps), sentence=quote.rstrip("."), n=1)
    return text, [Citation(1, source.paper_id, source.title, quote, start, start + len(quote), source.url,
                           round(support, 3))]


def partial_note(verdict: Verdict, sources: list[Source]) -> str:
    """What a partly answered question asked that the abstract does not say."""
    title = sources[0].title if sources else ""
    return prompts.ALSO_NOT_REPORTED.format(title=title, missing=_missing(verdict.missing))


def name_first(text: str, citations: list[Citation], paper_id: str) -> str:
    """"*Title* [n]: ..." for a "which paper" answer, n being the citation of that paper."""
    cited = next((c for c in citations if c.paper_id == paper_id), None)
    return f"\u201c{cited.title}\u201d [{cited.n}]: {text}" if cited and text else text
