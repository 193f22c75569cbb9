"""Does the evidence state what the question asks?

Retrieval relevance says a paper is about the question's topic, not that its abstract holds the answer:
"How many GPUs trained the Matryoshka models?" retrieves the right paper with high relevance, and the
abstract still gives no such figure. So answerability is judged per ask (clause) of the question, against
the abstracts of the papers the question is about (its focus):

- topic: retrieval relevance plus the share of the question's word weight the focus abstract contains (a
  word said differently counts for its similarity to the abstract's closest word; for a "which papers"
  question, the best of the first three abstracts, or the three together when it offers alternatives).
  Off-topic questions that share vocabulary ("How are graph neural networks used for weather forecasting?")
  score low, unless the question names a stored paper and asks what its abstract does not state; a list
  question combining two concepts that different papers cover is the known weak spot (docs/benchmarks.md).
- rare specific terms the question names (ViT-B/32, Clothing1M, 2048) that the abstract never mentions;
- a figure asked for ("how many", "what accuracy") that no sentence close to the question states;
- names asked for ("which datasets") where the abstract only counts them ("three public datasets");
- the subject of a yes/no question ("Is the code ... released?") that the abstract never mentions;
- a choice offered ("spectral normalization or gradient penalty?") of which the abstract says neither option.

The topic weight and threshold are fitted on the tuning half of tests/data/questions.jsonl
(benchmarks/tune_answerability.py); the constants below are read off that half or reasoned, as each says.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection
from dataclasses import dataclass, field

from assistant.asks import (
    COMPARISON,
    FUNCTION_WORDS,
    WORD,
    ask_part,
    asks,
    asks_share,
    bare_names,
    choices,
    counted,
    counted_nouns,
    counted_word,
    described_near,
    figure_asked,
    has_figure,
    is_paper_list_question,
    is_the_noun,
    is_which_paper_question,
    measure_qualifiers,
    measured,
    name_like,
    named_anywhere,
    named_metric,
    named_with_noun,
    names_asked,
    names_near,
    offers_alternatives,
    options_after,
    says_metric,
    says_noun,
    size_near,
    size_noun,
    stated_next_to,
    topic_words,
    unit_asked,
    used_for,
    with_acronyms,
    yes_no_subject,
)
from assistant.coverage import (
    FIGURE,
    NUMBER_TERM,
    CorpusTerms,
    PaperText,
    is_specific,
    specific_terms,
    word_credit,
)
from assistant.evidence import SentenceScorer, sentence_scores
from assistant.retrieval import HybridRetriever, Passage, paper_order
from ingest.chunking import sentence_spans
from ingest.keyword_index import STOPWORD_SET, tokenize

History = list[dict[str, str]]  # the conversation so far: {"role": "user" | "assistant", "content": ...}

# A measure asked for must be in one of the focus abstract's sentences closest to the ask or to the question. On
# the grown tuning half, 6 (of an abstract's ~10 sentences) keeps three answerable questions whose measure sits
# in a sentence that words it differently ("DSC of 0.75" for "Dice score") and declines the same absent
# details as 3; from 8 to all sentences one fewer. A count must sit next to the counted thing anywhere, or else
# next to a noun said otherwise close to the ask:
FIGURE_SENTENCES = 6
# "500,500 pairs" for "how many class combinations", "180,000 products" for "how many items" answer "how many" in
# one of the COUNT_SENTENCES sentences closest to the ask (reasoned: the best two; with more, other counts of the
# abstract answer) when the two nouns' cosine is COUNT_SIMILARITY or more (fitted on the tuning half,
# benchmarks/tune_answerability.py; "scenes" for "hours" scores 0.31, "scans" for "images" 0.44).
COUNT_SENTENCES = 2
COUNT_SIMILARITY = 0.4
# Counted nouns that name no kind of thing: "how many application areas" is answered by "10+ domains" (cosine
# 0.33), "how many items" by "180,000 products" three sentences from the ask, a count of any noun close to the
# question (the FIGURE_SENTENCES closest to the ask and to the question).
VAGUE_COUNTED = {"items", "things", "areas", "entries", "elements"}
# A specific term (ETTh1, CycleGAN) missing from the focus abstract is a gap when at most this many abstracts
# use it: common field vocabulary (CNN, GAN, CLIP) is what paraphrases are made of.
RARE_TERM_PAPERS = 1
# A yes/no question's subject ("Is the code ... released?") that no word of the abstract spells is still there
# when a sentence says it in other words (cosine 0.3 and more); "code" against Hydra's abstract scores 0.15.
SUBJECT_SIMILARITY = 0.3
# An alternative of a choice ("spectral normalization or gradient penalty") is said in other words at cosine 0.35
# and more: on the tuning half the Wasserstein abstract's Lipschitz sentence scores 0.33 against it, and "surveys
# or dissertations" 0.37 against the thesis that answers it.
CHOICE_SIMILARITY = 0.35
# "use A for B": the weightiest word of A and of B said by a listed paper, or one this close to it. Fitted on the
# tuning half's list questions (benchmarks/tune_answerability.py), few of which say "use A for B": on the 1199
# questions before q1301, 22 off-topic and 5 answerable ones.
PURPOSE_CREDIT = 0.7
# vague words of a "use A for B" half, besides the ask words topic_words leaves out already ("tasks", "problems")
_VAGUE = {"something", "things", "thing", "purpose", "purposes", "settings", "other", "others", "beyond", "besides"}

# A comparison of two papers: "How do A and B differ?", "What do A and B have in common?", "the difference between
# how A and B ...", "(Can you) compare A with B", "Contrast how A and B ...", "AutoInt vs ARM-Net", "A versus the
# one that ...". Not "How does it compare with previous implementations in recall and latency?" (one paper against
# something else), ", and how does its throughput compare to Mamba?", "natural vs medical images", "Contrast-enhanced
# CT and MRI", "contrast and intensity augmentations", "accuracy versus the model size".
_COMPARED_TO_SOMETHING = re.compile(
    r"(?:compare[sd]?|comparison|comparable)\s+(?:(?!respect\b|regard\b)\w+\s+){0,2}?"
    r"(?:with|to|against)\b(?!\s+(?:each\s+other|one\s+another|respect|regard)\b)", re.I)
_COMPARE_IMPERATIVE = re.compile(
    r"(?:^|[.?!:;]\s*)(?:(?:can|could|would)\s+you\s+|please\s+)?(?:compare\b|contrast\b(?!-)"
    r"(?=\s+(?:how|what|the|these|those|their)\b|\s+[\w-]*(?-i:[A-Z])[\w-]*\s+(?:and|with|vs\.?|versus)\b))", re.I)
_VERSUS_A_NAME = re.compile(r"\b(?:vs\.?|versus)\s+(?:[\w-]+\s+){0,2}?[\w-]*[A-Z0-9]")
# "A versus the one that ...": a second paper, described rather than named (no "and" needed)
_VERSUS_ANOTHER = re.compile(r"\b(?:vs\.?|versus)\s+the\s+(?:one|other\s+(?:one|paper|work)|paper|work|method|approach|"
                             r"model|framework)\s+(?:that|which|from|by|proposed|introduced|using|where)\b", re.I)
_BETWEEN_AND = re.compile(r"\b(?:differ|difference|differences)\s+between\b(?:(?![?.](?:\s|$)).){0,200}?\band\b",
                          re.I)
# "A and B", "A, B, and C"; ", and how ..." joins clauses, not the things compared (one space each side: linear)
_THINGS_JOINED = re.compile(r"(?<!,)\sand\s|,[^,.?]{1,60},\sand\s", re.I)
_EXAMPLES = re.compile(r"\b(?:such\s+as|e\.g\.,?|for\s+example|including|like)\s+([^,;?()]{1,60})", re.I)
# "... accuracy on (the) CIFAR10 (dataset)?", "... AP50 on S3DIS instance segmentation?", "... on ImageNet did they
# get?": the clause ends with where the figure was measured, and up to three words more
_ON_TERM = re.compile(r"\b(?:on|in)\s+(?:the\s+)?([\w/.+-]+?)(?:\s+(?!(?:on|in)\b)[\w-]+){0,3}\W*$", re.I)
# What a question sets aside is not asked for: "instead of RL", "with no dual encoder or TF-IDF first stage" (up to
# the next preposition, verb or punctuation: "with no augmentation on CIFAR10" still asks about CIFAR10, "an
# alternative to PPO called GRPO" about GRPO).
_EXCLUDED = re.compile(r"\b(?:instead\s+of|rather\s+than|without|unlike|other\s+than|apart\s+from|besides|no|"
                       r"alternatives?\s+to)\s+"
                       r"((?:(?!(?:on|in|for|to|with|at|by|from|of|than|that|which|does|do|did|is|are|was|were|"
                       r"called|named|used)\b)[\w/.+-]+\s*){1,5})", re.I)
# A comparison is about two papers; "both"/"each" only once one paper is named ("How do MUVERA and the CUR
# method each ...": "each" alone also means "each feature").
_BOTH = re.compile(r"\b(?:both|each)\b", re.I)
# ... but "for each domain" is about each of something else
_DISTRIBUTIVE = re.compile(r"\b(?:for|per|in|across|on)\s+each\s+(?!of\b|paper|work|study|method|model|approach)"
                           r"[\w-]+", re.I)
# "In the PhD thesis on ...", "that Google paper where ...": a word between "the" and the kind of publication
# describes a stored paper, it asks nothing of it (not "Is there a Mamba paper on ...?", "Does X work with ...?").
_DESCRIBES_THE_PAPER = re.compile(r"\b(?:the|this|that)\s+([\w/.+-]+)\s+"
                                  r"(?:thesis|dissertation|paper|article|preprint)\b", re.I)
# A later clause that asks its figure "there" or "on it" asks it of what the clause before named.
_THERE = re.compile(r"(?<!\bis\s)(?<!\bare\s)(?<!\bwas\s)(?<!\bwere\s)\bthere\b(?!\s+(?:is|are|was|were|be)\b)"
                    r"|\b(?:on|in|for|with)\s+(?:it|that|them|those)\W*$", re.I)
_ROUGHLY = r"(?:\b(?:around|about|roughly|approximately|nearly|almost|some)\s+|~\s*)"
# "word2vec-style training" asks about something like word2vec, which the abstract may call otherwise.
_LIKENESS = re.compile(r"-(?:style|like|inspired|esque)$", re.I)
# What a figure is compared with ("129times compared to the existing ITR models", "than BERT") is a baseline, not
# the data it was measured on.
_BASELINE = re.compile(r"\b(?:compared\s+(?:to|with)|than|versus|vs\.?|relative\s+to)\s+"
                       r"(?:(?:the|existing|prior|previous|other|current|baseline|state-of-the-art)\s+)*[\w/.+-]+",
                       re.I)


@dataclass(frozen=True)
class Gap:
    """One thing a clause asks that the focus abstracts do not state."""
    kind: str  # "term" | "figure" | "names" | "subject"
    what: str  # for the user: "CLIP, ViT-B/32", "datasets", ...
    evidence: str = ""  # the sentence that comes closest ("experiments on three public datasets")


@dataclass(frozen=True)
class Verdict:
    topic: float  # relevance + weighted coverage of the question (the lower of `topic_scores`)
    on_topic: bool
    focus: list[str]  # ids of the papers the question is about, best first
    gaps: list[list[Gap]] = field(default_factory=list)  # per clause of the question: what the focus abstracts lack
    stated: list[bool] = field(default_factory=list)  # per clause: a figure asked, and found

    @property
    def declined(self) -> bool:
        """Off-topic, or the first thing asked is not stated and no figure asked after it is found. The first ask
        is the question's main one; a later clause is often an add-on ("..., and which checkpoint did they use?")
        that no check here sees missing: on the tuning half's first 1499 questions, declining on the first clause's
        gaps declines 5 more unanswerable questions and 1 more answerable one than declining only when every
        clause has a gap; on all 1699, sparing a question whose later names or yes/no subject pass too would
        decline 3 fewer unanswerable ones and no fewer answerable ones."""
        return not self.on_topic or bool(self.gaps and self.gaps[0] and not any(self.stated[1:]))

    @property
    def partial(self) -> bool:
        """The first thing asked is stated, a later one is not."""
        return not self.declined and any(self.gaps)

    @property
    def missing(self) -> list[Gap]:
        """Every clause's gaps, in order: what a decline or a partial answer says is not reported."""
        return [gap for clause in self.gaps for gap in clause]


def focus_papers(question: str, passages: list[Passage]) -> list[str]:
    """The papers a question is about: the ones it names, else the best one; a comparison gets two."""
    ranked = paper_order(passages)  # retrieval's order, reranked or not
    named = [pid for pid in ranked if any(p.named and p.paper_id == pid for p in passages)]
    focus = named or ranked[:1]
    joined = " and " in question and (compares_two(question) or
                                      bool(named and _BOTH.search(_DISTRIBUTIVE.sub("", question))))
    if len(focus) < 2 and (joined or _VERSUS_ANOTHER.search(question)):
        focus += [pid for pid in ranked if pid not in focus][:1]
    return focus


def compares_two(question: str) -> bool:
    """Whether the question compares two things joined by "and" before its first comparison word (or after
    "Compare", "Contrast", "vs", "the difference between"), rather than one paper with something else ("compare
    with ...")."""
    if _COMPARE_IMPERATIVE.search(question) or _VERSUS_A_NAME.search(question) or _BETWEEN_AND.search(question):
        return True
    comparison = COMPARISON.search(question)
    return bool(comparison and not _COMPARED_TO_SOMETHING.match(question, comparison.start())
                and _THINGS_JOINED.search(question[:comparison.start()]))


def serves_purpose(question: str, paper_id: str, terms: CorpusTerms, scorer: SentenceScorer) -> bool:
    """For "Which papers use A for B?": whether the paper's abstract says the weightiest word of A and of B, or
    words close to them. Coverage of the whole question passes a paper on diffusion models for image generation
    for "diffusion models for video generation"; "video", the rarest word, is what it lacks. What a half sets
    aside ("anything besides games") and vague words ("for something else") say nothing to look for."""
    halves = None if offers_alternatives(question) else used_for(question)
    if not halves:
        return True
    credit = word_credit(scorer.embed, terms, [paper_id])
    return all(terms.says_weightiest(" ".join(w for w in topic_words(_EXCLUDED.sub(" ", half)).split()
                                              if w.lower() not in _VAGUE), [paper_id], credit, PURPOSE_CREDIT)
               for half in halves)


def on_topic_papers(question: str, passages: list[Passage], retriever: HybridRetriever, scorer: SentenceScorer,
                    coverage_weight: float, min_topic: float) -> set[str]:
    """What a "which papers" answer may list: each paper that passes the topic test on its own (the threshold
    is the question's, which keeps lists to the papers about the whole question)."""
    best: dict[str, float] = {}
    for passage in passages:
        best[passage.paper_id] = max(best.get(passage.paper_id, 0.0), retriever.relevance(passage))
    return {pid for pid, relevance in best.items()
            if relevance + coverage_weight * retriever.terms.coverage(question, [pid],
                                                                      word_credit(scorer.embed, retriever.terms, [pid]))
            >= min_topic and serves_purpose(question, pid, retriever.terms, scorer)}


def _sentences(retriever: HybridRetriever, paper_ids: list[str]) -> list[str]:
    abstracts = [retriever.papers[pid].abstract for pid in paper_ids if pid in retriever.papers]
    return [text[s:e] for text in abstracts for s, e in sentence_spans(text)]


def _closest(ask: str, sentences: list[str], scorer: SentenceScorer, n: int) -> list[str]:
    scores = sentence_scores(ask, sentences, scorer)
    return [sentences[i] for i in sorted(range(len(sentences)), key=lambda i: -scores[i])[:n]]


def _mentioned(word: str, texts: list[PaperText]) -> bool:
    stems = set(tokenize([word])[0])
    return any(stems & text.stems or (is_specific(word) and text.mentions(word)) for text in texts)


def _spelled_out_before(term: str, question: str, texts: list[PaperText]) -> bool:
    """Two capitals ("MI", "LM") match by chance any two words with their initials, but not together with the word
    after them in the question, a content word: "MI-maximizing ... when MI is high" is "mutual information
    maximization", "LM fine-tuning" "language model fine-tuning", where the abstract says so ("RL for robots" is not
    "representation learning for robots")."""
    if not (len(term) == 2 and term.isalpha() and term.isupper()):
        return False
    after = {match.group(1) for match in re.finditer(rf"\b{re.escape(term)}[-\s]([a-z][a-z-]*)", question)}
    if any(text.mentions(f"{term}-{word}") for word in after - STOPWORD_SET if len(word) >= 3 for text in texts):
        return True
    # ... or where the question spells them out itself ("mutual-information-maximizing ... when the true MI is large")
    words = {word.lower() for word in re.findall(r"[a-z]+", question, re.I) if len(word) >= 3} - STOPWORD_SET
    spelled_by_question = PaperText("", re.sub(rf"\b{re.escape(term)}\b", " ", question))
    return any(spelled_by_question.mentions(f"{term}-{word}") for word in words)


def _roughly_stated(term: str, clause: str, texts: list[PaperText]) -> bool:
    """"around 30% relative improvement" is stated by "29.7% relative improvement": a figure the question gives as
    approximate is there when the abstract has one within a tenth of it, in the same unit (% or none), and followed
    within four words by the word that follows it in the question, if any ("around 80% accuracy" is not "73% of the
    parameters")."""
    asked = re.search(rf"{_ROUGHLY}{re.escape(term)}(?!\w|\.\d)\s*(?:of\s+)?(?:the\s+)?([a-z][\w-]*)?", clause, re.I)
    if not asked:
        return False
    value = float(re.sub(r"[^\d.]", "", term.replace(",", "")))
    percent = term.endswith("%")
    then = set(tokenize([asked.group(1)])[0]) if asked.group(1) else set()
    for text in texts:
        for match in FIGURE.finditer(text.text):
            close = abs(float(match.group(1).replace(",", "")) - value) <= 0.1 * value
            after = set(tokenize([" ".join(text.text[match.end():].split()[:4])])[0])
            if close and ("%" in (match.group(2) or "")) == percent and (not then or then & after):
                return True
    return False


def measured_on(clause: str, texts: list[PaperText], own_names: Collection[str] = ()) -> Callable[[str], bool]:
    """Whether a sentence's figure can be the one asked "on CIFAR10", or else as "CIFAR10 accuracy" (a dataset the
    abstract mentions; not the paper's own name, `own_names`): it says CIFAR10, or names nothing else. "76.5% top-1
    accuracy on ImageNet" is no answer for CIFAR10, "6.1% AP50 on ScanNet200" none for "AP50 on S3DIS"; "Our model
    reaches 84.2%" after "We pretrain on ImageNet-1K" is one for ImageNet-1K; a baseline it is compared with
    (`_BASELINE`) is no other data."""

    def mentioned(text: str) -> list[str]:
        return [t for t in specific_terms(text)
                if not t.isdigit() and t.lower() not in own_names and any(x.mentions(t) for x in texts)]

    asked = mentioned(" ".join(_ON_TERM.findall(clause))) or mentioned(measure_qualifiers(clause))
    if not asked:
        return lambda sentence: True

    def about(sentence: str) -> bool:
        text = PaperText("", sentence)
        return any(text.mentions(t) for t in asked) or not any(name_like(w) and not NUMBER_TERM.fullmatch(w)
                                                               for w in specific_terms(_BASELINE.sub(" ", sentence)))

    return about


def _clause_gaps(clause: str, question: str, texts: list[PaperText], terms: CorpusTerms, sentences: list[str],
                 scorer: SentenceScorer, own_names: set[str], acronyms: dict[str, list[str]]) -> tuple[list[Gap], bool]:
    """What the focus abstracts lack of what the clause asks, and whether it asks a figure (the one check whose
    passing says the clause is answered: names pass on any name of the right kind, a yes/no subject on a loosely
    similar sentence). Options offered right after the clause ("- 8 dims or 16?") are its choice."""
    gaps = []
    # A term given as an example ("real datasets such as ImageNet") is asked for, however common it is.
    examples = set(specific_terms(" ".join(_EXAMPLES.findall(clause))))
    excluded = set(specific_terms(" ".join(_EXCLUDED.findall(clause) + _DESCRIBES_THE_PAPER.findall(clause))))
    missing = [t for t in specific_terms(clause) if not _LIKENESS.search(t) and t not in excluded
               and not any(text.mentions(t) for text in texts) and not _spelled_out_before(t, question, texts)
               and not (NUMBER_TERM.fullmatch(t) and _roughly_stated(t, clause, texts))
               and (terms.papers_mentioning(t) <= RARE_TERM_PAPERS or t in examples)]
    # "spectral normalization or gradient penalty?": an abstract that says neither, in any words, does not settle
    # the choice ("without weight clipping or a gradient penalty" offers none)
    offered = choices(_EXCLUDED.sub(" ", options_after(clause, question) or clause), own_names)
    words = {word for side in offered for word in side}
    choice_gap = (bool(words) and not words <= set(missing) and not any(_mentioned(word, texts) for word in words)
                  and max(float(scorer.similarity(" ".join(side), sentences).max()) for side in offered)
                  < CHOICE_SIMILARITY)
    unoffered = [t for t in missing if not (choice_gap and t in words)]  # the choice's gap names its options
    if unoffered:
        gaps.append(Gap("term", ", ".join(unoffered)))
    if choice_gap:
        gaps.append(Gap("term", " or ".join(" ".join(side) for side in offered)))
    # A short clause ("and how large is it?") leans on the rest of the question for what it is about.
    closest = (_closest(ask_part(clause), sentences, scorer, FIGURE_SENTENCES)
               + _closest(question, sentences, scorer, FIGURE_SENTENCES))
    kept = _EXCLUDED.sub(" ", clause)  # "What other benefits besides accuracy ...?" asks no accuracy
    figure, things, size, unit = figure_asked(kept), counted(kept), size_noun(kept), unit_asked(kept)
    counts_missing = missing and set(things) & set(tokenize([" ".join(missing)])[0])  # said once: "no GPUs"
    if (figure or unit) and not counts_missing:
        if unit:  # "What Hausdorff distance in millimetres": a figure in a unit of that kind, anywhere
            stated = any(re.search(unit, s, re.I) for s in sentences)
        elif things:  # "how many X": the figure next to X, anywhere (a share only where one may answer), or next
            # to a noun said otherwise ("pairs" for "combinations", "products" for "items"), close to the ask
            stated = any(stated_next_to(things, s, "count", asks_share(clause)) for s in sentences)
            word = counted_word(kept)[0].lower()
            if not stated and word not in FUNCTION_WORDS:  # "how many of them": no noun to compare
                vague = word in VAGUE_COUNTED  # any noun's count, in any of the sentences close to the question
                nouns = [n.lower() for s in (closest if vague else closest[:COUNT_SENTENCES])
                         for n in counted_nouns(s, asks_share(clause))]
                stated = bool(nouns) and (vague or float(scorer.similarity(word, nouns).max()) >= COUNT_SIMILARITY)
        elif size:  # "what embedding dimension": the figure next to the sized noun ("768-dimensional")
            stated = any(size_near(size, s) for s in sentences)
        elif figure == "setting":  # next to the setting's whole name ("a learning rate of 5e-4")
            name = measured(clause)
            stated = any(stated_next_to(name, s, figure) for s in sentences)
        else:  # close to the ask, or next to the measured thing anywhere ("90% lower latency", "DSC of 0.75")
            about, noun = measured_on(clause, texts, own_names), with_acronyms(measured(clause), acronyms)
            # a named metric the abstracts never name ("Precision@1") is not among their figures
            metric = named_metric(clause)
            metric_named = metric is None or any(says_metric(metric, text.text) for text in texts)
            stated = metric_named and (any(has_figure(s, figure) and about(s) for s in closest) or (
                figure in ("measure", "magnitude")
                and any(stated_next_to(noun, s, figure) and about(s) for s in sentences)))
        if not stated:
            gaps.append(Gap("figure", clause.rstrip("?")))
    noun = names_asked(clause, question)
    if noun:
        asked = {w.lower() for w in WORD.findall(question)}
        with_noun = [s for s in sentences if says_noun(noun, s)]
        # With the noun, a name next to it ("CIFAR-100 and ImageNet datasets") or, for an optimizer, a description
        # ("a block-coordinate bound optimizer"); without it ("outperforms methods like TabNet" for "which baselines"),
        # a name the abstract gives besides the paper's own (data only where named as data: `bare_names`); the noun's
        # own acronym ("MLLMs" for "which LLM") is none.
        known = asked | own_names
        named = any(names_near(noun, s, asked) or described_near(noun, s, asked) for s in with_noun) or (
            (not with_noun or named_anywhere(noun)) and not named_with_noun(noun)
            and any(w.strip("'").lower() not in known and not is_the_noun(noun, w, acronyms)
                    for s in sentences for w in bare_names(noun, s)))
        if not named:
            gaps.append(Gap("names", noun, with_noun[0] if with_noun else ""))
    subject = [] if choice_gap else yes_no_subject(clause, own_names)  # "images or text": said once
    if subject and not any(_mentioned(word, texts) for word in subject) and \
            float(scorer.similarity(" ".join(subject), sentences).max()) < SUBJECT_SIMILARITY:
        gaps.append(Gap("subject", " ".join(subject)))
    return gaps, bool(figure or unit)


def topic_parts(question: str, passages: list[Passage], retriever: HybridRetriever, scorer: SentenceScorer,
                focus: list[str], listing: bool) -> tuple[float, float]:
    """Relevance of the focus paper, and coverage of the question's words by the abstracts that should answer
    it: the focus papers'. A "which papers" question (`listing`) is answered by several of the first three
    retrieved: with alternatives ("CT or MRI", "e.g. ...") none need say all of it, so they count together;
    without, each listed paper is about the whole question ("diffusion models for text-to-video"), so the best
    one counts. The topic score is relevance + weight x coverage."""
    # without the bonus for being named: a named paper is on topic only for what the rest of the question asks
    relevance = max(retriever.relevance(p) - p.named * retriever.settings.retrieval.named_paper_bonus
                    for p in passages if p.paper_id == focus[0])
    terms = retriever.terms
    if not listing:
        return relevance, terms.coverage(question, focus, word_credit(scorer.embed, terms, focus))
    first = paper_order(passages)[:3]
    groups = [first] if offers_alternatives(question) else [[pid] for pid in first]
    return relevance, max(terms.coverage(question, group, word_credit(scorer.embed, terms, group)) for group in groups)


def topic_scores(question: str, standalone: str, passages: list[Passage], retriever: HybridRetriever,
                 scorer: SentenceScorer, focus: list[str], history: History | None = None,
                 answered: Collection[str] = ()) -> list[tuple[float, float]]:
    """(relevance, coverage) of the standalone question (a follow-up's papers are the conversation's) and, for a
    follow-up that says something beyond what it asks, of its own words: "And for malware detection?" after a
    question about an estimator is off the topic of that estimator's paper. The topic score is the lowest one.
    A follow-up that says nothing of its own beyond what it asks or sets aside ("What problems did they test it
    on?", "Apart from accuracy, what benefit do they claim?") is on the topic of the conversation's subject
    (`conversation_subject`), scored as that question alone: the follow-up's ask words only dilute it.
    `answered`: the papers the conversation's last answer named. A follow-up about one of them (not asking for
    papers) is on their topic, however vaguely its conversation put it ("What did they evaluate it on?" after an
    answer about G-SimCLR): only its own words are scored, if it has any; none means no topic test."""
    # what it sets aside ("apart from accuracy") is no topic of its own; the question's own words are still scored
    # with it ("Does it work with no labeled data?" asks about labeled data: tuning half, one more wrongly declined)
    own_words = retriever.terms.says_something(topic_words(_EXCLUDED.sub(" ", question)))
    if question != standalone and set(focus) & set(answered) and not (
            is_paper_list_question(question) or is_which_paper_question(question)):
        listing = is_paper_list_question(standalone)
        return [topic_parts(question, passages, retriever, scorer, focus, listing)] if own_words else []
    subject = conversation_subject(history or [], retriever.terms) if question != standalone and not own_words else ""
    if subject:
        passages = retriever.search(subject, k=retriever.settings.retrieval.candidates)
        if passages:
            return [topic_parts(subject, passages, retriever, scorer, focus_papers(subject, passages),
                                is_paper_list_question(subject))]
    listing = is_paper_list_question(standalone)
    texts = [standalone, question] if question != standalone and own_words else [standalone]
    return [topic_parts(text, passages, retriever, scorer, focus, listing) for text in texts]


def conversation_subject(history: History, terms: CorpusTerms) -> str:
    """The latest question of the conversation that says something of its own: what its follow-ups are about
    ("Which datasets did they use?" after "What did the Matryoshka paper show?" is about Matryoshka still)."""
    asked = [str(turn.get("content") or "") for turn in history if turn.get("role") == "user"]
    return next((text for text in reversed(asked) if terms.says_something(topic_words(text))), "")


def judge(question: str, standalone: str, passages: list[Passage], retriever: HybridRetriever,
          scorer: SentenceScorer, coverage_weight: float, min_topic: float, history: History | None = None,
          answered: Collection[str] = ()) -> Verdict:
    """Topic from `topic_scores` (of the conversation so far, `history`, and the papers its last answer named,
    `answered`); asks from the question itself."""
    if not passages:
        return Verdict(0.0, False, [])
    focus = focus_papers(standalone, passages)
    terms: CorpusTerms = retriever.terms
    scores = [relevance + coverage_weight * coverage
              for relevance, coverage in topic_scores(question, standalone, passages, retriever, scorer, focus,
                                                      history, answered)]
    if not scores:  # a follow-up on the paper just answered about, saying nothing of its own
        scores = [min_topic]
    topic = min(scores)
    # A question that names a stored paper (focus[0] then) but scores off-topic may still ask what that abstract
    # does not state ("Under what license is the MRL code released?"), and so may a follow-up whose conversation
    # is on topic ("Does it work for long documents?"): the gaps say so, else it is off-topic. One that names two
    # stored papers itself (not through its conversation) is about them, however vaguely it words the rest ("Hydra and
    # G-SimCLR both tweak SimCLR - how does each change what counts as a match?"; on the tuning half, 46 answerable
    # ones and 1 absent detail).
    if topic < min_topic and not any(p.named for p in passages) and scores[0] < min_topic:
        return Verdict(topic, False, focus)
    if is_paper_list_question(standalone) and not any(serves_purpose(standalone, pid, terms, scorer)
                                                      for pid in paper_order(passages)[:3]):
        return Verdict(topic, False, focus)
    texts = [terms.papers[pid] for pid in focus if pid in terms.papers]
    sentences = _sentences(retriever, focus)
    clauses = asks(question)
    own_names = {name.lower() for name, pid in retriever.names.by_name.items() if pid in focus}
    acronyms = retriever.keyword.acronyms
    checks = [_clause_gaps(c, question, texts, terms, sentences, scorer, own_names, acronyms) for c in clauses]
    gaps = [clause_gaps for clause_gaps, _ in checks]
    # "Is SST-2 among its datasets, and what accuracy does it get there?": a figure asked "there" is one for the
    # term the clause before it lacks, so it is not stated either
    stated = [checked and not clause_gaps and not (i > 0 and _THERE.search(clauses[i]) and
                                                   any(gap.kind == "term" for gap in gaps[i - 1]))
              for i, (clause_gaps, checked) in enumerate(checks)]
    on_topic = topic >= min_topic or any(gaps) or len(set(retriever.named_papers(question))) >= 2  # looked up last
    return Verdict(topic, on_topic, focus, gaps, stated)
