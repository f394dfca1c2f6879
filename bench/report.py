"""Issue 6's targets (and issue 17's observation round) checked against the figures, issue 18's
for a scaled-out run (another store, several processes or rooms), and the summary a person
reads."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Target:
    """A figure at `path` in the results that must stay at or under `limit`."""

    label: str
    path: tuple[str, ...]
    limit: float
    unit: str

    def value(self, results: Mapping[str, Any]) -> Any:
        found: Any = results
        for part in self.path:
            found = found.get(part) if isinstance(found, Mapping) else None
        return found

    def passed(self, results: Mapping[str, Any]) -> bool:
        """Missing figures fail: a scenario that could not measure has not met its target."""
        found = self.value(results)
        return isinstance(found, int | float) and found <= self.limit


TARGETS = (
    Target("ballot burst p95", ("ballot_burst", "p95_ms"), 100, "ms"),
    Target("ballot burst p99", ("ballot_burst", "p99_ms"), 150, "ms"),
    Target("ballot burst lost", ("ballot_burst", "lost"), 0, ""),
    Target("ballot burst double counted", ("ballot_burst", "double_counted"), 0, ""),
    Target("closing burst p95", ("closing_burst", "p95_ms"), 500, "ms"),
    Target("closing burst lost", ("closing_burst", "lost"), 0, ""),
    Target("idle CPU", ("idle", "cpu_pct_one_core"), 35, "% of one core"),
    Target("join storm p95 first render", ("join_storm", "p95_first_render_ms"), 2000, "ms"),
    Target("join storm memory per session", ("join_storm", "rss_per_session_kib"), 150, "KiB"),
    Target("projector lag", ("ballot_burst", "projector_lag_ms"), 3000, "ms"),
    Target("three documents under load", ("export_under_load", "export_s"), 5, "s"),
    Target("documents not delivered", ("export_under_load", "documents_missing"), 0, ""),
    # Issue 17: 50 observers save a visit's checklist within a few seconds.
    Target("observation round p95", ("observation_round", "p95_ms"), 300, "ms"),
    Target("observation round lost", ("observation_round", "lost"), 0, ""),
    Target("observation round stored twice", ("observation_round", "stored_twice"), 0, ""),
)


# Issue 18: 600 phones in 3 rooms over 2 processes on PostgreSQL, on the same two cores.
SCALED_TARGETS = (
    Target("ballot burst p95", ("ballot_burst", "p95_ms"), 150, "ms"),
    Target("ballot burst lost", ("ballot_burst", "lost"), 0, ""),
    Target("ballot burst double counted", ("ballot_burst", "double_counted"), 0, ""),
    Target("closing burst p95", ("closing_burst", "p95_ms"), 1000, "ms"),
    Target("closing burst lost", ("closing_burst", "lost"), 0, ""),
    Target("closing burst double counted", ("closing_burst", "double_counted"), 0, ""),
    Target("room change p95", ("room_change", "p95_ms"), 3000, "ms"),
    Target("room change not shown", ("room_change", "not_shown"), 0, ""),
    Target("documents not delivered", ("export_under_load", "documents_missing"), 0, ""),
    Target("observation round lost", ("observation_round", "lost"), 0, ""),
    Target("observation round stored twice", ("observation_round", "stored_twice"), 0, ""),
)
DEFAULT_SETUP = {"store": "duckdb", "processes": 1, "proxy": False, "rooms": 1}


def targets_for(results: Mapping[str, Any]) -> tuple[Target, ...]:
    """Issue 6's targets for the default run (one process, one room, DuckDB; also a run from
    before the setup was recorded), issue 18's for any other."""
    setup = results.get("setup") or {}
    scaled = any(setup.get(k, v) != v for k, v in DEFAULT_SETUP.items())
    return SCALED_TARGETS if scaled else TARGETS


def verdicts(results: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Each target with the figure found and whether it passed."""
    return [
        {
            "target": t.label,
            "limit": t.limit,
            "unit": t.unit,
            "value": t.value(results),
            "passed": t.passed(results),
        }
        for t in targets_for(results)
    ]


def _cell(value: Any) -> str:
    return "—" if value is None else str(value)


def summary(results: Mapping[str, Any]) -> str:
    """Markdown: the machine, each scenario's figures, then the targets with pass or fail."""
    machine = results["machine"]
    lines = [
        "# Kohtaamo benchmark",
        "",
        f"Streamlit {machine['streamlit']}, DuckDB {machine['duckdb']}, Python "
        f"{machine['python']}, {machine['cores']} cores, load average {machine['loadavg']} "
        f"at the start; {machine['started']}.",
        "",
        f"The host's speed: a fixed loop of a million additions in Python took "
        f"{machine['python_loop_ms']} ms (best of 5; longer is slower).",
        "",
    ]
    if "loadavg_end" in machine:
        lines += [f"Load average {machine['loadavg_end']} at the end.", ""]
    if setup := results.get("setup"):
        proxy = "behind HAProxy" if setup.get("proxy") else "without a proxy"
        lines += [
            f"Setup: {setup.get('store')}, {setup.get('processes')} app process(es) {proxy}, "
            f"{setup.get('rooms')} room(s), {setup.get('phones')} phones; code "
            f"{setup.get('commit') or '?'}.",
            "",
        ]
    for name, figures in results.items():
        if name in {"machine", "setup", "targets", "profile"} or not isinstance(figures, Mapping):
            continue
        lines += [f"## {name}", "", "| figure | value |", "| --- | --- |"]
        for key, value in figures.items():
            if isinstance(value, Mapping):
                for sub, inner in value.items():
                    lines.append(f"| {key}.{sub} | {_cell(inner)} |")
            else:
                lines.append(f"| {key} | {_cell(value)} |")
        lines.append("")
    if results.get("profile"):
        lines += ["## Where the server's time goes (py-spy, % of samples)", ""]
        for part, rows in results["profile"].items():
            shares = rows if isinstance(rows, str) else "; ".join(f"{n} {p}" for n, p in rows)
            lines.append(f"- {part}: {shares}")
        lines.append("")
    lines += ["## Targets", "", "| target | limit | measured | |", "| --- | --- | --- | --- |"]
    for v in results["targets"]:
        mark = "pass" if v["passed"] else "**FAIL**"
        lines.append(f"| {v['target']} | {v['limit']} {v['unit']} | {_cell(v['value'])} | {mark} |")
    return "\n".join(lines) + "\n"
