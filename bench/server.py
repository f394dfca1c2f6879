"""The real app in a subprocess on a free loopback port, and what /proc says about it."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def free_port() -> int:
    """A loopback port nobody listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def cpu_seconds(pid: int) -> float:
    """User plus system CPU time process `pid` has used so far."""
    fields = _stat(pid)
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


def tree_cpu_seconds(pid: int) -> float:
    """CPU time of process `pid`, of its children that it has waited for (a server's ended
    connections), and of its children still running (its live connections)."""
    fields = _stat(pid)
    total = sum(int(f) for f in fields[11:15]) / CLOCK_TICKS
    for child in Path("/proc").iterdir():
        if not child.name.isdigit():
            continue
        try:
            stat = _stat(int(child.name))
        except (OSError, IndexError):  # gone since the listing
            continue
        if int(stat[1]) == pid:
            total += (int(stat[11]) + int(stat[12])) / CLOCK_TICKS
    return total


def _stat(pid: int) -> list[str]:
    """/proc/PID/stat's fields after the command name: state is [0], ppid [1], utime [11]."""
    return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()


def rss_kib(pid: int) -> int:
    """Process `pid`'s resident memory (VmRSS) in KiB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise RuntimeError("no VmRSS")


@dataclass
class App:
    """A running `streamlit run serve.py`."""

    process: subprocess.Popen
    port: int
    log: Path

    @property
    def pid(self) -> int:
        return self.process.pid

    def cpu_seconds(self) -> float:
        """User plus system CPU time the server process has used so far."""
        return cpu_seconds(self.pid)

    def rss_kib(self) -> int:
        """The server's resident memory (VmRSS) in KiB."""
        return rss_kib(self.pid)

    def stop(self) -> None:
        """Terminate the app (DuckDB checkpoints on the way out) and wait for it."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)


def start(
    db_path: Path | str,
    log_path: Path,
    timeout_s: float = 90,
    extra_env: dict[str, str] | None = None,
    port: int | None = None,
) -> App:
    """Start the app with KOHTAAMO_DB=db_path, on `port` or a free one, and wait until it is
    healthy. The benchmark and the browser tests both start it here."""
    port = port or free_port()
    env = {
        **os.environ,
        **(extra_env or {}),
        "KOHTAAMO_DB": str(db_path),
        "KOHTAAMO_PUBLIC_URL": f"http://127.0.0.1:{port}",
    }
    command = [
        str(Path(sys.executable).with_name("streamlit")),
        "run",
        "serve.py",
        "--server.address",
        "127.0.0.1",
        "--server.port",
        str(port),
        "--server.headless",
        "true",
    ]
    with log_path.open("w") as log:
        process = subprocess.Popen(  # noqa: S603 - our own venv's streamlit, fixed arguments
            command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT
        )
    app = App(process, port, log_path)
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the app exited with {process.returncode}; see {log_path}")
        try:
            url = f"http://127.0.0.1:{port}/_stcore/health"
            with urllib.request.urlopen(url, timeout=2) as reply:
                if reply.status == 200:
                    return app
        except OSError:
            time.sleep(0.2)
    app.stop()
    raise RuntimeError("the app did not become healthy in time")
