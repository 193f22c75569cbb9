"""Answer quality on questions nobody tuned for, in one run: the tuning and report halves of the blind dev set
(tests/data/questions.jsonl) and the older dev set (tests/data/dev_questions.jsonl), so regressions show.

Measures (assistant/quality.py, the same code as `paperchat eval`): right paper first / in the top 4 / MRR of
`search` on the single-paper questions, unanswerable questions declined, answerable ones wrongly declined,
citation precision (the cited paper is a gold paper, or the paper a detail_absent question is about) and
answers containing the key fact. Retrieval is also measured without the coined-name index and the identifier
bonus (hit@1 with and without). Only aggregate figures are printed: the report half is not for study.

Run: `python benchmarks/bench_quality.py [--llm llamacpp --limit N]` (ingests the seed into a temporary store
itself; `--llm` adds rows for a model backend on the first N questions of each kind).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from ingest.offline import OFFLINE_ENV

os.environ.update({k: v for k, v in OFFLINE_ENV.items() if k not in os.environ})  # before any library reads them

from assistant.api import Assistant
from assistant.names import NameIndex
from assistant.quality import SEARCH_KINDS, QualityScores, Question, load_questions, paper_rank, score
from benchmarks.report import write_section
from ingest.embedding import load_embedder
from ingest.pipeline import ingest
from ingest.settings import BUNDLED_MODEL, load_settings

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"
SETS = [("blind set, tuning half", DATA / "questions.jsonl", "tune"),
        ("blind set, report half", DATA / "questions.jsonl", "report"),
        ("old dev set", DATA / "dev_questions.jsonl", "all")]


def limited(questions: list[Question], limit: int | None) -> list[Question]:
    if not limit:
        return questions
    kinds = dict.fromkeys(q.kind for q in questions)
    return [q for kind in kinds for q in [x for x in questions if x.kind == kind][:limit]]


def hit1_without_names(assistant: Assistant, questions: list[Question]) -> str:
    """hit@1 / MRR of `search` with the coined-name index and the identifier bonus switched off."""
    retriever = assistant.retriever
    names, settings = retriever.names, retriever.settings
    retriever.names, retriever.settings = NameIndex([]), settings.updated(identifier_bonus=0.0)
    try:
        ranks = [paper_rank(assistant, q) for q in questions if q.kind in SEARCH_KINDS]
    finally:
        retriever.names, retriever.settings = names, settings
    return f"{sum(r == 1 for r in ranks) / len(ranks):.3f} / {sum(1 / r for r in ranks if r) / len(ranks):.3f}"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--llm", help="also a model backend, e.g. llamacpp")
    parser.add_argument("--limit", type=int, help="questions per kind for the model backend")
    args = parser.parse_args()
    rows, without, counts, seconds = [], [], [], {}
    with tempfile.TemporaryDirectory() as tmp:
        settings = load_settings(data_dir=Path(tmp), progress=False)
        ingest([ROOT / "seeds"], settings, embedder=load_embedder(BUNDLED_MODEL))
        assistant = Assistant(settings, llm="extractive")
        assistant.search("warm-up", k=1)
        for name, path, split in SETS:
            questions = load_questions(path, split)
            started = time.perf_counter()
            scores: QualityScores = score(assistant, questions, "extractive")
            seconds[name] = (time.perf_counter() - started) / len(questions)
            rows.append(scores.row(f"{name}, extractive"))
            without.append(f"| {name} | {scores.hit_at(1):.3f} / {scores.mrr:.3f} | "
                           f"{hit1_without_names(assistant, questions)} |")
            kinds = {kind: sum(q.kind == kind for q in questions) for kind in dict.fromkeys(q.kind for q in questions)}
            listed = ", ".join(f"{n} {k}" for k, n in kinds.items())
            counts.append(f"{name}: {len(questions)} questions ({listed})")
        if args.llm:
            model = Assistant(settings, llm=args.llm)
            model.ask("warm-up: what is a pointer network?")  # model load excluded
            for name, path, split in SETS:
                questions = limited(load_questions(path, split), args.limit)
                rows.append(score(model, questions, args.llm).row(f"{name}, {args.llm} ({len(questions)} questions)"))
    table, per_question = "\n".join(rows), "; ".join(f"{n} {s * 1000:.0f} ms" for n, s in seconds.items())
    body = f"""## Answer quality on unseen questions (benchmarks/bench_quality.py)

{chr(10).join("- " + c for c in counts)}

The blind set was written by people who never saw the code. Its first 202 questions were split once into halves;
3898 more (q203-q4100: 140 of every kind, 40 phrased as lists, then 100, 100, 100, 48 follow-up conversations, 80,
90 and 32 sets of 100 of every kind), written blind later, only ever joined the tuning half. Every threshold and
weight was fitted on the tuning half (section "Answerability tuning"); the report half is only ever scored, in
aggregate, here. Targets on the report half: hit@1 ≥ 0.97, hit@4 1.0, MRR ≥ 0.98, unanswerable declined ≥ 87 %,
answerable wrongly declined ≤ 3 %, citation precision ≥ 0.92, key fact ≥ 0.75.

How the report half was used, in order (each time in aggregate only):
1. scored with everything fitted on the first tuning half: unanswerable declined 14/22, answerable wrongly
   declined 8/79;
2. after three detector rules were loosened on general grounds: 13/22 and 6/79 (the previous version of this
   section). The first tuning half was then 22/22 and 0/79: fitted to it, so it could no longer guide anything;
3. the tuning half grew by 140 new blind questions (with them it stood at 55/82 and 5/159, the
   same gap as the report half), the detectors were improved and the topic test refitted on the tuning half
   alone; 40 list-phrased questions followed (20 off-topic, of which 16 still get through: a list question
   combining two concepts that different papers cover is the known weak spot), and the report half was scored
   once at the end: 18/22 and 6/79;
4. 100 more blind questions (q383-q482) were scored once before any change (hit@1 0.917, unanswerable
   declined 16/18, answerable wrongly declined 5/82, citation precision 0.942, key fact 0.707: the report
   half's gap again), then joined the tuning half; the coverage rerank of the two best papers, the list length
   and the topic threshold were fitted on the tuning half, and the report half was scored at the end: 18/22 and
   5/79 (twice: once more after the rerank weight was refitted on the tuning half and the old dev set together);
5. 100 more blind questions (q483-q582) were scored once before any change (hit@1 0.982,
   unanswerable declined 17/23, answerable wrongly declined 3/77, citation precision 0.930, key fact 0.716),
   then joined the tuning half; figures asked after a description of the paper, counts that are no names and
   list questions without alternatives judged on their best single paper, on the tuning half. The topic
   threshold's refit (3.246, shipped 3.23) would add one right and one wrong decline on the tuning half and one
   wrong decline on the old dev set, so 3.23 stays. The report half was scored once at the end: 18/22 and
   5/79;
6. "which architecture" in a question about a given work asks for a name (tuning half 112 -> 114 of 143
   declined); a model's answer now stops after the 1 to 3 cited sentences its prompt asks for, and the checker
   removes sentences that only echo the question (llamacpp, the first 12 answerable tuning questions of each
   kind, measured by hand: key fact 29/48 -> 32/48, citation precision 0.884 -> 0.878). The report half was
   scored once at the end: 18/22 and 5/79;
7. the rows below: 100 more blind questions (q583-q682) were scored once before any change (hit@1 0.940, hit@4
   1.000, unanswerable declined 21/30, answerable wrongly declined 2/70, citation precision 0.897, key fact
   0.717), then joined the tuning half (with them, before any change: hit@1 0.976, 135/173 and 10/408). On the
   tuning half: a license, university, affiliation or company counts as named only where the abstract says the
   noun; "how long did it take" needs a time, not any number; a hyperparameter's value (radius, temperature) is a
   measure; "word2vec-style" asks for a likeness, not the word; one quoted lower-case word is a scare quote, not
   a title; "how many X Y" counts the plural it asks about ("how many training hours" is not answered by "20
   training datasets"). The topic score leaves out the bonus for a named paper (naming MRL does not make weather
   forecasting its topic); a question that names a paper but scores below the threshold stays on topic only to
   say what that abstract does not state ("Under what license is the MRL code released?"). The topic test (w=2.0,
   threshold 1.941; was 4.0 and 3.23) and the coverage rerank weight (1.0, was 0.5) follow their refits in the
   section "Answerability tuning". Tuning half at the end: hit@1 0.990, 144/173 and 6/408; old dev set: 12/12 and
   2/77. The report half was scored once at the end: 18/22 and 6/79;
8. the rows below: three fresh blind sets were each scored once before any change made for them, then joined the
   tuning half: 48 follow-up conversations (q683-q730; 16/28 declined, 4/20 wrongly declined, citation precision
   0.822), 80 questions of every kind (q731-q810; hit@1 1.000, 19/25, 4/55, 0.955) and 90 (q811-q900; hit@1
   0.980, 16/20, 2/70, 0.986). On the tuning half: a follow-up that says something of its own is also judged on
   its own words ("And for malware detection?" after a question about an estimator is off topic), "How much lower
   was the latency?" and "What about ...?" are follow-ups, a figure asked "on CIFAR10" must be stated for CIFAR10,
   what a question sets aside ("instead of RL") is not asked for, "that paper" names no paper, "which datasets" is
   answered by names anywhere in the abstract, "Which ones?" asks for the noun before it, "What's the license?"
   and an optimality gap are asked for; "which papers" lists keep papers within 0.75 of the best relevance
   (refit, was 0.7). The tuning script now scores the topic as the answer does (a follow-up's own words too); its
   refit on the 799 tuning questions chooses w=2.0 and threshold 1.940 (shipped 1.941). Tuning half at the end:
   hit@1 0.989, 205/246 and 9/553; old dev set: 12/12 and 2/77. The report half was scored once at the end.
9. the rows below: 100 more blind questions (q901-q1000) were scored once before any change (hit@1 0.967,
   unanswerable declined 19/22, answerable wrongly declined 1/78, citation precision 0.983, key fact 0.831), then
   joined the tuning half. On the tuning half: a choice the abstract settles with neither option ("spectral
   normalization or gradient penalty?") is declined, the model a named paper builds on ("which base model does
   X-Cross fine-tune", "which LLM") is asked for as a name, and "for each domain" makes no comparison of two
   papers (tuning half 224 -> 230 of 268 declined; 10/631 wrongly declined before and after). The topic test's
   refit on the 899 tuning questions chooses w=2.0 and threshold 1.939, shipped (was 1.941). Adding the focus
   abstract's best sentence cosine to the topic score, or reranking papers by it, separated nothing more on the
   tuning half (not shipped). Tuning half at the end: hit@1 0.986, 230/268 and 10/631; old dev set: 12/12 and
   2/77. The report half was scored once at the end: 19/22 and 6/79 (llamacpp 14/16 and 3/22);
10. the rows below: a review of step 9 found answerable questions the new rules declined ("Which LLM does
   CrossTune use?", answered by "we utilize ChatGPT"; "without weight clipping or a gradient penalty"; "whether
   or not"; "faster or slower"; "in both MRL and ..." lost its second paper). Now the model a paper builds on may
   be named anywhere in its abstract, a choice is one only when its options are things (not set aside, not
   comparatives) that no sentence says in other words either (cosine below 0.35), only "for/per/in each <noun>"
   is distributive, and "which X does <name> ..." is about that paper only right after the noun. Tuning half:
   228/268 and 10/631 (was 230/268). The report half was scored once more, at the end: 18/22 and 6/79 (llamacpp
   14/16 and 3/22): the step-9 gain on it came from a rule the review loosened. After this run, 100 more blind
   questions (q1001-q1100), scored once on the shipped code before joining the tuning half: hit@1 1.000,
   unanswerable declined 19/22, answerable wrongly declined 2/78, citation precision 0.992, key fact 0.877 (the
   counts of the tuning half above are without them). Two fixes followed on the tuning half with them (a name in
   LaTeX quotes, ``X-Cross'', is still the paper's own; "What dataset property ..." asks for no dataset names):
   247/290 and 12/709 before, 247/290 and 11/709 after. The report half was not scored again.
11. the rows below: 100 more blind questions (q1101-q1200) were scored once on the shipped code before joining
   the tuning half: hit@1 1.000, unanswerable declined 27/32, answerable wrongly declined 1/68, citation precision
   0.950, key fact 0.868. One fix followed: an acronym compound ("MI-maximization") counts as mentioned where the
   abstract spells the acronym out right before the rest ("mutual information maximization"). Tuning half with
   them: 274/322 and 11/777. Tried on the tuning half, not shipped, each at the topic test's 1.5 % budget of
   answerable questions: a floor under the credit a lacking word gets for its closest abstract word ((cos - f) /
   (1 - f), f = 0.25 or 0.35: 32 or 33 of 171 off-topic questions above the threshold against 35 today, with 13
   or 15 answerable ones below it against 12); coverage as the lower of the question's two halves, split at its
   first "for/to/in/on/with" (33 or 35 of 171); the bundled 0.5B model as a yes/no judge ("is this abstract about
   the subject of the question?", the share of "yes" in its first token's log-probabilities) on questions whose
   topic score is within [1.939, 2.6]: mean 0.383 for 25 off-topic, 0.387 for 25 absent-detail and 0.365 for 25
   answerable questions (no separation), at 2.2 s a question. The report half was scored once, at the end: 19/22
   and 6/79 (llamacpp 14/16 and 3/22);
12. the rows below: a first question asking for a paper ("Which method ...?", "Is there work on ...?", not a list)
   is answered by the paper and its own best sentences whatever the backend, as lists already were. On the 85
   single-paper questions of the tuning half that `is_which_paper_question` matches (`paperchat eval FILE --answers
   llamacpp` on them), the bundled model's answers held the key fact in 61/85, the extractive ones in 77/85
   (citation precision 0.975 both, 1/85 wrongly declined both), in milliseconds instead of seconds. On the tuning
   half, a threshold of their own for "which papers" questions (39 off-topic, 104 answerable) separates nothing
   either (2.2 instead of 1.939: 10 instead of 19 off-topic ones through, 17 instead of 3 answerable ones
   declined). The report half was scored once more, at the end, for the answer change alone (before a review
   kept follow-ups with the chosen model, which one follow-up of the report half is);
13. the rows below: 100 more blind questions (q1201-q1300) were scored once on the shipped code before joining the
   tuning half: hit@1 0.980, unanswerable declined 19/25, answerable wrongly declined 3/75, citation precision
   0.941, key fact 0.817. Then a setting's value (temperature, radius, learning rate, lookback window length,
   curvature, dropout rate, weight decay) counts as stated only next to the setting's name, not as any figure close
   to the question ("improvements up to 20.7%" gives no lookback window length), and a measured noun's acronym
   that the abstract defines counts with it ("DSC of 0.75" for a Dice score, after "Dice similarity coefficient
   (DSC)"). On those 100: 21/25 and 2/75 after; the rest of the tuning half unchanged (274/322 and 11/777). A
   sentence whose figure stands next to what the question measures or counts (or that thing's acronym) now gets
   the figure bonus twice when answer sentences are ranked: tuning half key fact 617/751 -> 622/751 (the five
   "What Dice score ...?" questions; none lost), citation precision 0.939 both. The report half was scored then:
   extractive 19/22 and 6/79 as before, llamacpp 14/16 and 3/22 (citation precision 0.912, key fact 18/22; the
   model's sources had changed with the sentence ranking). A review then tightened the new rules: a setting's
   whole name must stand next to its value ("12% lower error rate" gives no learning rate), "5e-4" is a figure,
   "the effect of temperature" or "which paper studies weight decay" asks for no value, an acronym counts for a
   measured noun only when its long form holds all of the noun's words, and a count counts only right before
   its noun. Tuning half after: unchanged. The report half was scored once more, at the end (d562a1f). A second
   review kept "What learning rate and batch size ...?" and "What is learning rate?" asking for a setting and let
   "3.2e-3" be a measure; tuning half unchanged again, the report half not scored again.
14. two more blind sets were scored once on the shipped code before joining the tuning half:
   q1301-q1400 (hit@1 1.000, unanswerable declined 15/25, answerable wrongly declined 2/75, citation precision
   0.963, key fact 0.867) and q1401-q1500, written by a helper given 37 questions of the tuning half's first 101
   as examples of style (the report half's siblings: two-part, why/how questions): hit@1 1.000, 19/25, 0/75,
   0.979, 0.783. On the tuning half without them, then on them: a size ("what embedding dimension", "what batch
   size") is the figure next to what it sizes ("768-dimensional"), a figure asked "in millimetres" is one in that
   unit, a named metric ("Precision@1", "mIoU", "latency") that the abstract never names has no figure there, "what
   value of the SAM radius" asks for the radius, "which four deep metric learning benchmarks" asks for names (up
   to four words between "which" and the noun), "which base language model, and of what size, did they ..." is
   about the paper, a count may stand five words before its noun within its noun phrase ("15 standard IR and STS
   benchmarks"), and a "Which papers use A for B?" list keeps only papers that say the weightiest word of A and of
   B or a word close to it (cosine 0.7; on the 155 list questions of the 1199 before the new sets, 43 off-topic
   and 112 answerable, of which 22 and 5 say "use A for B": 22 -> 31 off-topic ones declined, 3 -> 4 answerable
   ones; the refit on all 1399 chose 0.7 too: 28 -> 42 of 54 and 4 -> 5 of 132). Tuning half (1199): 295 -> 308 of
   347 declined, 13 -> 14 of 852 wrongly declined, citation precision 0.939 -> 0.945, key fact 622 -> 623 of 751;
   the two new sets after: 24/25 and 1/75, 24/25 and 0/75 (no longer unseen). The report half was scored then:
   extractive 20/22 and 6/79, llamacpp 15/16 and 3/22. A review then found rules that could decline answerable
   questions and fixed them: a unit counts only when asked right after what is asked ("What latency in
   milliseconds"), not in "Can it index them in minutes?", and any unit of its kind answers ("0.3 seconds", "300
   GPU hours", "$0.02"); a size needs its first word too ("vocabulary size" is no batch size); a metric counts as
   named in part of a word or spelled out (AUROC for AUC, mIoU, "inference time" for latency); "the value of
   pretraining" asks no setting; "What is the number of datasets" and "Which papers evaluate on benchmarks" ask
   no names; what a "use A for B" half sets aside and vague words ("something") are not looked for. Tuning half
   after (1399 questions): unchanged, 356/397 and 15/1002. The topic test's refit on those 1399 (as in
   section "Answerability tuning") chose w=3.0 and threshold 2.617: 42 instead of 44 of 210 off-topic questions above
   it, 18 of 1002 answerable ones below it either way; through the whole answer it declines 358/397 but wrongly
   declines 22/1002 (key fact 717/871), so w=2.0 and 1.939 stay. The report half was scored once more, at the end:
   20/22 and 6/79 (llamacpp 15/16 and 3/22). Tried, not shipped: the margin between the best and the second paper's
   relevance as a second topic signal. The 6 answerable single, multi and follow-up questions of the tuning half that
   the topic test declines have margins 0.02 to 0.16, while 37 of the 77 off-topic ones scoring within 0.3 below the
   threshold have a larger margin than half of those six (0.058) and 12 a larger one than all six: no separation.
15. the rows below: 100 more blind questions (q1501-q1600) were scored once on the shipped code before joining the
   tuning half: hit@1 1.000, unanswerable declined 18/25, answerable wrongly declined 2/75, citation precision
   0.924, key fact 0.833. Over the seven blind sets scored that way since step 9 (q901-q1600),
   unanswerable questions declined 136/176 (77 %) and answerable ones wrongly declined 11/524 (2.1 %): on unseen
   questions the decline target is the one not met, while the report half, 101 questions, shows the opposite.
   Three fixes followed: a count before a list of what the counted things are counts ("five web-scale search,
   ads, and recommender systems"), "What were the three datasets" asks for names, and "what do X and Y have in
   common" is about two papers. Tuning half (1399 questions): totals unchanged; the new 100 after: 19/25 and 1/75.
   Refits on all 1499 (section "Answerability tuning"), each checked through the whole answer against the shipped
   375/422 declined and 16/1077 wrongly declined: the topic test's w=3.0 and threshold 2.633 give 378/422 and
   27/1077, so w=2.0 and 1.939 stay; an identifier bonus of 0.0 (739 against 738 of 745 first on search) gives
   377/422 and 19/1077 (key fact 771 against 773 of 931), so 0.1 stays.
   Tried on the tuning half as it then stood (1399 questions before q1501-q1600, or 1499), not shipped; retrieval
   by `search`, the rest through the whole extractive answer:
   - sentence-level retrieval: a paper's best abstract sentence cosine added to its fused score, weights 0.25
     to 2.0: hit@1 on the 695 single-paper questions 0.990 -> 0.987 to 0.977; old dev set 0.969 -> 0.985 at
     0.5 to 1.0 (one question);
   - all-mpnet-base-v2 (the larger bundled sentence-transformer) as a second dense score on the candidates: alone it
     ranks worse than MiniLM (hit@1 0.904 against 0.911, dense only), added at 0.5 to 2.0 0.990 -> 0.990 to 0.984,
     and its query embedding costs 6x MiniLM's; issue #12's example ("cut down to fewer dimensions") stays missed
     either way (MRL ranks 16th);
   - a "what X ..." clause whose X no focus abstract says (nor a sentence at cosine 0.2 to 0.6): 2 more of 397
     unanswerable questions declined, 13 to 23 more of 1002 answerable ones ("what objective", "what backbone",
     "which baselines");
   - question words no stored abstract uses, declined below a closest-word cosine of 0.3 to 0.4: 0 to 5 more
     unanswerable questions declined, 2 to 54 more answerable ones;
   - first-turn "Is there a paper on ...?" and lists whose best papers do not say the question's weightiest word
     (cosine 0.4 to 0.8): which-paper questions 1 to 6 more of 47 unanswerable declined, 11 to 84 more of 128
     answerable ones; lists 1 to 9 more of 58, 0 to 40 more of 142;
   - listing only papers whose own topic score clears a higher bar (2.0 to 2.3, the answer's threshold 1.939):
     citation precision of the 127 answered lists of the 1399 0.864 -> 0.882 to 0.950, but recall of the gold papers
     0.737 -> 0.715 to 0.534, F1 lower at every bar;
   - the weakest of the question's content-word chunks, by its best cosine to a sentence or the title of the
     focus paper: at a floor of 0.15, 12 more of 422 unanswerable questions declined and 506 more of 1077
     answerable ones (short chunks such as "only" or "fast" match no sentence).
   A lead, not shipped (measured by a one-off script on the topic test alone, not through the whole answer): a
   logistic regression (C=10) over the relevance, the focus paper's dense cosine and keyword score, the coverage and
   the question's best sentence cosine, 5-fold cross-validated on the tuning half's 1077 answerable and 223 off-topic
   questions (folds by id, threshold at 1.5 % of each training fold's answerable ones), lets 42 off-topic questions
   through and declines 15 answerable ones, against 52 and 17 for today's relevance + 2 x coverage; with 13 features
   38 and 18, but question length is then among the heaviest, which fits how the sets were written, not what they
   ask.
   Held out one blind set at a time instead (16 sets, each written by another helper), the five-feature model lets 45
   through and declines 17 at C=1 (47 and 17 at C=10), against 51 and 18: most of the gain was the sets' style, so a
   learned topic score is not worth its weights yet.
16. the rows below: two more blind sets of 100. The first (q1601-q1700) was scored on the shipped code before any
   change: hit@1 1.000, unanswerable declined 20/25, answerable wrongly declined 1/75, citation precision 0.953, key
   fact 0.800; the second (q1701-q1800) arrived after the first four fixes below and was scored on the code before
   them and after them: 18/25 and 0/75 before, 20/25 and 2/75 after (both answerable ones then fixed, below). Over
   the nine sets scored on code that had not seen them (q901-q1800), unanswerable questions declined 174/226 (77 %),
   answerable ones wrongly declined 12/674 (1.8 %). Fixes, each checked on the tuning half (1499 questions then):
   a measure asked with "how much" names its metric as its subject ("How much does Recall@1 drop?"); the asked
   noun's own acronym is no name ("MLLMs" for "which multimodal LLM"), nor a quantifier before it ("Many real-life
   datasets"); a question is declined when the first thing it asks is not stated, not only when every clause is
   not (a later clause is often an add-on that no check sees missing: "..., and which diffusion checkpoint did
   they use?"), unless a figure it asks later is found: 5 more of 422 unanswerable questions declined, 1 more of
   1077 answerable ones, which the next fix answered again (sparing also questions whose later names or yes/no
   subject pass declines 3 fewer unanswerable ones of the 1699 below, no fewer answerable ones); "how many pseudo
   MR images" is counted by "377 pseudo MRI" (not by "81 MRI scans"); "an alternative to RL" sets RL aside; "what
   dataset metric" and "what kind of optimizer" ask for no names (a GPU or an LLM of any kind is still named);
   "which base model does X build on" asks for a name in X, not a paper; a LoRA rank is a setting.
   Tuning half: 375 -> 383 of 422 declined, 16 -> 16 of 1077 wrongly declined, citation precision 0.949 -> 0.948,
   key fact 773/931 unchanged; with the two new sets (1699 questions): 425/472 and 17/1227. The report half was
   scored twice, before and after a review's fixes, the same both times (the rows below): extractive 20/22 and 5/79
   (6/79 before this step), llamacpp 15/16 and 2/22 (3/22). Tried, not shipped (tuning half, 1499 questions, and the
   two new sets):
   - the "use A for B" test of lists applied to first-turn "Is there a paper that uses A for B?" questions: 2 more
     unanswerable questions declined, 4 more answerable ones ("negatively curved embeddings to sort unlabelled
     images");
   - the coverage of each half of a list question split at its first preposition (the lowest half, the best of the
     first three papers): answerable lists go as low as 0.50, off-topic ones as high as 0.89, no threshold separates
     them; split only for "Is there work on A for B?": answerable 0.53 and more, and the off-topic ones that get
     through today 0.47 to 0.76;
   - other shapes of a lacking word's credit in the topic score (its cosine squared or cubed, zero below 0.3 to 0.6,
     a ramp from 0.2 to 0.4), each with w refitted: with the topic test declining 10 answerable questions (the
     shipped threshold declines 11), none lets fewer than today's 52 of 223 off-topic ones through (52 to 73);
     leaving stop words out of the coverage: scikit-learn's English list 62 there, a hand-made list of chat words
     ("anyone", "could", "you", ...) 50; declining 20 answerable ones, 45 and 43 against 47 (a hand-made list read
     off these questions is a fit to them, and 2 is within noise);
   - the least-covered content-word phrase of the question ("knowledge graph link prediction"): catching 6 of the
     33 off-topic questions that get through costs 60 answerable ones, 13 costs 164;
   - a follow-up rewritten by the bundled model (llamacpp) instead of the previous question attached: the right
     paper first for 111 against 113 of the tuning half's 115 follow-ups, so the rewrite does not help retrieval
     (it stayed then for the model's sake; step 17 measured that too and removed it).
17. the rows below: 100 more blind questions (q1801-q1900) were scored once on the shipped code before any change:
   hit@1 1.000, unanswerable declined 22/25, answerable wrongly declined 1/75, citation precision 0.952, key fact
   0.817. Over the ten sets scored that way (q901-q1900), unanswerable questions declined 196/251 (78 %), answerable
   ones wrongly declined 13/749 (1.7 %). Fixes, each checked on the tuning half (1699 questions, then 1799):
   - a comparison gets two papers only when the question names two things before it ("How do A and B differ?"),
     after "Compare", "vs <a name>" or "the difference between": "How does it compare with previous implementations
     in recall and latency?" and "..., and how does its throughput compare to Mamba?" are about one paper (of the 63
     tuning questions with "and" and a comparison word, 13 of the 14 single-paper ones now get one paper and all 39
     two-paper ones still two): citation precision 3600 -> 3606 of 3794, key fact 871 -> 873 of 1051;
   - "by what factor / margin / percentage" asks a figure ("at least 129times faster inference" is no parameter
     count): 425 -> 426 of 472 declined;
   - a follow-up that says nothing of its own ("What problems did they test it on?", "the two main ingredients of
     the method") is on the topic of the conversation's latest question that does, scored as that question alone:
     the follow-up's ask words had diluted the attached question below the threshold. 17 -> 16 of 1227 wrongly
     declined;
   - a noun's acronym as the abstracts spell it out ("PLMs" after "pre-trained Language Model (PLM)") names none
     of it;
   - follow-ups get the conversation's subject (its latest question that says something of its own) attached
     whatever the backend; the bundled model's rewrite is gone.
     On the tuning half's 183 questions with history, llamacpp: with the rewrite 43/48 declined, 6/135 wrongly
     declined, citation precision 0.934, key fact 102/135; without it 43/48, 1/135, 0.946, 106/135; with the
     previous question attached for retrieval and the rewrite only in the model's prompt 43/48, 1/135, 0.945,
     106/135 (so the rewrite helped the prompt no more than the attached question does).
   A review then found that a third turn saying nothing of its own was retrieved by the turn before it but judged
   by the first question (fixed: the conversation's subject is attached), and phrasings the comparison rule
   missed ("Can you compare A and B", "A, B, and C", "kNN vs kNN-LM"); fixed, tuning half unchanged. Tuning half at
   the end (1799 questions): hit@1 0.992, 448/497 declined, 16/1302 wrongly declined, citation precision 0.951, key
   fact 923/1111. The report half was scored twice, before and after the review's fixes, the same both times:
   extractive 20/22 and 5/79 (citation precision 0.955 -> 0.959), llamacpp 15/16 and 2/22 (citation precision
   0.915 -> 0.911: 51/56 against 54/59). The topic test was not refit on the 1799 (every refit since step 9 failed
   the whole-answer check). Tried on the tuning half, not shipped:
   - English word frequency (wordfreq's Zipf scale) weighing the words the abstracts lack in the topic score
     (weights (t - zipf) / (t - 2.5), t = 5 to 7, squared or not, with w refitted): with the topic test declining 10
     answerable questions, 52 to 88 of 223 off-topic questions get through against 52 today; fewer (40 against 47)
     only when it declines 20;
   - a two-word phrase of a paper's title in the question keeping that paper first against the coverage rerank:
     single-paper questions first 838 -> 837 of 845, detail questions' paper 191 -> 192 of 195; as a bonus that
     puts it first, 838 -> 805;
   - "both" taking a second paper only after "A and B" or before a name: it cost an answer ("How does SIE ... capture
     both transformation-insensitive and transformation-aware information?" was answered with the right sentence
     plus one from a second paper, and alone scores below the topic threshold);
   - the best sentence cosine of each half of a first-turn "Is there ... A for B?" question: 2 of 45 off-topic ones
     below 0.25, the lowest answerable one 0.28; split at the first "for" in any question, answerable ones go as low
     as 0.07.
18. the rows below: 100 more blind questions (q1901-q2000) were scored once on the shipped code before any change:
   hit@1 1.000, unanswerable declined 21/25, answerable wrongly declined 1/75, citation precision 0.957, key fact
   0.767. Over the eleven sets scored that way (q901-q2000), unanswerable questions declined 217/276 (79 %),
   answerable ones wrongly declined 14/824 (1.7 %). Fixes, each checked on the tuning half (1899 questions):
   - a "how does / can ..." question favours the sentence that says by what ("We use ... and cluster them with
     k-means", "made efficient with CUR decomposition"): the sentences closest to such a question restate its
     problem. With a means prior of 0.4 (a one-off sweep: 196 of the 1129 key-fact questions ask "how", their hits
     124 -> 154) key fact 976 -> 1006 of 1171; with 0.5, the middle of the plateau that section "Answerability
     tuning" then found, 1007; citation precision 0.951 before and after;
   - a sentence does not end at "i.e.", "e.g.", "vs." or "cf." before a capital ("two models, i.e. ViLT and
     METER" lost its names): key fact 969 -> 976;
   - what a follow-up sets aside ("apart from accuracy, what other advantage do they claim?") and the ask words
     advantage, benefit and claim say nothing of its own: it is on the conversation's topic. 17 -> 16 of 1377
     wrongly declined.
   Tuning half at the end: hit@1 0.993, 469/522 declined, 16/1377 wrongly declined, citation precision 0.951, key
   fact 1007/1171. The topic test's refit on the 1899 (w=1.5, threshold 1.640) fails the whole-answer check again:
   474/522 declined but 29/1377 wrongly declined, so w=2.0 and 1.939 stay; the lists' refit (0.7) and the identifier
   bonus's (0.0, one question) were left as they are. A clean-clone test run then failed: "How do fixed dimensional
   encodings ... compare with previous implementations ... in terms of recall and latency?" got "we introduce
   MUVERA" before "90% lower latency". A comparison ("how does it compare / differ") asks for its result, not a
   means: those 15 tuning questions get no means prior, key facts unchanged (1007/1171). The report half was scored
   twice, before and after that fix, the same both times: extractive 20/22 and 5/79, citation precision 0.959, key
   fact 0.835 -> 0.861; llamacpp 15/16 and 2/22, citation precision 0.911, key fact 18/22 -> 19/22. Tried on the
   tuning half, not shipped:
   - all-mpnet-base-v2 instead of MiniLM for the credit a lacking word gets in the topic score: with the topic test
     declining 17 of 1131 answerable questions (those naming no paper), 73 of 258 off-topic ones get through against
     60 with MiniLM (w = 2; worse at every w from 1 to 4);
   - ranking the answer's sentences without what the question sets aside ("without a dual-encoder first stage"):
     key fact 976 -> 975 (3 gained, 4 lost);
   - scoring a follow-up's own words without what it sets aside: "Does it still work when there is little or no
     labeled data?" asks about labeled data, and was declined (16 -> 17 wrongly declined);
   - for the means prior, leaving out "how" questions that compare, perform, do, differ, scale or generalise: 4
     fewer key facts; leaving out "we propose / introduce": 10 fewer; more verb forms ("we used", "we first apply",
     "relies on"): 2 more of 1129 (within noise);
   - a lead for the next step: the reason prior for "why" questions at 0.5 instead of 0.1 holds the key fact in 53
     instead of 49 of the 64 "why" questions (one-off; the tuning grid tries only 0 and 0.1).
19. the rows below: 100 more blind questions (q2001-q2100) were scored once on the shipped code before any change:
   hit@1 1.000, unanswerable declined 23/25, answerable wrongly declined 2/75, citation precision 0.982, key fact
   0.850. Over the twelve sets scored that way (q901-q2100), unanswerable questions declined 240/301 (80 %),
   answerable ones wrongly declined 16/899 (1.8 %). Fixes, each checked on the tuning half (1999 questions; the
   start code: 492/547 declined, 18/1452 wrongly declined, key fact 1058/1231):
   - step 18's lead, taken: the reason prior for "why" questions is 0.5 (was 0.1), the middle of the plateau
     (0.3-0.7) that section "Answerability tuning" now sweeps as it does the means prior, and its phrases name
     causes ("contributes to", "which results in", "results from", "attributed to", "responsible for", "explains
     why", "root cause"; not the noun "results in"): 51 -> 58 of the 67 "why" questions with a key fact hold it,
     key fact 1058 -> 1064 (a one-off sweep of those 67 alone had found 0.5-0.7, and 0.6 was shipped for an
     hour);
   - "how many" reads a list before its noun to the last item ("How many large production search, ads and
     recommendation systems ...?" counted "large"), and no figure is asked by "Given how large that search space
     is, how do they train the gates?": 18 -> 16 wrongly declined;
   - a share answers "how many" only where one may ("how many more / extra / of the", "than", a part that is
     tuned, pruned or kept): "How many parameters does it have?" is no longer answered by "only 25% of the
     additional parameters", 492 -> 493 declined.
   Tuning half at the end: hit@1 0.993, 493/547 declined, 16/1452 wrongly declined, citation precision 0.953, key
   fact 1064/1231. The topic test's refit on the 1999 (w=1.5, threshold 1.644) fails the whole-answer check again:
   499/547 declined but 31/1452 wrongly declined, so w=2.0 and 1.939 stay; the lists' refit (0.7) and the
   identifier bonus's (0.0, one question) were left as they are. The report half was scored twice at the end, with
   the reason prior at 0.6 and at 0.5, the same both times: extractive 20/22 and 4/79 (was 5/79), citation
   precision 0.959, key fact 0.861; llamacpp 15/16 and 1/22 (was 2/22), citation precision 0.911, key fact 19/22.
   Tried on the tuning half, not shipped:
   - "models" as a noun whose names are asked ("Which specific embedding models were tested ...?"): one more absent
     detail declined, but "the classes for which the model never saw ..." and "what word-level model was
     proposed" would become names questions too;
   - "what value (of k)" as a setting: a value without a name passes on any figure close to the question, and
     both abstracts asked about give one ("between 50 and 20,000" dimensions), so neither of the 2 such absent
     details was declined (the stemmer drops one-letter names such as k).
20. the rows below: 100 more blind questions (q2101-q2200) were scored once on the shipped code before any change:
   hit@1 1.000, unanswerable declined 20/25 (the five that got through all asked for absent details; 13/13
   off-topic ones declined), answerable wrongly declined 1/75, citation precision 0.996, key fact 0.800. Over the
   thirteen sets scored that way (q901-q2200), unanswerable questions declined 260/326 (80 %), answerable ones
   wrongly declined 17/974 (1.7 %). Fixes, each checked on the tuning half (2099 questions; the start code: 513/572
   declined, 17/1527 wrongly declined; key fact of the extractive ranking, "which papers" lists aside, 1078/1249):
   - a figure asked after a hedge ("Up to how many cities ...", "On roughly how many GPUs ...") is a figure ask; a
     name written out capital by capital ("cRoss-dOmain Product Ecognition dataset, called ROPE") is no other name;
     "a ... framework, namely COPE" coins a name: 513 -> 516 declined;
   - "run" only asks, as "test" does ("Which benchmarks did they run it on?" was scored on its own word "run"): 17
     -> 16 wrongly declined;
   - step 18's lead, taken: the tuning script ranks sentences as answers do (it had ranked against the whole
     question, without the corpus's acronyms); its sweeps choose the shipped margin and priors again;
   - the means prior no longer favours "through extensive experiments" and does favour "X is implemented / used
     to ..." (1078 -> 1081), and each part of a question of several gets its best sentence, ranked right after
     the best one ("..., and what geometric problems was it tried on?"): 1081 -> 1087.
   Tuning half at the end: hit@1 0.993, 516/572 declined, 16/1527 wrongly declined, citation precision 0.955, key
   fact 1121/1291. The topic test's refit on the 2099 (w=1.5, threshold 1.648) fails the whole-answer check again:
   523/572 declined but 33/1527 wrongly declined, so w=2.0 and 1.939 stay; the identifier bonus's refit (0.0, one
   question) is left as before; the sentence sweeps' middles (reason 0.6, means 0.4) hold as many key facts as the
   shipped 0.5 and 0.5, which are on the same plateaus and stay. The report half was scored once at the end:
   extractive 20/22 and 4/79, citation precision 0.959, key fact 0.873 (was 0.861); llamacpp unchanged (15/16,
   1/22, 0.911, 19/22).
   Tried on the tuning half, not shipped:
   - the "use A for B" test of lists for "Is there a paper that uses A for B?" too: 3 more declined, 6 more
     wrongly declined;
   - a follow-up's own words scored with their own relevance rather than the conversation's: 2 more declined, 70
     more wrongly declined (a follow-up's few words retrieve its paper weakly);
   - a word no abstract uses that starts one of theirs counted as its abbreviation ("seq" for sequence): one more
     off-topic question got through, no answerable one gained;
   - each sentence scored by its best part (the most over the parts) instead of each part's best sentence lifted:
     key fact 2 more instead of 5.
21. the rows below: 100 more blind questions (q2201-q2300) were scored once on the shipped code before any change:
   hit@1 1.000, unanswerable declined 22/25, answerable wrongly declined 1/75 ("seq2seq" read as a term the
   abstract lacks), citation precision 0.961, key fact 0.900; 100 more (q2301-q2400), scored once on the code after
   the first four fixes below: hit@1 1.000, 18/25, 1/75, 0.936, 0.833. Over the fifteen sets scored that way
   (q901-q2400), unanswerable questions declined 300/376 (80 %), answerable ones wrongly declined 19/1124 (1.7 %).
   Fixes, each checked on the tuning half (2199 questions, then 2299 with the second set):
   - a shorthand with a digit for a word (seq2seq, text2sql, BERT4Rec) is mentioned where the abstract spells it
     out ("sequence-to-sequence"): 17 -> 16/1602 wrongly declined;
   - the names prior and the names check share one notion of a name (`names_in`), so a name written out capital
     by capital earns no names bonus: no answer changed;
   - an evaluation prior: "On which tasks was it evaluated?", "What did they test it on?" favour the sentence
     that reports the experiments ("Experiments on ...", "We conduct experiments with ..."): key fact of the
     extractive ranking 1141 -> 1152/1309 (0.1: 1148, 0.2 and 0.3: 1152, 0.5: 1150), swept in section
     "Answerability tuning";
   - "What makes / lets / enables it ...?" asks by what (the means prior), "What makes / causes it ...?" why (the
     reason prior): 1152 -> 1162/1309 (ten questions about two abstracts gained, none lost);
   - options in a fragment of their own after a clause ("What's the smallest nested embedding size ... - 8 dims
     or 16?") are that clause's choice: 556 -> 557/622 declined, 17/1677 wrongly declined unchanged.
   Tuning half at the end: hit@1 0.994, 557/622 declined, 17/1677 wrongly declined, citation precision 0.954, key
   fact 1246/1411. The topic test's refit on the 2299 (w=2.0, threshold 2.002) declines 570/622 but wrongly
   declines 41/1677, so 1.939 stays; the evaluation sweep chooses the shipped 0.3; the reason and means sweeps'
   middles (0.6, 0.3) hold one key fact more than the shipped 0.5 and 0.5, which stay. The report half was scored
   once at the end: extractive 20/22 and 4/79, citation precision 0.959, key fact 0.886 (was 0.873); llamacpp
   15/16, 1/22, citation precision 0.909 (was 0.911), key fact 20/22 (was 19/22). The mean time per question rose
   (84 -> 133 ms on the tuning half) with the code's cost unchanged: 300 tuning questions answered by the start
   code and by this one, alternately, took 112, 116 and 115, 108 ms each; the machine was slower than at step 20.
   Tried on the tuning half, not shipped:
   - a word's credit rescaled as (cosine - c) / (1 - c), counting the off-topic questions above the topic
     threshold that leaves 10, 16 or 25 of 1602 answerable ones under it: c = 0.2 (w=2.0) 79, 66, 65 against
     73, 68, 62 now; c = 0.3 and 0.4 at best 70 and 71 against 68 (at 16);
   - function words (scikit-learn's English stop words) left out of the topic coverage: 67 against 68 at that
     count, 89 against 69 at 11 answerable under the threshold;
   - "Can X be done ...?" read as asking by what: key fact 4 gained (all about one abstract), 1 lost.
   One report-half question's text was seen by accident in this session (a search of the question file for
   "value of"); nothing was changed for it: "what value of k" as a setting stays out, as step 19 left it.
22. the rows below: 100 more blind questions (q2401-q2500) were scored once on the shipped code before any change:
   hit@1 0.980, unanswerable declined 22/25, answerable wrongly declined 5/75, citation precision 0.964, key fact
   0.833; 100 more (q2501-q2600), scored once on the code after the first three fixes below: hit@1 1.000, 18/25,
   2/75, 0.925, 0.850. Over the seventeen sets scored that way (q901-q2600), unanswerable questions declined 340/426
   (80 %), answerable ones wrongly declined 26/1274 (2.0 %).
   Fixes, each checked on the tuning half (2399 questions, then 2499 with the second set):
   - a follow-up that says "the trained models" or "the experiments" leans on the conversation; "Contrast A and B"
     and "A versus the one that ..." compare two papers ("Contrast A and B" gets the comparison table): 22 -> 20/1752
     wrongly declined;
   - a figure asked "on S3DIS instance segmentation" must be stated for S3DIS: 579 -> 580/647 declined;
   - a description before "paper" that matches one title in part does not name it when another of its title words
     is in at most two other titles and not this one ("the medical metric learning paper with subspace learners" is
     not "Mixup for Deep Metric Learning"): 20 -> 19/1752;
   - two capitals (MI, LM) match the words they abbreviate only together with the content word after them in the
     question ("MI-maximizing" as "mutual information maximization", "LM fine-tuning" as "language model
     fine-tuning"): 21 -> 19/1827;
   - "What are the two public datasets DIN was evaluated on?" asks names, "what's the smallest nested embedding size
     they use?" a size (a ratio, "14x smaller embedding size", states none): 598 -> 599/672; a preposition before
     the noun asks a property of it ("the size of the datasets ...", "the reduction in embedding size"): no figure
     moved.
   Tuning half at the end: hit@1 0.994, 599/672 declined, 19/1827 wrongly declined, citation precision 0.953, key
   fact 1349/1531. The topic test's refit on the 2499 (w=2.0, threshold 1.995) declines 611/672 but wrongly declines
   38/1827, so 1.939 stays; the sentence sweeps' middles (reason 0.6, means 0.3) hold two key facts more of the
   extractive ranking, lists aside (1317 against 1315/1489), than the shipped 0.5 and 0.5, which stay. The report
   half was scored once at the end: every figure is as at step 21 (extractive hit@1 0.969, 20/22, 4/79, citation
   precision 0.959, key fact 0.886; llamacpp 15/16, 1/22, citation precision 0.909, key fact 20/22).
   Tried on the tuning half's questions without a history, not shipped (1294 answerable, 293 off-topic), counting
   the off-topic questions above the topic threshold that leaves 5, 10, 16 or 25 answerable ones under it (today
   95, 66, 64, 52):
   - a lacking word's credit capped by its phrase's cosine to the abstract's closest one- to four-word phrase:
     87, 61, 57, 49, for some 600 phrase embeddings per abstract;
   - the question's cosine to the focus abstract's best sentence (MiniLM) added to the topic score: at best 87, 66,
     57, 50;
   - the same with all-mpnet-base-v2, the stronger bundled model (50 ms per question): 93, 66, 53, 43 at weight 1;
     the abstract as a whole instead of its best sentence: 129, 82, 67, 53;
   - the weightiest word of each part of the question between prepositions, said or close (credit 0.5): declines
     25 of the 38 off-topic questions with such parts that get through today, but also 335 answerable ones;
   - every question of a conversation read as a follow-up: two wrongly declined follow-ups pass, and three
     off-topic questions and one absent detail get through;
   - a figure asked "for BERT-large" must be stated for it: 3 answerable questions declined, none gained.

23. the rows below: 100 more blind questions (q2601-q2700) were scored once on the shipped code before any change:
   hit@1 1.000, unanswerable declined 21/25, answerable wrongly declined 4/75, citation precision 0.951, key fact
   0.833; 100 more (q2701-q2800), scored once on the code after the first fix below and parts of the next three:
   hit@1 1.000, 18/25, 5/75, 0.926, 0.883; 100 more (q2801-q2900), scored once on the code after every fix but the
   last: hit@1 0.980, 20/25, 4/75, 0.930, 0.850. Over the twenty sets scored that way (q901-q2900), unanswerable
   questions declined 399/501 (80 %), answerable ones wrongly declined 39/1499 (2.6 %).
   Fixes, each checked on the tuning half (2499 questions, then 2699 with the first two sets):
   - a figure asked "what's X's top-1 on ImageNet-1K?" (after "what's" or a possessive) is a figure asked; a size or
     number asked is answered by a magnitude ("over 2 billion samples", "7B", "100k", "7.5 MB"), not by a share
     ("25% of the additional parameters"); "the reduction in model size" stays a measure: no tuning verdict moved;
   - "What about the size of the production dataset?" (up to 10 words), "the benchmark", "the dataset", "the
     framework" and "Any side benefits ...?" lean on the conversation; "Any surveys on ...?" does not: none moved;
   - a word between "the" and "thesis", "paper" or "article" describes the paper ("the PhD thesis on ..."), it is
     not a term the abstract must mention: 19 -> 18/1827 wrongly declined;
   - a question that itself names two stored papers is on their topic ("Hydra and G-SimCLR both tweak SimCLR - how
     does each ...?"); "Which backbone language model, and what size, does X-Cross use?" asks a name in X-Cross;
     "which company's products" asks for the company; two capitals the question spells out itself ("mutual-
     information-maximizing ... the true MI") are no missing term; a figure asked "there" is one for the term the
     clause before lacks ("Is SST-2 among its datasets, and what accuracy does it get there?"): none moved;
   - what a clause sets aside asks no figure ("What other benefits besides accuracy do they report?"): 22 -> 21/1977;
   - a figure the question gives as approximate ("around 30% relative improvement") is stated by one within a tenth
     of it before the same word ("29.7% relative"): none moved (one of the third set's wrongly declined questions).
   Tuning half at the end (2799 questions, with the third set): hit@1 0.994, 662/747 declined, 24/2052 wrongly
   declined, citation precision 0.952, key fact 1506/1711. The tuning script ran on the 2699 before the third set
   joined: the topic test's refit (w=2.0, threshold 1.992) would leave 78/379 off-topic questions above it and
   35/1977 answerable ones below it (last time 1.995 measured 611/672 declined but 38/1827 wrongly declined), so
   1.939 stays; the sentence sweeps' middles (reason 0.6, means 0.3) hold two key facts more than the shipped 0.5
   and 0.5 (1411 against 1409/1609), which stay on the same plateau. The report half was scored once at the end:
   every figure is as at step 21 (extractive hit@1 0.969, 20/22, 4/79, citation precision 0.959, key fact 0.886;
   llamacpp 15/16, 1/22, citation precision 0.909, key fact 20/22).
   Tried on the tuning half, not shipped:
   - the "use A for B" test of list questions (the weightiest word of each half said by the paper) for a
     single-paper question's focus paper too: it declines 7 of the off-topic questions with such halves that get
     through, but also 15 answerable ones (below a topic score of 2.1 only: 5 and 2, too few to fit a second
     threshold on);
   - a magnitude ("2 billion samples") answering any measure asked: 3 absent details answered ("how much did DIN
     lift CTR?"); two capitalised words in a row as a name ("Model Soups"): 4 ("Large Language Model" for "which
     MLLM?"); two capitals matched with any content word of the question (review: "Do they use RL to fine-tune the
     model?" matched "representation learning model").
24. the rows below: 100 more blind questions (q2901-q3000) were scored once on the shipped code before any change:
   hit@1 0.980, unanswerable declined 21/25, answerable wrongly declined 4/75, citation precision 0.982, key fact
   0.817; 100 more (q3001-q3100), scored once on the code after the first fix below: hit@1 1.000, 25/25, 12/75,
   0.984, 0.817; 100 more (q3101-q3200), scored once on the code after the first three: hit@1 1.000, 20/25, 3/75,
   0.939, 0.883. Over the 23 sets scored that way (q901-q3200), unanswerable questions declined 465/576 (81 %),
   answerable ones wrongly declined 58/1724 (3.4 %; the second set's 12 are mostly paraphrases just under the topic
   threshold, 1.80 to 1.93 against 1.939).
   Fixes, each checked on the tuning half (2899 questions, then 2999 and 3099 with the next sets):
   - "which datasets / which benchmark" is answered by a name where data is named as data ("on ImageNet", "across a
     diverse set of the BEIR", "BEIR retrieval datasets"), not by any name ("re-rank items retrieved using a
     dual-encoder or TF-IDF"), nor by a count ("Four public datasets"): 683 -> 684/772 declined; "how few parameters
     are we talking about?" leans on the conversation: 28 -> 27/2127 wrongly declined;
   - the citation checker drops a marker whose sentence names a term or figure that neither the sources it cites
     nor the question say ("tested on the MNIST dataset [1]", written by the bundled model for an abstract that
     names no dataset); a figure counts by its number ("14x", "14 times"): on 60 tuning questions answered by the
     bundled model, citation precision 81/86 -> 85/90, key fact 32/39 -> 33/39; extractive answers unchanged;
   - the field's two-letter acronyms (MI, RL, DB, LM, GP, ...) match their long forms, hyphenated too, never
     initials by chance ("representation learning" is no RL); "what makes recall differ ...?" asks a cause, not a
     figure: 39 -> 35/2202 wrongly declined;
   - "which optimizer" is answered by the optimizer the abstract describes ("a computationally efficient
     block-coordinate bound optimizer"), not "convex optimization"; encoders and data still need names (with
     encoders, two absent details were answered by "2D vision and text encoders"): 38 -> 36/2277.
   Tuning half at the end (3099 questions): the first row below. The tuning script ran on the 3099 (at ace7caa,
   before the review's fixes, which moved no tuning verdict): the topic test's refit (w=2.0, threshold 1.976)
   would leave 92/431 off-topic questions above it and 43/2277 answerable ones below it, so 1.939 stays; list,
   purpose and checker settings as shipped; the sentence sweeps' middles (reason 0.6, means 0.4) hold one key fact
   more than the shipped 0.5 and 0.5 (1618 against 1617/1848), which stay on the same plateau; the identifier
   bonus's refit is 0.0 (1537 against 1536/1545 at the shipped 0.1). The report half was scored once at the end:
   extractive hit@1 0.969, 20/22, 3/79 (was 4/79), citation precision 0.959, key fact 0.886; llamacpp 15/16, 1/22,
   0.909, 20/22.
   Tried on the tuning half, not shipped:
   - a margin under the best listed paper's topic score for "which papers" lists: within the list rule's 0.05 of
     the most gold papers listed, citation precision 0.903 -> 0.914 (margin 0.5), about where a higher relevance
     share already lies on the same precision-recall curve;
   - question words no abstract uses, with little credit (cosine below 0.35 to 0.55): 7 to 37 off-topic questions
     declined for 14 to 594 answerable ones; hyphenated compounds the focus abstract lacks ("retrieval-augmented"):
     17 off-topic for 287 answerable;
   - a counted noun said in other words, by cosine to the noun after a figure: "items" and "products" 0.62, but
     "images" and "MRI" 0.32 under "samples" and "images" 0.45: no threshold; compounds also joined in an
     abstract's stems ("pretraining" for "pre-training"): no verdict moved.
25. the rows below: five more sets of 100 blind questions, each scored once on the code of its time before joining
   the tuning half: q3201-q3300 on the shipped code (hit@1 1.000, unanswerable declined 23/25, answerable wrongly
   declined 3/75, citation precision 0.947, key fact 0.850); q3301-q3400 after the first fix below (1.000, 22/25,
   4/75, 0.959, 0.817); q3401-q3500 after the first two (0.980, 21/25, 2/75, 0.991, 0.833); q3501-q3600 after the
   first three (1.000, 20/25, 8/75, 0.943, 0.850); q3601-q3700 after all four (0.980, 22/25, 2/75, 0.956, 0.833).
   Over the 28 sets scored that way (q901-q3700), unanswerable questions declined 573/701 (82 %), answerable ones
   wrongly declined 77/2099 (3.7 %). Fixes, each checked on the tuning half (3199 questions, then 3299 to 3499):
   - a count asked with a vague noun ("how many items", "application areas") is stated by a count of any noun in
     a sentence close to the question ("180,000 products", "10+ domains"); a figure's baseline ("129times compared
     to the existing ITR models") is no other data, and "129times" is a figure, not a name: 39 -> 35/2352 wrongly
     declined, no decline lost;
   - a lookback window, a history length and a prediction horizon are settings, given next to their name or not
     at all: 774 -> 776/872 declined;
   - "the two formulations", "both encoders" lean on the conversation; "in which settings did they show it
     works?" asks for no list of papers: 39 -> 38/2427 wrongly declined;
   - "how many X" is answered by a count of a noun said otherwise in one of the two sentences closest to the ask
     ("500,500 pairs" for class combinations, "377 pseudo MRI" scans for synthetic images) at cosine 0.4 or more
     (step 24's test of the same cosine against any noun after a figure found no threshold; among the sentences
     closest to the ask it separates): on the 277 "how many" questions of the tuning half, 9 -> 5/187 wrongly
     declined, 86/90 absent details declined as before (section "Answerability tuning"); 48 -> 44/2577.
   Tuning half at the end (3599 questions): the first row below; extractive, 839/947 declined, 46/2652 wrongly
   declined. The tuning script ran on the 3599 (at 0fa4074, before the review's fixes, which moved no tuning
   verdict): the topic refit (w=3.0, threshold 2.627) would leave 102/496 off-topic questions above it and 63/2652
   answerable ones below it (w=2.0: 1.966, 106 and 54), so 1.939 stays; the count similarity refits to 0.4 (90/94
   absent details declined, 6/194 wrongly declined against 10 without it); the rest as shipped. A review then
   found that "both images and texts" and "the two main approaches" made new questions follow-ups, that "Any prior
   works?" was no longer a list, and that a year before "as" counted as a count: all fixed, with tests. The report
   half was scored once at the end: the rows below.
   Tried on the tuning half, not shipped:
   - the relevance or topic-score margin of the best paper over the second (off-topic questions near the threshold
     have a median margin of 0.18 against 0.42 for answerable ones): as a second term or as a gate within 0.05-0.3
     of the threshold, it declines at most as many more off-topic questions as answerable ones;
   - a "use A for B" test for every "is there a paper ... for ...?" question (as lists have): 11 off-topic
     questions declined for 27 answerable ones;
   - a penalty for sentences that restate the question (the share of their words the question has): key fact
     1712 -> 1713 of 1951 (0.5 above 0.4), 1761 -> 1739 of 2011 (1.5 above 0.3);
   - any count in the one or two sentences closest to a "how many" ask, whatever its noun: 3 or 5 fewer wrongly
     declined for 6 or 10 absent details answered.
26. the rows below: four more sets of 100 blind questions, each scored once on the code of its time before joining
   the tuning half: q3701-q3800 on the shipped code (hit@1 0.980, unanswerable declined 22/25, answerable wrongly
   declined 6/75, citation precision 0.941, key fact 0.850); q3801-q3900 after the first two fixes below (1.000,
   20/25, 4/75, 0.923, 0.883); q3901-q4000 after the first four (1.000, 20/25, 2/75, 0.970, 0.850); q4001-q4100
   after the first five (1.000, 21/25, 2/75, 0.952, 0.850). Over the 32 sets scored that way (q901-q4100),
   unanswerable questions declined 656/801 (82 %), answerable ones wrongly declined 91/2399 (3.8 %). Fixes, each
   checked on the tuning half (3699 questions, then 3799 to 3999):
   - a base or backbone model asked for ("Which base LM and what LoRA rank are used ...?") is a name in the paper
     whatever the verb, and "base LM" is such a name; a compound counts as said when its one inner acronym is
     ("deep-GP-derived" by "deep Gaussian processes"); a variable's value ("for k > 10", "k=2") states a size, a
     count or a setting, not a measure; "How small a top-k ... shows how many subsets" asks a size: 861 -> 863/972
     declined, 52 -> 49/2727 wrongly declined;
   - "what if ..." and "and if ..." lean on the conversation at any length: 49 -> 47/2727;
   - "we demonstrate the effectiveness of our method in A, B and C" reports what the experiments covered: key
     fact 4 more, none lost;
   - a follow-up about a paper the conversation's last answer named (not a decline) is on that paper's topic,
     however vaguely the conversation put it; only its own words are scored: 51 -> 50/2802;
   - a figure asked with its data before the measured noun ("What CIFAR-10 linear-eval accuracy ...?") is one
     stated for that data or for nothing else: 903 -> 904/1022;
   - a lift ("What CTR or revenue lift ...?") is a measure: 925 -> 926/1047.
   Tuning half at the end (3999 questions): the first row below; extractive, 926/1047 declined, 54/2952 wrongly
   declined. A review then found that "What if I want papers on X?" after an answer became a follow-up on that
   answer's paper, that a model named before the measured noun ("What ResNet-50 accuracy does it get on
   ImageNet?") had to be said again by the sentence with the figure, that "How large is it, i.e. how many layers?"
   lost its counted noun, and that "Which base model was proposed for ...?" no longer asked for a paper: all fixed,
   with tests; no tuning verdict moved. The tuning script ran on the 3999: the topic refit chooses w=2.0 and
   threshold 1.952 (shipped 1.939, within a question or two of it: kept), the sentence priors' plateau holds reason
   0.6 and means 0.3 (2088 key facts) against the shipped 0.5/0.5 (2086): kept; the rest as shipped. The report
   half was scored once at the end: the rows below.
   Tried on the tuning half, not shipped:
   - a hyphenated compound counted only whole in the topic coverage ("mixture-of-experts" is not said by an
     abstract's "mixture"): 883 -> 888/997 declined, but 50 -> 56/2802 wrongly declined at the same threshold;
   - "we verify the advantage of X in ..." as a report of the experiments too: key fact 4 more, 2 fewer (the
     narrower form above was shipped).
Citation precision on the tuning half is lower than on the report half because the tuning half holds far more
"which papers" questions, whose lists name papers beyond the gold ones (section "Answerability tuning").

{QualityScores.HEADER}
{table}

hit@1 / MRR of `search` (single-paper questions) with and without the names a paper coins in its abstract
(Hydra, OCA, DIN) and the bonus for rare identifiers (K-means, ETTh1):

| question set | with | without |
|---|---|---|
{chr(10).join(without)}

Mean time per question (search + extractive answer, warm, CPU): {per_question}.
"""
    write_section("quality", body)


if __name__ == "__main__":
    main()
