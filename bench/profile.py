"""Where the app's time goes: py-spy samples the server process for the whole run.

py-spy is optional (`pip install py-spy`); without it `--profile` says so and the run goes on.
The raw folded stacks are kept (artifacts/); the summary says what the event loop and the script
threads were doing, idle time included, since waiting is where a GIL-bound server loses time.
"""

from __future__ import annotations

import re
import shutil
import signal
import subprocess
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FRAME = re.compile(r"^(?P<func>.*?) \((?P<file>[^:()]+)(?::\d+)?\)$")


def start(pid: int, out: Path) -> subprocess.Popen | None:
    """Begin sampling `pid` at 20 Hz into `out` (folded stacks); None without py-spy."""
    spy = shutil.which("py-spy", path=str(Path(sys.executable).parent)) or shutil.which("py-spy")
    if spy is None:
        return None
    command = [spy, "record", "--pid", str(pid), "--rate", "20", "--format", "raw"]
    command += ["--idle", "--threads", "--nonblocking", "--full-filenames", "--output", str(out)]
    return subprocess.Popen(  # noqa: S603 - py-spy on our own server's pid
        command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )


def stop(spy: subprocess.Popen) -> None:
    """Stop sampling; py-spy writes its file on SIGINT."""
    spy.send_signal(signal.SIGINT)
    try:
        spy.wait(timeout=60)
    except subprocess.TimeoutExpired:
        spy.kill()


# Streamlit's own script threads, and server/tuning.py's workers that run the pages instead.
SCRIPT_THREADS = ("ScriptRunner", "script-worker-")
OURS = ("facilitator/", "pages/", "exports/", "server/", "kohtaamo/", "workshop_app.py")


def _name(frame: str) -> str:
    match = FRAME.match(frame.strip())
    if not match:
        return frame.strip()
    parts = Path(match["file"]).parts
    # Short and stable: the path from site-packages, or from the repository, down.
    for anchor in ("site-packages", ROOT.name):
        if anchor in parts:
            parts = parts[len(parts) - parts[::-1].index(anchor) :]
            break
    else:
        parts = parts[-1:]
    return f"{match['func']} ({'/'.join(parts)})"


def _threads(folded: str) -> dict[str, Counter[tuple[str, ...]]]:
    """Folded stacks by thread name (py-spy --threads puts the thread first)."""
    found: dict[str, Counter[tuple[str, ...]]] = {}
    for line in folded.splitlines():
        stack, _, count = line.rpartition(" ")
        if not stack.startswith("thread (") or not count.isdigit():
            continue
        head, *frames = stack.split(";")
        if not frames:
            continue
        thread = head.split(":", 1)[-1].strip()
        found.setdefault(thread, Counter())[tuple(_name(f) for f in frames)] += int(count)
    return found


def _shares(counter: Counter[str], samples: int, top: int) -> list[tuple[str, float]]:
    return [(name, round(100 * n / samples, 1)) for name, n in counter.most_common(top)]


def summarise(folded: str, top: int = 10) -> dict[str, list[tuple[str, float]]]:
    """Where the app's threads were, as % of each thread kind's samples (idle included).

    The event loop (MainThread) reads every websocket and starts every script run; the
    script threads run the pages. For the loop: what it was doing; for the script threads:
    the innermost frame (waiting included) and our functions by time on the stack.
    """
    threads = _threads(folded)
    loop = threads.get("MainThread", Counter())
    scripts: Counter[tuple[str, ...]] = Counter()
    for name, stacks in threads.items():
        if name.startswith(SCRIPT_THREADS):
            scripts.update(stacks)
    summary: dict[str, list[tuple[str, float]]] = {}
    if loop_samples := sum(loop.values()):
        doing: Counter[str] = Counter()
        for frames, n in loop.items():
            starting = any(f.startswith("Thread.start ") for f in frames)
            doing["starting a script thread" if starting else frames[-1]] += n
        summary["event_loop"] = _shares(doing, loop_samples, top)
    if script_samples := sum(scripts.values()):
        own: Counter[str] = Counter()
        ours: Counter[str] = Counter()
        for frames, n in scripts.items():
            own[frames[-1]] += n
            for name in {f for f in frames if f.rsplit("(", 1)[-1].startswith(OURS)}:
                ours[name] += n
        summary["script_threads_innermost"] = _shares(own, script_samples, top)
        summary["script_threads_in_our_code"] = _shares(ours, script_samples, top)
    return summary
