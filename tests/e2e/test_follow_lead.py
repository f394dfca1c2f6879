"""The client's project lead in a real browser (issue 17): signs in on the start page with their
own passphrase, imports three months of a metric from a file saved by Finnish Excel
(semicolons, decimal commas, cp1252), sees the rows before they are stored, then the metric's
chart and status; and the console shows none of the workshop's steering."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import expect

from facilitator.data.demo import DEMO_PASSPHRASE, create_demo
from facilitator.followup import metrics, units
from facilitator.followup.metrics import Status
from facilitator.room import access, workshops
from facilitator.store.db import Store

from .restart import Restartable
from .room import TIMEOUT_MS, choose, laptop

LEAD_PASSPHRASE = "projektin-vetaja-2027"


def lead_room(db: str) -> tuple[str, str]:
    """In the database `db`, a finished workshop whose facilitator gave the project lead a
    passphrase of their own, with the plan's metrics followed and one unit; its code and the
    first metric's name."""
    store = Store(db)
    try:
        code = create_demo(store, language="fi", follow_up=False)
        _, key = workshops.login(store, code, DEMO_PASSPHRASE)
        access.grant_lead(store, key, LEAD_PASSPHRASE)
        units.add_unit(store, key, "Tampere")
        return code, metrics.take_from_plan(store, key)[0].name
    finally:
        store.close()


# As Finnish Excel saves "CSV (puolipisteellä erotettu)": cp1252, semicolons, decimal commas.
RESULTS = (
    "Kuukausi;Myymälä;Arvo\r\n1/2027;Tampere;64,5\r\n2/2027;Tampere;71\r\n3/2027;Tampere;78,25\r\n"
    "3/2027;Lähde;80\r\n"
).encode("cp1252")


@dataclass(frozen=True)
class Seeded:
    code: str
    metric: str


@pytest.fixture
def lead_app(tmp_path: Path) -> Iterator[tuple[Restartable, Seeded]]:
    """A finished workshop whose facilitator gave the project lead a passphrase of their own,
    with the plan's metrics followed and one unit."""
    code, metric = lead_room(str(tmp_path / "kohtaamo.duckdb"))
    app = Restartable(tmp_path)
    app.start()
    yield app, Seeded(code, metric)
    app.stop()
    assert not app.tracebacks(), app.tracebacks()


def test_the_project_lead_imports_three_months_from_a_finnish_excel_file(
    browser, lead_app, artifacts, tmp_path
):
    app, seeded = lead_app
    lead = laptop(browser)
    page = lead.page
    page.goto(app.url)
    panel = lead.tab(lead.tr("home.resume_tab"))
    panel.get_by_role("textbox").nth(0).fill(seeded.code)
    panel.get_by_role("textbox").nth(1).fill(LEAD_PASSPHRASE)
    lead.button("resume.button").click()
    lead.sees(lead.tr("fu.lead_signed_in"), exact=False)
    # The lead's console steers nothing of the workshop: no step bar, no room controls.
    expect(page.get_by_text(lead.tr("console.input_open"), exact=True)).to_have_count(0)
    expect(lead.button("console.next")).to_have_count(0)

    metrics_tab = lead.tab(lead.tr("fu.tab.metrics"))
    upload = tmp_path / "tulokset.csv"
    upload.write_bytes(RESULTS)
    metrics_tab.locator("input[type=file]").set_input_files(str(upload))
    which = metrics_tab.get_by_role("combobox", name=lead.tr("fu.import.metric"), exact=True)
    choose(lead, which, seeded.metric)
    # The preview: three rows taken, the fourth refused with its reason, nothing stored yet.
    lead.sees(lead.tr("fu.import.taken", n=3).strip("*"))
    lead.sees(lead.tr("fu.import.refused", n=1).strip("*"))
    page.screenshot(path=artifacts / "follow-lead-import-preview.png", full_page=True)
    lead.button("fu.import.store", n=3).click()
    lead.sees(lead.tr("fu.import.stored", n=3))
    metrics_tab = lead.tab(lead.tr("fu.tab.metrics"))
    # Each metric is an expander named with its status; opened, it shows the trend chart.
    status = lead.name_of("metric_status", Status.ON_TRACK)
    summary = metrics_tab.locator("summary").filter(has_text=seeded.metric)
    expect(summary).to_contain_text(status, timeout=TIMEOUT_MS)
    summary.click()
    chart = metrics_tab.locator('[data-testid="stVegaLiteChart"]').filter(
        has=page.locator(":visible")
    )
    expect(chart.first).to_be_visible(timeout=TIMEOUT_MS)
    page.screenshot(path=artifacts / "follow-lead-metric-chart.png", full_page=True)

    app.stop()
    store = Store(str(app.folder / "kohtaamo.duckdb"))
    try:
        workshop = workshops.find_by_code(store, seeded.code)
        metric = next(m for m in metrics.metrics(store, workshop.id) if m.name == seeded.metric)
        stored = metrics.results(store, workshop.id)[metric.id]
        assert [(r.period, r.value) for r in stored] == [
            (dt.date(2027, 1, 1), 64.5),
            (dt.date(2027, 2, 1), 71.0),
            (dt.date(2027, 3, 1), 78.25),
        ]
        assert metrics.status(metric, metrics.overall(stored)) == Status.ON_TRACK
    finally:
        store.close()
