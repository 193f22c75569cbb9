"""paperchat in the browser: a Gradio chat with streamed, cited answers, a paper browser and
citation lookup. A thin layer over `assistant.Assistant`; run `python app.py` (or `make run`)."""

from __future__ import annotations

import html
import ipaddress
import logging
import re
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ingest.offline import stay_offline

stay_offline()  # before gradio imports huggingface_hub

import gradio as gr  # noqa: E402

from assistant import Answer, Assistant, PaperRecord  # noqa: E402
from assistant.llm.backends import BACKENDS, BackendError  # noqa: E402
from assistant.render import chat_message, cite_html, markdown_text, sources_html  # noqa: E402
from assistant.web import page  # noqa: E402
from assistant.web.common import for_api, plain_turns, user_message  # noqa: E402
from assistant.web.overview_tab import OverviewTab, api_endpoints  # noqa: E402
from assistant.web.work_tabs import AnswerMemory, CheckTab, CompareTab, export_files  # noqa: E402
from assistant.web.work_tabs import api_endpoints as work_endpoints  # noqa: E402
from ingest.pipeline import ingest  # noqa: E402
from ingest.settings import Settings, SettingsError, invalid_setting, load_settings  # noqa: E402
from ingest.store import Store, StoreError  # noqa: E402

log = logging.getLogger("paperchat.app")
SEEDS = Path(__file__).resolve().parent / "seeds"


def ensure_seed_papers(settings: Settings) -> None:
    """First start: an empty store gets the seed papers (progress on the terminal)."""
    try:
        empty = Store(settings, settings.store.embedding_model, create=False).paper_count() == 0
    except StoreError:
        empty = True
    if empty:
        print(f"paperchat: the store is empty; ingesting the seed papers from {SEEDS} ...")
        print(ingest([SEEDS], settings).summary())


def configured_backends(settings: Settings) -> list[str]:
    """The default first, then the backends installed or configured here (extractive always is)."""
    return list(dict.fromkeys([settings.llm.backend, *(name for name, backend in BACKENDS.items()
                                               if backend.available(settings))]))


_PLAIN_TITLE = re.compile(r"[\w\s:,.?'\u2019-]+")


def example_questions(assistant: Assistant) -> list[str]:
    """Questions drawn from the stored papers: two named papers and one topic that several share."""
    papers = [p for p in assistant.papers() if _PLAIN_TITLE.fullmatch(p.title)]  # shown as Markdown once asked
    named = [p.title.split(":")[0] for p in papers if ":" in p.title and len(p.title.split(":")[0]) <= 20][:2]
    questions = [f"What does {name} propose?" for name in named]
    acronyms = assistant.acronyms()
    if acronyms:  # the acronym most chunks mention
        questions.append(f"Which of these papers deal with {acronyms[0]}?")
    if papers:
        questions.append(f"What did the paper \u201c{papers[0].title}\u201d show?")
    return questions


def build_app(assistant: Assistant) -> gr.Blocks:
    settings = assistant.settings
    backends = configured_backends(settings)
    memory = AnswerMemory()

    def respond(message: str, history: list[dict[str, Any]], backend: str, sources: int) -> Iterator[tuple[str, str]]:
        if not message or not message.strip():
            return

        def panel(answer: Answer) -> str:
            papers = {c.paper_id: assistant.paper(c.paper_id) for c in answer.citations}
            return sources_html(answer, {pid: paper.abstract for pid, paper in papers.items() if paper})

        try:
            stream = assistant.stream(message, plain_turns(history), llm=backend, sources=int(sources))
            draft, shown = "", ""
            try:
                if stream.sources is not None:  # before the model's first token
                    shown = panel(Answer(message, message, "", backend, citations=stream.citations()))
                    yield "", shown
                for delta in stream:
                    draft += delta
                    yield chat_message(Answer(message, message, draft, backend)), shown
            finally:  # also when the user stops the answer: the model stops too
                stream.close()
            shown_answer = chat_message(stream.answer)
            memory.remember(stream.answer, shown_answer)  # for the conversation export
            yield shown_answer, panel(stream.answer)
        except Exception as exc:  # the user sees a sentence, the log gets the trace
            yield markdown_text(user_message(exc, f"answering {message[:200]!r}")), ""

    def matching(query: str) -> list[PaperRecord]:
        """The stored papers whose title, authors or abstract contain `query` (any case)."""
        needle = query.strip().lower()
        return [p for p in assistant.papers()
                if not needle or needle in f"{p.title} {' '.join(p.authors)} {p.abstract}".lower()]

    def browse(query: str) -> list[list[str]]:
        return [[p.title, p.published, ", ".join(p.authors[:3]), p.url] for p in matching(query)]

    def lookup(text: str) -> tuple[str, str, str, str]:
        if not text or not text.strip():
            return "", "", "", ""
        try:
            result = assistant.cite(text, k=5)
        except Exception as exc:
            return html.escape(user_message(exc, "citation lookup")), "", "", ""
        if not result.found:
            return cite_html(result), "", "", ""
        best = result.matches[0]
        return cite_html(result), best.bibtex, best.markdown, best.apa

    def api_ask(question: str, backend: str = settings.llm.backend) -> dict[str, Any]:
        """Answer a question; returns the checked text, citations and any notice."""
        if backend not in backends:
            raise gr.Error(f"Unknown backend {backend!r}; this server offers {', '.join(backends)}.")
        return for_api(assistant.ask, question, llm=backend).to_dict()

    def api_cite(text: str, k: int = 5) -> dict[str, Any]:
        """Look up where a quote, claim or title comes from."""
        return for_api(assistant.cite, text, k=max(1, min(int(k), 20))).to_dict()

    def api_papers(query: str = "") -> list[dict[str, Any]]:
        """The stored papers whose title, authors or abstract contain `query`."""
        return [p.public() for p in matching(query)]

    with gr.Blocks(title="paperchat", analytics_enabled=False) as app:
        gr.Markdown("# paperchat\nAsk the stored research papers. Every claim is cited to the paper and "
                    "sentence it came from.")
        with gr.Tab("Chat"), gr.Row(equal_height=False, elem_id="chat-row"):  # sources beside the chat
            sources_panel = gr.HTML(label="Sources", elem_id="sources", render=False)
            with gr.Column(scale=3, min_width=380):
                chat = gr.ChatInterface(
                    respond,
                    chatbot=gr.Chatbot(elem_id="chatbot", height=480, sanitize_html=True, latex_delimiters=[]),
                    textbox=gr.Textbox(placeholder="Ask about the papers …", elem_id="question", max_length=None),
                    additional_inputs=[
                        gr.Dropdown(backends, value=backends[0], label="Answer backend", elem_id="backend",
                                    render=False),  # unrendered: ChatInterface puts them in the accordion
                        gr.Slider(1, 10, value=settings.answer.sources, step=1, label="Sources per answer",
                                  render=False),
                    ],
                    additional_inputs_accordion=gr.Accordion("Settings", open=False, render=False),
                    additional_outputs=[sources_panel],
                    examples=[[q, backends[0], settings.answer.sources] for q in example_questions(assistant)],
                    cache_examples=False, api_name="chat", fill_height=False,
                )
                export = gr.Button("Export the conversation (Markdown + BibTeX)", size="sm", elem_id="chat-export")
                exported = gr.File(label="Conversation", file_count="multiple", interactive=False, visible=False,
                                   elem_id="chat-export-files")
                export.click(lambda history: export_files(assistant, memory, history), chat.chatbot, exported,
                             api_visibility="private")
            with gr.Column(scale=2, min_width=320, elem_id="sources-column"):
                gr.Markdown("### Sources")
                sources_panel.render()
        with gr.Tab("Overview"):
            overview = OverviewTab(assistant)
        with gr.Tab("Papers"):
            query = gr.Textbox(label="Filter", placeholder="title, author or word", elem_id="papers-filter")
            table = gr.Dataframe(value=browse(""), headers=["Title", "Date", "Authors", "Link"],
                                 datatype=["str", "str", "str", "str"], interactive=False, elem_id="papers",
                                 wrap=True)
            query.change(browse, query, table, api_visibility="private")
            related = gr.HTML(elem_id="papers-related")
            table.select(overview.related_for_row, None, related, api_visibility="private")
        with gr.Tab("Cite"):
            text = gr.Textbox(label="A quote, a claim or a half-remembered title", lines=3, elem_id="cite-text")
            find = gr.Button("Find the source", variant="primary", elem_id="cite-button")
            matches = gr.HTML(elem_id="cite-results")
            with gr.Row():
                bib = gr.Textbox(label="BibTeX", lines=6, buttons=["copy"], elem_id="cite-bibtex")
                md = gr.Textbox(label="Markdown", lines=2, buttons=["copy"], elem_id="cite-markdown")
            apa_text = gr.Textbox(label="APA", lines=2, buttons=["copy"], elem_id="cite-apa")
            find.click(lookup, text, [matches, bib, md, apa_text], api_visibility="private")
            text.submit(lookup, text, [matches, bib, md, apa_text], api_visibility="private")
        with gr.Tab("Compare"):
            compare_tab = CompareTab(assistant)
        with gr.Tab("Check"):
            CheckTab(assistant)
        gr.api(api_ask, api_name="ask")
        gr.api(api_cite, api_name="cite")
        gr.api(api_papers, api_name="papers")
        overview.connect(app, text, (lookup, [matches, bib, md, apa_text]))
        api_endpoints(assistant)
        work_endpoints(assistant)
        app.load(compare_tab.choices, None, compare_tab.papers, api_visibility="private")
    return app


def is_loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host == "localhost"


def preload_model(assistant: Assistant) -> None:
    """Load the default backend's model while the app starts (a local model takes seconds), not on the
    first question; if it fails, answers say so with a notice and the next question tries again."""
    try:
        assistant.backend(assistant.settings.llm.backend)
    except BackendError as exc:
        log.warning("the %s backend is not available yet: %s", assistant.settings.llm.backend, exc)


def auth_pairs(settings: Settings) -> list[tuple[str, str]] | None:
    lines = [settings.app.auth.get_secret_value()] if settings.app.auth else []
    if settings.app.auth_file:
        try:
            lines += settings.app.auth_file.read_text().splitlines()
        except OSError as exc:
            raise invalid_setting("auth_file", f"{exc.strerror}: {settings.app.auth_file}") from None
    pairs = [tuple(line.strip().split(":", 1)) for line in lines if line.strip()]
    if any(len(pair) != 2 or not all(pair) for pair in pairs):
        raise invalid_setting("auth", "expected user:password")
    return pairs or None  # type: ignore[return-value]


def main() -> None:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s")
    try:
        settings = load_settings()
        ensure_seed_papers(settings)
        assistant = Assistant(settings)
        app = build_app(assistant)
        auth = auth_pairs(settings)
    except (SettingsError, StoreError) as exc:
        raise SystemExit(f"paperchat: error: {exc}") from None
    if auth is None and not is_loopback(settings.app.host):
        log.warning("serving on %s without a login: anyone who can reach this address can use the app and its "
                    "API; set PAPERCHAT_AUTH=user:password or PAPERCHAT_AUTH_FILE", settings.app.host)
    threading.Thread(target=preload_model, args=(assistant,), daemon=True, name="preload-model").start()
    app.queue(default_concurrency_limit=settings.app.concurrency)
    app.launch(server_name=settings.app.host, server_port=settings.app.port, share=False, auth=auth,
               show_error=False, css=page.CSS, head=page.SCRIPT, footer_links=["api"])


if __name__ == "__main__":
    main()
