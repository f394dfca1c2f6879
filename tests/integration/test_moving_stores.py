"""Moving between stores (issue 18, point 6): a backup made on DuckDB restores on PostgreSQL and
back, equal, and the documents read the same from every copy."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator

import pytest
from docx import Document

from exports.bundle import FILES, document
from facilitator.data import backup, demo
from facilitator.room import workshops
from facilitator.steps import report
from facilitator.store.db import Store

PASSPHRASE = "siirron oma tunnuslause"


def _texts(blob: bytes) -> list[str]:
    """Every paragraph and table cell of a Word document, in order."""
    doc = Document(io.BytesIO(blob))
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    return [p.text for p in doc.paragraphs] + cells


def _documents(store: Store, code: str) -> dict[str, list[str]]:
    data = report.gather(store, workshops.find_by_code(store, code).id)
    return {name: _texts(document(data, name)) for name in FILES}


def _backup(store: Store, code: str) -> bytes:
    return backup.backup(store, workshops.find_by_code(store, code).id)


@pytest.fixture
def postgres_store(postgres_server) -> Iterator[Store]:
    url, schema = postgres_server.fresh_url()
    store = Store(url)
    yield store
    store.close()
    postgres_server.drop(schema)


def test_a_duckdb_backup_restores_on_postgresql_and_back_equal(postgres_store: Store) -> None:
    duck = Store(":memory:")
    try:
        code = demo.create_demo(duck)  # with its follow-up: every table of the backup filled
        first = _backup(duck, code)
        documents = _documents(duck, code)
        data = json.loads(first)["data"]
        assert data["metric_results"] and data["pulses"] and all(documents.values())

        on_postgres = backup.restore(postgres_store, first, PASSPHRASE)
        second = _backup(postgres_store, on_postgres)
        back_home = backup.restore(duck, second, PASSPHRASE)
        third = _backup(duck, back_home)

        # A restore gives new ids and a new code, which a backup leaves out: the files are equal.
        assert second == first
        assert third == first
        assert _documents(postgres_store, on_postgres) == documents
        assert _documents(duck, back_home) == documents
    finally:
        duck.close()
