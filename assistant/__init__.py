"""paperchat's assistant: retrieval and cited answers over the ingested papers."""

import ingest  # noqa: F401  (first: sets the process environment before numpy and torch load; ingest/offline.py)
from assistant.answer import Answer, AnswerStream, QuestionError
from assistant.api import Assistant
from assistant.citation_check import Citation
from assistant.retrieval import Filters, PaperHit, Passage
from ingest.records import PaperRecord

__all__ = ["Answer", "AnswerStream", "Assistant", "Citation", "Filters", "PaperHit", "PaperRecord", "Passage",
           "QuestionError"]
