"""Papers named in a question ("the Matryoshka paper", "AutoInt", a quoted title), and fuzzy title
lookup for half-remembered titles. Names are words the embedding model has never seen, so dense
search alone misses them."""

from __future__ import annotations

import re

from rapidfuzz import fuzz, process

from assistant.coverage import SAME_WORD_PREFIX
from ingest.keyword_index import STOPWORD_SET
from ingest.records import normalise_title

_TOKEN = re.compile(r"[\w^'-]+|[^\w\s^'-]+")  # words and runs of punctuation; linear, no backtracking
_QUOTED = re.compile(r"[\"“'‘]([^\"”'’]{4,200})[\"”'’]")
_MAX_NAME_WORDS = 30
_MAX_PHRASES = 40  # fuzzy lookups per question: bounds the cost of a pathological question
_FILLER = {"the", "a", "an", "this", "that", "what", "which", "did", "does", "do", "in", "of", "from", "about",
           "on", "say", "says", "said", "show", "shows", "tell", "me", "is", "was", "how", "why", "where"}
_AFFIXES = {"based", "style", "like", "inspired", "esque", "driven", "aware", "free", "wise"}  # "LASSO-based"
_DISTINCTIVE_TITLES = 2  # a description's word in at most this many titles points to them ("medical"; not "deep")
_DETERMINERS = {"the", "a", "an", "this", "that", "these", "those"}  # "that paper" names none
# Right before "paper", what kind of paper it is, not its name ("Which theory paper ...").
_KIND_OF_PAPER = {"theory", "theoretical", "empirical", "survey", "review", "position", "benchmark", "dataset",
                  "recent", "new", "latest", "other", "same", "earlier", "previous", "original", "related"}


class TitleIndex:
    def __init__(self, papers: list[tuple[str, str]]):
        """`papers`: (paper id, title) pairs."""
        self.ids = [pid for pid, _ in papers]
        self.titles = [title for _, title in papers]
        self.normalised = [normalise_title(title) for title in self.titles]
        # Exact names and titles looked up by the question's n-grams: cost independent of corpus size.
        self.by_name: dict[str, list[str]] = {}
        for pid, title, normalised in zip(self.ids, self.titles, self.normalised, strict=True):
            short = normalise_title(title.split(":")[0]) if ":" in title else ""
            for key in {short if len(short) >= 4 else "", normalised if len(normalised) >= 12 else ""} - {""}:
                self.by_name.setdefault(key, []).append(pid)
        self.first_words = {key.split()[0] for key in self.by_name}
        self.position = {pid: i for i, pid in enumerate(self.ids)}
        self.prefixes = [{word[:SAME_WORD_PREFIX] for word in normalised.split()} for normalised in self.normalised]
        self.titles_with: dict[str, int] = {}  # a word's first letters -> how many titles have a word so begun
        for prefixes in self.prefixes:
            for prefix in prefixes:
                self.titles_with[prefix] = self.titles_with.get(prefix, 0) + 1
        self.max_words = min(_MAX_NAME_WORDS, max((len(key.split()) for key in self.by_name), default=0))

    def unique_match(self, phrase: str) -> str | None:
        """The one paper whose title contains `phrase` (fuzzily), or None if none or several do."""
        words = [w for w in normalise_title(phrase).split() if w not in _FILLER]
        if not words or len(" ".join(words)) < 4:
            return None
        matches = process.extract(" ".join(words), self.normalised, scorer=fuzz.partial_ratio,
                                  score_cutoff=90, limit=2)
        return self.ids[matches[0][2]] if len(matches) == 1 else None

    def named(self, question: str) -> list[str]:
        """Ids of the papers the question refers to by name or title."""
        words = normalise_title(question).split()
        found = [pid for start, word in enumerate(words) if word in self.first_words
                 for size in range(1, self.max_words + 1)
                 for pid in self.by_name.get(" ".join(words[start : start + size]), [])]
        # One quoted lower-case word is a scare quote ("its 'view' generators"), not a title or a name.
        phrases = [(m.group(1), m.group(1)) for m in _QUOTED.finditer(question)
                   if " " in m.group(1) or not m.group(1).islower()]
        tokens = _TOKEN.findall(question)
        for at, token in enumerate(tokens):
            if token.lower().split("'")[0] not in {"paper", "papers"}:
                continue
            before: list[str] = []  # up to 5 words right before "paper", not across punctuation or "the"/"that"
            for previous in reversed(tokens[max(0, at - 5):at]):
                if not re.match(r"[\w^'-]", previous) or previous.lower() in _DETERMINERS:
                    break
                before.insert(0, previous)
            before = [word for word in before if word.lower() not in _KIND_OF_PAPER]
            phrases += [(" ".join(before[-size:]), " ".join(before)) for size in range(1, len(before) + 1)]
        for phrase, description in phrases[:_MAX_PHRASES]:
            pid = self.unique_match(phrase)
            if pid and not self._describes_another(phrase, description, pid):
                found.append(pid)
                break
        return list(dict.fromkeys(found))

    def _describes_another(self, phrase: str, description: str, pid: str) -> bool:
        """"the medical metric learning paper": "metric learning" matches one title, but "medical", a word of
        one or two other titles that this one lacks, says the paper is another ("the famous Matryoshka paper", "the
        deep Matryoshka paper" are that one). The description is the title words right before "paper", back to a
        function word or a word of no title ("How do MUVERA and Matryoshka paper differ?", "Can you summarize
        Matryoshka paper?" describe it by "Matryoshka" alone)."""
        words: list[str] = []
        for word in reversed(normalise_title(description).split()):
            if word in STOPWORD_SET or len(word) < 3 or word[:SAME_WORD_PREFIX] not in self.titles_with:
                break
            words.append(word)
        own = self.prefixes[self.position[pid]]
        extra = {word[:SAME_WORD_PREFIX] for word in set(words) - set(normalise_title(phrase).split()) - _AFFIXES}
        return any(self.titles_with[prefix] <= _DISTINCTIVE_TITLES and prefix not in own for prefix in extra)

    def fuzzy(self, text: str, limit: int = 5, cutoff: float = 85) -> list[tuple[str, float]]:
        """(paper id, 0-100 score) for titles resembling `text` despite typos, reordering or missing
        words. Missing words only count when the text is a good part of the title (else every title
        containing "learning" would match "learning")."""
        query = normalise_title(text)
        scores: dict[int, float] = {}
        for _, score, index in process.extract(query, self.normalised, scorer=fuzz.token_sort_ratio,
                                               score_cutoff=cutoff, limit=limit):
            scores[index] = score
        if len(query.split()) >= 3:
            for _, score, index in process.extract(query, self.normalised, scorer=fuzz.token_set_ratio,
                                                   score_cutoff=cutoff, limit=limit):
                if len(query) >= 0.5 * len(self.normalised[index]):
                    scores[index] = max(scores.get(index, 0.0), score * 0.95)
        ranked = sorted(scores.items(), key=lambda item: -item[1])[:limit]
        return [(self.ids[index], float(score)) for index, score in ranked if score >= cutoff]
