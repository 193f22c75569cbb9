"""The no-model backend: an answer made of the papers' own best sentences, each cited. Instant,
always available, and the fallback whenever a language model fails."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import ClassVar

from assistant import prompts
from assistant.asks import is_paper_list_question
from assistant.evidence import Source
from ingest.settings import Settings

# Sources hold only the papers a question is about, so a weaker sentence of the right paper more often
# completes the answer than misleads; fitted on the tuning half (benchmarks/tune_answerability.py).
SENTENCE_MARGIN = 0.7


def compose(question: str, sources: Sequence[Source], max_sentences: int = 3, margin: float = SENTENCE_MARGIN) -> str:
    """'Which papers …' gets one line per paper; other questions the best sentences overall, as long
    as they score within `margin` of the best one (a weak sentence is worse than none)."""
    if is_paper_list_question(question):
        lines = [prompts.EXTRACTIVE_INTRO_PAPERS]
        for source in sources:
            best = max(source.sentences, key=lambda s: s.score)
            lines.append(f"- {source.title}: {best.text.rstrip('.')} [{source.n}].")
        return "\n".join(lines)
    ranked = sorted(((s.score, source.n, s.text) for source in sources for s in source.sentences), reverse=True)
    kept = [(n, text) for score, n, text in ranked[:max_sentences] if score >= ranked[0][0] - margin]
    return " ".join(f"{text.rstrip('.')} [{n}]." for n, text in kept)


class Extractive:
    """The no-model answer backend (assistant.llm.backends.Backend): `compose` as one delta."""

    name: ClassVar[str] = "extractive"
    generative: ClassVar[bool] = False

    def __init__(self, settings: Settings) -> None:
        """Nothing to set up: no model, no settings."""

    @classmethod
    def available(cls, settings: Settings) -> bool:
        return True

    def answer(self, question: str, sources: Sequence[Source]) -> Iterator[str]:
        yield compose(question, sources)
