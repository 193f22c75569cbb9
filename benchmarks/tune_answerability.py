"""How the answerability and citation constants were chosen, on the tuning half of tests/data/questions.jsonl
only (the report half is never read here):

1. the topic score (relevance of the focus paper + w * share of the question's word weight its abstract
   contains, a word it lacks counting for its cosine to the abstract's closest word): for each w, the threshold
   that declines an estimated 1.5 % of answerable questions (half the 3 % budget; the ask detectors get the
   rest) under a normal fit, and the w that then lets the fewest off-topic questions through (counted: their
   scores are far from normal, list-phrased ones scoring high) wins, the smaller w on a tie;
2. the citation checker's least support: its false-accept rate (a claim cited to a neighbouring paper,
   accepted) and false-reject rate (cited to its own paper, rejected) for paraphrased claims (the tuning
   questions themselves), and the equal-error threshold;
3. the identifier bonus and the coverage rerank weight of retrieval (hit@1 of the single-paper questions of the
   tuning half and the old dev set), and
   how many papers a "which papers" answer lists (citation precision and gold papers listed), the least
   credit for the weightiest word of a "use A for B" list question's halves, and the least cosine between the
   noun "how many" asks about and a noun counted otherwise;
4. the extractive answer's sentence margin and sentence priors (answers containing the key fact, their sentences
   ranked as answers rank them, `answer.focused_sources`): the middle of the best plateau of a small grid, then of
   the reason prior ("why ..."), the means prior ("how does ...") and the evaluation prior ("what was it tested
   on?") swept in turn with the rest as chosen.

Run: `python benchmarks/tune_answerability.py` (ingests the seed into a temporary store itself).
"""

from __future__ import annotations

import itertools
import math
import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from ingest.offline import OFFLINE_ENV

os.environ.update({k: v for k, v in OFFLINE_ENV.items() if k not in os.environ})  # before any library reads them

import numpy as np

import assistant.answerability as answerability_module
import assistant.asks as asks_module
from assistant.answer import (
    NO_PROMPT_BUDGET,
    answer_candidates,
    answered_papers,
    focused_sources,
    standalone_question,
    without_lead_in,
)
from assistant.answerability import focus_papers, topic_scores
from assistant.api import Assistant
from assistant.asks import counted, is_paper_list_question
from assistant.citation_check import validate
from assistant.declines import focus_passages
from assistant.evidence import lexical_overlap
from assistant.extractive import SENTENCE_MARGIN, compose
from assistant.quality import Question, answer_outcome, contains_key_fact, load_questions, paper_rank
from benchmarks.report import write_section
from ingest.chunking import sentence_spans
from ingest.embedding import load_embedder
from ingest.pipeline import ingest
from ingest.records import normalise_title
from ingest.settings import BUNDLED_MODEL, load_settings

ROOT = Path(__file__).resolve().parent.parent
QUESTIONS = ROOT / "tests" / "data" / "questions.jsonl"
OLD_DEV = ROOT / "tests" / "data" / "dev_questions.jsonl"
WEIGHTS = (0.5, 1.0, 1.5, 2.0, 3.0, 4.0, 5.0)
FALSE_DECLINES = 0.015


def _normal_tail(x: float, mean: float, sd: float, upper: bool) -> float:
    z = (x - mean) / (sd * math.sqrt(2))
    return 0.5 * math.erfc(z) if upper else 0.5 * math.erfc(-z)


TopicRow = tuple[Question, list[tuple[float, float]]]


def topic_features(assistant: Assistant, questions: list[Question]) -> list[TopicRow]:
    """(question, its (relevance, coverage) pairs as `judge` sees them: the topic score is the lowest one; none for
    a follow-up on the paper just answered about that says nothing of its own, which has no topic test)."""
    rows = []
    for q in questions:
        standalone = standalone_question(q.question, list(q.history), assistant.retriever)
        passages = assistant.retriever.search(standalone, k=answer_candidates(assistant.settings))
        focus = focus_papers(standalone, passages)
        rows.append((q, topic_scores(q.question, standalone, passages, assistant.retriever, assistant.scorer, focus,
                                     list(q.history), answered_papers(list(q.history), assistant.retriever))))
    return rows


def _scores(rows: list[TopicRow], w: float, keep: Callable[[Question], bool]) -> np.ndarray:
    return np.array([min(r + w * c for r, c in parts) for q, parts in rows if keep(q) and parts])


def budget_threshold(negatives: np.ndarray, positives: np.ndarray) -> tuple[float, float]:
    """Threshold below which an estimated FALSE_DECLINES of positives fall (normal fit), and the estimated
    share of negatives above it."""
    grid = np.linspace(positives.mean() - 5 * positives.std(ddof=1), positives.mean(), 5001)
    mean, sd = positives.mean(), positives.std(ddof=1)
    threshold = max(t for t in grid if _normal_tail(t, mean, sd, False) <= FALSE_DECLINES)
    return float(threshold), _normal_tail(threshold, negatives.mean(), negatives.std(ddof=1), True)


def tune_topic(rows: list[TopicRow]) -> tuple[str, float, float]:
    lines, best = [], (float("inf"), WEIGHTS[0], 0.0)
    for w in WEIGHTS:
        off = _scores(rows, w, lambda q: q.kind == "off_topic")
        ok = _scores(rows, w, lambda q: q.answerable)
        threshold, error = budget_threshold(off, ok)
        lines.append(f"| {w} | {off.mean():.3f} ± {off.std(ddof=1):.3f} (max {off.max():.3f}) | "
                     f"{ok.mean():.3f} ± {ok.std(ddof=1):.3f} (min {ok.min():.3f}) | {threshold:.3f} | {error:.4f} | "
                     f"{np.sum(off >= threshold)}/{len(off)} | {np.sum(ok < threshold)}/{len(ok)} |")
        through = int(np.sum(off >= threshold))
        if through < best[0]:  # counted, not the normal fit's estimate: off-topic scores are not normal
            best = (through, w, threshold)
    return "\n".join(lines), best[1], best[2]


def support(assistant: Assistant, claim: str, abstract: str) -> float:
    """The checker's support of a claim by the best sentence of an abstract: max(cosine, word overlap)."""
    sentences = [abstract[s:e] for s, e in sentence_spans(abstract)]
    similarity = assistant.scorer.similarity(claim, sentences)
    return max(max(float(sim), lexical_overlap(claim, s)) for sim, s in zip(similarity, sentences, strict=True))


def tune_checker(assistant: Assistant, questions: list[Question]) -> tuple[str, float]:
    papers = {normalise_title(p.title): p for p in assistant.papers()}
    right, wrong = [], []
    for q in questions:
        if not q.answerable or q.kind == "which":
            continue
        gold = papers[normalise_title(q.gold_titles[0])]
        right.append(support(assistant, q.question, gold.abstract))
        neighbours = [pid for pid in dict.fromkeys(p.paper_id for p in assistant.retriever.search(q.question, k=30))
                      if pid not in {papers[normalise_title(t)].id for t in q.gold_titles}][:3]
        wrong += [support(assistant, q.question, assistant.retriever.papers[pid].abstract) for pid in neighbours]
    accepted, kept = np.array(wrong), np.array(right)
    grid = np.round(np.arange(0.30, 0.71, 0.01), 2)
    rates = [(abs(np.mean(accepted >= t) - np.mean(kept < t)), float(t)) for t in grid]
    threshold = min(rates)[1]
    lines = [f"| {t:.2f} | {np.mean(accepted >= t):.3f} | {np.mean(kept < t):.3f} |"
             for t in sorted({0.40, 0.45, 0.50, 0.55, 0.60, threshold})]
    header = (f"{len(kept)} claims cited to their own paper, {len(accepted)} to one of the 3 papers retrieved next "
              "to it.\n\n| least support | false accepts | false rejects |\n|---|---|---|\n")
    return header + "\n".join(lines), threshold


def tune_ranking(assistant: Assistant, questions: list[Question], setting: str,
                 values: tuple[float, ...]) -> tuple[str, float]:
    """Right paper first, for each value of a ranking setting, on the single-paper questions of the tuning half
    and of the old dev set (a change that helps one and hurts the other shows); the most right in all, the
    middle of that plateau (the smaller value of two middles: the smaller change)."""
    sets = [[q for q in questions if q.kind == "single"],
            [q for q in load_questions(OLD_DEV) if q.kind == "single"]]
    results = []
    for value in values:
        assistant.retriever.settings = assistant.settings.updated(**{setting: value})
        results.append((value, *(sum(paper_rank(assistant, q) == 1 for q in s) for s in sets)))
    assistant.retriever.settings = assistant.settings
    best = max(tune + old for _, tune, old in results)
    plateau = [value for value, tune, old in results if tune + old == best]
    table = "\n".join(f"| {v} | {tune}/{len(sets[0])} | {old}/{len(sets[1])} |" for v, tune, old in results)
    return table, plateau[(len(plateau) - 1) // 2]


def tune_lists(assistant: Assistant, questions: list[Question]) -> tuple[str, tuple[float, int]]:
    """"Which papers" answers list at most as many papers as the longest gold list (no answer needs more); the
    least share of the best paper's relevance is the most precise one listing within 0.05 of the most gold papers.
    Rows: (share, most listed, citation precision, share of gold papers listed, key fact)."""
    lists = [q for q in questions if q.kind == "which"]
    most = max(len(q.gold_titles) for q in lists)
    base, rows = assistant.settings, []
    for share in (0.6, 0.65, 0.7, 0.75, 0.8, 0.85):
        assistant.settings = base.updated(list_relative_relevance=share, list_max_papers=most)
        outcomes = [answer_outcome(assistant, q, "extractive") for q in lists]
        listed = sum(len({normalise_title(t) for t in o.question.gold_titles} & set(o.cited)) for o in outcomes)
        rows.append((share, sum(o.correct_citations for o in outcomes) / max(sum(len(o.cited) for o in outcomes), 1),
                     listed / sum(len(q.gold_titles) for q in lists), sum(o.key_fact for o in outcomes)))
    assistant.settings = base
    best_recall = max(r[2] for r in rows)
    chosen = max((r for r in rows if r[2] >= best_recall - 0.05), key=lambda r: r[1])
    table = "\n".join(f"| {a} | {p:.3f} | {r:.3f} | {k}/{len(lists)} |" for a, p, r, k in rows)
    return table, (chosen[0], most)


PURPOSE_CREDITS = (None, 0.5, 0.6, 0.65, 0.7, 0.75, 0.8)


def tune_purpose(assistant: Assistant, questions: list[Question]) -> tuple[str, float]:
    """"Which papers use A for B?": the least credit for the weightiest word of A and of B
    (`answerability.serves_purpose`; None: no such test), on the tuning half's list questions: the smallest credit
    that declines the most off-topic ones among those that wrongly decline at most one more answerable one than no
    test."""
    lists = [q for q in questions if not q.history and is_paper_list_question(q.question)]
    shipped, rows = answerability_module.PURPOSE_CREDIT, []
    for credit in PURPOSE_CREDITS:
        answerability_module.PURPOSE_CREDIT = 0.0 if credit is None else credit  # 0: every word passes
        outcomes = [answer_outcome(assistant, q, "extractive") for q in lists]
        rows.append((credit, sum(o.abstained for o in outcomes if not o.question.answerable),
                     sum(o.abstained for o in outcomes if o.question.answerable)))
    answerability_module.PURPOSE_CREDIT = shipped
    off = sum(not q.answerable for q in lists)
    allowed = rows[0][2] + 1
    within = [(credit, declined) for credit, declined, wrong in rows[1:] if wrong <= allowed] or [(0.0, rows[0][1])]
    best = max(declined for _, declined in within)
    chosen = min(credit for credit, declined in within if declined == best)
    table = "\n".join(f"| {'no test' if c is None else c} | {d}/{off} | {w}/{len(lists) - off} |" for c, d, w in rows)
    return table, chosen


def tune_sentences(assistant: Assistant, questions: list[Question]) -> tuple[str, tuple]:
    """A grid over the margin and the first three priors, then the reason, means and evaluation priors swept in
    turn."""
    settings = assistant.settings
    sources_per_answer = settings.answer.sources
    prepared = []
    for q in questions:
        standalone = standalone_question(q.question, list(q.history), assistant.retriever)
        if not (q.answerable and q.key_fact) or is_paper_list_question(standalone):
            continue
        passages = assistant.retriever.search(standalone, k=answer_candidates(settings))
        focus = focus_papers(standalone, passages)
        prepared.append((q, focus_passages(assistant.retriever, focus, passages)))

    def key_fact_hits(margin: float, introduction: float, figure: float, names: float, reason: float,
                      means: float, evaluation: float) -> int:
        (asks_module.FIGURE_BONUS, asks_module.NAMES_BONUS, asks_module.INTRODUCTION_BONUS, asks_module.REASON_BONUS,
         asks_module.MEANS_BONUS, asks_module.EVALUATION_BONUS) = figure, names, introduction, reason, means, evaluation
        hits = 0
        for q, passages in prepared:  # as the extractive backend answers: no prompt, no token budget
            sources = focused_sources(q.question, passages, assistant.retriever, assistant.scorer,
                                      max_sources=sources_per_answer, token_budget=NO_PROMPT_BUDGET)
            text = validate(compose(without_lead_in(q.question), sources, margin=margin), sources, assistant.scorer,
                            assistant.settings.answer.min_support).text
            hits += contains_key_fact(text, q.key_fact)
        return hits

    grid = list(itertools.product((0.2, 0.3, 0.5, 0.7), (0.0, 0.25, 0.5, 0.75), (0.0, 0.2), (0.0, 0.2)))
    results = [(key_fact_hits(*config, 0.0, 0.0, 0.0), config) for config in grid]
    best = max(h for h, _ in results)
    plateau = [config for h, config in results if h == best]
    chosen = plateau[len(plateau) // 2]
    bonus_values = (0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 1.0)

    def swept(hits_at: Callable[[float], int]) -> tuple[list[tuple[int, float]], float]:
        """Hits at each bonus value, and the middle of the best plateau."""
        rows = [(hits_at(value), value) for value in bonus_values]
        most = max(h for h, _ in rows)
        top = [value for h, value in rows if h == most]
        return rows, top[len(top) // 2]

    by_reason, reason = swept(lambda value: key_fact_hits(*chosen, value, 0.0, 0.0))
    by_means, means = swept(lambda value: key_fact_hits(*chosen, reason, value, 0.0))
    by_evaluation, evaluation = swept(lambda value: key_fact_hits(*chosen, reason, means, value))
    by_margin = {m: max(h for h, c in results if c[0] == m) for m in (0.2, 0.3, 0.5, 0.7)}
    by_intro = {i: max(h for h, c in results if c[1] == i) for i in (0.0, 0.25, 0.5, 0.75)}
    table = (f"{len(prepared)} answerable questions with a key fact (\"which papers\" lists excluded), "
             f"{len(grid)} configurations without the reason, means and evaluation priors; "
             f"best {best}/{len(prepared)} in {len(plateau)} of them.\n\n"
             "| sentence margin | best key-fact hits |\n|---|---|\n"
             + "\n".join(f"| {m} | {h}/{len(prepared)} |" for m, h in by_margin.items())
             + "\n\n| introduction prior | best key-fact hits |\n|---|---|\n"
             + "\n".join(f"| {i} | {h}/{len(prepared)} |" for i, h in by_intro.items())
             + "\n\n| reason prior (the rest as chosen) | key-fact hits |\n|---|---|\n"
             + "\n".join(f"| {value} | {h}/{len(prepared)} |" for h, value in by_reason)
             + "\n\n| means prior (the rest and the reason prior as chosen) | key-fact hits |\n|---|---|\n"
             + "\n".join(f"| {value} | {h}/{len(prepared)} |" for h, value in by_means)
             + "\n\n| evaluation prior (the rest, the reason and the means priors as chosen) | key-fact hits |\n"
             "|---|---|\n"
             + "\n".join(f"| {value} | {h}/{len(prepared)} |" for h, value in by_evaluation))
    return table, (*chosen, reason, means, evaluation)


COUNT_SIMILARITIES = (None, 0.3, 0.35, 0.4, 0.45, 0.5, 0.6)


def tune_counts(assistant: Assistant, questions: list[Question]) -> tuple[str, float | None]:
    """"How many X": the least cosine between X and a noun counted otherwise in the sentences closest to the ask
    (`answerability.COUNT_SIMILARITY`; None: only X itself, or any noun for a vague X such as "items"), on the
    tuning half's "how many" questions: the largest cosine that wrongly declines the fewest answerable ones among
    those that decline at most one absent detail fewer than none."""
    asking = [q for q in questions if counted(q.question)]
    shipped, rows = answerability_module.COUNT_SIMILARITY, []
    for similarity in COUNT_SIMILARITIES:
        answerability_module.COUNT_SIMILARITY = 2.0 if similarity is None else similarity  # 2: no cosine reaches it
        outcomes = [answer_outcome(assistant, q, "extractive") for q in asking]
        rows.append((similarity, sum(o.abstained for o in outcomes if not o.question.answerable),
                     sum(o.abstained for o in outcomes if o.question.answerable)))
    answerability_module.COUNT_SIMILARITY = shipped
    unanswerable = sum(not q.answerable for q in asking)
    within = [(similarity, wrong) for similarity, declined, wrong in rows[1:] if declined >= rows[0][1] - 1]
    fewest = min((wrong for _, wrong in within), default=rows[0][2])
    chosen = max((similarity for similarity, wrong in within if wrong == fewest), default=None)
    table = "\n".join(f"| {'none' if c is None else c} | {d}/{unanswerable} | {w}/{len(asking) - unanswerable} |"
                      for c, d, w in rows)
    return table, chosen


def main() -> None:
    questions = load_questions(QUESTIONS, "tune")
    with tempfile.TemporaryDirectory() as tmp:
        settings = load_settings(data_dir=Path(tmp), progress=False)
        ingest([ROOT / "seeds"], settings, embedder=load_embedder(BUNDLED_MODEL))
        assistant = Assistant(settings, llm="extractive")
        shipped = (settings.retrieval.topic_coverage_weight, settings.retrieval.min_topic, settings.answer.min_support,
                   settings.retrieval.identifier_bonus, settings.retrieval.coverage_rerank_weight,
                   settings.answer.list_relative_relevance, settings.answer.list_max_papers)
        priors = (asks_module.INTRODUCTION_BONUS, asks_module.FIGURE_BONUS, asks_module.NAMES_BONUS,
                  asks_module.REASON_BONUS, asks_module.MEANS_BONUS, asks_module.EVALUATION_BONUS)
        identifier_table, bonus = tune_ranking(assistant, questions, "identifier_bonus", (0.0, 0.1, 0.2, 0.3))
        rerank_table, rerank = tune_ranking(assistant, questions, "coverage_rerank_weight",
                                            (0.0, 0.25, 0.5, 0.75, 1.0, 1.5, 2.0))
        topic_table, weight, threshold = tune_topic(topic_features(assistant, questions))
        list_table, (share, most) = tune_lists(assistant, questions)
        purpose_table, purpose_credit = tune_purpose(assistant, questions)
        count_table, count_similarity = tune_counts(assistant, questions)
        checker_table, least_support = tune_checker(assistant, questions)
        sentence_table, chosen = tune_sentences(assistant, questions)
        margin, introduction, figure, names, reason, means, evaluation = chosen
    body = f"""## Answerability tuning (benchmarks/tune_answerability.py)

Fitted on the {len(questions)} questions of the tuning half of tests/data/questions.jsonl only; the report half is
never used here (it is only scored, in aggregate, in the quality section).

**Topic score** = relevance of the focus paper + w × (share of the question's word weight, by inverse document
frequency, that the focus abstract contains; for a "which papers" question, the best single paper's of the first
three, or theirs together when it offers alternatives ("CT or MRI"); a word the abstract lacks counts for its
cosine to the abstract's closest word). Below the threshold the papers do not cover
the question. For each w, the threshold that declines an estimated {FALSE_DECLINES:.1%} of answerable questions
(half the 3 % budget) under a normal fit, and the off-topic questions it lets through (the fit's estimate, and
counted; the weight that lets the fewest through is chosen, the smaller on a tie):

| w | off-topic score | answerable score | threshold | off-topic through (fit) | off-topic above | answerable below |
|---|---|---|---|---|---|---|
{topic_table}

Chosen: w={weight}, threshold={threshold:.3f}. Shipped: topic_coverage_weight={shipped[0]},
min_topic={shipped[1]}.

**"Which papers" lists** (extractive answers to the tuning half's "which" questions, listing at most {most} papers,
as many as the longest gold list; the least share of the best paper's relevance with the best citation precision
among those listing within 0.05 of the most gold papers):

| least share of the best relevance | citation precision | gold papers listed | key fact |
|---|---|---|---|
{list_table}

Chosen: list_relative_relevance={share}, list_max_papers={most}. Shipped: {shipped[5]}, {shipped[6]}.

**"Use A for B" lists** ("Which papers use diffusion models for video generation?"): a listed paper must say the
weightiest word of A and of B, or a word this close (cosine); the list questions of the tuning half (off-topic
ones declined, answerable ones wrongly declined), each credit in turn; chosen: the smallest credit declining the
most off-topic ones among those that wrongly decline at most one answerable one more than no test:

| least credit | off-topic declined | answerable declined |
|---|---|---|
{purpose_table}

Chosen: {purpose_credit}. Shipped: PURPOSE_CREDIT={answerability_module.PURPOSE_CREDIT}.

**Counts said otherwise** ("how many class combinations" answered by "500,500 pairs"): a count of another noun, in
one of the {answerability_module.COUNT_SENTENCES} sentences closest to the ask, answers when the two nouns' cosine
reaches the least similarity; the "how many" questions of the tuning half (absent details declined, answerable ones
wrongly declined); chosen: the largest similarity wrongly declining the fewest answerable ones among those that
decline at most one absent detail fewer than none:

| least similarity | unanswerable declined | answerable declined |
|---|---|---|
{count_table}

Chosen: {"none" if count_similarity is None else count_similarity}.
Shipped: COUNT_SIMILARITY={answerability_module.COUNT_SIMILARITY}.

**Citation checker** (a marker survives when max(cosine, word overlap) with a sentence of the cited source reaches
the least support). Claims are the tuning questions (paraphrases of their paper's abstract):

{checker_table}

Equal-error least support: {least_support:.2f}. Shipped: min_support={shipped[2]} (was 0.45).

**Identifier bonus** (added per identifier of the question, e.g. "K-means", that only this paper and at most one
other use) and **coverage rerank** (weighted fusion without a reranker: of the two best papers, the one whose
abstract covers more of the question's words gains weight × the coverage difference, a word said differently
counting for its similarity). Single-paper questions with the right paper first, on the tuning half and on the old
dev set; chosen: the most in both together, the middle of that plateau (the smaller of two middles):

| identifier bonus | tuning half | old dev set |
|---|---|---|
{identifier_table}

Chosen: {bonus}. Shipped: identifier_bonus={shipped[3]}.

| coverage rerank weight | tuning half | old dev set |
|---|---|---|
{rerank_table}

Chosen: {rerank}. Shipped: coverage_rerank_weight={shipped[4]}.

**Extractive sentences**: margin below the best sentence, and priors added to a sentence's score (introduction of
the paper for "which paper" questions, a figure, names, a reason for "why", a means for "how does/can ...", a
report of experiments for "what was it evaluated / tested on"):

{sentence_table}

Chosen (middle of the best plateau): margin={margin}, introduction={introduction}, figure={figure}, names={names},
reason={reason}, means={means}, evaluation={evaluation}. Shipped: margin={SENTENCE_MARGIN},
introduction={priors[0]}, figure={priors[1]}, names={priors[2]}, reason={priors[3]}, means={priors[4]},
evaluation={priors[5]}.
"""
    write_section("answerability-tuning", body)


if __name__ == "__main__":
    main()
