"""How the weighted-fusion parameters were chosen: a grid over keyword weight and BM25 saturation,
tuned on the even-numbered dev questions and checked on the odd-numbered ones (held out).

Run: `python benchmarks/tune_fusion.py` (needs the seed ingested: `paperchat ingest seeds/`).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from ingest.offline import OFFLINE_ENV

os.environ.update({k: v for k, v in OFFLINE_ENV.items() if k not in os.environ})  # before any library reads them

from assistant.api import Assistant
from assistant.eval import EvalResult, evaluate, load_questions
from benchmarks.report import write_section

DEV = Path(__file__).resolve().parent.parent / "tests" / "data" / "dev_questions.jsonl"


def hit1(result: EvalResult) -> float:
    answerable = [s for kind, s in result.by_kind.items() if kind != "none"]
    return sum(s.hit1 for s in answerable) / sum(s.count for s in answerable)


def main() -> None:
    questions = load_questions(DEV)
    tune, held_out = questions[::2], questions[1::2]
    assistant = Assistant()
    rows = []
    for weight in (0.1, 0.3, 0.5, 0.7, 1.0, 1.5):
        for saturation in (3.0, 8.0, 20.0):
            assistant.retriever.settings = assistant.settings.updated(keyword_weight=weight,
                                                                      keyword_saturation=saturation)
            rows.append((weight, saturation, hit1(evaluate(assistant, tune, k=4, fusion="weighted")),
                         hit1(evaluate(assistant, held_out, k=4, fusion="weighted"))))
    assistant.retriever.settings = assistant.settings
    best = max(row[2] for row in rows)
    plateau = [row for row in rows if row[2] == best]
    weight, saturation, _, held = plateau[len(plateau) // 2]
    grid = "\n".join(f"| {w} | {s} | {t:.3f} | {h:.3f} |" for w, s, t, h in rows)
    body = f"""## Fusion tuning (benchmarks/tune_fusion.py)

Weighted fusion = cosine similarity + weight * bm25 / (bm25 + saturation). Grid tuned on the
{len(tune)} even-numbered dev questions, checked on the {len(held_out)} odd-numbered ones (held out);
hit@1 over the answerable questions of each half.

The middle of the best plateau on the tuning half is weight={weight}, saturation={saturation}
(held-out hit@1 {held:.3f}). Shipped defaults: weight={assistant.settings.retrieval.keyword_weight},
saturation={assistant.settings.retrieval.keyword_saturation}.

| keyword weight | saturation | hit@1 tuning half | hit@1 held-out half |
|---|---|---|---|
{grid}
"""
    write_section("fusion-tuning", body)


if __name__ == "__main__":
    main()
