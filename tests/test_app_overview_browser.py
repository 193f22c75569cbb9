"""The Overview tab and related papers in a real browser (Debian Chromium driven by Playwright)."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from gradio_client import Client
from playwright.sync_api import Browser, Locator, Page, expect

from tests import test_app_browser as base  # skips this module too when Chromium is missing

browser = base.browser  # the same real-browser fixture
POINTS = "#paper-map g.mark-symbol.role-mark path"


@pytest.fixture(scope="module")
def titles(app_url: str) -> list[str]:
    """The stored papers' titles (the seed and the hostile papers of the `app_data_dir` fixture)."""
    return [paper["title"] for paper in Client(app_url, verbose=False).predict("", api_name="/papers")]


@pytest.fixture
def page(browser: Browser, app_url: str, titles: list[str]) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 1100})
    page = context.new_page()
    page.dialogs = []  # type: ignore[attr-defined]
    page.on("dialog", lambda dialog: (page.dialogs.append(dialog.message), dialog.dismiss()))  # type: ignore[attr-defined]
    page.goto(app_url, wait_until="load")
    page.get_by_role("tab", name="Overview").click()
    expect(page.locator(POINTS)).to_have_count(len(titles), timeout=60_000)
    yield page
    context.close()


def _title(point: Locator) -> str:
    """Vega labels each point with its tooltip fields: '...; title: <title>'."""
    return (point.get_attribute("aria-label") or "").split("; title: ", 1)[1]


def _select_isolated_point(page: Page) -> str:
    """Drag across the point farthest (along x) from any other, the way a user selects one; its title."""
    points = page.locator(POINTS)
    boxes = [points.nth(i).bounding_box() for i in range(points.count())]
    centres = [(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2) for box in boxes if box]
    gaps = [min(abs(x - other) for j, (other, _) in enumerate(centres) if j != i) for i, (x, _) in enumerate(centres)]
    best = max(range(len(centres)), key=gaps.__getitem__)
    x, y = centres[best]
    assert gaps[best] > 3, "no point is far enough from the others to select it alone"
    page.mouse.move(x - 2, y)
    page.mouse.down()
    page.mouse.move(x + 2, y, steps=4)
    page.mouse.up()
    return _title(points.nth(best))


def test_map_has_one_point_per_paper_and_hover_shows_the_title(page: Page, titles: list[str]) -> None:
    points = page.locator(POINTS)
    shown = [_title(points.nth(i)) for i in range(points.count())]
    assert sorted(shown) == sorted(titles)
    points.nth(shown.index("Matryoshka Representation Learning")).hover()
    expect(page.locator("#vg-tooltip-element")).to_contain_text("Matryoshka Representation Learning")


def test_selecting_a_point_shows_that_paper_and_its_related_papers(page: Page) -> None:
    title = _select_isolated_point(page)
    details = page.locator("#map-paper-details")
    expect(details.locator(".pc-paper > .pc-title")).to_contain_text(title, timeout=30_000)
    expect(details.locator("mark")).to_have_count(1)  # the TLDR sentence in the abstract
    expect(details.locator(".pc-related li")).to_have_count(5)
    assert title not in details.locator(".pc-related").inner_text()


def test_digest_lists_every_paper_once(page: Page, titles: list[str]) -> None:
    expect(page.locator("#digest")).to_contain_text(re.compile(rf"Digest: {len(titles)} papers in \d+ topics"))
    items = page.locator("#digest li strong").all_inner_texts()
    assert sorted(items) == sorted(titles) and base.XSS_TITLE in items
    assert page.dialogs == []  # type: ignore[attr-defined]
    assert page.locator("img[src='x']").count() == 0
    assert page.locator("#digest img, #digest a, #map-paper-details img, #map-paper-details a").count() == 0


def test_ask_and_cite_buttons_take_the_paper_to_their_tabs(page: Page) -> None:
    page.locator("#map-paper input").fill("Pointer Net")
    page.get_by_role("option", name="Pointer Networks").click()
    expect(page.locator("#map-paper-details")).to_contain_text("Pointer Networks", timeout=30_000)
    box = page.locator("#question textarea")
    box.evaluate("(box) => { box.disabled = true; }")  # as while an answer is still being written
    page.locator("#map-ask").click()
    expect(box).to_be_visible()
    page.wait_for_timeout(500)
    expect(box).to_have_value("")  # not yet: Gradio would empty the box when the answer ends
    box.evaluate("(box) => { box.disabled = false; }")
    expect(box).to_have_value(re.compile("Pointer Networks"), timeout=30_000)
    page.get_by_role("tab", name="Overview").click()
    page.locator("#map-cite").click()
    expect(page.locator("#cite-results")).to_contain_text("Title matches Pointer Networks", timeout=60_000)
    expect(page.locator("#cite-bibtex textarea")).to_have_value(re.compile("Pointer Networks"))


def test_papers_tab_shows_the_related_papers_of_a_row(page: Page) -> None:
    page.get_by_role("tab", name="Papers").click()
    page.locator("#papers-filter textarea, #papers-filter input").first.fill("matryoshka")
    expect(page.locator("#papers")).not_to_contain_text("Pointer Networks", timeout=30_000)
    page.locator("#papers").get_by_text("Matryoshka Representation Learning").filter(visible=True).first.click()
    related = page.locator("#papers-related")
    expect(related).to_contain_text("Related papers", timeout=30_000)
    expect(related.locator("li")).to_have_count(5)
