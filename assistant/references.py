"""Ready-to-paste references for a stored paper (a `PaperRecord`): BibTeX, APA-like text and Markdown."""

from __future__ import annotations

import re
import unicodedata

from ingest.records import PaperRecord, normalise_title

_KEY_SKIP = {"a", "an", "the", "on", "of", "for", "in", "to", "and", "with", "via", "towards", "is", "what", "do"}
_BIBTEX_SPECIAL = {"\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "%": r"\%", "&": r"\&", "#": r"\#",
                   "_": r"\_", "^": r"\^{}", "~": r"\~{}", "$": r"\$"}


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


def bibtex_key(ref: PaperRecord) -> str:
    """firstauthorYEARfirstword; without authors, the first two title words (and the year if known)."""
    words = _significant_words(ref.title) or ["paper"]
    if ref.authors:
        last = _key_words(ref.authors[0])[-1:] or ["anon"]
        return f"{last[0]}{ref.year}{words[0]}"
    return f"{words[0]}{ref.year}{words[1] if len(words) > 1 else ''}"


def _letters(n: int) -> str:
    """0 -> 'a', 25 -> 'z', 26 -> 'aa', ..."""
    letters = ""
    n += 1
    while n:
        n, rest = divmod(n - 1, 26)
        letters = chr(ord("a") + rest) + letters
    return letters


def unique_keys(refs: list[PaperRecord]) -> dict[str, str]:
    """paper id -> BibTeX key, every key once: papers whose keys would collide get 'a', 'b', ... suffixes,
    skipping any key another paper already has."""
    base = {ref.id: bibtex_key(ref) for ref in refs}
    keys = list(base.values())
    taken = {key for key in keys if keys.count(key) == 1}
    unique = {}
    for pid, key in base.items():
        if key not in taken:
            n = 0
            while f"{key}{_letters(n)}" in taken:
                n += 1
            key = f"{key}{_letters(n)}"
            taken.add(key)
        unique[pid] = key
    return unique


def bib_file(refs: list[PaperRecord]) -> str:
    """A .bib of these papers (each once, in order), every key unique."""
    papers = list({ref.id: ref for ref in refs}.values())
    keys = unique_keys(papers)
    return "\n\n".join(bibtex(ref, key=keys[ref.id]) for ref in papers) + ("\n" if papers else "")


def _escape(text: str) -> str:
    return "".join(_BIBTEX_SPECIAL.get(char, char) for char in text)


def bibtex(ref: PaperRecord, key: str | None = None) -> str:
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


def apa(ref: PaperRecord) -> str:
    year = ref.year or "n.d."
    where = f" arXiv:{ref.arxiv_id}." if ref.arxiv_id else (f" Hugging Face Daily Papers ({ref.published})."
                                                            if ref.published else "")
    link = f" {ref.url}" if ref.url else ""
    if ref.authors:
        names = [_apa_author(a) for a in ref.authors]
        authors = names[0] if len(names) == 1 else ", ".join(names[:-1]) + ", & " + names[-1]
        return f"{authors} ({year}). {ref.title}.{where}{link}"
    return f"{ref.title}. ({year}).{where}{link}"


def markdown(ref: PaperRecord) -> str:
    title = f"[{ref.title}]({ref.url})" if ref.url else f"*{ref.title}*"
    authors = (ref.authors[0] + (" et al." if len(ref.authors) > 1 else "")) if ref.authors else ""
    tail = ", ".join(part for part in (authors, ref.year) if part)
    return f"{title}" + (f" ({tail})" if tail else "")
