"""HTML and Markdown for the web app. Paper text is untrusted: everything from a paper is escaped
here, so a title like `<img onerror=...>` shows as text and never runs."""

from __future__ import annotations

import html
import re

from assistant import prompts
from assistant.answer import Answer
from assistant.lookup import MATCH_KINDS, CiteResult
from ingest.chunking import sentence_spans

_CONTEXT_SENTENCES = 1


# Every ASCII punctuation mark but & < > (those become entities): a backslash makes each literal, so
# no image, link, autolink (`https\://`, `www\.`), emphasis, code or HTML can form from paper text.
_MARKDOWN_PUNCTUATION = re.compile(r"""([!"#$%'()*+,\-./:;=?@\[\\\]^_`{|}~])""")


def markdown_text(text: str) -> str:
    """Untrusted text made inert for a Markdown renderer: it shows literally, nothing in it becomes a
    link, an image, HTML or formatting."""
    escaped = _MARKDOWN_PUNCTUATION.sub(r"\\\1", text)
    return escaped.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def markdown_inline(text: str) -> str:
    """Untrusted text inside Markdown formatting (a bold title, a list item), on one line."""
    return markdown_text(" ".join(text.split()))


_ESCAPED_MARKER = re.compile(r"\\\[(\d+)\\\]")


def _markdown_line(line: str) -> str:
    """A line of an answer: our own "- " list items stay lists and each `[n]` marker becomes our own link
    to source n in the sources panel (with every `(` and `:` of the text escaped no other link can
    form), everything else is literal text."""
    escaped = "- " + markdown_text(line[2:]) if line.startswith("- ") else markdown_text(line)
    return _ESCAPED_MARKER.sub(r"[[\1]](#source-\1)", escaped)


def chat_message(answer: Answer) -> str:
    """The answer as shown in the chat: checked text (escaped), citation markers kept, then any notice."""
    body = answer.table.to_markdown() if answer.table is not None else \
        "  \n".join(_markdown_line(line) for line in answer.text.split("\n"))
    if answer.notice:
        body += f"\n\n> ⚠️ {markdown_inline(answer.notice)}"  # one line: stays in the quote
    if answer.abstained and answer.backend != "cite" and not answer.citations:  # a cited decline is on topic
        body += f"\n\n> ℹ️ {prompts.ABSTAIN}"
    return body


def _link(url: str, text: str) -> str:
    if url.startswith(("https://", "http://")):
        return f'<a href="{html.escape(url)}" target="_blank" rel="noopener noreferrer">{html.escape(text)}</a>'
    return html.escape(text)


def highlighted_passage(abstract: str, start: int, end: int) -> str:
    """The supporting sentence in <mark>, with a sentence of context on each side."""
    spans = sentence_spans(abstract) or [(0, len(abstract))]
    index = next((i for i, (s, e) in enumerate(spans) if s <= start < e), 0)
    before_start = spans[max(0, index - _CONTEXT_SENTENCES)][0]
    after_end = spans[min(len(spans) - 1, index + _CONTEXT_SENTENCES)][1]
    before_start, after_end = min(before_start, start), max(after_end, end)
    return (("… " if before_start > 0 else "") + html.escape(abstract[before_start:start])
            + f"<mark>{html.escape(abstract[start:end])}</mark>" + html.escape(abstract[end:after_end])
            + (" …" if after_end < len(abstract) else ""))


def _source_actions(title: str, quote: str) -> str:
    """"Ask about this paper" / "Cite" buttons; the page's script (assistant/web/page.py) puts the text
    they carry (escaped like all paper text) in the chat box or looks it up in the Cite tab. Cite carries
    the supporting sentence: found verbatim, it names this paper even where another quotes the title."""
    ask = html.escape(prompts.ASK_ABOUT_PAPER.format(title=title))
    return (f'<div class="pc-actions"><button type="button" class="pc-action" data-action="ask" '
            f'data-text="{ask}">Ask about this paper</button><button type="button" class="pc-action" '
            f'data-action="cite" data-text="{html.escape(quote)}">Cite</button></div>')


def sources_html(answer: Answer, abstracts: dict[str, str]) -> str:
    if not answer.citations:
        return '<div class="pc-sources pc-empty">No sources for this answer.</div>'
    items = []
    for citation in answer.citations:
        passage = highlighted_passage(abstracts.get(citation.paper_id, citation.quote), citation.start, citation.end) \
            if citation.paper_id in abstracts else f"<mark>{html.escape(citation.quote)}</mark>"
        items.append(f'<li class="pc-source" value="{citation.n}"><div class="pc-title">[{citation.n}] '
                     f'{_link(citation.url, citation.title)}</div><div class="pc-passage">{passage}</div>'
                     f'{_source_actions(citation.title, citation.quote)}</li>')
    return f'<ol class="pc-sources">{"".join(items)}</ol>'


def cite_html(result: CiteResult) -> str:
    if not result.found:
        return f'<div class="pc-cite pc-empty">{html.escape(result.message)}</div>'
    items = [f'<li class="pc-cite-match"><div class="pc-title">{_link(m.ref.url, m.title)} '
             f'<span class="pc-kind">{MATCH_KINDS[m.kind].label} · {m.score:.2f}</span></div>'
             f'<div class="pc-passage"><mark>{html.escape(m.sentence)}</mark></div></li>' for m in result.matches]
    return f'<div class="pc-cite">{html.escape(result.message)}<ol>{"".join(items)}</ol></div>'
