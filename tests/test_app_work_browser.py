"""The Compare and Check tabs and the conversation export in a real browser (Chromium via Playwright)."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import bibtexparser
import pytest
from playwright.sync_api import Browser, Locator, Page, expect

from assistant.prompts import ASK_ABOUT_PAPER
from tests import test_app_browser as base  # skips this module too when Chromium is missing
from tests.helpers import screenshot_path

browser, page = base.browser, base.page  # the same real-browser fixtures

MRL = "Matryoshka Representation Learning"
UNIFIED = "Unified Embedding: Battle-Tested Feature Representations for Web-Scale ML Systems"


def _choose(page: Page, typed: str, title: str) -> None:
    box = page.locator("#compare-papers input")
    box.click()
    box.fill(typed)
    page.get_by_role("option", name=title, exact=True).click()


def _download(page: Page, link: Locator) -> tuple[str, str]:
    with page.expect_download() as download:
        link.click()
    return download.value.suggested_filename, Path(download.value.path()).read_text(encoding="utf-8")


def test_compare_table_renders_and_downloads(page: Page, tmp_path: Path) -> None:
    page.get_by_role("tab", name="Compare").click()
    _choose(page, "Matryoshka", MRL)
    _choose(page, "Unified Emb", UNIFIED)
    page.locator("#compare-papers input").press("Escape")
    page.locator("#compare-button").click()
    table = page.locator("#compare-table table")
    expect(table).to_be_visible(timeout=60_000)
    expect(table.locator("thead th")).to_have_text(["aspect", MRL, UNIFIED])
    expect(table.locator("tbody tr")).to_have_count(5)
    expect(table.locator("tbody tr").nth(1)).to_contain_text("Feature Multiplexing")
    page.locator("#compare-table").screenshot(path=str(screenshot_path("compare.png", tmp_path)))
    links = page.locator("#compare-files a")
    expect(links).to_have_count(2, timeout=30_000)
    files = dict(_download(page, links.nth(i)) for i in range(2))
    rows = list(csv.reader(io.StringIO(files["comparison.csv"])))
    assert rows[0] == ["aspect", MRL, UNIFIED] and len(rows) == 6
    assert files["comparison.md"].startswith("| aspect | Matryoshka Representation Learning |")


def test_check_view_shows_each_sentence_verdict(page: Page) -> None:
    page.get_by_role("tab", name="Check").click()
    page.locator("#check-text textarea").fill("Many categorical features can share one embedding table without "
                                              "losing accuracy. The 2018 World Cup final was played in Moscow.")
    page.locator("#check-button").click()
    items = page.locator("#check-results li")
    expect(items).to_have_count(2, timeout=60_000)
    expect(items.nth(0)).to_contain_text("supported")
    expect(items.nth(0).locator("mark")).to_contain_text("independent embedding table")
    expect(items.nth(1)).to_contain_text("not found in the stored papers")
    expect(page.locator("#check-bib textarea")).to_have_value(re.compile(r"^@misc\{unifiedembedding,"))


def test_exported_conversation_footnotes_match_the_bib_keys(page: Page) -> None:
    base._ask(page, "What did the Matryoshka paper show?")
    expect(page.locator("#sources mark").first).to_be_visible(timeout=60_000)
    base._ask(page, "How can a classifier avoid memorizing noisy labels?")
    expect(page.locator("#sources")).to_contain_text("Early-Learning", timeout=60_000)
    for _ in range(30):  # the export sees an answer once its final (checked) version has been shown
        page.locator("#chat-export").click()
        links = page.locator("#chat-export-files a")
        expect(links).to_have_count(2, timeout=30_000)
        files = dict(_download(page, links.nth(i)) for i in range(2))
        markdown, bib = files["conversation.md"], files["conversation.bib"]
        notes = re.findall(r"^\[\^(\d+)\]: \[@([^\]]+)\]", markdown, re.M)
        if "Early-Learning" in bib:
            break
        page.wait_for_timeout(1000)
    assert len(notes) >= 2 and all(f"[^{n}]" in markdown.replace(f"[^{n}]:", "") for n, _ in notes)
    library = bibtexparser.parse_string(bib)
    assert not library.failed_blocks
    assert {key for _, key in notes} == {entry.key for entry in library.entries}
    noisy = "Early-Learning Regularization Prevents Memorization of Noisy Labels"
    assert {e["title"] for e in library.entries} == {"{" + MRL + "}", "{" + noisy + "}"}


@pytest.mark.parametrize("width", [1400, 800])
def test_sources_sit_beside_the_chat_and_a_marker_click_scrolls_to_its_source(browser: Browser, app_url: str,
                                                                               width: int) -> None:
    context = browser.new_context(viewport={"width": width, "height": 700})
    page = context.new_page()
    page.goto(app_url, wait_until="load")
    expect(page.locator("#backend")).to_be_hidden()  # the settings start collapsed
    base._ask(page, "How can a classifier avoid memorizing noisy labels?")
    bot = page.locator("#chatbot .message.bot, #chatbot [data-testid='bot']").last
    marker = bot.locator("a[href^='#source-']").last
    expect(marker).to_be_visible(timeout=60_000)
    number = (marker.get_attribute("href") or "").removeprefix("#source-")
    chat_box, sources_box = page.locator("#chatbot").bounding_box(), page.locator("#sources").bounding_box()
    assert chat_box and sources_box
    if width >= 1200:  # a wide screen: beside the chat; a narrow one: under it
        assert sources_box["x"] >= chat_box["x"] + chat_box["width"] - 1
    else:
        assert sources_box["y"] >= chat_box["y"] + chat_box["height"] - 1
    page.evaluate("() => window.scrollTo(0, document.body.scrollHeight)")
    marker.click()
    source = page.locator(f"#sources li.pc-source[value='{number}']")
    expect(source).to_have_class(re.compile(r"\bpc-highlight\b"))
    expect(source).to_be_in_viewport()
    assert page.url.rstrip("/") == app_url.rstrip("/")  # no navigation
    context.close()


def test_a_source_offers_to_ask_about_its_paper_and_to_cite_it(page: Page) -> None:
    base._ask(page, "How can a classifier avoid memorizing noisy labels?")
    source = page.locator("#sources li.pc-source").first
    expect(source.locator("mark")).to_be_visible(timeout=60_000)
    title = source.locator(".pc-title a, .pc-title").first.inner_text().split("] ", 1)[1]
    quote = source.locator("mark").inner_text()
    box = page.locator("#question textarea")
    expect(box).to_be_enabled()  # the answer is written (the chat box is disabled meanwhile, then emptied)
    box.evaluate("(box) => { box.disabled = true; }")  # as while an answer is still being written
    source.get_by_role("button", name="Ask about this paper").click()
    page.wait_for_timeout(300)
    expect(box).to_have_value("")  # not yet: Gradio would empty the box when the answer ends
    box.evaluate("(box) => { box.disabled = false; }")
    expect(box).to_have_value(ASK_ABOUT_PAPER.format(title=title))
    source.get_by_role("button", name="Cite").click()
    expect(page.locator("#cite-text textarea")).to_have_value(quote)
    expect(page.locator("#cite-results")).to_contain_text(f"Found verbatim in {title}", timeout=60_000)
    expect(page.locator("#cite-bibtex textarea")).to_have_value(re.compile(r"^@"))
