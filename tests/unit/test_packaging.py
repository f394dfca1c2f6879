"""What gets installed is what was tested: the kohtaamo console script, pyproject.toml's ranges,
the lock files and the Makefile that installs from them agree with each other and with .venv."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
import tomllib
from importlib import metadata
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

from kohtaamo import cli

ROOT = Path(__file__).resolve().parents[2]
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
APP = [Requirement(line) for line in PROJECT["dependencies"]]
DEV = [Requirement(line) for line in PROJECT["optional-dependencies"]["dev"]]
IN_CI = os.environ.get("CI") == "true"
# The venv's own bin, where pip puts console scripts (sys.executable may sit behind a symlink).
SCRIPT = Path(sys.executable).parent / "kohtaamo"


def _absent(what: str) -> None:
    # The shared developer venv predates the console script and cannot be reinstalled; CI
    # installs from scratch (make test), so there its absence is a broken install.
    if IN_CI:
        pytest.fail(f"{what} is missing: the project was not installed by make")
    pytest.skip(f"{what} is missing: this venv was installed before the console script existed")


def _pins(lock: str) -> dict[str, tuple[str, int]]:
    """Each locked package -> (version, how many hashes it has)."""
    text = (ROOT / lock).read_text(encoding="utf-8")
    pins: dict[str, tuple[str, int]] = {}
    # One entry: "name==version \" then its "--hash=sha256:..." lines, then "# via" comments.
    for match in re.finditer(
        r"^([A-Za-z0-9._-]+)==(\S+)((?:\s*\\\n\s+--hash=sha256:\w+)*)", text, re.M
    ):
        pins[canonicalize_name(match[1])] = (match[2], match[3].count("--hash=sha256:"))
    return pins


APP_LOCK = _pins("requirements.lock")
DEV_LOCK = _pins("requirements-dev.lock")


# The console script.


def test_pyproject_names_the_console_script_kohtaamo_for_cli_main() -> None:
    assert PROJECT["scripts"] == {"kohtaamo": "kohtaamo.cli:main"}


def test_the_usage_says_kohtaamo() -> None:
    assert cli._parser().format_usage().startswith("usage: kohtaamo ")


def test_the_installed_entry_point_resolves_to_cli_main() -> None:
    points = metadata.entry_points(group="console_scripts", name="kohtaamo")
    if not points:
        _absent("the installed kohtaamo entry point")
    (point,) = points
    assert point.load() is cli.main


def test_the_kohtaamo_script_runs_the_command_line() -> None:
    if not SCRIPT.exists():
        _absent(str(SCRIPT))
    done = subprocess.run([SCRIPT, "--help"], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("usage: kohtaamo ")
    assert "demo" in done.stdout and "export" in done.stdout


def test_python_m_kohtaamo_is_the_same_command() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "kohtaamo", "--help"],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("usage: kohtaamo ")


# The ranges.


@pytest.mark.parametrize("requirement", APP + DEV, ids=str)
def test_every_range_spans_exactly_the_minor_release_that_was_locked(
    requirement: Requirement,
) -> None:
    # ">=X.Y[.Z],<X.(Y+1)": the floor is what the suite passed on, the ceiling the next minor
    # release nobody has tried. The lock holds the version the suite ran, so both ends are
    # checked against it.
    bounds = {spec.operator: Version(spec.version) for spec in requirement.specifier}
    assert set(bounds) == {">=", "<"}, f"{requirement}: give a floor and a ceiling"
    floor, ceiling = bounds[">="], bounds["<"]
    assert ceiling == Version(f"{floor.major}.{floor.minor + 1}"), f"{requirement}: one minor"
    locked = Version(DEV_LOCK[canonicalize_name(requirement.name)][0])
    assert (locked.major, locked.minor) == (floor.major, floor.minor)
    assert locked in requirement.specifier


def test_the_streamlit_floor_is_the_first_release_with_what_the_server_needs() -> None:
    # The server is an st.App and the push reads a script thread's ThreadState: 1.50 had neither,
    # and 1.67 is the first release the suite passed on.
    (streamlit,) = [r for r in APP if r.name == "streamlit"]
    assert not streamlit.specifier.contains("1.66.0")
    assert streamlit.specifier.contains("1.67.0")


# The lock files.


def test_every_locked_package_carries_its_hashes() -> None:
    for lock in (APP_LOCK, DEV_LOCK):
        assert lock, "no package parsed: the guard below would pass on an empty lock"
        assert [name for name, (_, hashes) in lock.items() if not hashes] == []


def test_the_app_lock_takes_its_versions_from_the_dev_lock() -> None:
    # make lock constrains the app by the dev lock, so `make run` runs what `make test` ran.
    assert {name: DEV_LOCK.get(name) for name in APP_LOCK} == APP_LOCK


@pytest.mark.parametrize(
    ("requirements", "lock"), [(APP, APP_LOCK), (DEV, DEV_LOCK)], ids=["app", "dev"]
)
def test_every_direct_dependency_is_locked(
    requirements: list[Requirement], lock: dict[str, tuple[str, int]]
) -> None:
    for requirement in requirements:
        if requirement.marker and not requirement.marker.evaluate({"sys_platform": "linux"}):
            continue
        assert canonicalize_name(requirement.name) in lock, requirement.name


def test_the_venv_runs_the_locked_versions() -> None:
    # make reinstalls from the lock whenever it changes; a venv that differs is not the tested one.
    installed = {name: metadata.version(name) for name in DEV_LOCK if _installed(name)}
    assert {name: DEV_LOCK[name][0] for name in DEV_LOCK} == installed


def _installed(name: str) -> bool:
    try:
        metadata.version(name)
    except metadata.PackageNotFoundError:
        return False
    return True


# The Makefile.

MAKE = shutil.which("make")
needs_make = pytest.mark.skipif(MAKE is None and not IN_CI, reason="make is not installed")


def _make(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    assert MAKE is not None, "make is not installed"
    return subprocess.run([MAKE, *args], capture_output=True, text=True, check=False, cwd=cwd)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """The Makefile and what its install targets depend on, with a venv that looks installed."""
    for name in ("Makefile", "pyproject.toml", "requirements.lock", "requirements-dev.lock"):
        shutil.copy(ROOT / name, tmp_path / name)
    bin_ = tmp_path / ".venv" / "bin"
    bin_.mkdir(parents=True)
    (bin_ / "python").touch()
    later = time.time() + 10
    for stamp in (".installed-app", ".installed-dev"):
        (tmp_path / ".venv" / stamp).touch()
        os.utime(tmp_path / ".venv" / stamp, (later, later))
    return tmp_path


@needs_make
def test_make_installs_the_dev_lock_with_hashes_then_the_project_without_dependencies(
    project: Path,
) -> None:
    dry = _make("-n", "-B", ".venv/.installed-dev", cwd=project).stdout
    assert "pip install --quiet --require-hashes -r requirements-dev.lock" in dry
    assert "pip install --quiet --no-deps -e ." in dry
    assert dry.index("requirements-dev.lock") < dry.index("--no-deps")


@needs_make
def test_make_run_installs_the_app_lock(project: Path) -> None:
    dry = _make("-n", "-B", ".venv/.installed-app", cwd=project).stdout
    assert "pip install --quiet --require-hashes -r requirements.lock" in dry


@needs_make
@pytest.mark.parametrize(
    ("stamp", "lock"),
    [(".installed-app", "requirements.lock"), (".installed-dev", "requirements-dev.lock")],
)
def test_a_changed_lock_makes_make_reinstall(project: Path, stamp: str, lock: str) -> None:
    # `make -q` exits 0 when the target is up to date and 1 when it would run its recipe.
    assert _make("-q", f".venv/{stamp}", cwd=project).returncode == 0
    later = time.time() + 20
    os.utime(project / lock, (later, later))
    assert _make("-q", f".venv/{stamp}", cwd=project).returncode == 1


@needs_make
def test_make_demo_runs_the_console_script(project: Path) -> None:
    assert ".venv/bin/kohtaamo demo" in _make("-n", "demo", cwd=project).stdout
