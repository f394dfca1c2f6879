"""Several app processes behind HAProxy on one PostgreSQL database (`make run-cluster`).

Each replica is `streamlit run serve.py` on 127.0.0.1 at a port of its own, with the same
KOHTAAMO_DB and the same cookie secret (Streamlit signs its own cookies with it: a cookie one
replica signed must hold on the others). HAProxy (deploy/haproxy.cfg, written into the
cluster's folder with this cluster's ports) keeps each browser on its replica by a cookie and
sends the phones of a replica that died to a living one. Every process is started and stopped
by its PID; every log is in the folder.

`python -m kohtaamo.cluster --replicas N --port P` runs one in the foreground until Ctrl-C.
Without a postgresql:// KOHTAAMO_DB it keeps a private PostgreSQL in data/postgres.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import re
import secrets
import shutil
import signal
import socket
import stat
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from facilitator.domain import Language
from facilitator.language.i18n import t
from facilitator.room import links
from kohtaamo.cli import language
from kohtaamo.postgres import LocalPostgres, free_port
from kohtaamo.postgres import binaries as postgres_binaries

ROOT = Path(__file__).resolve().parents[1]
TEMPLATE = ROOT / "deploy" / "haproxy.cfg"
DATA = ROOT / "data"
COOKIE = "KOHTAAMO_REPLICA"  # the proxy's stickiness cookie, as deploy/haproxy.cfg names it
HEALTH = "/_stcore/health"
ANY_ADDRESS = ("0.0.0.0", "::", "")  # noqa: S104 - the addresses that mean "every interface"


class HaproxyMissing(RuntimeError):
    """The system has no haproxy program."""


def haproxy_binary() -> Path | None:
    """haproxy on PATH, or Debian's /usr/sbin/haproxy (not on a normal user's PATH)."""
    found = shutil.which("haproxy") or shutil.which("haproxy", path="/usr/sbin:/usr/local/sbin")
    return Path(found) if found else None


def render_config(
    template: str, bind: str, servers: list[tuple[str, int]], socket_path: Path
) -> str:
    """The template with this cluster's bind address, one `server` line per replica (name,
    port), and a stats socket the cluster reads its replicas' state from."""
    lines: list[str] = []
    placed = False
    for line in template.splitlines():
        stripped = line.strip()
        indent = line[: len(line) - len(line.lstrip())]
        if stripped.startswith("bind "):
            lines.append(f"{indent}bind {bind}")
        elif stripped.startswith("server "):
            if not placed:  # the template's example servers give way to the cluster's
                lines.extend(
                    f"{indent}server {name} 127.0.0.1:{port} cookie {name} check"
                    for name, port in servers
                )
                placed = True
        else:
            lines.append(line)
            if stripped == "global":
                lines.append(f"    stats socket {socket_path} mode 600 level user")
    if not placed:
        raise ValueError("the HAProxy template has no `server` line to replace")
    return "\n".join(lines) + "\n"


@dataclass
class Replica:
    """One app process."""

    name: str
    port: int
    log: Path
    process: subprocess.Popen | None = None

    @property
    def pid(self) -> int | None:
        return self.process.pid if self.process is not None else None

    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None


@dataclass
class Cluster:
    """`replicas` app processes on `db_url` behind HAProxy at `host`:`port` (0: a free port)."""

    replicas: int
    db_url: str
    port: int = 8501
    folder: Path | None = None
    cookie_secret: str = ""
    host: str = "127.0.0.1"
    env: dict[str, str] = field(default_factory=dict)  # more environment for the replicas
    timeout_s: float = 90
    nodes: list[Replica] = field(default_factory=list, init=False)
    proxy: subprocess.Popen | None = field(default=None, init=False)

    def __post_init__(self) -> None:
        if self.replicas < 1:
            raise ValueError("a cluster needs at least one replica")
        self.folder = Path(self.folder or tempfile.mkdtemp(prefix="kohtaamo-cluster-")).resolve()
        self.cookie_secret = self.cookie_secret or secrets.token_urlsafe(32)
        self.port = self.port or free_port()

    @property
    def url(self) -> str:
        """The proxy's address from this machine."""
        host = "127.0.0.1" if self.host in ANY_ADDRESS else self.host
        return f"http://{host}:{self.port}"

    @property
    def public_url(self) -> str:
        """The address phones are given (the join link, the QR code): the proxy's."""
        given = os.environ.get("KOHTAAMO_PUBLIC_URL", "").strip()
        if given:
            return given
        if self.host in ANY_ADDRESS:
            return f"http://{links.lan_address()}:{self.port}"
        return self.url

    @property
    def replica_ports(self) -> list[int]:
        return [node.port for node in self.nodes]

    @property
    def proxy_pid(self) -> int | None:
        return self.proxy.pid if self.proxy is not None else None

    @property
    def config_path(self) -> Path:
        return self._folder / "haproxy.cfg"

    @property
    def socket_path(self) -> Path:
        return self._folder / "haproxy.sock"

    @property
    def _folder(self) -> Path:
        assert self.folder is not None  # noqa: S101 - set in __post_init__
        return self.folder

    def app_pids(self) -> list[int]:
        """The PIDs of the replicas still running, in replica order."""
        return [node.pid for node in self.nodes if node.alive() and node.pid is not None]

    def start(self) -> str:
        """Start every replica and the proxy; the proxy's URL once all of them answer their
        health check."""
        haproxy = haproxy_binary()
        if haproxy is None:
            raise HaproxyMissing("HAProxy is not installed (Debian: apt-get install haproxy)")
        self._folder.mkdir(parents=True, exist_ok=True)
        self.nodes = [
            Replica(f"app{i}", free_port(), self._folder / f"app{i}.log")
            for i in range(self.replicas)
        ]
        self._write_config(haproxy)
        try:
            for node in self.nodes:  # all at once: each takes seconds to import the app
                self._launch(node)
            for node in self.nodes:
                self._wait_healthy(node)
            with _private_log(self._folder / "haproxy.log") as log:
                # -db: in the foreground, so the PID is the proxy's and its log goes to the file.
                self.proxy = subprocess.Popen(  # noqa: S603 - fixed arguments
                    [str(haproxy), "-db", "-f", str(self.config_path)],
                    stdout=log,
                    stderr=subprocess.STDOUT,
                    start_new_session=True,
                )
            self._wait_proxy()
        except BaseException:
            self.stop()
            raise
        return self.url

    def kill(self, index: int, sig: int = signal.SIGKILL) -> None:
        """Send `sig` to replica `index` (SIGKILL: a crash) and wait for it to end."""
        node = self.nodes[index]
        if node.process is None:
            return
        os.kill(node.process.pid, sig)
        with contextlib.suppress(subprocess.TimeoutExpired):
            node.process.wait(timeout=30)

    def restart(self, index: int) -> None:
        """Start replica `index` again on its port (after a kill) and wait until it answers."""
        node = self.nodes[index]
        if node.alive():
            return
        self._launch(node)
        self._wait_healthy(node)

    def server_states(self) -> dict[str, str]:
        """What the proxy thinks of each replica: name -> UP, DOWN, ... (its stats socket)."""
        csv = self._ask_proxy("show stat")
        header, *rows = csv.splitlines()
        columns = header.lstrip("# ").split(",")
        states = {}
        for row in rows:
            cells = dict(zip(columns, row.split(","), strict=False))
            if cells.get("pxname") == "replicas" and cells.get("svname", "").startswith("app"):
                states[cells["svname"]] = cells.get("status", "")
        return states

    def stop(self) -> None:
        """Stop the proxy, then every replica (SIGTERM, SIGKILL after 30 s); safe to repeat."""
        if self.proxy is not None:
            _end(self.proxy)
            self.proxy = None
        running = [node.process for node in self.nodes if node.process is not None]
        for process in running:  # all told at once: each then finishes in its own time
            if process.poll() is None:
                process.terminate()
        for process in running:
            _end(process)
        with contextlib.suppress(FileNotFoundError):
            self.socket_path.unlink()

    def __enter__(self) -> Cluster:
        self.start()
        return self

    def __exit__(self, *_: object) -> None:
        self.stop()

    def _write_config(self, haproxy: Path) -> None:
        host = "*" if self.host in ANY_ADDRESS else self.host
        text = render_config(
            TEMPLATE.read_text(),
            f"{host}:{self.port}",
            [(node.name, node.port) for node in self.nodes],
            self.socket_path,
        )
        self.config_path.write_text(text)
        done = subprocess.run(  # noqa: S603 - fixed arguments
            [str(haproxy), "-c", "-f", str(self.config_path)],
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode != 0:
            raise RuntimeError(f"{self.config_path} is not valid: {done.stderr or done.stdout}")

    def _launch(self, node: Replica) -> None:
        env = {
            **os.environ,
            **self.env,
            "KOHTAAMO_DB": self.db_url,
            "KOHTAAMO_PUBLIC_URL": self.public_url,
            # By the environment, not the command line, where `ps` would show it to anyone.
            "STREAMLIT_SERVER_COOKIE_SECRET": self.cookie_secret,
        }
        command = [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            "serve.py",
            "--server.address",
            "127.0.0.1",
            "--server.port",
            str(node.port),
            "--server.headless",
            "true",
        ]
        with _private_log(node.log) as log:
            node.process = subprocess.Popen(  # noqa: S603 - our own interpreter, fixed arguments
                command,
                cwd=ROOT,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                # Its own process group: Ctrl-C in the terminal reaches the cluster, which then
                # stops the replicas in order, rather than every process at once.
                start_new_session=True,
            )

    def _wait_healthy(self, node: Replica) -> None:
        deadline = time.monotonic() + self.timeout_s
        while time.monotonic() < deadline:
            if node.process is None or node.process.poll() is not None:
                code = node.process.returncode if node.process else None
                raise RuntimeError(f"replica {node.name} exited with {code}; see {node.log}")
            if _healthy(f"http://127.0.0.1:{node.port}{HEALTH}"):
                return
            time.sleep(0.2)
        raise RuntimeError(f"replica {node.name} did not answer in time; see {node.log}")

    def _wait_proxy(self) -> None:
        """Until the proxy answers and has seen every replica healthy."""
        names = {node.name for node in self.nodes}
        deadline = time.monotonic() + self.timeout_s
        while time.monotonic() < deadline:
            if self.proxy is None or self.proxy.poll() is not None:
                raise RuntimeError(f"HAProxy exited: {self._proxy_log_tail()}")
            with contextlib.suppress(OSError):
                states = self.server_states()
                if set(states) == names and all(s == "UP" for s in states.values()):
                    if _healthy(f"{self.url}{HEALTH}"):
                        return
            time.sleep(0.2)
        raise RuntimeError(f"HAProxy did not come up in time; see {self._folder / 'haproxy.log'}")

    def _proxy_log_tail(self) -> str:
        """The proxy's last words (a port in use, a bad line), and where its log is."""
        log = self._folder / "haproxy.log"
        lines = log.read_text(errors="replace").strip().splitlines() if log.exists() else []
        return " / ".join(line.strip() for line in lines[-3:]) + f" (see {log})"

    def _ask_proxy(self, command: str) -> str:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as s:
            s.settimeout(5)
            s.connect(str(self.socket_path))
            s.sendall(command.encode() + b"\n")
            chunks = []
            while chunk := s.recv(65536):
                chunks.append(chunk)
        return b"".join(chunks).decode()


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as reply:  # noqa: S310 - our own http URL
            return reply.status == 200
    except OSError:
        return False


def _end(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


# The command line -------------------------------------------------------------------------------


def cookie_secret(path: Path) -> str:
    """The cluster's cookie secret, made once and kept in `path` (readable by its owner only)."""
    if path.exists():
        return path.read_text().strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    secret = secrets.token_urlsafe(32)
    with os.fdopen(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "w") as f:
        f.write(secret + "\n")
    return secret


def private_postgres(folder: Path) -> LocalPostgres:
    """A durable PostgreSQL kept in `folder` between runs, on the port it had last time."""
    port_file = folder / "port"
    port = int(port_file.read_text()) if port_file.exists() else 0
    return LocalPostgres(folder, port)


def without_password(url: str) -> str:
    """A database URL without its password, for the terminal."""
    return re.sub(r"(://[^:/@]+):[^@]*@", r"\1:***@", url)


def main(argv: list[str] | None = None) -> int:
    """Runs a cluster in the foreground until Ctrl-C or SIGTERM."""
    lang: Language = language()
    parser = argparse.ArgumentParser(prog="python -m kohtaamo.cluster")
    parser.add_argument("--replicas", type=int, default=2)
    parser.add_argument("--port", type=int, default=8501)
    parser.add_argument("--host", default="0.0.0.0")  # noqa: S104 - phones reach it over the LAN
    parser.add_argument(
        "--data",
        type=Path,
        default=DATA,
        help="the private PostgreSQL, the cookie secret, the logs",
    )
    args = parser.parse_args(argv)
    if args.replicas < 1:
        parser.error(t(lang, "cluster.replicas"))
    db_url = os.environ.get("KOHTAAMO_DB", "").strip()
    problem = what_is_missing(db_url, lang, args.data)
    if problem:
        print(problem, file=sys.stderr)
        return 2

    stop = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stop.set())
    database: LocalPostgres | None = None
    cluster: Cluster | None = None
    try:
        if not db_url:
            database = private_postgres(args.data / "postgres")
            db_url = database.start()
            (database.folder / "port").write_text(str(database.port))
        secret = cookie_secret(args.data / "cookie-secret")
        cluster = Cluster(
            args.replicas, db_url, args.port, args.data / "cluster", secret, args.host
        )
        print(t(lang, "cluster.starting", n=args.replicas), flush=True)
        cluster.start()
    # HaproxyMissing and PostgresMissing are RuntimeErrors; psql and pg_ctl failing are not, and
    # must not leave the private server running either.
    except (RuntimeError, subprocess.SubprocessError, OSError) as exc:
        print(t(lang, "cli.error", message=exc), file=sys.stderr)
        if database is not None:
            database.stop()
        return 1
    _tell(cluster, database, db_url, lang)
    try:
        while not stop.wait(0.5):
            gone = [n.name for n in cluster.nodes if not n.alive()]
            if gone or cluster.proxy is None or cluster.proxy.poll() is not None:
                print(t(lang, "cluster.died", names=", ".join(gone) or "haproxy"), file=sys.stderr)
                return 1
    finally:
        print(t(lang, "cluster.stopping"), flush=True)
        cluster.stop()
        if database is not None:
            database.stop()
    return 0


def what_is_missing(db_url: str, lang: Language, data: Path = DATA) -> str | None:
    """What stops a cluster before anything is started, in the user's language."""
    if db_url and not db_url.startswith(("postgresql://", "postgres://")):
        return t(lang, "cluster.needs_postgres", db=db_url)
    if haproxy_binary() is None:
        return t(lang, "cluster.no_haproxy")
    if not db_url and postgres_binaries() is None:
        return t(lang, "cluster.no_postgres")
    if not db_url and (closed := closed_to_postgres(data / "postgres")) is not None:
        return t(lang, "cluster.postgres_closed", folder=str(closed))
    return None


def closed_to_postgres(folder: Path) -> Path | None:
    """As root, the private server runs as the `postgres` user, who must pass through every
    folder above its own: the first that it cannot (a checkout under /root), else None."""
    if os.geteuid() != 0:
        return None
    for parent in reversed(Path(folder).resolve().parents):
        if parent.exists() and not parent.stat().st_mode & stat.S_IXOTH:
            return parent
    return None


def _tell(cluster: Cluster, database: LocalPostgres | None, db_url: str, lang: Language) -> None:
    """What runs where: the address to open, each process, the database, the logs."""
    print(t(lang, "cluster.proxy", url=cluster.public_url, pid=str(cluster.proxy_pid)))
    for node in cluster.nodes:
        print(t(lang, "cluster.replica", name=node.name, port=str(node.port), pid=str(node.pid)))
    where = str(database.folder) if database is not None else "KOHTAAMO_DB"
    print(t(lang, "cluster.database", url=without_password(db_url), where=where))
    print(t(lang, "cluster.logs", folder=str(cluster.folder)))
    print(t(lang, "cluster.stop_hint"), flush=True)


if __name__ == "__main__":
    raise SystemExit(main())


def _private_log(path: Path) -> BinaryIO:
    """A log file readable by its owner only (a process's log may name the people in a room)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    os.fchmod(fd, 0o600)  # a log left by an earlier run, too
    return os.fdopen(fd, "ab")
