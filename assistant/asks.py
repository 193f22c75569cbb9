"""What a question asks for, read from its wording: its clauses, a figure (a count, a size, a setting, a measure,
a named metric, a unit), names ("which datasets"), a paper ("Is there work on ..."), a reason ("why"), the
subject of a yes/no question, what a "use A for B" list uses and what for; and what in a sentence matches each
kind of answer. Used to judge answerability and to pick the sentences an answer quotes. English question forms
only; every pattern is linear (no nested unbounded repeats).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import islice, pairwise

from assistant.coverage import is_specific
from ingest.keyword_index import STOPWORD_SET, STOPWORDS, tokenize

# Sentence score priors by kind of answer, fitted on the tuning half (benchmarks/tune_answerability.py).
FIGURE_BONUS, NAMES_BONUS, INTRODUCTION_BONUS, REASON_BONUS, MEANS_BONUS = 0.2, 0.2, 0.5, 0.5, 0.5
EVALUATION_BONUS = 0.3

_AUX_VERBS = r"does|do|did|has|have|can|could|will|would|should"
_AUX = rf"is|are|was|were|{_AUX_VERBS}"
# a run of spaces is entered once, at its start (hostile text: linear)
_CLAUSE_SPLIT = re.compile(r"\?\s*|:\s+|\s-\s|;\s+|"
                           rf",?(?<!\s)\s+and\s+(?=(?:what|which|how|who|where|when|why|{_AUX})\b)", re.I)
_ASK = re.compile(rf"\b(?:what|which|how|who|where|when|why|whether)\b|^\s*(?:{_AUX})\b", re.I)
# A figure is asked for when the clause opens with the question (after one word at most, such as a preposition, and
# a hedge): "how many layers ...", "On how many datasets ...", "Up to how many cities ...", "What accuracy ...", not
# "... fix how many there are", nor "Given how large the search space is, how do they train it?" (a size it states;
# it asks a means).
_OPENER = (r"^\s*(?:(?!(?:given|since|because|as|although|though|while|whereas|despite|considering|knowing)\s)"
           r"[a-z]+\s+)?(?:(?:up\s+to|at\s+(?:most|least)|about|around|roughly|approximately|exactly)\s+)?")
# ("How fast does the error decay?" is often answered in words, "controlled by the dimension": not a figure.)
_COUNT_ASKED = re.compile(rf"{_OPENER}how\s+(?:many|large|big|small|long|few)\b", re.I)
_HOW_MANY = re.compile(r"\bhow\s+many\b", re.I)
_ASKED_AGAIN = re.compile(r"(?:[,;:(]|\b(?:i\.e\.?|e\.g\.?|in|of|on|or|and))\s*$", re.I)  # "..., i.e. (how many)"
# A share may answer "how many": more or fewer than something, or a part that is trained, kept, pruned ...
_SHARE_ASKED = re.compile(r"\bhow\s+many\s+(?:more|fewer|less|extra|additional|of)\b|"
                          r"\b(?:than|relative\s+to|vs|versus|fraction|share\s+of|percent(?:age)?|proportion|"
                          r"trainable|(?:fine-?)?tun(?:e|es|ed)|updat(?:e|es|ed)|prun(?:e|es|ed)|kept|keeps?|"
                          r"select(?:s|ed)?|activat(?:e|es|ed)|remov(?:e|es|ed)|discard(?:s|ed)?|drop(?:s|ped)?)\b",
                          re.I)
# "How long did training take?" is answered by a time ("12 hours", "two days"), not any number; "How long are the
# training sequences?" asks a count.
_DURATION_ASKED = re.compile(rf"{_OPENER}how\s+long\s+(?:does|did|do|will|would|was|were|is|are)\b[^?]{{0,80}}?"
                             r"\b(?:take|takes|took|last|lasts|lasted|train|trained)\b", re.I)
# A lead-in up to a comma, with no question word and not opening with an auxiliary, before "what", "which" or
# "how" ("In the lung MRI work, what Dice score ...").
_LEAD_IN = re.compile(rf"^(?!\s*(?:{_AUX})\b)(?:(?!\b(?:what|which|how|who|where|when|why|whether)\b)[^,])+,\s*"
                      r"(?=(?:what|which|how)\b)", re.I)
# "What is the reduction in / effect of / size of the ...": a property of the noun after it is asked, not the noun
_OF_A_PROPERTY = "of|on|over|in|for|from|across|between|against|than|with|to"
# A size is a count too ("What dimensionality ...": "2048-dimensional" answers it, no decimal needed); not "What's
# the reduction in embedding size they achieve?".
_SIZE_ASKED = re.compile(
    rf"{_OPENER}(?:what|which)(?:['\u2019]s\s+the|\s+(?:is|are|was|were)\s+the)?\s+"
    rf"(?:(?!(?:is|are|was|were|does|do|did|{_OF_A_PROPERTY})\s)[\w-]+\s+){{0,2}}?"
    r"(dimensionality|(?:embedding|feature|latent|hidden|vector|output|input)\s+(?:dimensions?|sizes?)|"
    r"batch\s+sizes?|(?:image|input)\s+resolutions?|(?:sequence|context)\s+lengths?)"
    r"(?=\s*(?:\?|$)|\s+(?:is|are|was|were|did|does|do|used|of|for|they|it|we|you)\b)", re.I)
# "What (is the) value of the SAM radius rho ...?" asks for the radius; not "the value of a larger batch" or "of
# pretraining" (what it is worth).
_VALUE_OF = re.compile(rf"({_OPENER}(?:what|which))(?:['\u2019]s)?\s+(?:(?:is|are|was|were)\s+)?(?:the\s+)?"
                       r"(?:exact\s+|numerical\s+|specific\s+)?values?\s+(?:of|for)\s+(?:the\s+)?"
                       r"(?!(?:an?|\w+ing)\b)", re.I)
# A figure asked "in millimetres" ("What Hausdorff distance in millimetres ...?", right after what is asked) is one
# given in a unit of that kind ("4.2 mm", "0.3 cm"), not any figure. Asked unit -> units of its kind in a sentence.
_TIME = r"(?:(?:gpu|tpu)[\s-])?(?:ms|milliseconds?|msecs?|secs?|seconds?|mins?|minutes?|hours?|hrs?|days?)|\s+[sh]"
_UNITS = {r"millimet(?:er|re)s|centimet(?:er|re)s|(?-i:mm|cm)": r"mm|cm|millimet(?:er|re)s?|centimet(?:er|re)s?",
          r"milliseconds|seconds|minutes|hours|days|(?-i:ms)": _TIME,
          r"gigabytes|megabytes|terabytes|(?-i:GB|MB|TB)": r"[GMT]i?B|(?:giga|mega|tera)bytes?",
          r"[gtp]?flops": r"[GTP]?FLOPs?", r"watts": r"W|watts?", r"dollars|usd": r"dollars?|USD"}
_UNIT_ASKED = re.compile(rf"{_OPENER}(?:what|which|how\s+(?:much|many|long|fast|large|big))\s+"
                         r"(?:[\w@/-]+\s+){0,4}?in\s+(?:(?:terms|units)\s+of\s+)?(" + "|".join(_UNITS) + r")\b", re.I)
# what may follow the name of a value asked for ("the temperature used", "the radius rho", "the exponent of ...")
_VALUE_FOLLOWS = r"is|are|was|were|did|does|do|used|of|for|values?|rho|tau|lambda|alpha|beta|epsilon"
_CAUSE_VERBS = r"makes?|made|causes?|caused|leads?\s+to|led\s+to"  # "what makes it fail?" asks why
_MEASURE_ASKED = re.compile(
    rf"{_OPENER}(?:how\s+much\b|by\s+what\s+(?:factor|margin|percent(?:age)?|ratio)\b"
    r"|(?:what|which)(?:['\u2019]s\s+(?:the\s+)?|\s+(?:(?:is|are|was|were|about)\s+(?:the|an?)\s+)?)"
    # not a cause or a means asked: "what makes recall differ", "what leads to higher accuracy"
    rf"(?:(?!(?:does|do|did|the|an?|{_CAUSE_VERBS}|drives?|explains?|affects?|determines?|influences?|"
    r"limits?|hurts?|improves?|helps?|reduces?|increases?|boosts?)\s)[\w'\u2019-]+\s+){0,3}?"
    r"(accuracy|score|error|rate|percentage|fraction|proportion|number|"
    r"amount|size|speed-?up|latency|throughput|cost|margin|improvement|gain|(?:up)?lift|drop|f1|auc|bleu|map|"
    r"[\w-]*(?:optimality|performance|generali[sz]ation|length|error)[\s-]+gap|compression[\s-]+ratio|"
    r"miou|iou|dice|mse|mae|"
    r"rmse|perplexity|recall|precision|ndcg|mrr|top-[15]|(?:inference|training|run|running|query|wall-clock)[\s-]+time"
    r"|(?:coefficients?|exponents?)"  # a Dice coefficient, a scaling exponent
    rf"(?=\s*(?:\?|$)|\s+(?:{_VALUE_FOLLOWS})\b)"
    r"|(?!(?:the|a|an|its|their|this|that|these|those|is|are|was|were|core|main)\s)[\w-]+\s+values?|parameter\s+count|memory\s+(?:footprint|usage|use|cost))(?![\w-]))",
    re.I)
# A setting's value, not "What momentum encoder ...": an abstract gives it, if at all, next to the setting's name
# ("a temperature of 0.07"); another figure close to the question ("improves by up to 20.7%") is no answer.
_SETTING_ASKED = re.compile(
    rf"{_OPENER}(?:what|which)(?:['\u2019]s\s+(?:the\s+)?|\s+(?:(?:is|are|was|were)\s+(?:(?:the|an?)\s+)?)?)"
    # modifiers ("neighborhood radius"), not "the effect of temperature", "paper studies weight decay"
    r"(?:(?!(?:does|do|did|the|an?|is|are|was|were|of|for|in|on|to|with|by|and|or|papers?|works?|methods?|"
    r"models?|studies|study|uses?|used|effects?|benefits?|role|impact)\s)[\w-]+\s+){0,3}?"
    r"(radius|radii|temperatures?|thresholds?|momentum|curvatures?|learning[\s-]+rates?|dropout(?:\s+rates?)?|"
    r"(?:(?<=lora\s)|(?<=lora-)|(?<=adapter\s)|(?<=low-))ranks?|"  # a LoRA rank, not a leaderboard's
    r"weight\s+decay|"
    r"(?:window|lookback|history)\s+(?:lengths?|sizes?)|lookback\s+windows?|"
    r"(?:prediction|forecast(?:ing)?)\s+horizons?)"
    r"(?:\s*\([^()]{1,12}\))?"  # its symbol: "radius (rho)"
    rf"(?=\s*(?:\?|$)|\s+(?:{_VALUE_FOLLOWS}|"
    # "... and how many heads", "... and batch size", not "dropout and normalization layers"
    r"and\s+(?:how|what|which|(?:[\w-]+\s+){0,2}(?:sizes?|rates?|decay|epochs?|steps?|lengths?|temperatures?|"
    r"momentum|radius|thresholds?|horizons?)))\b)",
    re.I)
# Things an abstract may name without the noun ("outperforms TabNet" names a baseline, "on a single A100" a GPU) ...
_DATA_NOUNS = (r"datasets?", r"benchmarks?", r"corpus|corpora")
_NAMED_BARE = (*_DATA_NOUNS, r"baselines?", r"backbones?", r"encoders?",
               r"architectures?", r"attacks?", r"optimi[sz]ers?", r"solvers?", r"librar(?:y|ies)", r"toolkits?",
               r"competitors?", r"languages?(?!\s+models?)", r"environments?", r"simulators?", r"gpus?", r"hardware",
               r"authors?", r"venues?", r"conferences?", r"journals?")
# ... and the model a paper builds on, which an abstract may name in any sentence ("we utilize ChatGPT") ...
_NAMED_ANYWHERE = (r"m?llms?", r"(?:base|foundation|backbone|pre-?trained)\s+(?:(?:language\s+)?models?|v?lms?)")
# ... and facts about a paper that an abstract states with the noun, if at all ("released under the MIT
# license"): a name elsewhere in the abstract is no answer.
_NAMED_WITH_NOUN = (r"universit(?:y|ies)", r"institutions?", r"affiliations?", r"licen[cs]es?", r"compan(?:y|ies)",
                    r"retailers?", r"hospitals?", r"organi[sz]ations?", r"laborator(?:y|ies)|labs?")
_NAMED_NOUNS = "|".join(_NAMED_BARE + _NAMED_ANYWHERE + _NAMED_WITH_NOUN)
# Not "What did the authors find" (who acts there) nor "the authors' findings", nor "What dataset property ..."
# (a property is asked).
_ATTRIBUTE_HEADS = (r"(?:propert(?:y|ies)|characteristics?|attributes?|statistics|sizes?|scales?|bias(?:es)?|shifts?|"
                    r"quality|types?|kinds?|splits?|formats?|design|choice|construction|creation|collection|results?|"
                    r"scores?|performance|metrics?)")
_NOT_BEFORE_THE_NOUN = rf"(?!(?:{_AUX}|papers|works|studies|articles|number|count|amount)\s)"
_NAMES_ASKED = re.compile(
    rf"\b(?:(?:which|what)(?:['\u2019]s)?\s+(?:{_NOT_BEFORE_THE_NOUN}[\w-]+\s+){{0,4}}?|names?\s+of\s+(?:[\w-]+\s+){{0,5}}?)"
    rf"({_NAMED_NOUNS})\b(?!['\u2019]|\s+{_ATTRIBUTE_HEADS}\b)", re.I)
# "What were the three public benchmark datasets (they used, DIN was evaluated on)?": the noun ends its phrase, or a
# clause about it follows, and no preposition comes before it, so no property of it is asked ("What is the baseline
# accuracy?", "What is the GPU count?", "What is the size of the datasets DIN was evaluated on?") and the authors do
# not act ("What were the authors able to show?").
_NAMES_ASKED_AS_SUBJECT = re.compile(
    rf"\b(?:which|what)\s+(?:is|are|was|were)\s+the\s+"
    rf"(?:{_NOT_BEFORE_THE_NOUN}(?!(?:{_OF_A_PROPERTY})\s)[\w-]+\s+){{0,3}}?({_NAMED_NOUNS})"
    r"(?=\s*(?:[?.,;:]|$)|\s+(?:they|it|we|that|which|used|employed|adopted|evaluated|tested|compared|called|named|"
    r"chosen|in|on|from|by|with)\b(?!\s+for\b)|\s+(?:the\s+)?[\w-]+\s+(?:was|were|is|are|did|does|do|has|have|had)\b)",
    re.I)
# "What kind of optimizer ..." asks for a description, "What kind of GPU ..." still for a name.
# "Which company's products was it deployed in?" asks for the company (not "What dataset's size ...?")
_WHOSE = re.compile(rf"\bwhich\s+({_NAMED_NOUNS})['\u2019]s\b", re.I)
_A_KIND_OF = re.compile(r"\b(?:kinds?|types?|sorts?)\s+of\s+(?:[\w-]+\s+){0,2}$", re.I)
_NAMED_OF_ANY_KIND = (r"gpus?", r"hardware", *_NAMED_ANYWHERE, *_NAMED_WITH_NOUN)
_WHICH_ONES = re.compile(r"\b(?:which|what)\s+ones\b", re.I)
_YES_NO = re.compile(rf"^\s*(?:{_AUX})\s+(?!there\b|anyone\b|anybody\b|i\b|we\b|you\b|it\b|they\b|this\b|that\b|"
                     r"these\b|those\b)", re.I)
_WHICH_PAPER = re.compile(
    r"^\s*(?:(?:which|what)\s+(?:[\w-]+\s+){0,2}?(?:paper|work|study|article|method|model|approach|framework|"
    r"technique|algorithm|architecture|system|thesis|survey|review)\b"
    r"|(?:is|are)\s+there\b|(?:has|have|did)\s+(?:anyone|anybody|someone)\b|any\s+(?:paper|work)\b)", re.I)
# The plural noun, not a verb after a singular one ("Which paper studies ...", "What works best ...", "in which
# settings did they show it works?"; "Any related works?" is a list).
_LIST_QUESTION = re.compile(r"\b(?:which|what|list|any)\b(?:(?!\b(?:paper|work|study|article|method|model|approach)\b)"
                            r".){0,40}\b(?:papers|(?<!\bit\s)(?<!\bthis\s)(?<!\bthat\s)"
                            r"works(?!\s+(?:best|better|well|worse)\b)|studies|articles)\b", re.I)
# "Which architecture ... in the audio-to-sheet-music work?", "Which base model does X-Cross (do they) fine-tune?":
# a part of a paper the question is about already, so the answer is a name in it, not a paper; so is what a paper
# builds on, wherever the paper is named ("Which base language model do the adapters in X-Cross build on?"), but
# not "What foundation model was proposed for ...?". A base or backbone is a part whatever the verb ("Which base LM were
# the adapters attached to?"; no tuning question asks for a paper by one), unless it "was proposed".
_PART_OF_A_PAPER = re.compile(r"^\s*(?:which|what)\s+(?:[\w-]+\s+){0,2}?(?:method|model|approach|framework|technique|"
                              r"algorithm|architecture|system)\b", re.I)
_ABOUT_A_PAPER = re.compile(r"\b(?:in|of|from|by|does|did|do)\s+(?:the|this|that)\s+(?:[\w-]+\s+){0,6}?"
                            r"(?:paper|work|study|article|thesis)\b", re.I)
_BUILT_ON = re.compile(r"^\s*(?:which|what)\s+(?:base|backbone)\b"
                       r"(?![^?]{0,80}?\b(?:was|were|is|are)\s+(?:proposed|introduced|presented|developed)\b)|"
                       r"^\s*(?:which|what)\s+(?:foundation|pre-?trained)\b[^?]{0,80}?\b(?:does|do|did)\b", re.I)
_PART_OF_A_NAMED_PAPER = re.compile(_PART_OF_A_PAPER.pattern + r"(?:\s+and\s+[\w-]+|\s*,[^,?]{1,40},)?\s+"
                                    r"(?:does|did|do)\s+"
                                    r"(?:they|it|(?-i:[A-Z][\w^-]*[A-Z0-9][\w^-]*))\b", re.I)
# "Which papers use diffusion models for video generation?" asks for papers that do both; "use X to match items"
# says what for after its verb.
_USED_FOR = re.compile(r"\b(?:(use|uses|using|employ|employs|employing|leverage|leverages|leveraging)|"
                       r"apply|applies|applying) ([^\s?][^?]{0,80}?) (for|to) ([^\s?][^?]{0,120})", re.I)
_HOW_MUCH_DOES = re.compile(rf"{_OPENER}how\s+much\s+(?:does|did|do|is|was|are|were|will|would|can|could)\s+"
                            r"(?:(?:the|its|their)\s+)?([\w@/-]+)", re.I)
_WHY = re.compile(rf"\bwhy\b|\bwhat\s+(?:{_CAUSE_VERBS})\b(?!\s+up\b)", re.I)
# A comparison word: "How do A and B differ?", "How does it compare with ...?", "what do they have in common".
COMPARISON = re.compile(r"\b(?:differ|difference|differences|compare[sd]?|comparison|in\s+common)\b", re.I)
# "How does it get pseudo labels?", "How can one ...?" ask for a means (not "how many", "how well"): the answer is
# the sentence that says by what ("We use ... and cluster them with k-means", "made efficient with CUR
# decomposition"), which words it otherwise than the question's own statement of the problem. A comparison ("How
# does it compare / differ") asks for its result ("90% lower latency"), not a means (15 tuning questions, key facts
# unchanged); "how did it do" and "how is it different" are matched: leaving out questions that perform, do, scale
# or generalise too cost key facts on the tuning half, as did leaving out the means "we propose / introduce"
# (docs/benchmarks.md, quality step 18). "Through extensive experiments" says how a claim was shown, not by what;
# "a switch mechanism is implemented to exclude ..." says by what (tuning half: key fact 3 more of 1249). "What
# makes / lets / enables it ...?" asks by what too, and "What makes / causes it ...?" why (`_WHY`): "What made the
# alignment better?" is answered "by projecting ... onto lower-dimensional subspaces", "What makes training
# converge so slowly?" by what contributes to it.
_HOW = re.compile(r"\bhow\s+(?:do|does|did|can|could|is|are|was|were|would|should|to)\b|"
                  r"\bwhat\s+(?:makes?|made|lets?|allows?|allowed|enables?|enabled|helps?|helped)\b(?!\s+up\b)",
                  re.I)
_MEANS = re.compile(r"\b(?:we (?:use|leverage|employ|apply|adopt|exploit|introduce|propose|present|design|develop)|"
                    r"by \w+ing|(?:through|via)(?!\s+(?:[\w-]+\s+){0,2}(?:experiment(?:s|al)?|evaluations?|"
                    r"analys[ie]s|ablations?|stud(?:y|ies)|simulations?)\b)|using|relying|"
                    r"(?:is|are) (?:made|achieved|done|obtained)|based on|"
                    r"(?:is|are|was|were) (?:implemented|used|employed|applied) to)\b", re.I)
# "faster or slower" offers no choice of things; "How much faster was it?" leans on an earlier turn (answer.py).
COMPARATIVES = (r"(?:faster|slower|larger|smaller|bigger|higher|lower|longer|shorter|cheaper|easier|harder|greater|"
                 r"stronger|weaker|deeper|wider|better|worse|more|less|fewer)")
_COMPARATIVE = re.compile(rf"\b{COMPARATIVES}\s+or\b|\bor\s+{COMPARATIVES}\b", re.I)
_CHOICE = re.compile(r"((?:[\w/+-]+\s+){0,2}[\w/+-]+)\s+or\s+((?:[\w/+-]+\s+){0,3}[\w/+-]+)", re.I)
_OPTIONS_ONLY = re.compile(r"(?:either\s+)?(?!(?:i|we|you|it|they|my|our|me)\b)(?:[\w./+-]+\s+){0,2}[\w./+-]+\s+or\s+"
                           r"(?:[\w./+-]+\s+){0,3}[\w./+-]+\W*", re.I)
_ALTERNATIVES = re.compile(r"\b(?:or|either|e\.g|such\s+as|etc)\b|(?<![\w-])[A-Za-z]{2,}/[A-Za-z]{2,}(?![\w/-])",
                           re.I)
_INTRODUCES = re.compile(r"\b(?:we|this (?:paper|work)|our (?:method|approach|framework|model))\b[^.]{0,40}?"
                         r"\b(?:propose|present|introduce|develop|design)|\b(?:called|named|dubbed)\b", re.I)
# "On which tasks was it evaluated?", "What did they test it on?" ask what the experiments covered: the answer is
# the sentence that reports them ("Experiments on downstream tasks, such as ...", "We conduct experiments with
# ... on three public datasets"), which a long description of the method in the question otherwise outweighs.
# Verbs only: "test accuracy", "run time" and "validation loss" ask a figure, not what the experiments covered.
_EVALUATION_ASKED = re.compile(r"\b(?:evaluat(?:e|es|ed|ing)|validat(?:e|es|ed|ing)|benchmark(?:s|ed)?|"
                               r"test(?:s|ed|ing)?(?![\s-]+(?:accuracy|sets?|errors?|loss|time|data|splits?|"
                               r"performance|scores?)\b)|experiments?|assess(?:es|ed|ing)?|tried|"
                               r"r[au]n(?![\s-]*times?\b))\b", re.I)
_EVALUATION = re.compile(r"\b(?:(?:experiments?|experimental\s+(?:results|validation|evaluation)|evaluations?|"
                         r"evaluated|validated|tested)\s+(?:on|across|with)|results\s+(?:on|across)|"
                         r"experiments?\s+(?:conducted|performed|carried\s+out)\s+on|"
                         r"we\s+(?:evaluate|test|validate|benchmark)\b[^.]{0,60}?\b(?:on|across|against)|"
                         # "We demonstrate the effectiveness of our method in task arithmetic, ..."
                         r"(?:demonstrate|show)s?\s+the\s+(?:effectiveness|efficacy)\s+of\b[^.]{0,60}?\b"
                         r"(?:in|on|across)\s+(?!\w+ing\b|general\b))", re.I)
_REASON = re.compile(r"\b(?:because|since|due to|owing to|as a result|caused by|stems? from|leads? to|reason|"
                     r"therefore|thus|hence|contribut(?:e|es|ed|ing) to|(?:which|that|this|it) results? in|"
                     r"result(?:ed|ing|s)? from|resulting in|attributed to|responsible for|explains? why|explained by|"
                     r"root causes?)\b", re.I)
_NUMBER_WORDS = (r"two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty|sixty|"
                 r"seventy|eighty|ninety|hundreds?|thousands?|millions?|billions?|dozens?|half")
_TIME_UNIT = r"(?:seconds?|secs?|minutes?|mins?|hours?|hrs?|days?|weeks?|months?|years?|epochs?|(?-i:ms))"
_DURATION = re.compile(rf"(?<![\w.^-])\d+(?:[.,]\d+)*[kKmM]?(?:\s*(?:-\s*)?(?:(?:gpu|tpu)[\s-])?{_TIME_UNIT}|\s+[sh])"
                       rf"(?![\w-])|\b(?:an?|one|{_NUMBER_WORDS})\s+(?:(?:gpu|tpu)[\s-])?{_TIME_UNIT}(?![\w-])", re.I)
_FIGURE = re.compile(rf"(?<![\w.^-])\d+(?:\.\d+)?e[-+]?\d+(?!\w|\.\d)"  # 5e-4
                     rf"|(?<![\w.^-])\d+(?:[.,]\d+)*(?:\s*(?:%|×|times\b)|x\b)?(?![A-Za-z0-9])|\b(?:{_NUMBER_WORDS})\b",
                     re.I)
_MEASURE = re.compile(r"(?<![\w.^-])\d+(?:\.\d+)?e[-+]?\d+(?!\w|\.\d)"  # 3.2e-3
                      r"|(?<![\w.^-])\d+(?:\.\d+\s*%?|\s*(?:%|×|times\b)|x\b)(?![A-Za-z0-9])", re.I)
# What answers "what size" or "what number" of something: a magnitude ("over 2 billion samples", "a 7B model",
# "100k images", "50,000 images", "7.5 MB"), not a share ("25% of the parameters" answers "what size reduction"); no
# answer to "how much did CTR improve" either.
_MAGNITUDE = re.compile(r"(?<![\w.^-])(?:\d{1,3}(?:,\d{3})+|\d+\.\d+(?!\d|\s*%)"
                        r"|\d+(?:\.\d+)?(?:\s*(?:thousand|million|billion|trillion)\b|\s*[KMGT]i?B\b"
                        r"|(?-i:[kKMB])(?![A-Za-z0-9])))", re.I)
# a size's usual letter (k, n, d, ...), not an index or a coordinate ("i=1", "x=1")
_VARIABLE_VALUE = re.compile(r"(?<![\w^.-])[kKnNmMdDTLHB]\s?(?:[=<>\u2264\u2265]|[<>]=)\s?\d")
_MAGNITUDE_ASKED = {"size", "number"}
# "what size (,|?|of|is ...)" asks the size itself, not "what size reduction" nor "the reduction in model size"
_MAGNITUDE_ENDS = re.compile(rf"\s*(?:[?,.;:)]|$)|\s+(?:of|for|in|on|used|{_AUX})\b", re.I)
_CHANGE = re.compile(r"\b(?:reduc\w*|decreas\w*|increas\w*|drops?|compression|savings?|changes?|smaller|larger|"
                     r"gains?|growth)\b", re.I)
# A named metric's stem -> how an abstract may name it.
_METRIC_FORMS = {tokenize([metric])[0][0]: forms for metric, forms in {
    "precision": r"precision", "recall": r"recall", "f1": r"f1|f-score|f-measure", "auc": r"auc|auroc|auprc|area under",
    "bleu": r"bleu", "miou": r"iou|intersection over union", "iou": r"iou|intersection over union",
    "dice": r"dice|dsc", "mse": r"mse|mean squared error", "mae": r"mae|mean absolute error",
    "rmse": r"rmse|root mean squared? error", "perplexity": r"perplexit", "ndcg": r"ndcg|discounted cumulative gain",
    "mrr": r"mrr|reciprocal rank", "latency": r"latenc|inference time|response time", "throughput": r"throughput",
}.items()}
_SIZE_FIGURE = re.compile(r"(?<![\w.^-])\d+(?:[.,]\d+)*(?:[kKMB]|\s*[x×]\s*\d+)?(?![A-Za-z0-9])")
_IN_NOUN_PHRASE = {"and", "of", "the", "a", "an"}
WORD = re.compile(r"[\w^'+-]+|[(),:;]")
_ATTACHING = {"(", ":", "such", "including", "like", "namely", "e.g", "i.e", "as", "called", "named", "dubbed",
              "termed"}
_LISTING = {"including", "such", "namely", "e.g", "like"}
FUNCTION_WORDS = set(STOPWORDS) | {"across", "over", "under", "between", "among", "via", "using", "within", "without",
                                    "through", "several", "various", "different", "standard", "public", "real-world"}
_QUANTIFIERS = {"many", "most", "some", "few", "all", "both", "existing", "large", "recent", "popular", "common",
                "other"}
_AFTER_A_NOUN_PHRASE = FUNCTION_WORDS | {"from", "than", "per", "each", "were", "had", "have"}
# Words that say what a question asks of a paper, not what it is about (see `topic_words`).
_ASK_WORDS = {"evaluate", "evaluated", "evaluation", "test", "tested", "train", "trained", "training", "use", "used",
              "uses", "run", "runs", "ran", "compare", "compared", "comparison", "against", "report", "reported",
              "show", "shown", "find", "found", "findings", "result", "results", "achieve", "achieved", "improve",
              "improved", "improvement", "gain", "outperform", "beat", "propose", "proposed", "perform", "performance",
              "work", "help", "apply", "applied", "dataset", "datasets", "data", "benchmark", "benchmarks",
              "experiment", "experiments", "method", "model", "models", "approach", "paper", "authors", "code",
              "release", "released", "available", "much", "many", "big", "large", "larger", "small", "smaller",
              "exactly", "actually", "also", "too", "anything", "similar", "like", "else", "about", "need", "needed",
              "get", "got", "called", "name", "named", "kind", "way", "ways", "key", "main", "finding", "mechanism",
              "idea", "contribution", "insight", "outcome", "takeaway", "ingredient", "ingredients", "component",
              "components", "element", "elements", "part", "parts", "piece", "pieces", "step", "steps", "problem",
              "problems", "task", "tasks", "application", "applications", "scenario", "scenarios", "advantage",
              "advantages", "benefit", "benefits", "claim", "claims", "claimed"}
_NOT_A_CHOICE = {"each", "both", "either", "neither", "other", "one", "ones", "something", "whether"}
_SPELLING_RUN = 8  # words of a name written out capital by capital ("MUlti-VEctor Retrieval Algorithm")
_IRREGULAR_PLURALS = {"people", "children", "men", "women", "criteria", "phenomena", "mice", "feet"}
_NOT_COUNTED = FUNCTION_WORDS | set(_AUX.split("|")) | {"per", "been", "be", "than"}  # end "how many X ..."
_BEFORE_COUNTED = {"of", "the", "its", "their", "these", "those", "more", "fewer", "additional", "extra", "distinct",
                   "different", "approximately", "roughly", "about"}


def asks(question: str) -> list[str]:
    """The question's clauses that ask something ("What dataset ... released", "how large is it")."""
    found = [c.strip() for c in _CLAUSE_SPLIT.split(question) if _ASK.search(c)]
    return found or [question]


def options_after(clause: str, question: str) -> str:
    """The options a fragment of their own offers right after the clause: "8 dims or 16" in "What is the smallest
    size - 8 dims or 16?", not "I think A or B" (a remark)."""
    fragments = [f.strip() for f in _CLAUSE_SPLIT.split(question)]
    for before, after in pairwise(fragments):
        if before == clause and not _ASK.search(after) and _OPTIONS_ONLY.fullmatch(after):
            return after
    return ""


def is_which_paper_question(question: str) -> bool:
    """"Which method ...", "Is there work on ...": the answer is a paper, so it names it first (not "Which
    encoder architecture is used in the sheet-music work?" nor "Which base model does X-Cross fine-tune?": a
    name in that paper)."""
    return bool(_WHICH_PAPER.match(question)) and not ((_PART_OF_A_PAPER.match(question)
                                                        and _ABOUT_A_PAPER.search(question))
                                                        or _PART_OF_A_NAMED_PAPER.match(question)
                                                        or _BUILT_ON.match(question))


def is_paper_list_question(question: str) -> bool:
    """"Which papers ...": the answer lists every matching paper."""
    return bool(_LIST_QUESTION.search(question))


def used_for(question: str) -> tuple[str, str] | None:
    """What a "use A for B" question uses and what for: ("diffusion models", "video generation")."""
    match = _USED_FOR.search(" ".join(question.split()))
    if not match:
        return None
    purpose = match.group(4)
    if match.group(1) and match.group(3).lower() == "to":  # "use X to match items ...": what after the verb
        purpose = purpose.split(maxsplit=1)[-1]
    return match.group(2), purpose


def offers_alternatives(question: str) -> bool:
    """"CT or MRI", "e.g. ...", "and/or": a list question that any of several things answers."""
    return bool(_ALTERNATIVES.search(question))


def choices(clause: str, own_names: frozenset[str] | set[str] = frozenset()) -> list[list[str]]:
    """The words of each alternative a question offers ("spectral normalization or gradient penalty" ->
    [[spectral, normalization], [gradient, penalty]]), up to three words before "or" and four after, within the
    clause's commas, leaving out the paper's own names; none when the alternatives are no things ("whether or
    not", "the key finding or result")."""
    match = _CHOICE.search(clause)
    if not match or match.group(2).lower().startswith("not") or _COMPARATIVE.search(match.group(0)):
        return []  # "faster or slower" asks how it compares, not which of two things it uses
    sides = [_content_words(side, _NOT_A_CHOICE | set(own_names)) for side in match.groups()]
    return sides if all(sides) else []


def ask_part(clause: str) -> str:
    """The clause without a lead-in that asks nothing: "In the lung MRI work, what Dice score ..." asks a
    measure, and the sentences that answer it are the ones close to "what Dice score ..."."""
    return _VALUE_OF.sub(r"\1 ", _LEAD_IN.sub("", clause), count=1)


def figure_asked(clause: str) -> str | None:
    """"duration" (how long did it take), "count" (how many), "setting" (what temperature), "measure" (what
    accuracy, how much faster), "magnitude" (what size, what number) or None."""
    clause = ask_part(clause)
    if _DURATION_ASKED.search(clause):
        return "duration"
    if _COUNT_ASKED.search(clause) or _SIZE_ASKED.search(clause):
        return "count"
    if _SETTING_ASKED.search(clause):
        return "setting"
    measure = _MEASURE_ASKED.search(clause)
    if not measure:
        return None
    magnitude = ((measure.group(1) or "").lower() in _MAGNITUDE_ASKED and _MAGNITUDE_ENDS.match(clause, measure.end())
                 and not _CHANGE.search(clause, measure.start(), measure.start(1)))
    return "magnitude" if magnitude else "measure"


def counted(clause: str) -> list[str]:
    """The stems of what "how many X Y" counts (`counted_word`), to find the figure next to it, and the acronym it
    makes with an acronym right before it ("MR images": MRI)."""
    thing, before = counted_word(clause)
    if not thing:
        return []
    # "how many pseudo MR images": "377 pseudo MRI" counts them too (MR + images)
    acronym = before + thing[0].upper() if before.isupper() and before.isalpha() and len(before) > 1 else ""
    return [stem for text in [thing, acronym] for stem in tokenize([text])[0]]


def counted_word(clause: str) -> tuple[str, str]:
    """The word "how many X Y" counts and the word before it: the first plural among its first content words
    ("how many training hours" counts hours, "how many GPUs trained ..." GPUs), else the first word; "of the",
    "more" and an aside in brackets before them are skipped, and so is a list before the noun ("how many training
    and test images"). Not a "how many" inside what follows the clause's ask ("How small a top-k shows how many
    subsets ...?" asks a size), but one that asks it again ("How large is it, i.e. how many layers?")."""
    match, opener = _HOW_MANY.search(clause), _COUNT_ASKED.search(ask_part(clause))
    if not match or (opener and not _HOW_MANY.search(opener.group())
                     and not _ASKED_AGAIN.search(clause[:match.start()])):
        return "", ""
    words: list[str] = []
    listing = False  # "how many search, ads and recommendation systems": the list's last item has the noun
    for word in (m.group() for m in islice(WORD.finditer(clause, match.end()), 16)):
        if not words and (word in {"(", ")"} or word.lower() in _BEFORE_COUNTED):
            continue
        if words and word.lower() in {",", "and", "or"} and (listing or not any(map(_is_plural, words))):
            words, listing = [], True
            continue
        if not word[:1].isalnum() or word.lower() in _NOT_COUNTED or len(words) == 4:
            break
        words.append(word)
    plural = [w for w in words if _is_plural(w)]
    if not words:
        return "", ""
    at = words.index((plural or words)[0])
    return words[at], words[at - 1] if at else ""


def _is_plural(word: str) -> bool:
    """GPUs, hours, people, not "corpus"."""
    lower = word.lower()
    return lower in _IRREGULAR_PLURALS or (lower.endswith("s") and (word[:-1].isupper()
                                                                     or not lower.endswith(("ss", "us", "is"))))


def size_noun(clause: str) -> list[str]:
    """The words of what a size question sizes ("What batch sizes ..." -> ["batch", "size"]), to find the figure
    next to them."""
    match = _SIZE_ASKED.search(ask_part(clause))
    return [word.lower().removesuffix("s") for word in match.group(1).split()] if match else []


def size_near(noun: list[str], sentence: str) -> bool:
    """A figure (128K, 256x256 too) at most four words before or after a word of the sized noun's family, or in it,
    the noun's first word in the sentence: "2048-dimensional", "a batch size of 4096" ("dimension", "dimensional"
    and "dimensionality" share their first six letters; a "vocabulary size" is no batch size)."""
    if not noun or noun[0][:6] not in sentence.lower():
        return False
    words, family = sentence.split(), noun[-1][:6]
    return any(word.lower().lstrip("(").startswith(family) and any(_SIZE_FIGURE.search(w)
                                                                    for w in words[max(0, i - 4):i + 5])
               for i, word in enumerate(words)) or any(_SIZE_FIGURE.search(w) and family in w.lower() for w in words)


def unit_asked(clause: str) -> str | None:
    """The pattern of a figure in a unit of the kind the clause asks for right after what it asks ("What latency
    in milliseconds ...?": "12 ms", "0.3 seconds", "300 GPU hours" is a time too); None when it asks none."""
    match = _UNIT_ASKED.search(ask_part(clause))
    if not match:
        return None
    units = next(forms for asked, forms in _UNITS.items() if re.fullmatch(asked, match.group(1), re.I))
    figure = rf"(?<![\w.,])\d+(?:[.,]\d+)*\s*(?:{units})(?![\w-])"
    return figure + r"|\$\s*\d" if "USD" in units else figure


def named_metric(clause: str) -> str | None:
    """The named metric a measure question asks for ("Precision@1" -> "precision", "mIoU", "latency"), which an
    abstract that reports it names too; None for "accuracy", "improvement" or "score", worded any way. "How much
    does Recall@1 drop?" names it as the subject (not "How much faster is mixed-precision training?")."""
    subject = _HOW_MUCH_DOES.search(ask_part(clause))
    stems = measured(clause) or (tokenize([subject.group(1)])[0] if subject else [])
    return next((stem for stem in stems if stem in _METRIC_FORMS), None)


def says_metric(metric: str, text: str) -> bool:
    """The text names the metric, in any of its forms ("AUROC" for AUC, "IoU" in "mIoU") or spelled out."""
    return bool(re.search(_METRIC_FORMS[metric], text, re.I))


def measured(clause: str) -> list[str]:
    """The stems of the noun a "what latency reduction / Dice score / temperature ..." question measures."""
    ask = ask_part(clause)
    match = _SETTING_ASKED.search(ask) or _MEASURE_ASKED.search(ask)
    return tokenize([match.group(1)])[0] if match and match.group(1) else []


def measure_qualifiers(clause: str) -> str:
    """The words before the noun a "what ... accuracy" question measures ("CIFAR-10 linear-eval" in "What CIFAR-10
    linear-eval accuracy ...?"): the data or model the figure is asked for, said before it rather than after it."""
    ask = ask_part(clause)
    match = _MEASURE_ASKED.search(ask)
    return ask[match.start():match.start(1)] if match and match.group(1) else ""


def asks_share(clause: str) -> bool:
    """Whether a share may answer "how many": "how many more / extra / of the ...", "... than ...", "how many
    parameters are tuned", not "How many parameters does it have?" ("25% of the additional parameters" is no count
    of them)."""
    return bool(_SHARE_ASKED.search(clause) or COMPARISON.search(clause))


def _is_share(words: list[str], j: int) -> bool:
    """"25%", "25 percent", "25 per cent"."""
    after = " ".join(words[j + 1:j + 3]).lower()
    return "%" in words[j] or after.startswith(("percent", "per cent"))


def counts_near(stems: list[str], sentence: str, shares: bool = True) -> bool:
    """A figure in one of the counted words or before it in its noun phrase, at most five words (and up to three
    items of a list) and no stop word but "and", "of" or an article apart: "four CCR datasets", "15 standard IR
    and STS benchmarks", "five web-scale search, ads, and recommender systems" and "25% of the additional
    parameters" count, "a 12-layer transformer" counts layers; "four times faster on our datasets" counts no
    datasets, nor "3 GPUs, ImageNet, COCO, and ADE20K datasets" (the figure's own phrase ends at a comma).
    Without `shares`, a percentage counts nothing (`asks_share`)."""
    words, wanted = sentence.split(), set(stems)  # "90%" stays one word
    for i, word in enumerate(words):
        word_stems = tokenize([word])[0]
        if not wanted.intersection(word_stems):
            continue
        if stems[0] not in word_stems and word.isupper() and word[-1:].isalnum() and \
                words[i + 1:i + 2] and words[i + 1].lower() not in _AFTER_A_NOUN_PHRASE:
            continue  # the acronym of "MR images" before a noun is no head: "81 MRI scans" counts scans
        if _counted_at(words, i, shares):
            return True
    return False


def counted_nouns(sentence: str, shares: bool = True) -> list[str]:
    """The plural nouns a sentence gives a count of ("377 pseudo MRI scans", "500,500 pairs"), not "four times"
    nor a word of no meaning of its own ("as", "was"); in one pass (a sentence may be a whole table)."""
    words, nouns = sentence.split(), []
    for i, word in enumerate(words):
        noun = word.strip(".,;:()")
        if noun.lower() != "times" and noun.lower() not in FUNCTION_WORDS and _is_plural(noun) and \
                tokenize([noun])[0] and _counted_at(words, i, shares):
            nouns.append(noun)
    return nouns


def _counted_at(words: list[str], i: int, shares: bool) -> bool:
    """Whether a figure counts the word at `i`: in it, or before it within its noun phrase (`counts_near`)."""
    listed = 0  # list items crossed, at most three: the walk ends within nine words
    for j in range(i, -1, -1):
        if i - j > 5 + listed:
            break
        if has_figure(words[j]) and (shares or not _is_share(words, j)) and \
                not (listed and _ends_own_phrase(words, j)):
            return True
        if j < i and words[j].lower() not in _IN_NOUN_PHRASE and words[j].lower() in STOPWORD_SET:
            break
        listed += int(j < i and words[j].endswith(",") and listed < 3)
    return False


def _ends_own_phrase(words: list[str], j: int) -> bool:
    """The figure at `j` counts what is right after it before a comma ("3 GPUs,", "In 2023,"), not a list's noun."""
    return words[j].endswith(",") or (j + 1 < len(words) and words[j + 1].endswith("s,"))


def stated_next_to(stems: list[str], sentence: str, kind: str, shares: bool = True) -> bool:
    """Whether the sentence gives a figure of `kind` next to the thing asked: a count right before the counted
    word ("four datasets"), a setting's value next to its whole name ("a learning rate of 5e-4", not "12% lower
    error rate"), a measure near its noun ("a DSC of 0.75")."""
    if kind == "count":
        return counts_near(stems, sentence, shares)
    if kind == "setting" and stems:
        words = sentence.split()
        word_stems = [set(tokenize([word])[0]) for word in words]
        for i, last in enumerate(word_stems):  # the name ends at word i: its last stem there, the rest just before
            name = set().union(*word_stems[max(0, i - len(stems) + 1):i + 1])
            near = words[max(0, i - 4):i + 5]
            if stems[-1] in last and set(stems) <= name and any(has_figure(w, kind) for w in near):
                return True
        return False
    return figure_near(stems, sentence, kind)


def figure_near(stems: list[str], sentence: str, kind: str) -> bool:
    """A figure of `kind` at most four words before one of the words, in it, or up to four words after it:
    "90% lower latency", "a DSC of 0.75"."""
    words = sentence.split()  # "90%" stays one word
    for i, word in enumerate(words):
        near = " ".join(words[max(0, i - 4):i + 5])  # "2 billion" is one figure
        if set(tokenize([word])[0]) & set(stems) and has_figure(near, kind):
            return True
    return False


def _content_words(text: str, leave_out: frozenset[str] | set[str] = frozenset()) -> list[str]:
    """The words that say what a question is about, not what kind of answer it asks."""
    return [w for w in WORD.findall(text) if w[:1].isalnum() and w.lower() not in FUNCTION_WORDS
            and w.lower() not in _ASK_WORDS and w.lower() not in leave_out]


def topic_words(question: str) -> str:
    """The question without the words that only say what kind of answer it asks: "Which datasets did they
    evaluate on?" keeps nothing, "And for malware detection?" keeps "malware detection"."""
    noun = names_asked(question)
    return " ".join(w for w in _content_words(question) if not (noun and says_noun(noun, w)))


def names_asked(clause: str, question: str = "") -> str | None:
    """The noun of "which datasets / baselines ..." when the answer is names (a paper is not: it is the answer
    to a "which method" question, never a gap). "Which ones?" asks for the last such noun of the question before
    the clause ("It was tested on two datasets. Which ones?"). The clause "Which backbone language model" asks
    for a paper only if its question does: not "Which backbone language model, and what size, does X-Cross use?"."""
    if is_which_paper_question(clause) and is_which_paper_question(question or clause):
        return None
    match = _NAMES_ASKED.search(clause) or _NAMES_ASKED_AS_SUBJECT.search(clause) or _WHOSE.search(clause)
    if match:
        noun = match.group(1)
        described = _A_KIND_OF.search(clause[:match.start(1)])
        return None if described and not any(re.fullmatch(f, noun, re.I) for f in _NAMED_OF_ANY_KIND) else noun
    ones = _WHICH_ONES.search(clause)
    if not ones:
        return None
    before = WORD.findall(question[:max(0, question.find(clause))] + clause[:ones.start()])
    plural = next((w for w in reversed(before) if len(w) > 3 and w.lower().endswith("s")
                   and w.lower() not in FUNCTION_WORDS), "")  # "two losses. Which ones?" asks for losses
    return plural if re.fullmatch(_NAMED_NOUNS, plural, re.I) else None


def named_with_noun(noun: str) -> bool:
    """Whether an abstract that names these things also says the noun (see `_NAMED_WITH_NOUN`)."""
    return any(re.fullmatch(form, noun, re.I) for form in _NAMED_WITH_NOUN)


def named_anywhere(noun: str) -> bool:
    """Whether any name in the abstract may be the answer, even where a sentence says the noun without one."""
    return any(re.fullmatch(form, noun, re.I) for form in _NAMED_ANYWHERE)


def says_noun(noun: str, text: str) -> bool:
    """The text uses the noun in any of its forms ("GPU" / "GPUs", "licence" / "license"); a noun of several
    words as a whole ("base model", not every "model")."""
    forms = _NAMED_BARE + _NAMED_ANYWHERE + _NAMED_WITH_NOUN
    form = next((f for f in forms if re.fullmatch(f, noun, re.I)), re.escape(noun))
    return bool(re.search(rf"\b(?:{form})\b", text, re.I) or
                (" " not in noun and set(tokenize([noun])[0]) & set(tokenize([text])[0])))


def is_the_noun(noun: str, word: str, acronyms: dict[str, list[str]]) -> bool:
    """Whether the word is the noun itself, or an acronym the abstracts spell out in no more words than the noun
    has ("PLMs", "pre-trained language model", for "pretrained language models"), so names none of the things the
    noun stands for; "CNNs" ("convolutional neural networks") names a kind of network."""
    singular = word[:-1] if word.endswith("s") else word
    stems = set(tokenize([noun.replace("-", "")])[0])
    return says_noun(noun, word) or any(set(tokenize([long.replace("-", "")])[0]) <= stems
                                        for long in acronyms.get(word, acronyms.get(singular, [])))


def has_figure(sentence: str, kind: str = "count") -> bool:
    """A number in the sentence (not an enumeration "(1)"). A measure needs a decimal, % or multiplier; a magnitude
    a size ("2 billion", "7B"); a duration a time ("12 hours", "two days") or a number of epochs; a count or a
    setting any number ("5e-4" too). A variable's value ("for k > 10", "N = 50") is a size, a count or a setting,
    not a measure ("for k > 10, recall-vs-cost trade-offs" gives no recall@100)."""
    pattern = {"measure": _MEASURE, "magnitude": _MAGNITUDE, "duration": _DURATION}.get(kind, _FIGURE)
    return bool(kind not in ("measure", "duration") and _VARIABLE_VALUE.search(sentence)) or any(
        not (m.start() > 0 and sentence[m.start() - 1] == "(" and sentence[m.end():m.end() + 1] == ")")
        for m in pattern.finditer(sentence))


def name_like(token: str, sentence_start: bool = False) -> bool:
    """A token that names something (ImageNet, ETTh1, Adam); a number only counts ("20 datasets")."""
    if not any(c.isalpha() for c in token):
        return False
    return is_specific(token) or (token[:1].isupper() and not sentence_start and token[1:].islower() and len(token) > 2)


def names_in(sentence: str, specific: bool = True) -> list[str]:
    """The words of a sentence that may name something (ImageNet, TabNet; with `specific` off, any capitalised
    word after the first too: Adam), but not those of a name written out capital by capital: "cRoss-dOmain
    Product Ecognition dataset, called ROPE", "MUVERA (MUlti-VEctor Retrieval Algorithm)", whose capitals, over
    a run of at most eight words, spell an all-capitals word of the sentence."""
    words = WORD.findall(sentence)
    acronyms = {w for w in words if len(w) >= 2 and w.isalpha() and w.isupper()}
    spelled: set[int] = set()
    for i in range(len(words)):
        capitals = ""
        for j in range(i, min(i + _SPELLING_RUN, len(words))):
            upper = "".join(c for c in words[j] if c.isupper())
            if not upper:
                break
            capitals += upper
            if capitals in acronyms and j > i:
                spelled.update(range(i, j + 1))
    return [w for k, w in enumerate(words)
            if k not in spelled and name_like(w, k == 0) and (is_specific(w) or not specific)]


_DATA_NOUN = re.compile("|".join(_DATA_NOUNS), re.I)
_EVALUATED_ON = {"on", "across", "over"}  # "experiments on ImageNet", "across a diverse set of the BEIR"
_EVALUATED_ON_WORDS = 6  # from the preposition to the name at most
_NOT_A_NAME = FUNCTION_WORDS | _QUANTIFIERS | {"one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
                                               "ten", "several", "extensive", "numerous"}


def bare_names(noun: str, sentence: str) -> list[str]:
    """The names a sentence may give for `noun` without saying it. Data is named as data: where something is
    evaluated on it ("On ImageNet, ...", "across a diverse set of the BEIR") or right before a data noun ("BEIR
    retrieval datasets" for "which benchmark"), not anywhere ("re-rank items retrieved using a dual-encoder or
    TF-IDF" names no dataset; "Four public datasets ..." counts them). Anything else is named anywhere."""
    if not _DATA_NOUN.fullmatch(noun):
        return names_in(sentence)
    words = WORD.findall(sentence)

    def is_name(k: int) -> bool:
        return 0 <= k < len(words) and words[k].lower() not in _NOT_A_NAME and name_like(words[k], k == 0)

    found = []
    for i, word in enumerate(words):
        if word.lower() in _EVALUATED_ON:
            after = words[i + 1:i + 1 + _EVALUATED_ON_WORDS]
            stop = next((j for j, w in enumerate(after) if not w[:1].isalnum()), len(after))  # within its phrase
            found += [w for j, w in enumerate(after[:stop]) if is_name(i + 1 + j)][:1]
        elif _DATA_NOUN.fullmatch(word):
            found += [words[k] for k in (i - 1, i - 2) if is_name(k)][:1]
    return found


# An optimizer or solver the paper derives is often described, not named: "a block-coordinate bound optimizer"
# answers "which optimizer". Data, baselines and encoders are named ("four real-world datasets" only counts them, "2D
# vision and text encoders" says which kinds: on the tuning half, two absent details answered).
_DESCRIBED = re.compile(r"optimi[sz]ers?|solvers?", re.I)
_DETERMINERS = {"a", "an", "the", "our", "its", "their", "this", "that"}
_VAGUE_MODIFIERS = {"novel", "simple", "efficient", "effective", "proposed", "single", "computationally", "suitable",
                    "powerful", "general", "specific", "final", "default", "modern", "prior", "popular", "standard",
                    "same", "underlying", "resulting", "following", "second", "better"}


def described_near(noun: str, sentence: str, asked: set[str]) -> bool:
    """Whether the sentence describes the optimizer or solver `noun` asks for by its kind: a noun phrase from a
    determiner to the noun itself ("a computationally efficient block-coordinate bound optimizer"), with a modifier
    that says more than "new", "efficient" or a word the question says itself (`asked`, lower case). Not "convex
    optimization", "we reduce optimizer memory", "Unlike prior optimizers"."""
    if not _DESCRIBED.fullmatch(noun):
        return False
    words, vague = WORD.findall(sentence), _QUANTIFIERS | _VAGUE_MODIFIERS | asked
    for i, word in enumerate(words):
        if not (_DESCRIBED.fullmatch(word) and says_noun(noun, word)):  # a solver is no optimizer
            continue
        modifiers = []
        for previous in reversed(words[max(0, i - 5):i]):
            if previous.lower() in _DETERMINERS:
                if any(m[:1].isalpha() and len(m) > 3 and m not in vague for m in modifiers):
                    return True
                break
            if not previous[:1].isalnum() or previous.lower() in FUNCTION_WORDS:
                break
            modifiers.append(previous.lower())
    return False


def names_near(noun: str, sentence: str, known: set[str]) -> bool:
    """Whether the sentence names the things `noun` refers to ("CIFAR-100 and ImageNet datasets",
    "baselines such as TabNet") rather than only counting them ("three public datasets")."""
    words = WORD.findall(sentence)
    for i, word in enumerate(words):
        if not says_noun(noun, word):
            continue
        left = []
        for previous in reversed(words[max(0, i - 4):i]):  # up to a quantifier: "Many real-life datasets"
            if previous.lower() in FUNCTION_WORDS | _QUANTIFIERS or previous in {"(", ")", ":", ";"}:
                break
            left.append(previous)
        # "benchmarks such as ScanNet", "benchmarks, including ScanNet" (not "datasets, as shown in Table 2")
        comma = words[i + 1:i + 2] == [","]
        after = i + 2 if comma else i + 1
        attaching = _LISTING if comma else _ATTACHING
        right = words[after:after + 7] if after < len(words) and words[after].lower() in attaching else []
        if any(name_like(w) and w.strip("'").lower() not in known for w in left + right):
            return True
    return False


def yes_no_subject(clause: str, own_names: set[str]) -> list[str]:
    """Up to three content words of what a yes/no question is about, up to the first comma, leaving out the
    paper's own names: "Is the code for Hydra, the ... framework, released" -> [code]. Empty if not yes/no."""
    if not _YES_NO.match(clause):
        return []
    subject: list[str] = []
    for word in WORD.findall(_YES_NO.sub("", clause, count=1)):
        if word in {",", ";", ":", "("} or len(subject) == 3:
            break
        if word[:1].isalnum() and word.lower() not in FUNCTION_WORDS and word.lower() not in own_names:
            subject.append(word)
    return subject


@dataclass(frozen=True)
class SentencePrior:
    """What makes a sentence a likely answer beyond its similarity to the question: a figure of the kind
    asked for, names when names are, the paper's introduction of itself when the answer is a paper, a
    reason when the question asks why, a means when it asks how, the report of the experiments when it asks
    what they covered."""
    figure: str | None
    names: bool
    paper: bool
    reason: bool
    means: bool
    evaluation: bool
    asked: frozenset[str]
    figure_of: tuple[str, ...] = ()  # stems of what the figure measures or counts
    shares: bool = True  # whether a share ("25% of the parameters") may be the count asked for

    def __call__(self, sentence: str) -> float:
        # a figure counts twice next to what it measures ("a DSC of 0.75" for a Dice score, "four datasets")
        return (FIGURE_BONUS * bool(self.figure and has_figure(sentence, self.figure))
                + FIGURE_BONUS * bool(self.figure and self.figure_of
                                      and stated_next_to(list(self.figure_of), sentence, self.figure, self.shares))
                + NAMES_BONUS * (self.names and any(w.lower() not in self.asked
                                                    for w in names_in(sentence, specific=False)))
                + INTRODUCTION_BONUS * (self.paper and bool(_INTRODUCES.search(sentence)))
                + REASON_BONUS * (self.reason and bool(_REASON.search(sentence)))
                + EVALUATION_BONUS * (self.evaluation and bool(_EVALUATION.search(sentence)))
                + MEANS_BONUS * (self.means and bool(_MEANS.search(sentence))))


def sentence_prior(question: str, acronyms: dict[str, list[str]] | None = None, part: str = "") -> SentencePrior:
    """`acronyms`: those the stored abstracts define (the corpus's index), for what a figure measures; only a
    sentence that uses one can gain by it. `part`: one part of the question (`asks`) whose prior this is; the
    question still gives the words already said and what "which ones" refers to."""
    clauses = [part] if part else asks(question)
    asked = part or question
    figures = [(kind, clause) for clause in clauses if (kind := figure_asked(clause))]
    kind, clause = figures[0] if figures else (None, "")
    return SentencePrior(kind, any(names_asked(c, question) for c in clauses),
                         is_which_paper_question(asked), bool(_WHY.search(asked)),
                         bool(_HOW.search(asked)) and not COMPARISON.search(asked),
                         bool(_EVALUATION_ASKED.search(asked)),
                         frozenset(w.lower() for w in WORD.findall(question)),
                         tuple(with_acronyms(counted(clause) or measured(clause), acronyms or {})), asks_share(clause))


def with_acronyms(stems: list[str], acronyms: dict[str, list[str]]) -> list[str]:
    """The stems of a measured or counted noun and of the acronyms defined for it: a "Dice score" is given as
    "DSC of 0.75" after "Dice similarity coefficient (DSC)"."""
    return stems + [acronym.lower() for acronym, forms in acronyms.items()
                    if stems and any(set(stems) <= set(tokenize([form])[0]) for form in forms)]
