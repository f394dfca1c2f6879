"""What the benchmark runs against (issue 18): the store, and the app processes the phones reach.

The store is a fresh DuckDB file (the default), a private PostgreSQL server started from the
system's packages with its durable settings (a commit waits for the disk, as in a deployment),
or a schema of its own on a server given by URL. The app is one process on its own port, or
`processes` of them behind HAProxy with sticky cookies (kohtaamo/cluster.py), as `make
run-cluster` runs them; the phones then reach them only through the proxy.
"""

from __future__ import annotations

import secrets
import shutil
import tempfile
import time
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from bench import server
from kohtaamo.postgres import LocalPostgres


@dataclass
class Database:
    """The benchmark's database: `url` is what the app's KOHTAAMO_DB gets."""

    url: str
    engine: str
    close: Callable[[], None] = lambda: None
    server_pid: int | None = None  # a private PostgreSQL's postmaster, whose CPU is measured

    def cpu_seconds(self) -> float | None:
        """The private PostgreSQL's CPU so far, its connections' included; None for DuckDB (it
        runs inside the app, whose CPU already counts it) or a server elsewhere."""
        return None if self.server_pid is None else server.tree_cpu_seconds(self.server_pid)


def open_database(store: str, folder: Path, db_url: str | None = None) -> Database:
    """A fresh, empty database of the `store` engine ("duckdb" or "postgresql"); with `db_url`
    its tables go in a new schema on that server (dropped by `close`)."""
    if store == "duckdb":
        return Database(str(folder / "bench.duckdb"), "duckdb")
    if db_url:
        return _schema_on(db_url)
    # Not under `folder`: PostgreSQL runs as its own user, and a temporary folder is root's only.
    pg_folder = Path(tempfile.mkdtemp(prefix="kohtaamo-bench-pg-"))
    local = LocalPostgres(pg_folder, throwaway=False)
    try:
        url = local.start()
    except Exception:
        shutil.rmtree(pg_folder, ignore_errors=True)
        raise

    def close() -> None:
        local.stop()
        shutil.rmtree(pg_folder, ignore_errors=True)

    postmaster = local.data / "postmaster.pid"  # its first line is the server's PID
    return Database(url, "postgresql", close, int(postmaster.read_text().split()[0]))


def _schema_on(db_url: str) -> Database:
    from facilitator.store import postgres  # a DuckDB run needs no psycopg

    schema = f"bench_{time.strftime('%Y%m%d_%H%M%S')}_{secrets.token_hex(3)}"
    with postgres.connect(db_url) as admin:
        admin.execute(f"CREATE SCHEMA {schema}")  # our own name, made above
    options = urllib.parse.quote(f"-c search_path={schema}")
    url = f"{db_url}{'&' if '?' in db_url else '?'}options={options}"

    def close() -> None:
        with postgres.connect(db_url) as admin:
            admin.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")

    return Database(url, "postgresql", close)


@dataclass
class Servers:
    """The app processes and the proxy in front of them, if any; `port` is where phones go.

    It reads like one app to the scenarios: its CPU time and memory are the processes' summed.
    """

    port: int
    app_pids: list[int]
    proxy_pid: int | None
    logs: list[Path]
    stop: Callable[[], None]
    replica_ports: list[int] = field(default_factory=list)
    # The database server's CPU so far, when it runs apart from the app and is ours to read.
    db_cpu_seconds: Callable[[], float | None] = lambda: None

    @property
    def pid(self) -> int:
        """The first app process (the one --profile samples)."""
        return self.app_pids[0]

    def cpu_seconds(self) -> float:
        """User plus system CPU time of every app process so far, summed."""
        return sum(self.cpu_by_process())

    def cpu_by_process(self) -> list[float]:
        return [server.cpu_seconds(pid) for pid in self.app_pids]

    def rss_kib(self) -> int:
        """The app processes' resident memory, summed."""
        return sum(server.rss_kib(pid) for pid in self.app_pids)

    def proxy_cpu_seconds(self) -> float | None:
        """The proxy's CPU time so far; None when the phones reach the app directly."""
        return None if self.proxy_pid is None else server.cpu_seconds(self.proxy_pid)

    def read_logs(self) -> str:
        return "\n".join(log.read_text(errors="replace") for log in self.logs if log.exists())


def start_servers(
    database: Database, folder: Path, processes: int = 1, proxy: bool = False
) -> Servers:
    """One app straight on its port, or `processes` apps behind HAProxy (also one, with
    `proxy`, to see what the proxy adds)."""
    db_url = database.url
    if processes == 1 and not proxy:
        app = server.start(db_url, folder / "app.log")
        return Servers(
            app.port, [app.pid], None, [app.log], app.stop, [app.port], database.cpu_seconds
        )
    from kohtaamo.cluster import Cluster  # HAProxy and the replicas, as `make run-cluster`

    cluster = Cluster(
        processes, db_url, server.free_port(), folder / "cluster", secrets.token_urlsafe(32)
    )
    cluster.start()
    return Servers(
        cluster.port,
        cluster.app_pids(),
        cluster.proxy_pid,
        [node.log for node in cluster.nodes],  # the proxy's own log is one line per request
        cluster.stop,
        cluster.replica_ports,
        database.cpu_seconds,
    )
