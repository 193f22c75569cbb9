"""Question (+ history) -> standalone question -> passages -> sources -> answer -> checked citations.

`answer_stream` yields text deltas as they are produced, then one final `Answer` whose text is the
checked version (unsupported citations removed). Any backend failure ends in the extractive answer
with a notice, never an exception or a hang.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from dataclasses import dataclass, field

from langchain_core.language_models.chat_models import BaseChatModel
from langchain_core.messages import HumanMessage, SystemMessage

from assistant import prompts
from assistant.citations import Citation, validate
from assistant.cite import CiteResult
from assistant.evidence import SentenceScorer, Source, build_sources
from assistant.extractive import compose, is_paper_list_question
from assistant.llm.backends import BackendError, stream_tokens
from assistant.retrieval import HybridRetriever, Passage
from ingest.chunking import sentence_spans
from ingest.settings import Settings
from ingest.tokens import count_tokens

History = list[dict[str, str]]
_ANAPHORA = re.compile(r"\b(they|them|their|theirs|it|its|this|that|these|those|he|she|his|her|the (paper|papers|"
                       r"authors|method|model|approach|work))\b", re.I)


class QuestionError(ValueError):
    """The question is empty or too long; the message is meant for the user."""


@dataclass
class Answer:
    question: str
    standalone_question: str
    text: str
    backend: str
    abstained: bool = False
    citations: list[Citation] = field(default_factory=list)
    sources: list[Source] = field(default_factory=list)
    notice: str | None = None
    dropped: list[str] = field(default_factory=list)
    first_token_s: float | None = None
    total_s: float = 0.0


def check_question(question: str, settings: Settings) -> str:
    question = question.strip()
    if not question:
        raise QuestionError("Please type a question.")
    if len(question) > settings.max_question_chars:
        raise QuestionError(f"Please keep questions under {settings.max_question_chars} characters "
                            f"(this one has {len(question)}).")
    return question


def is_follow_up(question: str, history: History) -> bool:
    has_previous = any(turn.get("role") == "user" for turn in history)
    return has_previous and (bool(_ANAPHORA.search(question)) or len(question.split()) <= 4)


def standalone_question(question: str, history: History, model: BaseChatModel | None, settings: Settings) -> str:
    """A follow-up rewritten to stand alone: by the LLM when there is one, else by attaching the
    previous question (retrieval then finds the same papers, which is what 'they' refers to)."""
    if not is_follow_up(question, history):
        return question
    previous = next(t["content"] for t in reversed(history) if t.get("role") == "user")
    fallback = f"{question} ({previous})"
    if model is None:
        return fallback
    turns = "\n".join(f"{t['role']}: {str(t.get('content', ''))[:300]}" for t in history[-4:])
    messages = [SystemMessage(prompts.CONDENSE_SYSTEM),
                HumanMessage(prompts.CONDENSE_USER.format(history=turns, question=question))]
    try:
        rewritten = "".join(stream_tokens(model, messages, settings.llm_first_token_timeout_s,
                                          settings.llm_timeout_s)).strip().splitlines()
    except BackendError:
        return fallback
    candidate = rewritten[0].strip() if rewritten else ""
    # A rewrite that still says "they" resolved nothing (small models often just echo the question).
    return candidate if 8 <= len(candidate) <= 400 and not _ANAPHORA.search(candidate) else fallback


def citation_answer(question: str, result: CiteResult) -> Answer:
    """A chat answer for "where does this quote come from: ..." questions."""
    if not result.found:
        return Answer(question, result.text, result.message, "cite", abstained=True)
    best = result.matches[0]
    lead = {"exact_quote": "This text appears verbatim in", "title": "This matches the title of",
            "semantic": "The closest supporting paper is"}[best.kind]
    citation = Citation(1, best.paper_id, best.title, best.sentence, best.start, best.end, best.ref.url,
                        best.score)
    text = f"{lead} \u201c{best.title}\u201d [1]."
    others = [m.title for m in result.matches[1:] if m.kind == best.kind]
    if others:
        text += " Also similar: " + "; ".join(others) + "."
    return Answer(question, result.text, text, "cite", citations=[citation])


def _abstention(question: str, standalone: str, passages: list[Passage], backend: str) -> Answer:
    closest = list({p.paper_id: p for p in passages}.values())[:3]
    lines = [prompts.ABSTAIN]
    if closest:
        lines.append(prompts.ABSTAIN_CLOSEST)
        lines += [f"- {p.title}: {p.text[slice(*sentence_spans(p.text)[0])]}" for p in closest]
    return Answer(question, standalone, "\n".join(lines), backend, abstained=True)


def _delimited(text: str) -> str:
    """Paper text cannot close its own <source> delimiter and pose as instructions."""
    return text.replace("<source", "< source").replace("</source", "< /source")


def build_prompt(question: str, sources: list[Source]) -> list[SystemMessage | HumanMessage]:
    text = "\n\n".join(prompts.SOURCE.format(n=s.n, title=_delimited(s.title), text=_delimited(s.text))
                       for s in sources)
    return [SystemMessage(prompts.ANSWER_SYSTEM), HumanMessage(prompts.ANSWER_USER.format(sources=text,
                                                                                           question=question))]


def source_budget(settings: Settings, question: str) -> int:
    """Source tokens that fit the context window next to the instructions, question and answer."""
    fixed = count_tokens(prompts.ANSWER_SYSTEM + prompts.ANSWER_USER + question)
    room = settings.llm_context_tokens - settings.llm_max_tokens - fixed
    return max(50, min(settings.source_token_budget, int(room * 0.8)))  # 20 %: other models' tokenizers


def answer_stream(question: str, history: History, retriever: HybridRetriever, scorer: SentenceScorer,
                  settings: Settings, backend: str, model: BaseChatModel | None,
                  notice: str | None = None) -> Iterator[str | Answer]:
    started = time.perf_counter()
    question = check_question(question, settings)
    standalone = standalone_question(question, history, model, settings)
    passages = retriever.search(standalone, k=max(settings.candidates, settings.answer_sources * 3))
    if max((retriever.relevance(p) for p in passages), default=0.0) < settings.min_relevance:
        answer = _abstention(question, standalone, passages, backend)
        answer.notice, answer.total_s = notice, time.perf_counter() - started
        yield answer.text
        yield answer
        return
    named = [p for p in passages if p.named]
    listing = is_paper_list_question(standalone)
    if listing:  # a cited list of every matching paper beats any model's summary of a few
        model, backend = None, "extractive"
        top = max(retriever.relevance(p) for p in passages)
        passages = [p for p in passages if retriever.relevance(p) >= settings.list_relative_relevance * top]
    sources = build_sources(standalone, named or passages, scorer,
                            max_sources=settings.list_max_papers if listing else settings.answer_sources,
                            token_budget=source_budget(settings, standalone), sentences_per_source=1 if listing else 3)
    text, first_token, used = "", None, backend
    if model is not None:
        try:
            for delta in stream_tokens(model, build_prompt(standalone, sources), settings.llm_first_token_timeout_s,
                                       settings.llm_timeout_s):
                first_token = first_token or time.perf_counter() - started
                text += delta
                yield delta
        except BackendError as exc:
            notice = prompts.LLM_FALLBACK_NOTICE.format(backend=backend, reason=exc)
            text, used = "", "extractive"
    checked = validate(text, sources, scorer, settings.min_support) if text else None
    if model is not None and checked is not None and not checked.citations and used == backend:
        notice = notice or prompts.UNVERIFIED_NOTICE
        used = "extractive"
    if checked is None or used == "extractive":
        checked = validate(compose(standalone, sources), sources, scorer, settings.min_support)
        first_token = first_token or time.perf_counter() - started
        yield checked.text
    yield Answer(question, standalone, checked.text, used, citations=checked.citations, sources=sources,
                 notice=notice, dropped=checked.dropped, first_token_s=first_token,
                 total_s=time.perf_counter() - started)
