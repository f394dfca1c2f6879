"""The app on one database file (`kohtaamo.duckdb` in its folder) that a test stops, kills and
starts again on the same port."""

from __future__ import annotations

import os
import signal
from dataclasses import dataclass, field
from pathlib import Path

from bench import server as app_server


@dataclass
class Restartable:
    """The app on one database file, stopped and started again on the same port."""

    folder: Path
    port: int = field(default_factory=app_server.free_port)
    env: dict[str, str] = field(default_factory=dict)
    app: app_server.App | None = None
    logs: list[Path] = field(default_factory=list)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        log = self.folder / f"app-{len(self.logs)}.log"
        self.logs.append(log)
        self.app = app_server.start(
            self.folder / "kohtaamo.duckdb", log, timeout_s=60, port=self.port, extra_env=self.env
        )

    def kill(self) -> None:
        """SIGKILL: no checkpoint, no closing of anything, as when the process is killed for
        memory or crashes."""
        assert self.app is not None
        os.kill(self.app.pid, signal.SIGKILL)
        self.app.process.wait(timeout=10)
        self.app = None

    def stop(self) -> None:
        """Terminate (DuckDB checkpoints on the way out) and wait."""
        if self.app is not None:
            self.app.stop()
            self.app = None

    def log_text(self) -> str:
        return "".join(log.read_text(errors="replace") for log in self.logs if log.exists())

    def tracebacks(self) -> list[str]:
        """The end of every log of this server that shows an unhandled error."""
        found = []
        for log in self.logs:
            text = log.read_text(errors="replace") if log.exists() else ""
            if "Traceback" in text:
                found.append(f"{log.name}:\n{text[-3000:]}")
        return found
