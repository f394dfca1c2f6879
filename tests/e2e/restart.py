"""The app on one database (the DuckDB file `kohtaamo.duckdb` in its folder, or a PostgreSQL
database named by its URL) that a test stops, kills and starts again on the same port."""

from __future__ import annotations

import os
import signal
from dataclasses import dataclass, field
from pathlib import Path

from bench import server as app_server


@dataclass
class Restartable:
    """The app on one database, stopped and started again on the same port."""

    folder: Path
    port: int = field(default_factory=app_server.free_port)
    env: dict[str, str] = field(default_factory=dict)
    app: app_server.App | None = None
    logs: list[Path] = field(default_factory=list)
    db: str = ""  # its KOHTAAMO_DB: a PostgreSQL URL, or by default the folder's DuckDB file

    def __post_init__(self) -> None:
        self.db = self.db or str(self.folder / "kohtaamo.duckdb")

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        log = self.folder / f"app-{len(self.logs)}.log"
        self.logs.append(log)
        self.app = app_server.start(
            self.db,  # type: ignore[arg-type]  # str() of it is KOHTAAMO_DB
            log,
            timeout_s=60,
            port=self.port,
            extra_env=self.env,
        )

    def kill(self) -> None:
        """SIGKILL: no checkpoint, no closing of anything, as when the process is killed for
        memory or crashes."""
        assert self.app is not None
        os.kill(self.app.pid, signal.SIGKILL)
        self.app.process.wait(timeout=10)
        self.app = None

    def stop(self) -> None:
        """Terminate (DuckDB checkpoints on the way out, PostgreSQL's connections close) and
        wait."""
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
