"""paperchat's assistant: retrieval and cited answers over the ingested papers."""

from assistant.answer import Answer, QuestionError, Sources
from assistant.api import Assistant, PaperInfo
from assistant.citations import Citation
from assistant.retrieval import Filters, PaperHit, Passage

__all__ = ["Answer", "Assistant", "Citation", "Filters", "PaperHit", "PaperInfo", "Passage", "QuestionError", "Sources"]
