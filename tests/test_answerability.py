"""Answerability with the real seed store and the extractive backend: each way of declining (a detail the
abstract does not give, an off-topic question that shares vocabulary, a partly answered question), the
"which paper" answer shape, and the question analysis behind them."""

import re

import pytest

from assistant import Assistant, prompts
from assistant.answerability import (
    _DESCRIBES_THE_PAPER,
    Gap,
    Verdict,
    _roughly_stated,
    _spelled_out_before,
    compares_two,
    conversation_subject,
    focus_papers,
    measured_on,
)
from assistant.asks import (
    ask_part,
    asks,
    asks_share,
    bare_names,
    choices,
    counted,
    counted_nouns,
    counted_word,
    counts_near,
    described_near,
    figure_asked,
    has_figure,
    is_paper_list_question,
    is_the_noun,
    is_which_paper_question,
    measured,
    named_metric,
    names_asked,
    names_in,
    names_near,
    offers_alternatives,
    options_after,
    says_metric,
    says_noun,
    sentence_prior,
    size_near,
    size_noun,
    stated_next_to,
    topic_words,
    unit_asked,
    used_for,
    yes_no_subject,
)
from assistant.coverage import CorpusTerms, PaperText, is_specific, word_credit
from assistant.evidence import SentenceScorer
from assistant.names import NameIndex, coined_names
from ingest.embedding import Embedder
from ingest.settings import Settings

AUTOINT = "AutoInt: Automatic Feature Interaction Learning via Self-Attentive Neural Networks"
UNIFIED = "Unified Embedding: Battle-Tested Feature Representations for Web-Scale ML Systems"
WASSERSTEIN = "Wasserstein Dependency Measure for Representation Learning"
X_CROSS = "X-Cross: Dynamic Integration of Language Models for Cross-Domain Sequential Recommendation"
MULTI_ASPECT = "Multi-aspect Knowledge Distillation with Large Language Model"


@pytest.fixture(scope="module")
def assistant(seed_settings: Settings) -> Assistant:
    return Assistant(seed_settings, llm="extractive")


def _quotes_are_exact(assistant: Assistant, answer) -> bool:
    abstracts = {p.id: p.abstract for p in assistant.papers()}
    return all(abstracts[c.paper_id][c.start:c.end] == c.quote for c in answer.citations)


@pytest.mark.parametrize(("question", "title", "missing"), [
    ("How many GPUs were used to train the Unified Embedding models?", UNIFIED, "does not mention GPUs"),
    ("What top-1 accuracy does the Matryoshka paper report on ImageNet-1K with 2048 dimensions?",
     "Matryoshka Representation Learning", "does not mention 2048"),
    ("How many layers does the Pointer Network encoder have?", "Pointer Networks", "does not give the figure"),
    # the abstract names other things (ImageNet-1K, BERT), but a license would be named as one; a question that
    # names its paper (MRL) is about it, however low the rest of it scores
    ("Under what license is the MRL code released?", "Matryoshka Representation Learning",
     "does not name the license"),
    # any number is no answer to "how long": a time is
    ("How long did it take to train the Unified Embedding models?", UNIFIED, "does not give the figure"),
    # "which architecture" asks for a paper, unless the question is about one already
    ("What encoder architecture does the work on aligning separately trained 3D shape and language encoders use?",
     "Escaping Plato's Cave: Towards the Alignment of 3D and Text Latent Spaces", "does not name the encoder"),
    # a choice the abstract settles with neither option
    ("Does the Wasserstein dependency measure paper enforce the Lipschitz constraint by weight clipping or by a "
     "gradient penalty?", WASSERSTEIN, "does not mention weight clipping or gradient penalty"),
    # ... and so are options after a dash, which stay with the clause they answer
    ("What's the smallest nested embedding size used in Matryoshka Representation Learning - 8 dims or 16?",
     "Matryoshka Representation Learning", "does not mention 8 dims or 16"),
    # the model a paper queries is a name in it, which this abstract never gives
    ("Which MLLM does the multi-aspect knowledge distillation paper query for its logits?", MULTI_ASPECT,
     "does not name the MLLM"),
    # ... and "MLLMs", the noun's own acronym, names none either
    ("Which multimodal LLM does the multi-aspect knowledge distillation paper query for its logits?", MULTI_ASPECT,
     "does not name the LLM"),
    # ``X-Cross'' in LaTeX quotes is the paper's own name, not the model it builds on
    ("Which pretrained language model does X-Cross fine-tune for its domains?", X_CROSS,
     "does not name the pretrained language model"),
    # an aside between the noun and "does it" keeps the question about that paper
    ("Which base language model, and of what size, does X-Cross fine-tune with LoRA?", X_CROSS,
     "does not name the base language model"),
    # ... and so is one whose first clause alone would ask for a paper; a share ("25% of the additional
    # parameters") gives no size
    ("Which backbone language model, and what size, does X-Cross fine-tune on the Amazon data?", X_CROSS,
     "does not name the backbone"),
    # "which base model" never asks for a paper, even with the paper named after the verb
    ("Which base language model do the domain adapters in X-Cross build on?", X_CROSS,
     "does not name the base language model"),
    # a LoRA rank is a setting, stated next to its name if at all ("low-rank adapters" gives none)
    ("What LoRA rank do the X-Cross adapters use?", X_CROSS, "does not give the figure"),
    # "by what factor" asks a figure: "at least 129times" faster inference is not the parameter count's
    ("By what factor does dynamic contrastive distillation shrink the parameter count of the student relative to its "
     "ViLT and METER teachers?", "Dynamic Contrastive Distillation for Image-Text Retrieval",
     "does not give the figure"),
    # "off-the-shelf MIPS solvers" names none
    ("Which particular MIPS solver does the multi-vector retrieval method built on fixed dimensional encodings "
     "use?", "MUVERA: Multi-Vector Retrieval via Fixed Dimensional Encodings", "does not name the solver"),
])
def test_a_detail_the_abstract_does_not_give_is_declined_citing_the_closest_sentence(
        assistant: Assistant, question: str, title: str, missing: str) -> None:
    answer = assistant.ask(question)
    assert answer.abstained and answer.text.startswith(f"The abstract of \u201c{title}\u201d {missing}")
    assert [c.title for c in answer.citations] == [title] and answer.text.endswith("[1].")
    assert _quotes_are_exact(assistant, answer)


@pytest.mark.parametrize(("question", "missing"), [
    ("How many languages does the 1-to-K contrastive cross-lingual retrieval model support?", "does not give"),
    ("What accuracy does the transductive multi-view zero-shot approach reach on the AwA dataset?", "AwA"),
    ("What inference time per query does the conditional cross-attention network need?", "does not give"),
    # a setting's value is given next to its name: "up to 20.7%" or "three geometric problems" is none
    ("What lookback window length does Gateformer use?", "does not give"),
    ("What learning rate was used to train the Pointer Network?", "does not give"),
    ("What perturbation radius does the multi-task sharpness-aware minimization method use?", "does not give"),
    ("What value of the SAM neighbourhood radius did the flat-minima multi-task method pick?", "does not give"),
    # a size next to what it sizes ("768-dimensional"), a figure in the unit asked, a metric the abstract names
    ("What embedding dimensionality do MUVERA's fixed dimensional encodings have?", "does not give"),
    ("What batch size did G-SimCLR train with on CIFAR10?", "does not give"),
    ("What Hausdorff distance in millimetres did the CT-to-pseudo-MR segmentation approach reach?", "does not give"),
    ("What Precision@1 does the best VLM2Vec model reach on MMEB?", "does not give"),
    # a figure asked "there" is one for the term the clause before lacks
    ("Is SST-2 one of the datasets CrossTune is evaluated on, and what accuracy does it reach there?", "SST-2"),
    # "what's" and a possessive before the measure ask a figure too
    ("What's LightNet's top-1 on ImageNet-1K?", "does not give"),
])
def test_a_count_or_measure_must_be_of_the_thing_asked(assistant: Assistant, question: str, missing: str) -> None:
    """'four CCR datasets' is no count of languages; 'three benchmark datasets' is no accuracy."""
    answer = assistant.ask(question)
    assert answer.abstained and missing in answer.text.split("What it does say")[0]


@pytest.mark.parametrize("question", [
    "Why does generalisation error rise more steeply with the data manifold's dimensionality for radiology scans "
    "than for everyday photos?",
    "Which papers build on the skip-gram model from NLP?",
    # papers that do both, in other words ("image-text retrieval", "audio-sheet music retrieval")
    "Which papers use contrastive learning for cross-modal retrieval?",
    "Was Matryoshka Representation Learning evaluated on ImageNet or on CIFAR?",  # a choice the abstract settles
    # what is set aside offers no choice; a model named anywhere in the abstract answers "which LLM"
    "How does the Wasserstein dependency measure enforce the Lipschitz constraint without weight clipping or a "
    "gradient penalty?",
    "Which LLM does CrossTune use?",
    "Which base model does MRL use for language?",  # "BERT"; not every "model" says "base model"
    # a property of datasets is asked, not the names of datasets
    "What dataset property do the authors propose to explain why medical images scale more steeply with intrinsic "
    "dimension?",
    "What dataset metric do the authors propose to explain why medical images scale more steeply with intrinsic "
    "dimension?",
    # what it is an alternative to is set aside, like "instead of RL"
    "Is there a gradient-based alternative to RL for choosing each feature's embedding size in recommenders?",
    # the figure is "a DSC of 0.75", the abstract having defined "Dice similarity coefficient (DSC)"
    "What Dice score did the lung tumor segmentation approach reach when it padded a handful of annotated "
    "T2-weighted MR scans with GAN-generated pseudo-MR images made from CT?",
])
def test_paraphrases_and_questions_spanning_papers_are_answered(assistant: Assistant, question: str) -> None:
    answer = assistant.ask(question)
    assert not answer.abstained and answer.citations


@pytest.mark.parametrize(("question", "figure"), [
    ("In the work that turns expert-segmented CT scans into pseudo MR images to segment lung tumours, what Dice "
     "score did it reach?", "0.75"),
    ("What latency reduction does the retrieval method built on fixed dimensional encodings achieve?", "90%"),
    # "DSC of 0.75", the abstract having spelled out "Dice similarity coefficient (DSC)"
    ("What Dice score did the lung tumour segmentation work with pseudo-MR images made from CT reach?",
     "DSC of 0.75"),
    # a count five words before its noun
    ("On how many benchmarks was the framework that trains one encoder for both IR and STS evaluated?",
     "15 standard IR and STS benchmarks"),
])
def test_a_figure_asked_after_a_description_of_the_paper_is_found_and_quoted(assistant: Assistant, question: str,
                                                                            figure: str) -> None:
    """The sentence stating the figure is not the one closest to the paper's description."""
    answer = assistant.ask(question)
    assert not answer.abstained and figure in answer.text


def test_names_the_abstract_only_counts_are_declined_quoting_the_count(assistant: Assistant) -> None:
    answer = assistant.ask("Which datasets was AutoInt evaluated on?")
    assert answer.abstained and "does not name the datasets" in answer.text
    assert "four real-world datasets" in answer.citations[0].quote


def test_data_named_without_the_noun_asked_must_be_named_as_data(assistant: Assistant) -> None:
    """"BEIR retrieval datasets" answers "which benchmark"; "re-rank items retrieved using ... TF-IDF" names no
    dataset (the CUR abstract names none)."""
    answer = assistant.ask("Which benchmark did MUVERA report end-to-end recall and latency on?")
    assert not answer.abstained and "BEIR" in answer.text
    answer = assistant.ask("Which datasets was the CUR-based cross-encoder k-NN search tested on?")
    assert answer.abstained and "does not name the datasets" in answer.text


def test_a_method_asked_by_name_may_be_described(assistant: Assistant) -> None:
    """"a computationally efficient block-coordinate bound optimizer" answers "which optimizer"; "four real-world
    datasets" does not answer "which datasets" (test_names_the_abstract_only_counts_...)."""
    answer = assistant.ask("Which optimizer do they derive in the transductive few-shot work that says clustering "
                           "is all you need?")
    assert not answer.abstained and answer.citations[0].title.startswith("Transductive Few-Shot Learning")
    sentence = "We derive a computationally efficient block-coordinate bound optimizer."
    assert described_near("optimizer", sentence, set())
    assert not described_near("optimizer", sentence, {"bound", "block-coordinate"})  # the question's own words
    for no_description in ["We use a new optimizer.", "We study convex optimization.", "We reduce optimizer memory.",
                           "Unlike prior optimizers, ours is fast.", "We use the default optimizer."]:
        assert not described_near("optimizer", no_description, set()), no_description
    assert not described_near("datasets", "Experiments on four real-world datasets.", set())


def test_bare_names_of_data_are_where_it_is_used_or_next_to_a_data_noun() -> None:
    assert bare_names("benchmark", "MUVERA gets good recall across a diverse set of the BEIR retrieval datasets") \
        == ["BEIR", "BEIR"]  # where it is evaluated, and before "datasets"
    assert "Criteo" in bare_names("datasets", "Experiments on Criteo and Avazu show gains.")
    assert bare_names("datasets", "On ImageNet, it improves accuracy.") == ["ImageNet"]  # any case
    assert bare_names("datasets", "Experiments on 3 ImageNet variants.") == ["ImageNet"]  # past a digit
    assert bare_names("datasets", "It re-ranks items retrieved by a dual encoder or TF-IDF.") == []
    for counted_only in ["Four public datasets confirm the gains.", "Extensive benchmark experiments show it.",
                         "Several real-world datasets are used."]:
        assert bare_names("datasets", counted_only) == [], counted_only
    assert bare_names("baselines", "It outperforms TabNet and XGboost.") == ["TabNet", "XGboost"]  # anywhere


@pytest.mark.parametrize("question", ["How do convolutional networks forecast the weather from satellite images?",
                                      "How are transformers used to summarize legal documents?",
                                      "Is there a paper on reinforcement learning for robot grasping?",
                                      # self-supervised papers exist, none on ECGs: each listed paper must fit
                                      "Which papers apply self-supervised learning to electrocardiogram signals?",
                                      # diffusion, distillation and hyperbolic papers exist: none for these ends
                                      "Which papers use diffusion models to synthesise short video clips?",
                                      "Which papers apply knowledge distillation to speech recognisers?",
                                      "Which works employ hyperbolic embeddings for link prediction in knowledge "
                                      "graphs?",
                                      # naming a paper does not make the rest of the question its topic
                                      "How does MRL forecast the weather from satellite images?"])
def test_off_topic_questions_sharing_vocabulary_are_declined_without_citations(assistant: Assistant,
                                                                                 question: str) -> None:
    answer = assistant.ask(question)
    assert answer.abstained and not answer.citations
    assert answer.text.startswith(prompts.ABSTAIN) and prompts.ABSTAIN_CLOSEST in answer.text


@pytest.mark.parametrize(("first", "follow_up"), [
    ("What did MRL show?", "What about weather forecasting?"),
    ("Is there a noise-robust way to estimate mutual information of hidden representations?",
     "And for malware detection?"),
])
def test_an_off_topic_follow_up_is_judged_on_its_own_words(assistant: Assistant, first: str, follow_up: str) -> None:
    """The conversation chooses the paper; the follow-up's own words must still be on its topic, also after an
    answer about that paper."""
    answer = assistant.ask(follow_up, history=[{"role": "user", "content": first}])
    assert answer.abstained
    reply = assistant.ask(first)
    assert not reply.abstained
    answer = assistant.ask(follow_up, history=[{"role": "user", "content": first},
                                               {"role": "assistant", "content": reply.text}])
    assert answer.abstained


def test_a_follow_up_on_the_paper_the_last_answer_was_about_is_on_its_topic(assistant: Assistant) -> None:
    """However vaguely the conversation put it: the answer named the paper, unless it declined."""
    first = "Any tweaks to SimCLR that stop images of the same class from being treated as negatives in a batch?"
    answered = "G-SimCLR clusters images with pseudo labels so that no two images of one class share a batch."
    answer = assistant.ask("what did they evaluate it on?",
                           history=[{"role": "user", "content": first}, {"role": "assistant", "content": answered}])
    assert not answer.abstained and {c.title[:8] for c in answer.citations} == {"G-SimCLR"}
    declined = f"{prompts.ABSTAIN} {prompts.ABSTAIN_CLOSEST}\n- G-SimCLR: ..."
    answer = assistant.ask("what did they evaluate it on?",
                           history=[{"role": "user", "content": first}, {"role": "assistant", "content": declined}])
    assert answer.abstained  # the conversation's question alone is not on the topic of any paper


def test_a_new_search_after_an_answer_is_no_follow_up_on_its_paper(assistant: Assistant) -> None:
    """"What if I want papers on X?" asks anew; the last answer's paper does not make X its topic."""
    reply = assistant.ask("What did MRL show?")
    assert not reply.abstained
    history = [{"role": "user", "content": "What did MRL show?"}, {"role": "assistant", "content": reply.text}]
    assert assistant.ask("What if I want papers on speaker verification instead?", history=history).abstained


@pytest.mark.parametrize(("follow_up", "fact"), [
    ("How much lower was the latency?", "90%"),  # elliptical: lower than what?
    ("Which benchmarks?", "ScanNet"),  # "various benchmarks, including ScanNet"
    ("Which datasets did they evaluate on?", "ImageNet"),  # says only what it asks: the topic is the paper's
    ("What are the two main ingredients of the method?", "regularization term"),  # asks for its parts
])
def test_elliptical_follow_ups_are_answered_from_the_conversation_paper(assistant: Assistant, follow_up: str,
                                                                        fact: str) -> None:
    history = {"How much lower was the latency?": "Is there a way to turn multi-vector retrieval into single-vector "
                                                  "maximum inner product search?",
               "Which benchmarks?": "Is there self-supervised 3D pretraining that uses Gaussian splatting?",
               "Which datasets did they evaluate on?": "What did the Matryoshka paper show?",
               "What are the two main ingredients of the method?": "Is there a noisy-label method that exploits "
                                                                   "early learning through regularization?"}
    answer = assistant.ask(follow_up, history=[{"role": "user", "content": history[follow_up]}])
    assert not answer.abstained and fact in answer.text


@pytest.mark.parametrize(("question", "fact"), [
    # what the question sets aside is not asked for ("instead of RL": the abstract never says RL)
    ("Rather than using RL, which recommender paper learns each feature's embedding size by continuous "
     "relaxation, and what layer does it add?", "soft selection layer"),
    # the abstract names the datasets without the noun: "Experimental results on CIFAR-100 and ImageNet-1k"
    ("Which datasets did the work evaluate on that expands the feature space with extra dimensions and learns an "
     "orthogonal mapping so that a retrained image retrieval model stays comparable with the old gallery?",
     "Orthogonal Compatible Aligned"),
])
def test_answerable_details_phrased_unlike_the_abstract_are_answered(assistant: Assistant, question: str,
                                                                     fact: str) -> None:
    answer = assistant.ask(question)
    assert not answer.abstained and fact in answer.text and len({c.paper_id for c in answer.citations}) == 1
    assert "does not" not in answer.text  # not even partly declined


def test_a_figure_asked_on_a_dataset_is_one_stated_for_it_or_for_nothing_else() -> None:
    abstract = [PaperText("T", "We pretrain on ImageNet-1K and report comparable gains on CIFAR10.")]
    about = measured_on("What top-1 accuracy does it reach on CIFAR10?", abstract)
    assert about("Our model reaches 84.2% top-1.") and about("It gains 3% on CIFAR10.")
    assert not about("It reaches 76.5% top-1 accuracy on ImageNet ILSVRC-2012.")
    assert measured_on("What accuracy did it reach in 2020?", abstract)("76.5% on ImageNet.")  # a year is no dataset
    # what the figure is compared with is a baseline, not other data; "129times" is a figure, not a name
    assert about("We speed up inference at least 129times compared to the existing ITR models.")
    assert about("It is 3x faster than BERT.") and not about("It is 3x faster on ImageNet than BERT.")
    # the dataset followed by the task, or by the rest of the question
    for clause in ["What AP50 gain does it give on CIFAR10 instance segmentation?",
                   "What accuracy on CIFAR10 did they get?"]:
        assert not measured_on(clause, abstract)("It reaches 76.5% top-1 accuracy on ImageNet ILSVRC-2012."), clause
    # ... or said before what it measures; the paper's own name is no data
    qualified = measured_on("What CIFAR10 linear-eval accuracy does it reach?", abstract)
    assert not qualified("It reaches 76.5% top-1 accuracy on ImageNet ILSVRC-2012.") and qualified("It gains 3%.")
    # ... the data after "on" first: a model before the noun need not be said again
    resnet = [PaperText("T", "We build on a ResNet-50 backbone and test on ImageNet.")]
    assert measured_on("What ResNet-50 accuracy does it get on ImageNet?", resnet)("It gets 76.5% on ImageNet.")
    scans = [PaperText("T", "Gains of 6.1% AP50 on ScanNet200; also tested on S3DIS.")]
    assert not measured_on("What AP50 gain does it give on S3DIS?", scans)("It improves AP50 by 6.1% on ScanNet200.")
    own = [PaperText("T", "MRL is evaluated on ImageNet-1K.")]
    assert measured_on("What MRL accuracy is reported?", own, {"mrl"})("It reaches 84% on ImageNet-1K.")


def test_a_follow_up_that_says_nothing_of_its_own_is_on_the_topic_of_its_conversation(assistant: Assistant) -> None:
    """Attached to the first question, the follow-up's ask words ("problems", "test") dilute its topic score below
    the threshold; the first question alone is on topic."""
    answer = assistant.ask("What problems did they test it on?", history=[
        {"role": "user", "content": "Is there a seq2seq-style architecture whose outputs are positions in the input "
                                    "sequence?"}])
    assert not answer.abstained and {c.title for c in answer.citations} == {"Pointer Networks"}


def test_a_follow_up_asking_what_they_ran_it_on_is_answered_from_the_conversation_paper(assistant: Assistant) -> None:
    """Scored on its own word "run", the follow-up fell under the topic threshold of the distillation paper."""
    answer = assistant.ask("Which benchmarks did they run it on?", history=[
        {"role": "user", "content": "Is there a paper on compressing ViLT and METER for faster image-text search?"}])
    assert not answer.abstained
    assert {c.title for c in answer.citations} == {"Dynamic Contrastive Distillation for Image-Text Retrieval"}


def test_what_a_follow_up_sets_aside_is_not_a_topic_of_its_own(assistant: Assistant) -> None:
    """"Apart from accuracy" says what the answer is not; "benefit" and "claim" only ask. Scored on its own words
    ("accuracy", "benefit", "claim"), the follow-up was declined as off the topic of AutoInt."""
    answer = assistant.ask("Apart from accuracy, what other benefit do they claim?", history=[
        {"role": "user", "content": "Which CTR model uses multi-head self-attention to learn feature interactions?"}])
    assert not answer.abstained
    assert {c.title for c in answer.citations} == {
        "AutoInt: Automatic Feature Interaction Learning via Self-Attentive Neural Networks"}


def test_follow_ups_that_say_nothing_stay_with_the_paper_of_the_conversation(assistant: Assistant) -> None:
    """Two follow-ups in a row that say nothing of their own are both about the first question's paper: retrieval
    and the topic test both go by it, not by the follow-up before."""
    history = [{"role": "user", "content": "What did the Matryoshka paper show?"},
               {"role": "assistant", "content": "It adapts one embedding to many compute budgets [1]."},
               {"role": "user", "content": "Which datasets did they evaluate on?"},
               {"role": "assistant", "content": "ImageNet and JFT [1]."}]
    answer = assistant.ask("What tasks did they apply it to?", history=history)
    assert answer.standalone_question == "What tasks did they apply it to? (What did the Matryoshka paper show?)"
    assert not answer.abstained and {c.title for c in answer.citations} == {"Matryoshka Representation Learning"}


def test_a_follow_up_says_something_of_its_own_beyond_what_it_asks(assistant: Assistant) -> None:
    terms = assistant.retriever.terms
    assert not terms.says_something(topic_words("Which datasets did they evaluate on?"))
    assert not terms.says_something(topic_words("Which benchmarks did they run it on?"))  # "run": as "test"
    assert terms.says_something(topic_words("And for malware detection?"))
    # a conversation is about its latest question that says something of its own
    history = [{"role": "user", "content": "What did the Matryoshka paper show?"},
               {"role": "assistant", "content": "..."}, {"role": "user", "content": "Which datasets did they use?"}]
    assert conversation_subject(history, terms) == "What did the Matryoshka paper show?"
    assert conversation_subject([{"role": "user", "content": None}], terms) == ""  # type: ignore[dict-item]


@pytest.mark.parametrize("question", [
    "How many GPU hours did the GaussianCross pretraining take?",  # "scenes" is no "hours" (cosine 0.31)
    "How many annotators labelled the ROPE product dataset?"])
def test_a_count_of_another_thing_is_no_answer(assistant: Assistant, question: str) -> None:
    answer = assistant.ask(question)
    assert answer.abstained and "does not" in answer.text


def test_a_setting_the_abstract_does_not_give_is_declined(assistant: Assistant) -> None:
    """Gateformer's abstract reports 13 datasets and its gains, no lookback window."""
    answer = assistant.ask("What lookback window does Gateformer use for its forecasts?")
    assert answer.abstained and "does not give the figure" in answer.text


def test_a_figure_asked_on_a_named_dataset_must_be_stated_for_that_dataset(assistant: Assistant) -> None:
    """G-SimCLR gives 76.5% top-1 on ImageNet and only "comparable performance enhancements" on CIFAR10."""
    answer = assistant.ask("What top-1 accuracy does G-SimCLR get on CIFAR10?")
    assert answer.abstained and "does not give the figure" in answer.text


@pytest.mark.parametrize(("question", "fact"), [
    ("How many items are in the e-commerce dataset built from product pages, short videos and live streams?",
     "180,000 products"),
    ("How much faster at inference is the distilled student for image-text retrieval on COCO?", "129times"),
    # a count of a noun said otherwise, close to the ask: "combinations" and "pairs" (cosine 0.56)
    ("If any two ImageNet-1K classes may form a positive pair, how many class combinations are there?", "500,500"),
    ("How many application areas does the survey of GNNs on directed graphs explore?", "10+ domains")])
def test_a_figure_worded_otherwise_or_against_a_baseline_is_stated(assistant: Assistant, question: str,
                                                                   fact: str) -> None:
    answer = assistant.ask(question)
    assert not answer.abstained and fact in answer.text


def test_a_partly_answered_question_answers_what_it_can_and_says_what_is_missing(assistant: Assistant) -> None:
    stream = assistant.stream("What does AutoInt use to model feature interactions, and how many GPUs did its "
                              "training take?")
    streamed = "".join(stream)  # the note on what is missing is shown as the answer comes, not added after
    answer = stream.answer
    assert not answer.abstained and streamed == answer.text
    assert "multi-head self-attentive neural network" in answer.text
    assert answer.text.splitlines()[-1] == f"The abstract of \u201c{AUTOINT}\u201d does not mention GPUs."
    assert {c.title for c in answer.citations} == {AUTOINT} and _quotes_are_exact(assistant, answer)


def test_a_question_whose_first_ask_is_not_stated_is_declined_though_a_later_one_may_be(
        assistant: Assistant) -> None:
    # the checkpoint may or may not be named (no check sees it); the accuracy, the main ask, is not given
    answer = assistant.ask("What top-1 accuracy on ImageNet do the diffusion-model U-Net features reach, and which "
                           "diffusion checkpoint did they use?")
    assert answer.abstained and "does not give the figure" in answer.text.split("What it does say")[0]
    assert [c.title for c in answer.citations] == ["Diffusion Models Beat GANs on Image Classification"]


def test_a_verdict_declines_on_its_first_ask_and_is_partial_on_a_later_one() -> None:
    gap = Gap("figure", "how many GPUs")
    unchecked, found = [False, False], [False, True]  # the later clause asks nothing checked / is found stated
    assert Verdict(2.0, True, ["p"], [[gap], []], unchecked).declined
    assert not Verdict(2.0, True, ["p"], [[gap], []], unchecked).partial
    assert Verdict(2.0, True, ["p"], [[gap], []], found).partial
    assert not Verdict(2.0, True, ["p"], [[gap], []], found).declined
    assert Verdict(2.0, True, ["p"], [[], [gap]], unchecked).partial
    assert not Verdict(2.0, True, ["p"], [[], [gap]], unchecked).declined
    assert not Verdict(2.0, True, ["p"], [[], []], found).declined
    assert not Verdict(2.0, True, ["p"], [[], []], found).partial
    assert Verdict(1.0, False, ["p"]).declined and Verdict(2.0, True, ["p"], [[], [gap]]).missing == [gap]


def test_the_first_ask_is_the_main_one(assistant: Assistant) -> None:
    # the partly answered question of the test above, its asks swapped: nothing after the GPUs is checked stated
    answer = assistant.ask("How many GPUs did AutoInt's training take, and what does it use to model feature "
                           "interactions?")
    assert answer.abstained and "does not mention GPUs" in answer.text
    # a later ask found stated keeps the answer
    answer = assistant.ask("What top-1 accuracy does MRL report with 2048 dimensions on ImageNet, and how much "
                           "smaller is its embedding at the same accuracy?")
    assert not answer.abstained and "14x smaller" in answer.text and "does not mention 2048" in answer.text


def test_a_which_paper_answer_names_the_paper_first_and_cites_only_it(assistant: Assistant) -> None:
    stream = assistant.stream("Which method points to positions in its input sequence to solve convex hull and "
                              "travelling salesman problems?")
    streamed = "".join(stream)  # what the chat shows as it comes is the answer, the paper's name too
    answer = stream.answer
    assert not answer.abstained and answer.text.startswith("\u201cPointer Networks\u201d [1]:")
    assert streamed == answer.text
    assert {c.title for c in answer.citations} == {"Pointer Networks"}
    assert "convex hulls" in answer.text


def test_a_term_asked_as_a_likeness_need_not_be_spelled_in_the_abstract(assistant: Assistant) -> None:
    """"word2vec-style" asks for something like word2vec: this abstract calls it skip-gram negative sampling."""
    answer = assistant.ask("How can word2vec-style training on items bought together be used to suggest products "
                           "that go with an item rather than substitutes for it?")
    assert not answer.abstained
    assert {c.title for c in answer.citations} == {"Two Is Better Than One: Dual Embeddings for Complementary "
                                                   "Product Recommendations"}


def test_a_yes_no_question_the_abstract_answers_is_not_declined(assistant: Assistant) -> None:
    answer = assistant.ask("Is the code for Matryoshka Representation Learning publicly released?")
    assert not answer.abstained and "open-sourced" in answer.text


@pytest.mark.parametrize(("question", "titles"), [
    ("Which base language model, and of what size, does X-Cross fine-tune for each domain?", [X_CROSS]),
    ("How does X-Cross perform versus the other baselines?", [X_CROSS]),  # no second paper
    ("Contrast how MRL trains versus the one that adapts language models to new recommendation domains.",
     ["Matryoshka Representation Learning", X_CROSS]),
    ("What datasets are used in both MRL and the work that adapts to new recommendation domains?",
     ["Matryoshka Representation Learning", X_CROSS]),
    ("What do MRL and the work that adapts language models to new recommendation domains have in common?",
     ["Matryoshka Representation Learning", X_CROSS]),
])
def test_a_second_paper_is_one_compared_not_for_each(assistant: Assistant, question: str, titles: list[str]) -> None:
    focus = focus_papers(question, assistant.retriever.search(question, k=12))
    assert [assistant.retriever.papers[pid].title for pid in focus] == titles


@pytest.mark.parametrize(("question", "two"), [
    ("How do AutoInt and the Deep Interest Network differ in how they use attention?", True),
    ("OCA and BT^2 both add extra dimensions. How do their approaches compare?", True),
    ("One method keeps same-category images apart, another does not. Compare how G-SimCLR and Hydra do it.", True),
    ("AutoInt vs ARM-Net: how does each one model feature interactions, and which is interpretable?", True),
    ("What's the difference between how AutoInt and the Deep Interest Network use attention?", True),
    ("Can you compare how AutoInt and the Deep Interest Network use attention?", True),
    ("How do AutoInt and DIN compare to each other, and with respect to latency?", True),
    ("How do AutoInt, DIN, and ARM-Net differ?", True),
    ("kNN vs kNN-LM: which one is faster?", True),
    ("Contrast how AutoInt and the Deep Interest Network use attention.", True),
    ("Contrast AutoInt and DIN: which is interpretable?", True),
    ("What's the difference between GPT-3.5 and GPT-4 here?", True),
    # one paper against something else, or "and" joining clauses or attributes rather than the things compared
    ("How do fixed dimensional encodings compare with previous implementations in recall and latency?", False),
    ("What FID does LightNet get, and how does its throughput compare to Mamba?", False),
    ("How are checkpoints merged, and what merging approach is it compared against?", False),
    ("What is the link between intrinsic dimension and generalisation in the natural vs medical images study?", False),
    ("Are extra mapping functions needed to compare features from old and new model versions?", False),
    ("Contrast-enhanced CT and MRI: which Dice score does it report?", False),  # contrast, the noun
    ("For brain MRI: contrast and intensity augmentations, which ones help?", False),
])
def test_a_comparison_of_two_things_is_told_from_one_paper_against_something_else(question: str, two: bool) -> None:
    assert compares_two(question) is two


def test_a_paper_compared_with_unnamed_prior_work_is_answered_from_it_alone(assistant: Assistant) -> None:
    answer = assistant.ask("How do fixed dimensional encodings for multi-vector retrieval compare with previous "
                           "implementations on BEIR in terms of recall and latency?")
    assert not answer.abstained and "90% lower latency" in answer.text
    assert {c.title for c in answer.citations} == {"MUVERA: Multi-Vector Retrieval via Fixed Dimensional Encodings"}


def test_a_figure_next_to_what_it_measures_ranks_first() -> None:
    """Any figure helps a sentence answer "what Dice score"; one next to the Dice score (or the acronym the
    abstract defines for it) helps twice."""
    dsc = "It reached a DSC of 0.75 on the test set."
    other = "The KL divergence was 0.069 between the two distributions."
    prior = sentence_prior("What Dice score did it reach?")
    assert prior(dsc) == prior(other) > 0
    prior = sentence_prior("What Dice score did it reach?", {"DSC": ["dice similarity coefficient"]})
    assert prior(dsc) > prior(other) > 0
    counting = sentence_prior("How many datasets was it evaluated on?")
    assert counting("We evaluate on four datasets.") > counting("It is four times faster on our datasets.")


def test_a_how_question_favours_the_sentence_that_says_by_what() -> None:
    means = "We use the latent space of a denoising autoencoder and cluster it with k-means to obtain pseudo labels."
    problem = "In an unsupervised setting, the category of an image is missing."
    assert sentence_prior("How does it get pseudo labels?")(means) > sentence_prior("How does it get pseudo labels?")(
        problem)
    assert sentence_prior("How many pseudo labels does it get?")(means) == 0.0  # a count, not a means
    assert sentence_prior("How does it compare with GPT?")(means) == 0.0  # a comparison's result, not a means
    # "X is implemented to ..." says by what; "through extensive experiments" is how it was shown, no means
    excluded = sentence_prior("How are the low-quality generated examples excluded?")
    assert excluded("A switch mechanism is implemented to exclude low-quality generated data.") > 0.0
    assert excluded("Through extensive experiments on seven datasets, we show it beats the baseline.") == 0.0
    assert excluded("It learns through trial and error.") > 0.0


def test_what_makes_something_so_asks_by_what_or_why() -> None:
    means = "By projecting the representations onto lower-dimensional subspaces, the alignment becomes higher."
    cause = "A magnitude proportionality between inputs and outputs contributes to the slow training."
    better = sentence_prior("What makes the alignment much better?")
    assert better(means) > sentence_prior("What is the alignment?")(means) == 0.0
    assert sentence_prior("What makes training converge so slowly?")(cause) > 0.0
    assert sentence_prior("What made it converge so slowly?")(cause) > sentence_prior("What did it find?")(cause)
    assert sentence_prior("What makes up the training corpus?")(means) == 0.0  # what it consists of


def test_an_evaluation_question_favours_the_sentence_that_reports_the_experiments() -> None:
    report = "We conduct experiments with three architectures on public datasets for rating prediction."
    method = "A soft selection layer is optimised on the model's validation performance."
    tested = sentence_prior("On which tasks was the soft selection layer evaluated?")
    assert tested(report) > tested(method) == 0.0  # "validation performance" reports no experiment
    assert sentence_prior("What does the soft selection layer control?")(report) == 0.0
    assert tested("Experimental results on CIFAR-100 show gains.") > 0.0
    assert tested("This results in lower error.") == 0.0  # a consequence, not a report
    assert tested("We evaluate our method on three benchmarks.") > 0.0
    assert tested("We demonstrate the effectiveness of our method in few-shot recognition.") > 0.0
    assert tested("We demonstrate a method that is effective in few-shot recognition.") == 0.0
    assert tested("Results show the effectiveness of the proposed loss in reducing bias.") == 0.0  # a claim
    assert tested("It improves results over strong baselines.") == 0.0  # a comparison, not a report
    # a figure of the test set or of a run is asked, not what the experiments covered
    for figure in ["What was the test accuracy on CIFAR-10?", "What is the run time per query?",
                   "What was the test-time cost?"]:
        assert sentence_prior(figure)(report) == 0.0, figure


def test_an_evaluation_question_is_answered_by_the_report_of_its_experiments(assistant: Assistant) -> None:
    """The question describes the method at length; the sentences that restate it would otherwise come first."""
    answer = assistant.ask("Which datasets were used to evaluate the approach that expands the feature space with "
                           "extra dimensions and an orthogonal map to stay compatible with old models?")
    assert not answer.abstained and "CIFAR-100" in answer.text


def test_a_how_question_is_answered_by_its_means(assistant: Assistant) -> None:
    """The sentences closest to the question restate its problem ("not have images of the same category in the
    same batch"); the one that says how ("cluster them with k-means") words it otherwise."""
    answer = assistant.ask("How does G-SimCLR find out which images share a category when there are no labels?")
    assert not answer.abstained and "k-means" in answer.text


def test_a_size_the_question_states_is_not_asked(assistant: Assistant) -> None:
    """"Given how large that search space is, how ...?" asks a means; the abstract gives no size, and must not
    have to."""
    history = [{"role": "user", "content": "Is there a CTR paper that learns which features to keep with gates?"},
               {"role": "assistant", "content": "Yes: Optimizing Feature Set for Click-Through Rate Prediction."}]
    answer = assistant.ask("Given how large that search space is, how do they train the gates?", history)
    assert not answer.abstained and "learning-by-continuation" in answer.text


def test_a_count_asked_through_a_list_is_found(assistant: Assistant) -> None:
    answer = assistant.ask("How many large production search, ads and recommendation systems got better with one "
                           "embedding table shared by many categorical features?")
    assert not answer.abstained and "five" in answer.text


def test_a_share_is_no_count_of_the_whole(assistant: Assistant) -> None:
    """X-Cross's abstract says it adds "only 25% of the additional parameters" LoRA would: how many extra it needs,
    not how many it has."""
    assert assistant.ask("How many parameters does the X-Cross recommender have?").abstained
    extra = assistant.ask("How many extra parameters does X-Cross need compared with LoRA fine-tuning?")
    assert not extra.abstained and "25%" in extra.text


def test_a_why_question_leads_with_the_sentence_that_gives_a_cause() -> None:
    why = sentence_prior("Why is it slow to train?")
    for cause in ["A problem that contributes to the slow training: magnitude proportionality.",
                  "Slow training is attributed to the magnitude of the inputs.",
                  "The scan, which results in a slow training loop.", "Slow training results from scans."]:
        assert why(cause) > why("Training is often slow."), cause
    assert why("It achieves state-of-the-art results in image classification.") == 0.0  # results, no cause
    assert why("Methods that explain individual decisions.") == 0.0
    assert sentence_prior("How slow is it to train?")("Slow training results from scans.") == 0.0  # no why


def test_a_why_question_is_answered_by_its_cause_first(assistant: Assistant) -> None:
    """The sentence closest to the question restates it ("hypernetworks are often challenging to train"); the
    one that names the cause says "contributes to"."""
    answer = assistant.ask("Why do hypernetworks train poorly?")
    assert not answer.abstained and "magnitude proportionality" in answer.text.split("[1]")[0]


def test_question_analysis() -> None:
    assert asks("What dataset was released, and how large is it?") == ["What dataset was released",
                                                                       "how large is it"]
    assert asks("OCA: which datasets did they use?") == ["which datasets did they use"]
    # options after a dash or colon are the choice of the clause before them; the clause still asks as it did
    question = "What is the embedding dimension - 768 or 1024?"
    assert asks(question) == ["What is the embedding dimension"] and figure_asked(asks(question)[0]) == "count"
    assert options_after("What is the embedding dimension", question) == "768 or 1024"
    question = "What were the baselines: TabNet or XGBoost?"
    assert names_asked(asks(question)[0], question) == "baselines"
    assert options_after("What were the baselines", question) == "TabNet or XGBoost"
    # a remark is no options
    assert options_after("Which loss did they use", "Which loss did they use; I think contrastive or triplet?") == ""
    assert options_after("Which datasets", "Which datasets? I need CIFAR or ImageNet numbers for my report.") == ""
    assert figure_asked("On how many datasets was it evaluated?") == "count"
    assert figure_asked("Given how large the search space is, how do they train the gates?") is None  # a means
    assert figure_asked("Given how much memory it needs, how do they shard it?") is None
    assert figure_asked("Roughly how many GPUs were used?") == "count"
    assert figure_asked("Up to how many cities were the tours?") == "count"  # a hedge after the opener
    assert figure_asked("On roughly how many GPUs was it trained?") == "count"
    assert figure_asked("What top-1 accuracy does it reach?") == "measure"
    assert figure_asked("What optimality gap in tour length did they report?") == "measure"
    assert figure_asked("What Dice similarity coefficient did it reach?") == "measure"
    assert figure_asked("By what factor does it shrink the student's parameter count?") == "measure"
    assert figure_asked("By what margin does it beat SimCSE?") == "measure"
    assert figure_asked("By what percent does it cut latency?") == "measure"
    assert figure_asked("What makes recall and ranks differ between languages?") is None  # a cause
    assert figure_asked("What leads to higher accuracy?") is None and figure_asked("What helps accuracy most?") is None
    for setting in ["What temperature (tau) is used?", "What learning rate did they use?",
                    "What neighborhood radius (rho) was used for sharpness-aware minimization?",
                    "What lookback window length and how many heads?", "What curvature value does it use?",
                    "What dropout rate was used?", "What learning rate and batch size were used?",
                    "What is learning rate?", "What are typical learning rates?",
                    "What lookback window and prediction horizons were used?", "What history length does it use?"]:
        assert figure_asked(setting) == "setting", setting
    for no_value in ["What is the effect of temperature?", "What are the benefits of weight decay?",
                     "What input features does it use?", "What history of the field does it cover?",
                     "Which paper studies weight decay?", "Which models use dropout?",
                     "What dropout and normalization layers are used?"]:
        assert figure_asked(no_value) != "setting", no_value
    # a setting's value next to its whole name, in any notation
    assert stated_next_to(measured("What learning rate did they use?"), "We use a learning rate of 5e-4.", "setting")
    assert not stated_next_to(measured("What learning rate did they use?"), "It lowers the error rate by 12%.",
                              "setting")
    assert not stated_next_to(measured("What lookback window length?"), "A sequence length of 512.", "setting")
    for no_measure in ["What research gap does the paper address?", "What aspect ratio bins are used?",
                       "What drop-in replacement is proposed?"]:
        assert figure_asked(no_measure) is None, no_measure
    assert figure_asked("Is there a method so you don't have to fix how many heads there are?") is None
    # "the value of X" asks for X, not what a change or a method is worth
    assert figure_asked("What value of the SAM neighbourhood radius rho was used?") == "setting"
    assert measured("What is the value of the temperature?") == measured("What temperature?")
    assert figure_asked("What's the value of the threshold?") == "setting"
    assert figure_asked("What is the value of a larger batch size?") is None
    assert ask_part("What is the value of pretraining?") == "What is the value of pretraining?"
    # names after up to four words, not "What is the number of datasets" nor "which papers evaluate on benchmarks"
    assert names_asked("Which four deep metric learning benchmarks were used?") == "benchmarks"
    assert names_asked("What is the number of datasets used?") is None
    assert names_asked("Which company's products was it deployed in?") == "company"
    assert names_asked("What is the backbone model?") == "backbone model"  # what it builds on, named anywhere
    assert names_asked("What dataset's size do they report?") is None
    assert names_asked("Which papers evaluate on public benchmarks?") is None
    # "what were the ... datasets" asks names too, where the noun ends its phrase
    assert names_asked("What were the three public benchmark datasets they used?") == "datasets"
    assert names_asked("What are the two public datasets DIN was evaluated on?") == "datasets"  # a clause about them
    for no_names in ["What were they evaluated on?", "What is the GPU count?", "What are the datasets used for?",
                     "What were the authors able to show?", "What is the baseline accuracy?",
                     "What is the dataset size they report?",
                     "What is the size of the datasets DIN was evaluated on?",  # a property of them
                     "What was the improvement over the baselines DIN was compared with?"]:
        assert names_asked(no_names) is None, no_names


def test_a_size_unit_or_metric_is_looked_for_as_such() -> None:
    assert size_noun("What embedding dimension does it use?") == ["embedding", "dimension"]
    assert size_noun("What batch sizes were used?") == ["batch", "size"] and size_noun("What accuracy?") == []
    assert size_noun("what's the smallest nested embedding size they use?") == ["embedding", "size"]
    for no_size in ["What's the reduction in embedding size they achieve?",
                    "what's the effect of batch size they observe?"]:
        assert size_noun(no_size) == [], no_size
    assert not size_near(["embedding", "size"], "It gives up to 14x smaller embedding size.")  # a ratio is no size
    assert size_near(["dimensionality"], "We learn 768-dimensional embeddings.")
    assert size_near(["batch", "size"], "with a batch size of 4096")
    assert size_near(["context", "length"], "It extends the context length to 128K tokens.")
    assert not size_near(["batch", "size"], "a vocabulary size of 30,000")
    assert not size_near(["batch", "size"], "A batch of images reaches 76.5% accuracy.")
    # a unit asked right after what is asked; a time is any time, a cost in dollars may be "$0.02"
    latency = unit_asked("What latency in milliseconds does it reach?")
    assert all(re.search(latency, s, re.I) for s in ["a latency of 12 ms", "0.3 seconds", "300 GPU hours"])
    assert not any(re.search(latency, s, re.I) for s in ["papers of the 1990s", "100s of queries", "four times"])
    assert not re.search(unit_asked("What Hausdorff distance in millimetres?"), "a DSC of 0.75")
    assert re.search(unit_asked("What is the cost in dollars?"), "it costs $0.02 per query")
    for no_unit in ["What is done in MS-COCO?", "Can it index a million documents in minutes?",
                    "How efficient is it in terms of FLOPs?", "In the work that trains in hours, what accuracy?"]:
        assert unit_asked(no_unit) is None, no_unit
    # a named metric is named by the abstract that reports it, in part of a word or spelled out
    assert named_metric("What Precision@1 does it get?") and named_metric("What accuracy does it get?") is None
    assert says_metric(named_metric("How much does Recall@1 on Flickr30K drop for the student?"), "Recall@1 of 80")
    assert named_metric("How much does the accuracy drop?") is None
    assert named_metric("How much faster is mixed-precision training?") is None  # only the subject is measured
    assert named_metric("How long does it take to train to its reported recall?") is None
    assert figure_asked("What's the accuracy on ImageNet?") == "measure" == figure_asked("What is X's top-1?")
    assert figure_asked("What's the temperature used?") == "setting" and figure_asked("What's the main idea?") is None
    # a size or number may be a magnitude ("over 2 billion samples"); an improvement is not
    assert figure_asked("What about the size of the production dataset?") == "magnitude"
    assert has_figure("a production dataset with over 2 billion samples", "magnitude")
    assert has_figure("a 7B model", "magnitude") and not has_figure("a 7B model", "measure")
    assert not has_figure("a production dataset with over 2 billion samples", "measure")
    assert figure_asked("What size reduction do they get?") == "measure"  # a share answers that one, not a size
    assert figure_asked("What is the reduction in model size?") == "measure"
    assert figure_asked("What is the size of the compressed model?") == "magnitude"
    assert not has_figure("using only 25% of the additional parameters", "magnitude")
    assert all(has_figure(s, "magnitude") for s in ["it takes 7.5 MB", "100k images", "50,000 images"])
    assert not has_figure("released in 2023", "magnitude")
    assert has_figure("for k > 10, it beats re-ranking", "magnitude") and has_figure("where N=50", "magnitude")
    assert not has_figure("for i=1 to 3", "magnitude")  # an index
    assert not has_figure("for k > 10, recall-vs-cost trade-offs are better", "measure")  # no recall figure
    assert not has_figure("uses the ETT-h1 set", "magnitude") and not has_figure("ResNet-50 backbones", "magnitude")
    assert stated_next_to(["dataset"], "a production dataset with over 2 billion samples", "magnitude")
    lora = measured("What LoRA rank is used?")
    assert figure_asked("What LoRA rank is used?") == "setting" and figure_asked("What rank does it reach?") is None
    assert stated_next_to(lora, "LoRA adapters of rank 16 are used.", "setting")
    assert not stated_next_to(lora, "It is fine-tuned with low-rank adapters (LoRA).", "setting")
    assert says_metric(named_metric("What AUC does it reach?"), "an AUROC of 0.91")
    assert says_metric(named_metric("What IoU?"), "a mIoU of 48.1")
    assert says_metric(named_metric("What latency reduction?"), "cuts inference time by 40%")
    assert not says_metric(named_metric("What Precision@1?"), "an improvement of 10% to 20%")


def test_a_use_for_question_is_split_into_what_is_used_and_what_for() -> None:
    assert used_for("Which papers use diffusion models for video generation?") == ("diffusion models",
                                                                                     "video generation")
    assert used_for("Which works use contrastive learning to match items across modalities?") == (
        "contrastive learning", "items across modalities")  # the verb says little
    assert used_for("Which papers apply mixup to speech recognition?") == ("mixup", "speech recognition")
    assert used_for("Which papers study mixup?") is None and used_for("Which papers use BERT to  ?") is None
    assert names_asked("Which three public datasets were used?") == "datasets"
    assert names_asked("Which architecture points to its inputs?") is None  # the answer is a paper
    assert names_asked("Which architecture is used in the study of convergent features?") == "architecture"
    assert not is_which_paper_question("Which architecture is used in the study of convergent features?")
    assert names_asked("Which paper uses the benchmarks of that study?") is None  # the answer is a paper
    assert is_which_paper_question("Which method makes that trick work?")
    assert names_asked("Which RL environments were used?") == "environments"
    assert names_asked("Which base model does X-Cross fine-tune?") == "base model"  # a part of a named paper
    assert names_asked("Which LLM did they query?") == "LLM"
    assert names_asked("What dataset property explains it?") is None
    assert names_asked("What kind of optimizer did they derive?") is None  # a description is asked
    assert names_asked("What kind of GPU was it trained on?") == "GPU"  # ... but a GPU is named
    assert names_asked("Which benchmark measures compositional generalization?") == "benchmark"
    assert is_which_paper_question("What foundation model was proposed for zero-shot forecasting?")
    assert not is_which_paper_question("Which base language model do the adapters in X-Cross build on?")
    assert is_which_paper_question("Which base model was proposed for zero-shot forecasting?")
    question = "Which base LM and what LoRA rank are used for the adapters in the fusion recommender?"
    assert not is_which_paper_question(question) and names_asked(asks(question)[0], question) == "base LM"
    assert is_which_paper_question("Which model learns nested representations?")
    assert is_which_paper_question("Which method learns coarse-to-fine representations, and does it cost anything?")
    assert is_which_paper_question("Which architecture is GPU-efficient?")
    assert choices("Is it trained with weight clipping or a gradient penalty?") == [["weight", "clipping"],
                                                                                   ["gradient", "penalty"]]
    assert choices("Does MRL use Adam or SGD?", {"mrl"}) == [["Adam"], ["SGD"]]  # not the paper's own name
    for no_choice in ["What is the key finding or result of each?", "Whether or not it helps, how fast is it?",
                      "Is MUVERA faster or slower than PLAID?"]:
        assert choices(no_choice) == [], no_choice
    assert topic_words("What was the key idea?") == ""  # says what kind of answer it asks, nothing more
    assert figure_asked("What is the inference time per query?") == "measure"
    assert figure_asked("What CTR or revenue lift did the online A/B test show?") == "measure"
    assert figure_asked("Which curvature value does HypCD use?") == "setting"
    assert figure_asked("What embedding dimensionality did they use?") == "count"  # "2048-dimensional" answers it
    assert figure_asked("What is the embedding dimension of MRL?") == figure_asked("What batch sizes were tried?")
    for no_size in ["What dimensionality reduction is used?", "Which dimensions does the survey cover?",
                    "What coreference resolution method do they use?", "Which dimension matters most?"]:
        assert figure_asked(no_size) is None, no_size
    for no_figure in ["What role does time play in Gateformer?", "What memory problem does it address?",
                      "What is the time complexity of LightNet?", "What value does attention add?",
                      "What count-based features are used?", "What is the value of contrastive pretraining?",
                      "What does the training time depend on?"]:
        assert figure_asked(no_figure) is None, no_figure
    assert figure_asked("In the lung MRI work on pseudo MR images, what Dice score did they reach?") == "measure"
    assert figure_asked("For the shared embedding table, how many models were used?") == "count"
    assert figure_asked("Is there a way to serve multi-vector models, which need MIPS, how much?") is None
    assert figure_asked("In the study of embedding limits, what limits the number of top-k subsets?") is None
    assert measured("What latency reduction does the method report?") == ["latenc"]
    assert measured("What was its final accuracy?") == ["accuraci"]  # the measured noun only
    assert figure_asked("And what about the accuracy?") == "measure"
    assert names_asked("Which language models does X-Cross integrate?") is None
    assert names_asked("What are the names of the three public datasets used?") == "datasets"
    assert names_asked("Which university was the thesis submitted to?") == "university"
    assert is_which_paper_question("is there a review of graph learning?")
    assert offers_alternatives("Which papers use CT or MRI scans?") and offers_alternatives("papers on e.g. CTR")
    for single in ["Which papers use diffusion models for video generation?", "Which papers evaluate ViT-B/32?",
                   "Which papers, i.e. studies, use k-means?"]:
        assert not offers_alternatives(single), single
    assert figure_asked("How long did training take?") == "duration"
    for count in ["How long are the input sequences?", "How long are the training sequences?",
                  "How long a sequence can the model run on?"]:
        assert figure_asked(count) == "count", count
    for time in ["Training took 12 hours on 8 GPUs.", "about two days", "under an hour", "10k GPU hours", "5 ms"]:
        assert has_figure(time, "duration"), time
    for no_time in ["On 6 scans.", "since the 1990s", "RTX 3090s", "its 5 h-index", "2 MS lesions"]:
        assert not has_figure(no_time, "duration"), no_time
    assert figure_asked("What perturbation radius rho was used?") == "setting"  # a hyperparameter's value
    assert figure_asked("What thresholds were used?") == "setting"
    assert figure_asked("What momentum encoder does MoCo use?") is None
    assert names_asked("Under what license is the dataset released?") == "license"
    assert names_asked("What did the authors find?") is None  # who acts, not what is asked
    assert names_asked("What are the authors' main findings?") is None
    assert says_noun("GPU", "trained on 8 A100 GPUs") and says_noun("licence", "under the MIT license")
    assert yes_no_subject("Is the code for Hydra, the framework, released?", {"hydra"}) == ["code"]
    assert yes_no_subject("Is there work on hydras?", set()) == []
    assert topic_words("Which datasets did they evaluate on?") == ""
    assert topic_words("And for malware detection?") == "malware detection"
    assert topic_words("What are the main components of the method?") == ""  # its parts, whatever the topic
    # a noun's acronym, as an abstract spells it out, names none of it
    acronyms = {"PLM": ["pre-trained language model"], "NLP": ["natural language processing"]}
    assert is_the_noun("pretrained language models", "PLMs", acronyms)
    assert not is_the_noun("pretrained language models", "NLP", acronyms)
    assert not is_the_noun("pretrained language models", "SimCSE", acronyms)
    # ... but an acronym that says more than the noun names a kind of it
    assert is_the_noun("graph neural networks", "GNNs", {"GNN": ["graph neural networks"]})
    assert not is_the_noun("networks", "CNNs", {"CNN": ["convolutional neural networks"]})
    question = "It was tested on two multilingual datasets. Which ones, and what F1 did it get?"
    assert [names_asked(clause, question) for clause in asks(question)] == ["datasets", None]  # "which ones"
    question = "It uses ImageNet datasets and two losses. Which ones matter most?"  # losses: no names asked
    assert [names_asked(clause, question) for clause in asks(question)] == [None]
    assert names_asked("What's the license?") == "license" and names_asked("Which retailer was it?") == "retailer"


def test_a_name_written_out_capital_by_capital_is_no_other_name() -> None:
    assert names_in("We introduce a large-scale cRoss-dOmain Product Ecognition dataset, called ROPE.") == ["ROPE"]
    assert names_in("MUVERA (MUlti-VEctor Retrieval Algorithm) is fast.") == ["MUVERA"]
    # names whose capitals merely occur in another name of the sentence are names
    for first, second in [("fastText", "BERT"), ("ResNet", "RNN"), ("kNN", "GNN"), ("mBERT", "SBERT"),
                          ("ImageNet", "MINE")]:
        assert names_in(f"We compare {first} and {second} here.") == [first, second]
    # a capitalised word after the first may name something too (Adam), unless it spells an acronym out
    assert names_in("We train with Adam on CIFAR.", specific=False) == ["Adam", "CIFAR"]
    assert names_in("We train with Adam on CIFAR.") == ["CIFAR"]
    prior = sentence_prior("Which datasets does ROPE hold?")
    assert prior("Results on Clothing1M are strong.") > prior("A cRoss-dOmain Product Ecognition set, ROPE.") == 0.0


def test_names_asked_that_only_a_spelled_out_acronym_gives_are_declined(assistant: Assistant) -> None:
    """The product abstract's only capitalised words spell ROPE and COPE out; they name no encoder."""
    answer = assistant.ask("Which text and vision encoders does COPE combine?")
    assert answer.abstained and "does not name the encoders" in answer.text


def test_names_in_a_sentence_versus_a_count() -> None:
    assert not names_near("datasets", "Experimentally, we evaluate OptFS on three public datasets.", {"optfs"})
    assert names_near("datasets", "Results on the CIFAR-100 and ImageNet-1k datasets improve.", set())
    assert names_near("baselines", "It beats baselines such as TabNet and XGBoost.", set())
    assert names_near("benchmarks", "We evaluate on various benchmarks, including ScanNet and S3DIS.", set())
    assert not names_near("datasets", "We evaluate on 12 datasets, as shown in Table 2.", set())
    assert not names_near("datasets", "It covers 36 datasets, including 20 training datasets.", set())  # counts
    # the first word of a sentence is capitalised whatever it is; a name there still counts
    assert not names_near("datasets", "Many real-life datasets are of high dimensionality.", set())
    assert names_near("datasets", "ImageNet datasets are large.", set())
    assert names_near("datasets", "Yelp datasets are used for all experiments.", set())


def test_a_count_is_the_figure_next_to_the_counted_thing() -> None:
    things = counted("How many languages does the model support?")
    assert not counts_near(things, "Extensive experiments on four CCR datasets show gains.")
    assert counts_near(things, "It covers 24 widely spoken languages.")
    assert counts_near(counted("On how many datasets was it tested?"), "Experiments on four CCR datasets.")
    assert has_figure("It reaches a DSC of 0.75.", "measure") and not has_figure("Over two decades.", "measure")
    assert counts_near(counted("How many layers does it have?"), "We train a 12-layer transformer.")
    assert counted("How many GPUs trained the models?") == counted("How many GPUs?")  # not "trained"
    assert counted("How many of the datasets were used?") == counted("How many datasets?")
    assert counted("How many more parameters than BERT?") == counted("How many parameters?")
    # "MR images" is "MRI" too, four words into the question
    pseudo = counted("How many CT-derived pseudo MR images were added?")
    assert counts_near(pseudo, "It adds 377 pseudo MRI to the training set.")
    assert not counts_near(pseudo, "Eighty-One T2-weighted MRI scans from 28 patients were analyzed.")
    # ... while an acronym asked for is counted before any noun
    assert counts_near(counted("How many NVIDIA A100 GPUs did it use?"), "It trains on 64 NVIDIA A100 GPUs.")
    assert counts_near(counted("How many GB of GPU memory does it need?"), "It fits in 24 GB GPU memory.")
    hours = counted("How many training hours were needed?")  # counts hours; "training" only says which
    assert counts_near(hours, "Training took 300 GPU hours.") and not counts_near(hours, "With 20 training datasets.")
    # within the counted noun's phrase, five words at most
    benchmarks = counted("On how many benchmarks was it evaluated?")
    assert counts_near(benchmarks, "Experiments on 15 standard IR and STS benchmarks.")
    assert counts_near(counted("How many extra parameters?"), "It uses only 25% of the additional parameters.")
    # the nouns a sentence counts, for a count said otherwise: not "times", nor a word of no meaning of its own
    assert counted_nouns("IN1K's 1K classes compose 500,500 pairs, most of them distinct.") == ["pairs"]
    assert counted_nouns("It is four times faster on three datasets.") == ["datasets"]
    assert counted_nouns("It uses only 25% of the additional parameters.", shares=False) == []
    assert counted_nouns("Published in 2023 as part of ours.") == []
    assert counted_nouns("Users rate items across 3 datasets.") == ["datasets"]  # the items are not counted
    assert counted_word("How many class combinations does IN1K give?") == ("combinations", "class")
    assert counted_word("How small a top-k shows how many subsets a query can return?") == ("", "")  # a size asked
    assert counted_word("How large is the model, how many layers does it have?")[0] == "layers"  # asked again
    assert counted_word("How big is the dataset, i.e. how many images?")[0] == "images"
    # ... a share answers "how many more / extra / of the", not "how many does it have"
    assert asks_share("How many extra parameters?") and asks_share("How many of the features are kept?")
    assert not asks_share("How many parameters does it have?")
    assert asks_share("How many parameters does it fine-tune?") and asks_share("How many tokens are pruned?")
    assert asks_share("How many parameters does it need compared with LoRA?")
    assert not asks_share("How many layers do the tasks share?")
    assert not counts_near(counted("How many parameters?"), "It uses 25 percent of the additional parameters.", False)
    assert not counts_near(counted("How many parameters?"), "It uses only 25% of the additional parameters.", False)
    assert counts_near(counted("How many parameters?"), "It has 340 million parameters, 25% fewer than BERT.", False)
    assert not counts_near(benchmarks, "It is four times faster on our benchmarks.")
    # the count before a list of what the counted things are, not one whose own phrase ends at a comma
    systems = counted("In how many production systems was it evaluated?")
    assert counts_near(systems, "It serves users across five web-scale search, ads, and recommender systems.")
    assert counts_near(benchmarks, "Gains on four web-scale vision, speech, and text benchmarks.")
    assert not counts_near(benchmarks, "We use 3 GPUs, and report ImageNet, COCO, and ADE20K benchmarks.")
    assert not counts_near(benchmarks, "In 2023, large-scale web, code, and math benchmarks were released.")
    # a list before the counted noun is read through to a plural: "large production search" counts nothing
    listed = counted("How many large production search, ads and recommendation systems gained?")
    assert listed == counted("How many systems?")
    assert counts_near(listed, "It serves users across five web-scale search, ads, and recommender systems.")
    assert counts_near(listed, "Gains in five production systems.")
    assert counted("How many training, validation and test images?") == counted("How many images?")
    assert counted("How many users and items?") == counted("How many users?")
    assert counted("How many people or GPUs?") == counted("How many people?")
    assert counted("How many data points?") == counted("How many points?")  # "data" is no count noun


def test_specific_terms_and_what_an_abstract_mentions() -> None:
    assert all(map(is_specific, ["ViT-B/32", "ETTh1", "2048", "CLIP", "RoBERTa", "aTLAS", "K-means", "API-only"]))
    assert not any(map(is_specific, ["Hydra", "non-Euclidean", "Self-supervised", "7"]))
    text = PaperText("A title", "Patients with non-small cell lung cancer. Inference APIs for graph neural networks "
                                "(GNNs). Results with ViT-L/14 backbones.")
    assert text.mentions("NSCLC") and text.mentions("API") and text.mentions("GNN")
    assert not text.mentions("ViT-B/32") and not text.mentions("CycleGAN")
    chance = PaperText("A title", "A model that works with a wide array of inputs, used in k-nearest neighbor search.")
    assert chance.mentions("k-NN") and not chance.mentions("AwA")  # a mixed-case name is not an acronym
    spelled = PaperText("T", "State-of-the-art results using cubically in time, with k-nearest neighbours.")
    assert spelled.mentions("SOTA") and spelled.mentions("kNN") and not spelled.mentions("UCI")
    kernel = PaperText("T", "A kernel method derived from deep Gaussian processes.")
    assert kernel.mentions("deep-GP-derived") and not kernel.mentions("deep-NTK-derived")
    assert not PaperText("T", "Maximization of mutual information.").mentions("MI-maximization")  # not after it


def test_coverage_counts_spelled_out_acronyms() -> None:
    terms = CorpusTerms({"din": ("Deep Interest Network", "We predict click-through rate for display ads."),
                         "autoint": ("AutoInt", "CTR prediction with self-attention over sparse features."),
                         "other": ("Graphs", "Learning on directed graphs.")})
    question = "Which papers deal with CTR prediction for weather?"
    assert terms.coverage(question, ["din"]) == terms.coverage(question, ["autoint"]) > 0.3
    assert not PaperText("T", "We confirm these results.").mentions("CTR")  # a stop word inside: chance
    assert not PaperText("T", "Results using cubically in, time.").mentions("UCI")  # across a clause


def test_a_list_question_asks_for_papers_not_for_what_one_paper_studies() -> None:
    for listing in ["Which papers deal with CTR prediction?", "Are there any studies on hashing?",
                    "What recent works address retrieval?", "Which works use contrastive learning?",
                    "Are there any works on hashing?", "Any prior works?", "List similar works."]:
        assert is_paper_list_question(listing), listing
    for single in ["Which paper studies wide CNNs?", "Which theory paper studies the kernel regime?",
                   "What segmentation network works best for potholes?",
                   "In which settings did they show it works?", "Which encoder does that work with, and why it works."]:
        assert not is_paper_list_question(single), single


def test_mixed_case_acronyms_match_the_words_their_letters_start() -> None:
    text = PaperText("T", "We leverage the vision transformer for retrieval. Hyperbolic category discovery helps.")
    assert text.mentions("ViT") and text.mentions("HypCD")
    assert not PaperText("T", "A visual. Transformer").mentions("ViT")  # across a sentence
    assert not PaperText("T", "The victory of trees.").mentions("ViT") and not text.mentions("AwA")
    assert not PaperText("T", "We train via two stages.").mentions("ViT")  # "vi" only starts a longer word


def test_a_shorthand_with_a_digit_for_a_word_matches_the_words_it_shortens() -> None:
    text = PaperText("T", "A new sequence-to-sequence model maps text to SQL queries.")
    assert text.mentions("seq2seq") and text.mentions("Seq2Seq") and text.mentions("text2sql")
    assert not text.mentions("img2img") and not text.mentions("seq4seq")  # other words, another digit word
    assert text.mentions("Seq2Seq-based") and text.mentions("seq2seqs")
    assert PaperText("T", "BERT for recommendation.").mentions("BERT4Rec")
    assert not PaperText("T", "A sequence model. To sequences.").mentions("seq2seq")  # not next to each other
    assert not PaperText("T", "Each sequence. To sequences.").mentions("seq2seq")  # across a sentence


def test_the_fields_two_letter_acronyms_match_their_long_form_only() -> None:
    text = PaperText("T", "We maximize mutual information on relational databases. Time-series forecasting.")
    assert text.mentions("MI") and text.mentions("DB") and text.mentions("TS")  # hyphenated too
    assert not PaperText("T", "We study representation learning.").mentions("RL")  # initials alone: chance
    assert PaperText("T", "A reinforcement learning agent.").mentions("RL")
    assert PaperText("T", "Continual learning of tasks.").mentions("CL")  # either meaning


def test_an_acronym_compound_matches_its_spelled_out_words() -> None:
    text = PaperText("T", "Mutual information maximization is a popular objective for click-through rate models.")
    assert text.mentions("MI-maximization") and text.mentions("CTR-based")
    assert not text.mentions("MI-based")  # two letters alone match by chance: the rest must follow them
    assert not PaperText("T", "Mutual information. Maximization follows.").mentions("MI-maximization")
    assert not PaperText("T", "We use quantized learned codes.").mentions("Q-learning")  # one letter: no acronym
    assert not PaperText("T", "A model is trained.").mentions("MI-maximization")


def test_a_word_said_in_other_words_keeps_some_of_its_weight(embedder: Embedder) -> None:
    terms = CorpusTerms({"a": ("Generalization in medical imaging",
                               "Generalization error differs between medical images and natural images.")})
    credit = word_credit(SentenceScorer(embedder).embed, terms, ["a"])
    medical, photos, floorplanning = credit(["Medical", "photos", "floorplanning"])
    assert medical == pytest.approx(1.0) and photos > 0.7 > 0.4 > floorplanning
    paraphrase = "Why does the error rise for radiology scans but not for photos?"
    assert terms.coverage(paraphrase, ["a"]) < 0.1 < 0.4 < terms.coverage(paraphrase, ["a"], credit=credit)
    assert terms.coverage("How is credit card fraud detected from weather data?", ["a"], credit=credit) < 0.4
    assert terms.coverage("What is this?", ["a"], credit=credit) == 0.0  # no word the papers could cover


@pytest.mark.parametrize("question", ["What is this?", "How does it work?", "What are the results?"])
def test_a_question_that_names_nothing_is_not_answered_from_whatever_came_first(assistant: Assistant,
                                                                                question: str) -> None:
    assert assistant.ask(question).abstained and not assistant.covers(question)


def test_coined_names_point_at_their_paper_case_sensitively() -> None:
    index = NameIndex([("a", "Some Title", "We present Hydra, a framework. We create a dataset called LIMIT."),
                       ("b", "Other: Things", "We use SimCLR and Hydra-like heads."),
                       ("c", "Third", "Prior work (SimCLR) is strong.")])
    assert index.named("How does Hydra work?") == ["a"] and index.named("What is in LIMIT?") == ["a"]
    assert index.named("the infinite width limit") == []
    assert index.named("What does SimCLR do?") == []  # used by several abstracts: not one paper's name
    assert coined_names("T", "Our proposed approach, Loki, gains 29.7% over SimCLR.") == {"Loki"}
    # "namely" names what the sentence introduces, not what it lists
    assert coined_names("T", "We propose a framework, namely COPE, for products.") == {"COPE"}
    assert coined_names("T", "We evaluate on three benchmarks, namely ScanNet, S3DIS and KITTI.") == set()
    assert coined_names("T", "We compare with a strong model, namely BERT, and more.") == set()


def test_two_capitals_match_their_words_only_with_the_word_after_them_or_as_the_question_spells_them() -> None:
    texts = [PaperText("T", "Mutual information maximization is popular. Language model fine-tuning works well. We "
                            "study representation learning for robots, and representation learning again.")]
    assert _spelled_out_before("MI", "MI-maximizing methods need many samples when MI is high. Why?", texts)
    assert _spelled_out_before("LM", "Why does LM fine-tuning work?", texts)
    assert not _spelled_out_before("RL", "Does RL training help?", texts)  # "representation learning" is chance
    assert not _spelled_out_before("RL", "Is RL for robots covered?", texts)  # a function word says nothing
    assert not texts[0].mentions("RL")  # nor is a pair said twice enough
    assert not _spelled_out_before("MIT", "MIT-licensed?", texts)  # two capitals only
    # a content word further on is chance too
    assert not _spelled_out_before("RL", "Do they use RL to fine-tune the model?",
                                   [PaperText("T", "We propose a representation learning model for graphs.")])
    # ... but a question may spell out the acronym itself
    assert _spelled_out_before("MI", "Why do mutual-information-maximizing objectives fail when the true MI is large?",
                               [PaperText("T", "Estimators of dependence fail when it is large.")])
    assert not _spelled_out_before("MI", "Why do these objectives fail when the true MI is large?",
                                   [PaperText("T", "Estimators of dependence fail when it is large.")])


def test_a_word_describing_the_publication_asks_nothing_of_it(assistant: Assistant) -> None:
    """"PhD" in "the PhD thesis on ..." says what kind of paper it is; the abstract need not say it."""
    assert _DESCRIBES_THE_PAPER.findall("In the PhD thesis on X, that Google paper") == ["PhD", "Google"]
    assert _DESCRIBES_THE_PAPER.findall("Does FlashAttention work here? Is there a Mamba paper on it?") == []
    answer = assistant.ask("In the PhD thesis about dense vector representations of documents and words, which model "
                           "handles words that have several senses?")
    assert not answer.abstained and "multi-sense" in answer.text.lower()


def test_a_question_naming_two_stored_papers_is_about_them(assistant: Assistant) -> None:
    # ... only what the question itself names: a second paper in the conversation does not count
    follow_up = assistant.ask("And does G-SimCLR work for weather forecasting?",
                              history=[{"role": "user", "content": "What does Hydra do?"}])
    assert follow_up.abstained
    answer = assistant.ask("Hydra and G-SimCLR both tweak SimCLR - how does each one change what goes together in a "
                           "batch or counts as a match?")
    assert not answer.abstained
    assert {c.title for c in answer.citations} == {"Rethinking Positive Pairs in Contrastive Learning",
                                                   "G-SimCLR : Self-Supervised Contrastive Learning with Guided "
                                                   "Projection via Pseudo Labelling"}


def test_a_longer_what_about_follow_up_stays_with_the_conversation_paper(assistant: Assistant) -> None:
    answer = assistant.ask("What about the size of the production dataset?",
                           history=[{"role": "user", "content": "How does Alibaba's DIN model handle user interests?"}])
    assert not answer.abstained and "2 billion" in answer.text


def test_a_figure_set_aside_is_not_asked(assistant: Assistant) -> None:
    """"besides accuracy" asks for the other benefits, not for an accuracy figure."""
    answer = assistant.ask("What other benefits besides accuracy do they claim?",
                           history=[{"role": "user", "content": "Can contrastive learning still work when arbitrary "
                                                                "image pairs count as positives?"}])
    assert not answer.abstained


def test_a_figure_given_as_approximate_is_stated_by_one_close_to_it() -> None:
    texts = [PaperText("T", "It gives a 29.7% relative improvement over SimCLR with 12 baselines.")]
    assert _roughly_stated("30%", "is it true it gets around 30% relative improvement?", texts)
    assert not _roughly_stated("30%", "is it true it gets 30% relative improvement?", texts)  # exact: as said
    assert not _roughly_stated("35%", "does it get about 35%?", texts)
    assert not _roughly_stated("30", "around 30 datasets?", texts)  # a percentage is no count
    assert not _roughly_stated("30%", "what is it about? does it get 30% gains?", texts)  # "about" what?
    assert not _roughly_stated("80%", "does it reach around 80% accuracy?",
                               [PaperText("T", "It removes 73% of the parameters.")])  # another figure
    assert not _roughly_stated("48", "about 48 GPUs?", [PaperText("T", "a ResNet-50 backbone")])  # a name's digits
    assert _roughly_stated("1000", "about 1000 GPUs?", [PaperText("T", "trained on 1,024 GPUs")])


def test_a_yes_no_question_with_a_rounded_figure_is_answered(assistant: Assistant) -> None:
    answer = assistant.ask("Does predicting with the Frechet mean give roughly 30% relative improvement over SimCLR on "
                           "ImageNet?")
    assert not answer.abstained and "29.7%" in answer.text
