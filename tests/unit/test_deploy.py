"""The files for running several app processes (deploy/, kohtaamo/cluster.py, `make
run-cluster`) say what README "Scaling out" says, and HAProxy accepts the configuration."""

from __future__ import annotations

import os
import re
import shutil
import stat
import subprocess
import tempfile
import time
from pathlib import Path

import pytest

from facilitator.domain import Language
from facilitator.language.i18n import t
from kohtaamo import cluster

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
IN_CI = os.environ.get("CI") == "true"


def haproxy() -> Path:
    found = cluster.haproxy_binary()
    if found is None:
        why = "no HAProxy (Debian: apt-get install haproxy)"
        if IN_CI:
            pytest.fail(f"{why} (CI must check the configuration)", pytrace=False)
        pytest.skip(why)
    return found


def haproxy_accepts(path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(haproxy()), "-c", "-f", str(path)], capture_output=True, text=True, check=False
    )


def test_the_haproxy_example_is_a_valid_configuration() -> None:
    done = haproxy_accepts(DEPLOY / "haproxy.cfg")
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_proxy_is_sticky_by_cookie_and_sends_a_dead_process_s_phones_elsewhere() -> None:
    text = (DEPLOY / "haproxy.cfg").read_text()
    settings = [line.split("#")[0].strip() for line in text.splitlines()]
    assert (
        f'cookie {cluster.COOKIE} insert indirect nocache httponly attr "SameSite=Lax"' in settings
    )
    # A room on one Wi-Fi shares one address: hashing the address would put it on one process.
    assert not any(s.startswith(("balance source", "hash-type", "stick on src")) for s in settings)
    assert "option redispatch 1" in settings and "retries 3" in settings
    assert "option httpchk GET /_stcore/health" in settings
    assert any(s.startswith("timeout tunnel ") for s in settings)  # the phones' websockets
    assert all(" cookie app" in s for s in settings if s.startswith("server "))


def test_the_proxy_tells_each_phones_address_and_logs_no_token() -> None:
    text = (DEPLOY / "haproxy.cfg").read_text()
    settings = [line.split("#")[0].strip() for line in text.splitlines()]
    # Without it every phone comes from the proxy and shares one guessing limit (signin.py).
    assert "option forwardfor" in settings
    # A phone's address holds its token (?code=…&p=…): the log keeps the path only.
    assert "option httplog" not in settings
    log_format = next(s for s in settings if s.startswith("log-format "))
    assert "%HPO" in log_format and not {"%HU", "%HP", "%r", "%{+Q}r"} & set(log_format.split())


def test_the_cluster_writes_its_own_processes_into_the_template(tmp_path: Path) -> None:
    written = cluster.render_config(
        (DEPLOY / "haproxy.cfg").read_text(),
        "127.0.0.1:9100",
        [("app0", 9101), ("app1", 9102), ("app2", 9103)],
        tmp_path / "haproxy.sock",
    )
    lines = [line.strip() for line in written.splitlines()]
    assert [s for s in lines if s.startswith("server ")] == [
        f"server app{i} 127.0.0.1:{9101 + i} cookie app{i} check" for i in range(3)
    ]
    assert [s for s in lines if s.startswith("bind ")] == ["bind 127.0.0.1:9100"]
    assert f"stats socket {tmp_path / 'haproxy.sock'} mode 600 level user" in lines
    path = tmp_path / "haproxy.cfg"
    path.write_text(written)
    done = haproxy_accepts(path)
    assert done.returncode == 0, done.stdout + done.stderr


def test_a_template_without_servers_is_refused() -> None:
    with pytest.raises(ValueError, match="server"):
        cluster.render_config("global\nfrontend f\n    bind :1\n", ":2", [("app0", 3)], Path("s"))


def test_the_kubernetes_example_keeps_pods_sticky_and_shares_their_secrets() -> None:
    text = (DEPLOY / "kubernetes.yaml").read_text()
    kinds = re.findall(r"^kind: (\w+)$", text, re.MULTILINE)
    assert kinds == ["Deployment", "Service", "Ingress"]
    assert len(re.findall(r"^apiVersion: ", text, re.MULTILINE)) == 3
    assert "nginx.ingress.kubernetes.io/affinity: cookie" in text
    assert f"session-cookie-name: {cluster.COOKIE}" in text
    assert "proxy-read-timeout" in text  # the websockets stay open
    for variable, key in (
        ("KOHTAAMO_DB", "db-url"),
        ("STREAMLIT_SERVER_COOKIE_SECRET", "cookie-secret"),
    ):
        block = text[text.index(f"name: {variable}") :][:200]
        assert "secretKeyRef" in block and f"key: {key}" in block, variable
    assert text.count("path: /_stcore/health") == 2  # readiness and liveness
    assert "containerPort: 8501" in text
    assert "\t" not in text  # YAML indents with spaces only


def test_the_container_runs_the_server_entry_from_the_locked_versions() -> None:
    text = (DEPLOY / "Dockerfile").read_text()
    assert "pip install --require-hashes -r requirements.lock" in text
    assert '"streamlit", "run", "serve.py"' in text and '"--server.port", "8501"' in text
    assert "EXPOSE 8501" in text and "USER " in text
    ignored = (DEPLOY.parent / ".dockerignore").read_text().split()
    assert {"data", ".venv", ".git"} <= set(ignored)  # no database or secret in the image


def test_the_readme_tells_how_to_scale_out_with_the_files_that_exist() -> None:
    readme = (ROOT / "README.md").read_text()
    section = readme[readme.index("## Scaling out") :]
    section = section[: section.index("\n## ", 1)]
    assert "make run-cluster REPLICAS=2" in section
    for name in ("deploy/haproxy.cfg", "deploy/Dockerfile", "deploy/kubernetes.yaml"):
        assert name in section and (ROOT / name).exists(), name
    for words in ("KOHTAAMO_DB=postgresql://", "server.cookieSecret", "apt-get install haproxy"):
        assert words in section, words


# `make run-cluster` and the command's own checks ------------------------------------------------

MAKE = shutil.which("make")


@pytest.mark.skipif(MAKE is None and not IN_CI, reason="make is not installed")
def test_make_run_cluster_installs_the_app_and_passes_the_replicas_and_port(tmp_path: Path) -> None:
    for name in ("Makefile", "pyproject.toml", "requirements.lock", "requirements-dev.lock"):
        shutil.copy(ROOT / name, tmp_path / name)
    (tmp_path / ".venv" / "bin").mkdir(parents=True)
    (tmp_path / ".venv" / "bin" / "python").touch()
    later = time.time() + 10
    (tmp_path / ".venv" / ".installed-app").touch()
    os.utime(tmp_path / ".venv" / ".installed-app", (later, later))
    assert MAKE is not None

    def dry(*args: str) -> str:
        return subprocess.run(
            [MAKE, "-n", "run-cluster", *args],
            capture_output=True,
            text=True,
            cwd=tmp_path,
            check=True,
        ).stdout

    assert dry().strip() == ".venv/bin/python -m kohtaamo.cluster --replicas 2 --port 8501"
    assert "--replicas 3 --port 9000" in dry("REPLICAS=3", "PORT=9000")
    os.utime(tmp_path / "requirements.lock", (later + 10, later + 10))
    assert "pip install --quiet --require-hashes -r requirements.lock" in dry()


@pytest.mark.parametrize("lang", [Language.FI, Language.EN])
def test_a_missing_proxy_or_database_is_named_with_its_debian_package(
    monkeypatch: pytest.MonkeyPatch, lang: Language
) -> None:
    monkeypatch.setattr(cluster, "haproxy_binary", lambda: None)
    assert "apt-get install haproxy" in (cluster.what_is_missing("", lang) or "")
    monkeypatch.setattr(cluster, "haproxy_binary", lambda: Path("/usr/sbin/haproxy"))
    monkeypatch.setattr(cluster, "postgres_binaries", lambda: None)
    told = cluster.what_is_missing("", lang) or ""
    assert "apt-get install postgresql" in told and told == t(lang, "cluster.no_postgres")
    # A server of one's own needs no PostgreSQL on this machine.
    assert cluster.what_is_missing("postgresql://db.example/kohtaamo", lang) is None
    assert cluster.what_is_missing("data/kohtaamo.duckdb", lang) == t(
        lang, "cluster.needs_postgres", db="data/kohtaamo.duckdb"
    )


def test_the_command_starts_nothing_without_haproxy(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    monkeypatch.setenv("LANG", "fi_FI.UTF-8")
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_MESSAGES", raising=False)
    monkeypatch.delenv("KOHTAAMO_DB", raising=False)
    monkeypatch.setattr(cluster, "haproxy_binary", lambda: None)
    assert cluster.main(["--data", str(tmp_path / "data")]) == 2
    assert capsys.readouterr().err.strip() == t(Language.FI, "cluster.no_haproxy")
    assert not (tmp_path / "data").exists()  # no database started, no secret made


def test_the_cookie_secret_is_made_once_and_readable_by_its_owner_only(tmp_path: Path) -> None:
    path = tmp_path / "data" / "cookie-secret"
    first = cluster.cookie_secret(path)
    assert len(first) >= 40
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert cluster.cookie_secret(path) == first


def test_the_terminal_never_shows_the_database_password() -> None:
    assert (
        cluster.without_password("postgresql://kohtaamo:s3cret@db:5432/k")
        == "postgresql://kohtaamo:***@db:5432/k"
    )
    assert (
        cluster.without_password("postgresql://kohtaamo@127.0.0.1:5432/k")
        == "postgresql://kohtaamo@127.0.0.1:5432/k"
    )


def test_as_root_a_checkout_the_postgres_user_cannot_enter_is_named_before_anything_starts(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Not under pytest's own temporary folder, which is closed to others itself.
    base = Path(tempfile.mkdtemp(prefix="kohtaamo-test-deploy-"))
    base.chmod(0o755)
    private = base / "home"
    (private / "kohtaamo" / "data").mkdir(parents=True)
    private.chmod(0o700)
    monkeypatch.setattr(cluster.os, "geteuid", lambda: 0)
    monkeypatch.setattr(cluster, "haproxy_binary", lambda: Path("/usr/sbin/haproxy"))
    monkeypatch.setattr(cluster, "postgres_binaries", lambda: Path("/usr/lib/postgresql/15/bin"))
    data = private / "kohtaamo" / "data"
    assert cluster.closed_to_postgres(data / "postgres") == private
    assert cluster.what_is_missing("", Language.EN, data) == t(
        Language.EN, "cluster.postgres_closed", folder=str(private)
    )
    # A server of one's own needs no folder of ours.
    assert cluster.what_is_missing("postgresql://db.example/kohtaamo", Language.EN, data) is None
    private.chmod(0o755)
    assert cluster.closed_to_postgres(data / "postgres") is None
    shutil.rmtree(base)
