"""Take answers away: an answer as Markdown with numbered footnotes (title, link, quoted sentence), and
a whole conversation as Markdown plus a .bib file whose keys are the ones the footnotes name.

Answer and paper text is untrusted: it is made inert with `markdown_text`, so the exported file shows
it literally in any Markdown viewer; only http(s) paper URLs become links."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from assistant.references import bib_file, unique_keys
from assistant.render import markdown_inline, markdown_text
from ingest.records import PaperRecord

if TYPE_CHECKING:
    from assistant.answer import Answer
    from assistant.citation_check import Citation

_ESCAPED_MARKER = re.compile(r"\\\[(\d+)\\\]")
_SAFE_URL = re.compile(r"https?://[^\s<>()\[\]\\]+")


def _link(title: str, url: str) -> str:
    return f"[{markdown_inline(title)}]({url})" if _SAFE_URL.fullmatch(url) else markdown_inline(title)


def _body(answer: Answer, numbers: dict[int, int]) -> str:
    """The answer's lines made inert, each `[n]` turned into the footnote reference `[^m]`."""
    if answer.table is not None:
        return answer.table.to_markdown().rstrip()
    lines = []
    for line in answer.text.split("\n"):
        escaped = "- " + markdown_text(line[2:]) if line.startswith("- ") else markdown_text(line)
        lines.append(_ESCAPED_MARKER.sub(lambda m: f"[^{numbers.get(int(m.group(1)), m.group(1))}]", escaped))
    return "  \n".join(lines)


def _footnote(number: int, citation: Citation, key: str | None) -> str:
    cite_key = f"[@{key}] " if key else ""
    quote = markdown_inline(citation.quote)
    return f"[^{number}]: {cite_key}{_link(citation.title, citation.url)}: \u201c{quote}\u201d"


def answer_markdown(answer: Answer, first: int = 1, keys: dict[str, str] | None = None) -> str:
    """`answer` with footnotes numbered from `first`; `keys` (paper id -> BibTeX key) adds `[@key]`."""
    numbers = {c.n: first + i for i, c in enumerate(answer.citations)}
    parts = [_body(answer, numbers)]
    if answer.notice:
        parts.append(f"> {markdown_inline(answer.notice)}")
    notes = [_footnote(numbers[c.n], c, (keys or {}).get(c.paper_id)) for c in answer.citations]
    if notes:
        parts.append("\n".join(notes))
    return "\n\n".join(parts) + "\n"


def conversation_markdown(answers: list[Answer], refs: dict[str, PaperRecord]) -> tuple[str, str]:
    """(Markdown, BibTeX) of a conversation: each question as a heading, its answer with footnotes
    numbered across the whole conversation, each footnote naming the key of its .bib entry."""
    cited = [refs[c.paper_id] for a in answers for c in a.citations if c.paper_id in refs]
    keys = unique_keys(list({ref.id: ref for ref in cited}.values()))
    sections, first = ["# paperchat conversation"], 1
    for answer in answers:
        sections.append(f"## {markdown_inline(answer.question)}\n\n{answer_markdown(answer, first, keys)}")
        first += len(answer.citations)
    return "\n\n".join(sections).rstrip() + "\n", bib_file(cited)
