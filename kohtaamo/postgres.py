"""A private PostgreSQL server in a folder of its own, from the system's packages (Debian's
`postgresql`): for `make run-cluster` when no KOHTAAMO_DB is given, for the tests' PostgreSQL
leg and for the benchmark.

PostgreSQL refuses to run as root: as root, the folder is handed to the `postgres` user and
`initdb` and `pg_ctl` run as that user. The server listens on 127.0.0.1 at its own port and on a
socket in its own folder, and trusts local connections: it is for one machine's tests and demos,
never for a deployment (README "Scaling out").
"""

from __future__ import annotations

import argparse
import glob
import os
import shutil
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

SUPERUSER = "kohtaamo"
DATABASE = "kohtaamo"

# Speed over durability, for the tests only: a crashed test server is thrown away.
_THROWAWAY = ("-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off")


class PostgresMissing(RuntimeError):
    """The system has no PostgreSQL server programs."""


def binaries() -> Path | None:
    """The folder that holds initdb and pg_ctl, or None when PostgreSQL is not installed."""
    for name in ("pg_ctl", "initdb"):
        found = shutil.which(name)
        if found and Path(found).with_name("initdb").exists():
            return Path(found).resolve().parent
    versions = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"), key=_version, reverse=True)
    return Path(versions[0]).parent if versions else None


def _version(path: str) -> int:
    try:
        return int(Path(path).parent.parent.name)
    except ValueError:
        return 0


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class LocalPostgres:
    """One server: `start()` gives its URL, `stop()` ends it, `restart()` does both."""

    folder: Path
    port: int = 0
    throwaway: bool = False

    def __post_init__(self) -> None:
        self.folder = Path(self.folder).resolve()
        self.data = self.folder / "data"
        self.port = self.port or free_port()

    @property
    def url(self) -> str:
        return f"postgresql://{SUPERUSER}@127.0.0.1:{self.port}/{DATABASE}"

    def url_for(self, database: str) -> str:
        return f"postgresql://{SUPERUSER}@127.0.0.1:{self.port}/{database}"

    def start(self) -> str:
        """Create the server's folder if needed, start the server and wait for it; its URL."""
        bin_dir = binaries()
        if bin_dir is None:
            raise PostgresMissing(
                "PostgreSQL is not installed (Debian: apt-get install postgresql)"
            )
        self.folder.mkdir(parents=True, exist_ok=True)
        self._hand_over(self.folder)
        if not (self.data / "PG_VERSION").exists():
            self._run(
                bin_dir / "initdb",
                "-D",
                self.data,
                "-U",
                SUPERUSER,
                "--auth=trust",
                "--encoding=UTF8",
                "--locale=C.UTF-8",
                "--no-instructions",
            )
        options = [
            "-c",
            f"port={self.port}",
            "-c",
            "listen_addresses=127.0.0.1",
            "-c",
            f"unix_socket_directories={self.folder}",
            "-c",
            "max_connections=200",
            *(_THROWAWAY if self.throwaway else ()),
        ]
        self._run(
            bin_dir / "pg_ctl",
            "-D",
            self.data,
            "-l",
            self.folder / "server.log",
            "-w",
            "-t",
            "60",
            "-o",
            " ".join(options),
            "start",
        )
        self._create_database(DATABASE)
        return self.url

    def stop(self, mode: str = "fast") -> None:
        """Stop the server (`immediate` is a crash, as far as the app can tell)."""
        bin_dir = binaries()
        if bin_dir is not None and (self.data / "postmaster.pid").exists():
            self._run(bin_dir / "pg_ctl", "-D", self.data, "-m", mode, "-w", "stop", check=False)

    def restart(self) -> None:
        self.stop()
        self.start()

    def create_database(self, name: str) -> str:
        """A new empty database on this server (dropped first if it was there); its URL."""
        self._psql(f'DROP DATABASE IF EXISTS "{name}"')
        self._psql(f'CREATE DATABASE "{name}"')
        return self.url_for(name)

    def _create_database(self, name: str) -> None:
        exists = self._psql(f"SELECT 1 FROM pg_database WHERE datname = '{name}'")  # noqa: S608
        if "1" not in exists:
            self._psql(f'CREATE DATABASE "{name}"')

    def _psql(self, sql: str) -> str:
        psql = (binaries() or Path("/usr/bin")) / "psql"
        done = subprocess.run(  # noqa: S603 (our own arguments)
            [
                str(psql),
                "-h",
                str(self.folder),
                "-p",
                str(self.port),
                "-U",
                SUPERUSER,
                "-d",
                "postgres",
                "-tAc",
                sql,
            ],
            check=True,
            capture_output=True,
            text=True,
        )
        return done.stdout

    def _hand_over(self, path: Path) -> None:
        if os.geteuid() == 0:
            shutil.chown(path, "postgres", "postgres")

    def _run(self, *argv: object, check: bool = True) -> None:
        command = [str(a) for a in argv]
        if os.geteuid() == 0:  # PostgreSQL will not run as root
            command = ["runuser", "-u", "postgres", "--", *command]
        done = subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603
        if check and done.returncode != 0:
            log = self.folder / "server.log"
            tail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
            raise RuntimeError(
                f"{' '.join(command)} failed ({done.returncode}): {done.stderr.strip()}\n{tail}"
            )


def wait_for_port(port: int, timeout_s: float = 30) -> bool:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return True
        time.sleep(0.1)
    return False


def main(argv: list[str] | None = None) -> int:
    """`python -m kohtaamo.postgres start|stop FOLDER [--port N] [--throwaway]`: prints the URL
    on start."""
    parser = argparse.ArgumentParser(prog="python -m kohtaamo.postgres")
    parser.add_argument("action", choices=["start", "stop"])
    parser.add_argument("folder")
    parser.add_argument("--port", type=int, default=0)
    # For a test run's server (.ci/run): speed over durability, as the tests' own server.
    parser.add_argument("--throwaway", action="store_true")
    args = parser.parse_args(argv)
    port = args.port
    port_file = Path(args.folder) / "port"
    if not port and port_file.exists():
        port = int(port_file.read_text())
    server = LocalPostgres(Path(args.folder), port, throwaway=args.throwaway)
    try:
        if args.action == "start":
            print(server.start())
            port_file.write_text(str(server.port))
        else:
            server.stop()
    except (PostgresMissing, RuntimeError) as exc:
        print(exc, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
