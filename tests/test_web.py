"""The HTML report and the web UI in a real browser (Debian's Chromium through playwright),
and the JSON API.

Screenshots go to test-output/ (kept out of git)."""

from __future__ import annotations

import os
import socket
import threading
import time

import pytest
from typer.testing import CliRunner

from claimgraph.cli import app
from conftest import EXAMPLES, ROOT

CHROMIUM = "/usr/bin/chromium"
SHOTS = ROOT / "test-output"
HOSTILE = ("Breaking: <script>alert(1)</script> and <img src=x onerror=alert(1)> were "
           "posted by Iranian officials in Baghdad on Monday, Iraqi police said.")


@pytest.fixture(scope="module")
def browser():
    if not os.path.exists(CHROMIUM):
        pytest.skip("Chromium is not installed (make test installs the Debian package)")
    os.environ.setdefault("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=[
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--no-first-run"])
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    pg = context.new_page()
    pg.dialogs = []  # type: ignore[attr-defined]
    pg.on("dialog", lambda d: (pg.dialogs.append(d.message), d.dismiss()))
    pg.errors = []  # type: ignore[attr-defined]
    pg.on("pageerror", lambda e: pg.errors.append(str(e)))
    yield pg
    context.close()


def _shot(page, name):
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def _report(tmp_path, source, name="report.html"):
    out = tmp_path / name
    res = CliRunner().invoke(app, ["report", str(source), "--published", "2026-01-28",
                                   "-o", str(out)])
    assert res.exit_code == 0, res.output
    return out


def test_report_is_one_self_contained_file(tmp_path):
    out = _report(tmp_path, EXAMPLES / "oped_against_tehran.txt")
    html = out.read_text()
    assert "<script src=" not in html and "<link" not in html
    assert "http://" not in html.split('id="cg-data"')[0].split("<script>")[0]
    assert 'id="cg-data"' in html


def test_report_article_view_highlights_and_tooltips(page, tmp_path):
    out = _report(tmp_path, EXAMPLES / "oped_against_tehran.txt")
    page.goto(out.as_uri())
    page.wait_for_selector("#article-text .ann")
    for kind in ("ann-actor", "ann-event", "ann-claim-content", "ann-technique"):
        assert page.locator(f"#article-text .{kind}").count() > 0, kind
    actor = page.locator("#article-text .ann-actor").first
    actor.hover()
    tooltip = page.locator("#tooltip")
    tooltip.wait_for(state="visible")
    assert tooltip.inner_text().strip()
    assert page.locator("#events-table tr.event-row").count() > 0
    assert "anonymous" in page.locator("#how-known").inner_text().lower()
    _shot(page, "article-view")
    technique = page.locator("#article-text .ann-technique").first
    style = "el => getComputedStyle(el).textDecorationLine"
    assert "underline" in technique.evaluate(style)
    page.locator('input[data-layer="techniques"]').uncheck()
    assert "underline" not in technique.evaluate(style)
    assert not page.errors


def test_hostile_text_shows_literally_and_runs_nothing(page, tmp_path):
    source = tmp_path / "hostile.txt"
    source.write_text(HOSTILE)
    page.goto(_report(tmp_path, source).as_uri())
    page.wait_for_selector("#article-text")
    text = page.locator("#article-text").inner_text()
    assert "<script>alert(1)</script>" in text and "<img src=x onerror=alert(1)>" in text
    assert page.locator("#article-text img, #article-text script").count() == 0
    page.wait_for_timeout(300)
    assert page.dialogs == [] and not page.errors


# ----------------------------------------------------------------------- served UI
@pytest.fixture(scope="module")
def served(tmp_path_factory):
    import uvicorn

    from claimgraph.store.db import open_engine
    from claimgraph.web.server import create_app

    db = tmp_path_factory.mktemp("web") / "store.db"
    for feed in ("erbil_reports.jsonl", "feed.jsonl"):
        res = CliRunner().invoke(app, ["ingest", str(EXAMPLES / feed), "--db", str(db)])
        assert res.exit_code == 0, res.output
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(open_engine(str(db))), host="127.0.0.1",
                                           port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.time() + 30
    while not server.started and time.time() < deadline:
        time.sleep(0.1)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


def _rows(page):
    return page.locator("#event-list tr.event-row").count()


def test_filter_events_by_actor_shrinks_the_list(page, served):
    page.goto(served + "/#corpus")
    page.wait_for_selector("#event-list tr.event-row")
    before = _rows(page)
    page.select_option("#filter-actor", "kataib-hezbollah")
    page.wait_for_function(f"document.querySelectorAll('#event-list tr.event-row').length"
                           f" < {before}")
    assert 0 < _rows(page) < before
    assert page.locator("#timeline rect.cluster-bar").count() > 0
    assert page.locator("#timeline rect.cluster-bar.contradicted").count() >= 1
    assert page.locator("#map circle.event-point").count() > 0
    _shot(page, "corpus-view")
    assert not page.errors


def test_clicking_a_network_node_applies_the_filter(page, served):
    page.goto(served + "/#corpus")
    page.wait_for_selector("#network[data-ready='1']")
    before = _rows(page)
    pos = page.evaluate("""() => {
        const node = window.cgNetwork.$id('peshmerga');
        const p = node.renderedPosition();
        const box = document.getElementById('network').getBoundingClientRect();
        return {x: box.left + p.x, y: box.top + p.y};
    }""")
    page.mouse.click(pos["x"], pos["y"])
    page.wait_for_function("document.getElementById('filter-actor').value === 'peshmerga'")
    assert 0 < _rows(page) < before


def test_analyse_a_pasted_article(page, served):
    page.goto(served + "/#analyze")
    page.fill("#paste-text", "Israeli jets struck Hezbollah positions in southern Lebanon on "
                             "Monday, the Israeli army said. Hezbollah denied any losses.")
    page.fill("#paste-published", "2026-02-03")
    page.click("#paste-submit")
    page.wait_for_selector("#article-text .ann-event", timeout=60000)
    assert "Hezbollah" in page.locator("#article-text").inner_text()
    _shot(page, "pasted-article")


def test_pasted_hostile_text_runs_nothing(page, served):
    page.goto(served + "/#analyze")
    page.fill("#paste-text", HOSTILE)
    page.click("#paste-submit")
    page.wait_for_selector("#article-text .ann", timeout=60000)
    assert "<script>alert(1)</script>" in page.locator("#article-text").inner_text()
    assert page.locator("#article-text img, #article-text script").count() == 0
    page.wait_for_timeout(300)
    assert page.dialogs == [] and not page.errors


# ----------------------------------------------------------------------- API
def test_api_lists_are_paginated_and_filtered(served):
    import httpx

    events = httpx.get(served + "/api/events", params={"limit": 3}).json()
    assert events["limit"] == 3 and len(events["items"]) == 3 and events["total"] > 3
    kh = httpx.get(served + "/api/events", params={"actor": "kataib-hezbollah"}).json()
    assert kh["total"] < events["total"] and all(
        "kataib-hezbollah" in (e["source_actor"], e["target_actor"]) for e in kh["items"])
    docs = httpx.get(served + "/api/documents").json()
    one = httpx.get(served + f"/api/documents/{docs['items'][0]['id']}").json()
    assert one["document"]["id"] == docs["items"][0]["id"]
    assert httpx.get(served + "/api/documents/nope").status_code == 404
    clusters = httpx.get(served + "/api/clusters", params={"min_sources": 2}).json()
    assert clusters["items"] and all(c["independent_sources"] >= 2 for c in clusters["items"])
    assert httpx.get(served + "/openapi.json").json()["info"]["title"] == "claimgraph"
    big = httpx.post(served + "/api/analyze", content=b"x" * 1_100_000,
                     headers={"content-type": "application/json"})
    assert big.status_code == 413


def test_serve_binds_to_localhost_by_default():
    import inspect

    from claimgraph.cli_corpus import serve
    from claimgraph.web.server import is_local

    default = inspect.signature(serve).parameters["host"].default
    assert is_local(default) and not is_local("0.0.0.0")


def test_missing_vendor_libraries_are_a_clear_error(tmp_path, monkeypatch):
    from claimgraph.web import page as page_module

    empty = tmp_path / "vendor"
    empty.mkdir()
    monkeypatch.setattr(page_module, "VENDOR", empty)
    with pytest.raises(page_module.ReportError, match="make vendor"):
        page_module.vendor_scripts()
