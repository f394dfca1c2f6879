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
