"""The app on one database file that a test stops and starts again on the same port."""

from __future__ import annotations

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

    def stop(self) -> None:
        if self.app is not None:
            self.app.stop()
            self.app = None

    def log_text(self) -> str:
        return "".join(log.read_text(errors="replace") for log in self.logs if log.exists())
