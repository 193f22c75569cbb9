"""Question (+ history) -> standalone question -> passages -> sources -> answer -> checked citations.

`answer_stream` chooses the sources at once and returns an `AnswerStream`: a front end shows its `sources`
before the model's first token, iterates it for text deltas as they are produced, then reads its `answer`,
whose text is the checked version (unsupported citations removed). Any backend failure ends in the
extractive answer with a notice, never an exception or a hang.
"""

from __future__ import annotations

import re
import time
from collections.abc import Generator, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING

from assistant import prompts
from assistant.answerability import Gap, History, conversation_subject, judge, on_topic_papers
from assistant.asks import (
    COMPARATIVES,
    ask_part,
    asks,
    is_paper_list_question,
    is_which_paper_question,
    offers_alternatives,
    sentence_prior,
)
from assistant.citation_check import CITED_SENTENCE_END, MARKER, Citation, validate
from assistant.coverage import specific_terms
from assistant.declines import decline, focus_passages, name_first, partial_note
from assistant.evidence import SentenceScorer, Source, build_sources
from assistant.extractive import Extractive
from assistant.llm.backends import Backend, BackendError
from assistant.lookup import MATCH_KINDS, CiteResult
from assistant.retrieval import HybridRetriever, Passage
from ingest.chunking import sentence_spans
from ingest.settings import Settings
from ingest.tokens import count_tokens

if TYPE_CHECKING:
    from assistant.compare import ComparisonTable

MAX_PARTS = 4  # parts of a question each given its best sentence: a long question's clauses beyond are add-ons
NO_PROMPT_BUDGET = 100_000  # source tokens when no model reads them (extractive answers, paper lists)
# "the (trained) models", "the experiments", "the benchmark": what the conversation was about, not a new search
_ANAPHORA = re.compile(r"\b(?:they|them|their|theirs|it|its|this|that|these|those|he|she|his|her|the (?:(?:trained|"
                       r"learned|learnt|proposed|resulting|final) )?(?:paper|papers|authors|methods?|models?|"
                       r"approach(?:es)?|work|networks?|experiments?|benchmarks?|datasets?|framework)"
                       # "the two formulations", "both encoders": things the conversation counted (not "the two
                       # main approaches", "the two modalities of speech and vision", "both images and text")
                       r"|the (?:two|three|four) (?!(?:main|key|major|most|best|primary)\b)[a-z][\w-]*\b"
                       r"(?!\s+(?:of|to|for|in|on)\b)"
                       r"|both (?:of )?(?:the )?[a-z][\w-]*s\b(?!\s*(?:,|&|and\b|or\b)))\b", re.I)
# What leans on the previous turn in a short question: "And for malware?", "What about ...?", "Any side benefits?",
# "How much lower was the latency?" (lower than what?), "How big was the improvement?"; not "Any paper on ...?",
# "Any surveys of ...?", "Any benchmarks for ...?" (a new search)
_ELLIPSIS = re.compile(r"^\W*(?:and|but|also|what about|how about|anything (?:similar|else)|same|"
                       r"any(?![^?]*\b(?:on|of|for|about|in|to|with|papers?|works?|studies|research)\b))\b"
                       rf"|^\W*how much {COMPARATIVES}\b(?!.*\b(?:than|compared|versus|vs|over|relative)\b)"
                       r"|\bthe (?:improvement|gain|speed-?up|results?|findings)\b", re.I)
# A hypothesis about what the conversation discussed, at any length: "What if the label space comes with no metric?"
# (a first "If ..." may open a new question: "If I train the same net twice, ...?")
_HYPOTHESIS = re.compile(r"^\W*(?:(?:and|but|so)\s+if|what\s+(?:if|happens\s+if))\b"
                         r"(?![^?]*\b(?:papers?|works?|studies|research)\b)", re.I)  # not "What if I want papers on X?"
SHORT_QUESTION_WORDS = 4  # "What datasets?", "And the code?": a follow-up whatever its words
ELLIPTICAL_QUESTION_WORDS = 7  # up to this long, an elliptical opening makes a follow-up
# ... and up to 10 words one that asks about something the conversation knows: "What about the size of the production
# dataset?", "How few parameters are we talking about, concretely?" ("What about using reinforcement learning for bid
# optimization?" asks something new)
_KNOWN_THING = re.compile(r"^\W*what\s+about\s+(?:the|its|their)\b|\b(?:are|were)\s+we\s+talking\s+about\b", re.I)
KNOWN_THING_QUESTION_WORDS = 10


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
    table: ComparisonTable | None = None  # a "compare X and Y" question is answered with a table

    def to_dict(self) -> dict[str, object]:
        """For programs: the CLI's `--json` and the app's `/ask` endpoint."""
        return {"question": self.question, "standalone_question": self.standalone_question, "text": self.text,
                "backend": self.backend, "abstained": self.abstained, "notice": self.notice,
                "citations": [asdict(citation) for citation in self.citations],
                "sources": [{"n": s.n, "paper_id": s.paper_id, "title": s.title, "url": s.url} for s in self.sources],
                "table": self.table.to_dict() if self.table is not None else None,
                "dropped": self.dropped, "first_token_s": self.first_token_s, "total_s": self.total_s}

    def to_markdown(self) -> str:
        """The answer with numbered footnotes (title, link when known, quoted sentence), text made inert."""
        from assistant.export import answer_markdown

        return answer_markdown(self)


class AnswerStream:
    """One answer as it is written. Its `sources` are chosen before the stream exists (None when an answer
    shows none: abstentions, citation lookups, comparisons), so a user sees them at once instead of waiting
    for the model; iterating gives the text deltas (provisional); `answer` is the final, checked Answer."""

    def __init__(self, writer: Generator[str, None, Answer], sources: list[Source] | None = None) -> None:
        self.sources = sources
        self._writer = writer
        self._answer: Answer | None = None

    @classmethod
    def of(cls, answer: Answer, *deltas: str, sources: list[Source] | None = None) -> AnswerStream:
        """The stream of an answer known at once."""
        def write() -> Generator[str, None, Answer]:
            yield from deltas
            return answer

        return cls(write(), sources)

    def __iter__(self) -> AnswerStream:
        return self

    def __next__(self) -> str:
        """The next text delta; a loop left early leaves the rest to be read later (or by `answer`)."""
        if self._answer is not None:
            raise StopIteration
        try:
            return next(self._writer)
        except StopIteration as done:
            self._answer = done.value
            raise StopIteration from None

    @property
    def answer(self) -> Answer:
        """The final answer (the rest of the stream is written first)."""
        for _ in self:
            pass
        if self._answer is None:
            raise RuntimeError("the answer stream was closed before its answer")
        return self._answer

    def close(self) -> None:
        """Stop early; a model is told to stop at its next token."""
        self._writer.close()

    def citations(self) -> list[Citation]:
        """Each source's best sentence as a provisional citation (the answer's checked ones come later)."""
        return [Citation(s.n, s.paper_id, s.title, s.sentences[0].text, s.sentences[0].start, s.sentences[0].end,
                         s.url) for s in self.sources or []]


def check_question(question: str, settings: Settings, what: str = "questions") -> str:
    """The question stripped, or a QuestionError: every text a user sends is bounded before any work."""
    question = question.strip()
    if not question:
        raise QuestionError("Please type a question.")
    if len(question) > settings.answer.max_question_chars:
        raise QuestionError(f"Please keep {what} under {settings.answer.max_question_chars} characters "
                            f"(this one has {len(question)}).")
    return question


def bounded_history(history: History, settings: Settings, turns: int = 8) -> History:
    """The last few turns, each cut to a bounded length: a client may send any history."""
    limit = 2 * settings.answer.max_question_chars
    return [{"role": str(t.get("role", "")), "content": str(t.get("content", ""))[:limit]} for t in history[-turns:]]


def is_follow_up(question: str, history: History, names_a_paper: bool = False) -> bool:
    """Whether the question leans on the conversation; one that names a paper and says no "it" or "they" stands
    alone ("What about the Matryoshka paper?")."""
    if not any(turn.get("role") == "user" for turn in history):
        return False
    if _ANAPHORA.search(question) or (_HYPOTHESIS.search(question) and not names_a_paper):
        return True
    words = len(question.split())
    return not names_a_paper and (words <= SHORT_QUESTION_WORDS or
                                  (words <= KNOWN_THING_QUESTION_WORDS and bool(_KNOWN_THING.search(question))) or
                                  (words <= ELLIPTICAL_QUESTION_WORDS and bool(_ELLIPSIS.search(question))))


def standalone_question(question: str, history: History, retriever: HybridRetriever | None = None) -> str:
    """A follow-up made to stand alone by attaching the conversation's subject (`conversation_subject`; without a
    retriever, the previous question): retrieval then finds the same papers, which is what "they" refers to, and a
    model reads both. Whatever the backend: the bundled model's own rewrites declined 6 of 135 answerable
    follow-ups of the tuning half, against 1 this way (docs/benchmarks.md, quality step 17)."""
    names_a_paper = bool(history and retriever and retriever.named_papers(question))  # no lookup for a first turn
    if not is_follow_up(question, history, names_a_paper):
        return question
    previous = next(str(t.get("content") or "") for t in reversed(history) if t.get("role") == "user")
    subject = conversation_subject(history, retriever.terms) if retriever else ""
    return f"{question} ({subject or previous})"


def answered_papers(history: History, retriever: HybridRetriever) -> list[str]:
    """The stored papers the conversation's last turn, an answer, names (its own sentences name them too: "we
    introduce aTLAS"), unless it said the papers do not cover the question."""
    reply = str(history[-1].get("content") or "") if history and history[-1].get("role") == "assistant" else ""
    return [] if not reply or prompts.ABSTAIN in reply else retriever.named_papers(reply)


def without_lead_in(question: str) -> str:
    """The question's ask, without a lead-in that describes the paper ("In the lung MRI work ..., what Dice
    score ...": the sentence with the score is not the one closest to the description); identifiers in the
    lead-in stay ("On ImageNet, what accuracy ...")."""
    ask = ask_part(question)
    return " ".join([*specific_terms(question[:len(question) - len(ask)]), ask])


def answer_candidates(settings: Settings) -> int:
    """Passages retrieved for an answer: the ranking's candidates, and enough for the sources' sentences."""
    return max(settings.retrieval.candidates, settings.answer.sources * 3)


def focused_sources(question: str, passages: list[Passage], retriever: HybridRetriever, scorer: SentenceScorer, *,
                    max_sources: int, token_budget: int, gaps: Sequence[list[Gap]] = ()) -> list[Source]:
    """The sources of an answer about known papers: their sentences ranked for what this turn asks (a follow-up's
    own words, without a lead-in), with the prior for the kind of answer asked, and each part of a question of
    several (`asks`, the first four) given its best sentence, but for a part that `gaps` (the verdict's, part by
    part) says the abstracts do not state. The tuning script ranks the same way, so the priors it fits are the
    ones answers use."""
    acronyms = retriever.keyword.acronyms
    parts = asks(question)[:MAX_PARTS]
    stated = [part for i, part in enumerate(parts) if not (i < len(gaps) and gaps[i])] if len(parts) > 1 else []
    return build_sources(without_lead_in(question), passages, scorer, max_sources=max_sources,
                         token_budget=token_budget, sentences_per_source=3, prior=sentence_prior(question, acronyms),
                         parts=[(ask_part(part), sentence_prior(question, acronyms, part)) for part in stated])


def draft_end(text: str, *, finished: bool) -> int | None:
    """Where a model's draft should stop: after the prompt's `ANSWER_SENTENCES` cited sentences (each one more
    costs the user time), or at a sentence that says again what an earlier one said, a small model's loop: the
    same citation markers and at least 80% of the same words, the same figures (case and spacing aside; the
    same claim about another paper is no repeat). A repeat is judged once the sentence is complete, the count
    as soon as more text follows."""
    closings = [m.end() for m in CITED_SENTENCE_END.finditer(text)]
    cap = prompts.ANSWER_SENTENCES
    end = closings[cap - 1] if len(closings) >= cap and text[closings[cap - 1]:].strip() else None
    spans = sentence_spans(text[:end])
    seen: list[tuple[set[str], set[str]]] = []
    for start, stop in spans if finished or end is not None else spans[:-1]:
        words, markers = set(text[start:stop].lower().split()), set(MARKER.findall(text[start:stop]))
        if len(words) >= 4 and any(m == markers and len(words & w) >= 0.8 * len(words | w)
                                   and not any(c.isdigit() for word in words ^ w for c in word) for w, m in seen):
            return start  # (another figure is another claim)
        seen.append((words, markers))
    return end


def citation_answer(question: str, result: CiteResult) -> Answer:
    """A chat answer for "where does this quote come from: ..." questions."""
    if not result.found:
        return Answer(question, result.text, result.message, "cite", abstained=True)
    best = result.matches[0]
    lead = MATCH_KINDS[best.kind].lead
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


def source_budget(settings: Settings, question: str) -> int:
    """Source tokens that fit the context window next to the instructions, question and answer."""
    fixed = count_tokens(prompts.ANSWER_SYSTEM + prompts.ANSWER_USER + question)
    room = settings.llm.context_tokens - settings.llm.max_tokens - fixed
    return max(50, min(settings.answer.source_token_budget, int(room * 0.8)))  # 20 %: other models' tokenizers


def answer_stream(question: str, history: History, retriever: HybridRetriever, scorer: SentenceScorer,
                  settings: Settings, backend: Backend, notice: str | None = None) -> AnswerStream:
    """Chooses the sources now; the stream writes the answer as it is read."""
    started = time.perf_counter()
    question = check_question(question, settings)
    standalone = standalone_question(question, history, retriever)
    ranking = settings.retrieval
    passages = retriever.search(standalone, k=answer_candidates(settings))
    verdict = judge(question, standalone, passages, retriever, scorer, ranking.topic_coverage_weight, ranking.min_topic,
                    history, answered_papers(history, retriever))
    if not verdict.on_topic:  # the topic test subsumes the passages' relevance (retriever.covers)
        answer = _abstention(question, standalone, passages, backend.name)
        answer.notice, answer.total_s = notice, time.perf_counter() - started
        return AnswerStream.of(answer, answer.text)
    named = [p for p in passages if p.named]
    listing = is_paper_list_question(standalone)
    which_paper = is_which_paper_question(question) and not listing
    # A cited list of every matching paper beats any model's summary of a few; a first-turn "Which paper ...?" /
    # "Is there work on ...?" is answered by the paper and its own sentences that say so (tuning half, bundled 0.5B
    # model: key fact 61/85 written by the model, 77/85 extractive, citation precision the same;
    # docs/benchmarks.md). A follow-up ("Which base model?") asks about a known paper: the chosen backend writes it.
    if listing or (which_paper and standalone == question):
        backend = Extractive(settings)
    if listing:
        top = max(retriever.relevance(p) for p in passages)
        close = [p for p in passages if retriever.relevance(p) >= settings.answer.list_relative_relevance * top] \
            or passages[:1]
        listed = on_topic_papers(standalone, close, retriever, scorer, ranking.topic_coverage_weight, ranking.min_topic)
        passages = [p for p in close if p.paper_id in (listed or {close[0].paper_id})]  # at least the best one
    else:  # only the papers the question is about are evidence (and can be cited)
        passages = focus_passages(retriever, verdict.focus, passages)
    asked = standalone if listing else without_lead_in(question)
    budget = source_budget(settings, standalone) if backend.generative else NO_PROMPT_BUDGET
    if listing:
        sources = build_sources(asked, named or passages, scorer, max_sources=settings.answer.list_max_papers,
                                token_budget=budget, sentences_per_source=1)
    else:  # among the conversation's papers
        sources = focused_sources(question, passages, retriever, scorer, max_sources=settings.answer.sources,
                                  token_budget=budget, gaps=verdict.gaps)
    if verdict.declined and not listing and sources:
        text, citations = decline(verdict, sources, retriever.papers[sources[0].paper_id].abstract)
        answer = Answer(question, standalone, text, backend.name, abstained=True, citations=citations,
                        sources=sources, notice=notice, first_token_s=time.perf_counter() - started,
                        total_s=time.perf_counter() - started)
        return AnswerStream.of(answer, text, sources=sources)

    def write() -> Generator[str, None, Answer]:
        """The backend's draft as it streams (a model's), then the checked answer; the extractive one when
        the model fails or none of its citations survive the check."""
        extractive = Extractive(settings)
        text, first_token, used, note = "", None, backend, notice
        if backend.generative:
            deltas: Iterator[str] = iter(())
            try:
                deltas = backend.answer(standalone, sources)
                for delta in deltas:
                    first_token = first_token or time.perf_counter() - started
                    text += delta
                    yield delta
                    if draft_end(text, finished=False) is not None:
                        break  # long enough, or a small model looping up to its token cap
            except BackendError as exc:
                note = prompts.LLM_FALLBACK_NOTICE.format(backend=backend.name, reason=exc)
                text, used = "", extractive
            finally:
                close = getattr(deltas, "close", None)
                if close is not None:
                    close()  # stops the generation
            text = text[:draft_end(text, finished=True)].rstrip()
        # an answer to "A or B?" may only repeat the question's words
        checked = validate(text, sources, scorer, settings.answer.min_support, standalone,
                           echo_check=not offers_alternatives(standalone)) if text else None
        if checked is not None and not checked.citations:
            checked, used, note = None, extractive, note or prompts.UNVERIFIED_NOTICE
        composed = checked is None
        if composed:
            checked = validate("".join(extractive.answer(asked, sources)), sources, scorer, settings.answer.min_support)
            first_token = first_token or time.perf_counter() - started
        if which_paper:
            checked.text = name_first(checked.text, checked.citations, verdict.focus[0])
        if verdict.partial:
            checked.text += "\n" + partial_note(verdict, sources)
        if composed:  # composed at once: shown as it is final, the paper's name first and the partial note too
            yield checked.text
        return Answer(question, standalone, checked.text, used.name, citations=checked.citations, sources=sources,
                      notice=note, dropped=checked.dropped, first_token_s=first_token,
                      total_s=time.perf_counter() - started)

    return AnswerStream(write(), sources)
