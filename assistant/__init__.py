"""paperchat's assistant: retrieval and cited answers over the ingested papers."""

from assistant.api import Assistant, PaperInfo
from assistant.retrieval import Filters, PaperHit, Passage

__all__ = ["Assistant", "Filters", "PaperHit", "PaperInfo", "Passage"]
