"""HTML and Markdown for the web app. Paper text is untrusted: everything from a paper is escaped
here, so a title like `<img onerror=...>` shows as text and never runs."""

from __future__ import annotations

import html

from assistant.answer import Answer
from assistant.cite import CiteResult
from ingest.chunking import sentence_spans

_CONTEXT_SENTENCES = 1


def markdown_text(text: str) -> str:
    """Untrusted text made inert for a Markdown renderer: any HTML in it shows as text."""
    return html.escape(text, quote=False)


def chat_message(answer: Answer) -> str:
    """The answer as shown in the chat: checked text (escaped), citation markers kept, then any notice."""
    body = markdown_text(answer.text).replace("\n", "  \n")
    if answer.notice:
        body += f"\n\n> ⚠️ {markdown_text(answer.notice)}"
    if answer.abstained and answer.backend != "cite":
        body += "\n\n> ℹ️ The stored papers do not cover this question."
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


def sources_html(answer: Answer, abstracts: dict[str, str]) -> str:
    if not answer.citations:
        return '<div class="pc-sources pc-empty">No sources for this answer.</div>'
    items = []
    for citation in answer.citations:
        passage = highlighted_passage(abstracts.get(citation.paper_id, citation.quote), citation.start, citation.end) \
            if citation.paper_id in abstracts else f"<mark>{html.escape(citation.quote)}</mark>"
        items.append(f'<li class="pc-source" value="{citation.n}"><div class="pc-title">[{citation.n}] '
                     f'{_link(citation.url, citation.title)}</div><div class="pc-passage">{passage}</div></li>')
    return f'<ol class="pc-sources">{"".join(items)}</ol>'


def cite_html(result: CiteResult) -> str:
    if not result.found:
        return f'<div class="pc-cite pc-empty">{html.escape(result.message)}</div>'
    labels = {"exact_quote": "exact quote", "title": "title match", "semantic": "semantic match"}
    items = [f'<li class="pc-cite-match"><div class="pc-title">{_link(m.ref.url, m.title)} '
             f'<span class="pc-kind">{labels[m.kind]} · {m.score:.2f}</span></div>'
             f'<div class="pc-passage"><mark>{html.escape(m.sentence)}</mark></div></li>' for m in result.matches]
    return f'<div class="pc-cite">{html.escape(result.message)}<ol>{"".join(items)}</ol></div>'
