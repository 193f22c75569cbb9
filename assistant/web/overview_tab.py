"""The web app's Overview tab: the paper map (a scatter plot coloured by topic; hover shows the title,
selecting a point shows the paper), the digest beside it, and related papers for the Papers tab.
A thin layer over `Assistant.overview`, `.related` and `.paper_map`; used by app.py."""

from __future__ import annotations

import html
from typing import Any

import gradio as gr
import pandas as pd

from assistant import Assistant, PaperRecord, QuestionError, prompts
from assistant.overview import RelatedPaper
from assistant.render import markdown_text
from assistant.web.common import for_api, user_message


def related_html(papers: list[RelatedPaper]) -> str:
    """Related papers as a list: title, similarity and the terms they share (paper text escaped)."""
    if not papers:
        return '<div class="pc-related pc-empty">No other stored paper.</div>'
    items = [f'<li><span class="pc-title">{html.escape(p.title)}</span> <span class="pc-kind">{p.score:.2f}'
             + (f" · shared: {html.escape(', '.join(p.shared_terms))}" if p.shared_terms else "") + "</span></li>"
             for p in papers]
    return f'<div class="pc-related"><div class="pc-kind">Related papers</div><ol>{"".join(items)}</ol></div>'


def paper_html(record: PaperRecord, tldr: tuple[int, int], related: list[RelatedPaper]) -> str:
    """A paper's title, date, abstract with its TLDR sentence marked, then its related papers."""
    abstract, (start, end) = record.abstract, tldr
    body = (html.escape(abstract[:start]) + f"<mark>{html.escape(abstract[start:end])}</mark>"
            + html.escape(abstract[end:])) if end > start else html.escape(abstract)
    date = f' <span class="pc-kind">{html.escape(record.published)}</span>' if record.published else ""
    return (f'<div class="pc-paper"><div class="pc-title">{html.escape(record.title)}{date}</div>'
            f'<div class="pc-passage">{body}</div>{related_html(related)}</div>')


class OverviewTab:
    """Builds the tab's components where it is created; `connect` wires them to the other tabs."""

    def __init__(self, assistant: Assistant):
        self.assistant = assistant
        with gr.Row():
            with gr.Column(scale=3):
                self.plot = gr.ScatterPlot(x="x", y="y", color="topic", tooltip=["title", "topic name"],
                                           x_title=" ", y_title=" ", color_title="topic (numbered as in the digest)",
                                           label="Paper map: nearby papers are similar; drag across a point to "
                                           "select it", elem_id="paper-map")
                self.paper = gr.Dropdown(label="Paper", elem_id="map-paper", interactive=True)
                self.details = gr.HTML(elem_id="map-paper-details")
                with gr.Row():
                    self.ask = gr.Button("Ask about this paper", elem_id="map-ask", size="sm")
                    self.cite = gr.Button("Cite this paper", elem_id="map-cite", size="sm")
                self.question = gr.Textbox(visible=False)  # for the page's script to put in the chat box
            with gr.Column(scale=2):
                self.digest = gr.Markdown(elem_id="digest", max_height=820)

    def refresh(self) -> tuple[Any, str, Any]:
        """Map, digest and paper choices for the stored papers (cached per store version)."""
        try:
            points = self.assistant.paper_map()
            overview = self.assistant.overview()
        except Exception as exc:
            return None, markdown_text(user_message(exc, "the overview")), gr.update(choices=[])
        # Legend labels are the digest's topic numbers (names are too long for the legend), padded so
        # " 9" sorts before "10"; the legend lists them in the order the frame holds them.
        number = {p.paper_id: f"{n:>2}" for n, t in enumerate(overview.topics, start=1) for p in t.papers}
        points = [p for p in points if p.paper_id in number]  # an ingest between the two calls changed the store
        frame = pd.DataFrame([{"x": p.x, "y": p.y, "topic": number[p.paper_id], "topic name": p.topic,
                               "title": p.title} for p in points]).sort_values("topic", kind="stable")
        choices = sorted(((p.title, p.paper_id) for p in points), key=lambda c: c[0].lower())
        return frame, overview.to_markdown(), gr.update(choices=choices, value=None)

    def select_point(self, event: gr.SelectData) -> Any:
        """The plot reports the x range swept by the selection; the paper is the point nearest its middle."""
        low, high = sorted(float(v) for v in event.index[:2])
        points = self.assistant.paper_map()
        if not points:
            return gr.update()
        inside = [p for p in points if low <= p.x <= high] or points
        return min(inside, key=lambda p: abs(p.x - (low + high) / 2)).paper_id

    def show(self, paper_id: str | None) -> str:
        if not paper_id:
            return ""
        gone = '<div class="pc-empty">This paper is no longer stored.</div>'
        try:
            record = self.assistant.paper(paper_id)
            if record is None:
                return gone
            topic_paper = next(p for t in self.assistant.overview().topics for p in t.papers if p.paper_id == paper_id)
            return paper_html(record, (topic_paper.start, topic_paper.end), self.assistant.related(paper_id, k=5))
        except (KeyError, StopIteration, QuestionError):
            return gone
        except Exception as exc:
            return html.escape(user_message(exc, f"showing paper {paper_id!r}"))

    def related_for_row(self, event: gr.SelectData) -> str:
        """The Papers tab: the related papers of the selected row's paper (rows start with the title)."""
        title = event.row_value[0] if event.row_value else ""
        try:
            ids = [paper.id for paper in self.assistant.papers() if paper.title == title]
            return f"<div class='pc-title'>{html.escape(title)}</div>" + related_html(
                self.assistant.related(ids[0], k=5)) if ids else ""
        except Exception as exc:
            return html.escape(user_message(exc, f"related papers of {title!r}"))

    def _title(self, paper_id: str | None) -> str | None:
        paper = self.assistant.paper(paper_id) if paper_id else None
        return paper.title if paper else None

    def connect(self, app: gr.Blocks, cite_text: gr.Textbox, cite: tuple[Any, list[Any]]) -> None:
        """Wire the map and buttons; `cite` is the Cite tab's (lookup function, its outputs)."""
        app.load(self.refresh, None, [self.plot, self.digest, self.paper], api_visibility="private")
        self.plot.select(self.select_point, None, self.paper, api_visibility="private")
        self.paper.change(self.show, self.paper, self.details, api_visibility="private")

        def question_about(paper_id: str | None) -> str:
            title = self._title(paper_id)
            return prompts.ASK_ABOUT_PAPER.format(title=title) if title else ""

        def title_of(paper_id: str | None) -> Any:
            return self._title(paper_id) or gr.update()

        lookup, outputs = cite
        # through the page's script, which waits while an answer is written (Gradio would empty the box after)
        self.ask.click(question_about, self.paper, self.question, api_visibility="private").then(
            None, self.question, js=_ask_in_chat())
        self.cite.click(title_of, self.paper, cite_text, api_visibility="private").then(
            None, js=_open_tab("Cite")).then(lookup, cite_text, outputs, api_visibility="private")


def _ask_in_chat() -> str:
    """Browser-side: open the Chat tab and put the question there once the chat box takes one."""
    return '(text) => { if (text) { paperchatOpenTab("Chat"); paperchatAsk(text); } }'


def _open_tab(label: str) -> str:
    """Browser-side: open the tab with this label (the page's script, assistant/web/page.py)."""
    return f"() => paperchatOpenTab({label!r})"


def api_endpoints(assistant: Assistant) -> None:
    """`/overview` and `/related` for programs (gradio_client); errors reach the caller as messages."""

    def api_overview(published: str = "") -> dict[str, Any]:
        """The digest of the stored papers (or those published on a day): topics with papers and TLDRs."""
        overview = for_api(assistant.overview, published=published or None)
        return {"markdown": overview.to_markdown(), "silhouette": overview.silhouette, "topics": [
            {"name": t.name, "keywords": list(t.keywords), "papers": [p.__dict__ for p in t.papers]}
            for t in overview.topics]}

    def api_related(paper: str, k: int = 5) -> list[dict[str, Any]]:
        """The papers nearest in content to one paper, given by id or (half-remembered) title."""
        related = for_api(assistant.related, paper, k=max(1, min(int(k), 20)))
        return [{**p.__dict__, "shared_terms": list(p.shared_terms)} for p in related]

    gr.api(api_overview, api_name="overview")
    gr.api(api_related, api_name="related")
