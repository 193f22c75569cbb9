"""Ready-to-paste references for a stored paper: BibTeX, APA-like text and Markdown."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from ingest.records import normalise_title

_KEY_SKIP = {"a", "an", "the", "on", "of", "for", "in", "to", "and", "with", "via", "towards", "is", "what", "do"}
_BIBTEX_SPECIAL = {"\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "%": r"\%", "&": r"\&", "#": r"\#",
                   "_": r"\_", "^": r"\^{}", "~": r"\~{}", "$": r"\$"}


@dataclass(frozen=True)
class PaperRef:
    id: str
    title: str
    authors: tuple[str, ...] = ()
    published: str = ""  # "2022-05-26" from APIs, or "Oct 9" from the Daily Papers page
    url: str = ""
    arxiv_id: str = ""

    @property
    def year(self) -> str:
        match = re.match(r"^(\d{4})", self.published)
        return match.group(1) if match else ""


def _key_words(text: str) -> list[str]:
    """ASCII words for BibTeX keys (accents folded; other scripts dropped, keys must be ASCII)."""
    folded = unicodedata.normalize("NFKD", normalise_title(text)).encode("ascii", "ignore").decode()
    return re.findall(r"[a-z0-9]+", folded)


def _significant_words(title: str) -> list[str]:
    """Title words for keys; a number joins the word before it ('BT^2' -> 'bt2')."""
    words: list[str] = []
    for word in _key_words(title):
        if word.isdigit() and words:
            words[-1] += word
        else:
            words.append(word)
    return [w for w in words if w not in _KEY_SKIP] or words


def bibtex_key(ref: PaperRef) -> str:
    """firstauthorYEARfirstword; without authors, the first two title words (and the year if known)."""
    words = _significant_words(ref.title) or ["paper"]
    if ref.authors:
        last = _key_words(ref.authors[0])[-1:] or ["anon"]
        return f"{last[0]}{ref.year}{words[0]}"
    return f"{words[0]}{ref.year}{words[1] if len(words) > 1 else ''}"


def _escape(text: str) -> str:
    return "".join(_BIBTEX_SPECIAL.get(char, char) for char in text)


def bibtex(ref: PaperRef, key: str | None = None) -> str:
    fields = [("title", "{" + _escape(ref.title) + "}")]
    if ref.authors:
        fields.append(("author", " and ".join(_escape(a) for a in ref.authors)))
    if ref.year:
        fields.append(("year", ref.year))
    if ref.arxiv_id:
        fields += [("eprint", ref.arxiv_id), ("archivePrefix", "arXiv")]
    if ref.url:
        fields.append(("url", ref.url))
    if ref.published and not ref.year:
        fields.append(("note", f"Hugging Face Daily Papers, {_escape(ref.published)}"))
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    return f"@misc{{{key or bibtex_key(ref)},\n{body}\n}}"


def _apa_author(name: str) -> str:
    parts = name.split()
    return f"{parts[-1]}, {' '.join(p[0] + '.' for p in parts[:-1])}".strip(", ") if parts else name


def apa(ref: PaperRef) -> str:
    year = ref.year or "n.d."
    where = f" arXiv:{ref.arxiv_id}." if ref.arxiv_id else (f" Hugging Face Daily Papers ({ref.published})."
                                                            if ref.published else "")
    link = f" {ref.url}" if ref.url else ""
    if ref.authors:
        names = [_apa_author(a) for a in ref.authors]
        authors = names[0] if len(names) == 1 else ", ".join(names[:-1]) + ", & " + names[-1]
        return f"{authors} ({year}). {ref.title}.{where}{link}"
    return f"{ref.title}. ({year}).{where}{link}"


def markdown(ref: PaperRef) -> str:
    title = f"[{ref.title}]({ref.url})" if ref.url else f"*{ref.title}*"
    authors = (ref.authors[0] + (" et al." if len(ref.authors) > 1 else "")) if ref.authors else ""
    tail = ", ".join(part for part in (authors, ref.year) if part)
    return f"{title}" + (f" ({tail})" if tail else "")
