"""The tests' PostgreSQL leg: one private server for the session, a schema of its own per store.

KOHTAAMO_TEST_POSTGRES names a server to use (a superuser URL, as .ci/run gives one); without it
a throwaway server is started from the system's PostgreSQL (kohtaamo/postgres.py). When neither
can be had the leg is skipped and says why, except in CI (CI=true), where it fails.
"""

from __future__ import annotations

import itertools
import os
import shutil
import tempfile
import urllib.parse
from pathlib import Path

import psycopg

from facilitator.store.db import Store
from kohtaamo.postgres import LocalPostgres

# Where the leg runs: these folders' tests that open a store run on both engines.
BOTH_ENGINES = ("integration", "security", "property")

_counter = itertools.count(1)


class Server:
    """A server the tests may create schemas on."""

    def __init__(self, url: str, local: LocalPostgres | None = None) -> None:
        self.url = url
        self.local = local
        self._admin = psycopg.connect(url, autocommit=True)

    def fresh_url(self) -> tuple[str, str]:
        """A URL whose tables land in a new, empty schema; and that schema's name."""
        schema = f"t{os.getpid()}_{next(_counter)}"
        self._admin.execute(f"CREATE SCHEMA {schema}")
        options = urllib.parse.quote(f"-c search_path={schema}")
        joiner = "&" if "?" in self.url else "?"
        return f"{self.url}{joiner}options={options}", schema

    def drop(self, schema: str) -> None:
        self._admin.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")

    def fresh_database(self) -> tuple[str, str]:
        """A URL on a new, empty database of its own, for an app process the test starts (its
        KOHTAAMO_DB); and that database's name."""
        name = f"kohtaamo_{os.getpid()}_{next(_counter)}"
        self._admin.execute(f"CREATE DATABASE {name}")
        parts = urllib.parse.urlsplit(self.url)
        return urllib.parse.urlunsplit(parts._replace(path=f"/{name}")), name

    def drop_database(self, name: str) -> None:
        # FORCE: a killed app's connections may not have been noticed by the server yet.
        self._admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")

    def close(self) -> None:
        self._admin.close()
        if self.local is not None:
            self.local.stop("immediate")
            shutil.rmtree(self.local.folder, ignore_errors=True)


def start() -> Server:
    """The session's server; raises with the reason when there is none to be had."""
    given = os.environ.get("KOHTAAMO_TEST_POSTGRES")
    if given:
        return Server(given)
    # Not under pytest's own temporary folder: the `postgres` user could not enter it.
    local = LocalPostgres(Path(tempfile.mkdtemp(prefix="kohtaamo-test-postgres-")), throwaway=True)
    return Server(local.start(), local)


def _fast(store: Store) -> Store:
    # A wrong guess normally costs half a second; tests make many on purpose.
    store.login_throttle.failure_delay_s = 0
    store.join_throttle.failure_delay_s = 0
    return store


class Stores:
    """New empty stores on one engine (DuckDB in memory or in a file, or a schema of its own on
    the PostgreSQL server), all closed (and their schemas dropped) at the end.

    `stores()` opens one; `stores.target()` names a new empty database for what opens its own
    store (the CLI's --db, KOHTAAMO_DB): a DuckDB file, or a URL on a schema of its own."""

    def __init__(self, server: Server | None, folder: Path) -> None:
        self.server = server
        self.folder = folder
        self.opened: list[Store] = []
        self.schemas: list[str] = []

    def target(self) -> str:
        if self.server is not None:
            url, schema = self.server.fresh_url()
            self.schemas.append(schema)
            return url
        return str(self.folder / f"store{len(self.opened) + len(self.schemas)}" / "k.duckdb")

    def __call__(self, *, file: bool = False) -> Store:
        if self.server is None and not file:
            s = _fast(Store(":memory:"))
        else:
            s = _fast(Store(self.target()))
        self.opened.append(s)
        return s

    def close(self) -> None:
        for s in self.opened:
            s.close()
        for schema in self.schemas:
            self.server.drop(schema)  # type: ignore[union-attr]
