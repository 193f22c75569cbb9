"""The web app's Compare and Check tabs, the conversation export of the Chat tab, and their API
endpoints. A thin layer over `Assistant.compare`, `.check` and `.export`; used by app.py. Paper text
is untrusted: every piece of it goes through html.escape here."""

from __future__ import annotations

import atexit
import html
import shutil
import tempfile
import threading
import time
from collections import OrderedDict
from pathlib import Path
from typing import Any

import gradio as gr

from assistant import Answer, Assistant
from assistant.compare import DEFAULT_ASPECTS, ComparisonTable
from assistant.draft_check import DraftCheck
from assistant.web.common import for_api, plain_turns, user_message

_VERDICT_CLASS = {"supported": "pc-supported", "weak": "pc-weak"}


_EXPORTS = Path(tempfile.mkdtemp(prefix="paperchat-exports-"))  # this process's downloads, removed at exit
atexit.register(shutil.rmtree, _EXPORTS, ignore_errors=True)
_KEEP_S = 3600  # Gradio has copied a download into its own cache long before this


def write_downloads(files: dict[str, str]) -> list[str]:
    """Write named texts into a fresh folder (Gradio serves them from its cache) and return the paths;
    folders of earlier downloads go once they are an hour old, so a long-running app does not pile them up."""
    _EXPORTS.mkdir(parents=True, exist_ok=True)  # a /tmp cleaner may have removed it
    for old in _EXPORTS.iterdir():
        try:
            if time.time() - old.stat().st_mtime > _KEEP_S:
                shutil.rmtree(old, ignore_errors=True)
        except FileNotFoundError:  # another export removed it first
            pass
    folder = Path(tempfile.mkdtemp(dir=_EXPORTS))
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return [str(folder / name) for name in files]


def table_html(table: ComparisonTable) -> str:
    head = "".join(f"<th>{html.escape(c.title)}</th>" for c in table.columns)
    rows = []
    for row in table.rows:
        cells = "".join(f"<td>{html.escape(c.text)}</td>" if c.stated else '<td class="pc-empty">not stated in the '
                        "abstract</td>" for c in row.cells)
        rows.append(f"<tr><th>{html.escape(row.aspect)}</th>{cells}</tr>")
    return (f'<table class="pc-compare"><thead><tr><th>aspect</th>{head}</tr></thead>'
            f'<tbody>{"".join(rows)}</tbody></table>')


def check_html(report: DraftCheck) -> str:
    items = []
    for s in report.sentences:
        detail = (f'<div class="pc-passage">{html.escape(s.title)} · {s.score:.2f}: '
                  f"<mark>{html.escape(s.quote)}</mark></div>") if s.title else ""
        items.append(f'<li class="pc-check {_VERDICT_CLASS.get(s.verdict, "pc-missing")}">'
                     f'<span class="pc-kind">{html.escape(s.verdict)}</span> {html.escape(s.text)}{detail}</li>')
    return f'<ol class="pc-checks">{"".join(items)}</ol>'


class AnswerMemory:
    """The recent answers as shown in the chat, so that an export can give each its footnotes and BibTeX
    (the chat history holds only the shown text). Bounded; thread-safe."""

    def __init__(self, size: int = 2000):
        self.size, self.answers = size, OrderedDict[tuple[str, str], Answer]()
        self._lock = threading.Lock()

    def remember(self, answer: Answer, shown: str) -> None:
        with self._lock:
            self.answers[(answer.question.strip(), shown)] = answer
            while len(self.answers) > self.size:
                self.answers.popitem(last=False)

    def conversation(self, history: list[dict[str, Any]]) -> list[Answer]:
        """The history's turns as answers: remembered ones in full, others as their shown text."""
        answers, question = [], ""
        for turn in plain_turns(history):
            content = turn["content"]
            if turn["role"] == "user":
                question = content
            elif question:
                with self._lock:
                    known = self.answers.get((question.strip(), content))
                answers.append(known or Answer(question, question, content, "chat"))
        return answers


class CompareTab:
    """Pick papers from a searchable list and aspects, see the table, download it as CSV or Markdown."""

    def __init__(self, assistant: Assistant):
        self.assistant = assistant
        self.papers = gr.Dropdown(label="Papers to compare (2-6; type to search)", multiselect=True, max_choices=6,
                                  filterable=True, elem_id="compare-papers", interactive=True)
        self.aspects = gr.CheckboxGroup(list(DEFAULT_ASPECTS), value=list(DEFAULT_ASPECTS), label="Aspects",
                                        elem_id="compare-aspects")
        self.custom = gr.Textbox(label="More aspects (comma-separated, e.g. dataset size, compute)",
                                 elem_id="compare-custom")
        self.button = gr.Button("Compare", variant="primary", elem_id="compare-button")
        self.table = gr.HTML(elem_id="compare-table")
        self.files = gr.File(label="Download", file_count="multiple", interactive=False, elem_id="compare-files")
        self.button.click(self.run, [self.papers, self.aspects, self.custom], [self.table, self.files],
                          api_visibility="private")

    def choices(self) -> Any:
        return gr.update(choices=sorted(((p.title, p.id) for p in self.assistant.papers()), key=lambda c: c[0]))

    def run(self, papers: list[str] | None, aspects: list[str] | None, custom: str) -> tuple[str, list[str] | None]:
        wanted = list(aspects or []) + [a.strip() for a in (custom or "").split(",") if a.strip()]
        try:
            table = self.assistant.compare(list(papers or []), wanted)
        except Exception as exc:  # shown as a sentence, logged when unexpected
            return f'<div class="pc-empty">{html.escape(user_message(exc, "compare"))}</div>', None
        files = {"comparison.csv": table.to_csv(), "comparison.md": table.to_markdown()}
        return table_html(table), write_downloads(files)


class CheckTab:
    """Paste a paragraph; see each sentence's verdict and supporting paper; download the BibTeX."""

    def __init__(self, assistant: Assistant):
        self.assistant = assistant
        self.text = gr.Textbox(label="A paragraph to check (e.g. your related-work section)", lines=6,
                               elem_id="check-text")
        self.button = gr.Button("Check the claims", variant="primary", elem_id="check-button")
        self.result = gr.HTML(elem_id="check-results")
        self.bib = gr.Textbox(label="BibTeX of the supporting papers", lines=6, buttons=["copy"], elem_id="check-bib")
        self.button.click(self.run, self.text, [self.result, self.bib], api_visibility="private")

    def run(self, text: str) -> tuple[str, str]:
        try:
            report = self.assistant.check(text or "")
        except Exception as exc:  # shown as a sentence, logged when unexpected
            return f'<div class="pc-empty">{html.escape(user_message(exc, "draft check"))}</div>', ""
        return check_html(report), report.bib()


def export_files(assistant: Assistant, memory: AnswerMemory, history: list[dict[str, Any]]) -> Any:
    """The conversation as Markdown (footnotes) + .bib (their keys), for the Chat tab's export button."""
    answers = memory.conversation(history)
    if not answers:
        gr.Info("Nothing to export yet: ask a question first.")
        return gr.update(visible=False)
    markdown, bib = assistant.export(answers)
    return gr.update(value=write_downloads({"conversation.md": markdown, "conversation.bib": bib}), visible=True)


def api_endpoints(assistant: Assistant) -> None:
    """`/compare` and `/check` for programs (gradio_client); errors reach the caller as sentences."""

    def api_compare(papers: list[str], aspects: list[str] | None = None) -> dict[str, Any]:
        """2-6 papers (ids or titles) side by side; per aspect each abstract's sentence that states it."""
        table = for_api(assistant.compare, list(papers or []), list(aspects) if aspects else None)
        return {**table.to_dict(), "markdown": table.to_markdown(), "csv": table.to_csv()}

    def api_check(text: str) -> dict[str, Any]:
        """Each sentence of a draft: supported (paper, sentence, BibTeX), weak, or not found."""
        report = for_api(assistant.check, text)
        return {**report.to_dict(), "bib": report.bib()}

    gr.api(api_compare, api_name="compare")
    gr.api(api_check, api_name="check")
