"""Several app processes behind a real HAProxy on a real PostgreSQL (issue 18, points 3 and 5):
each browser stays on its process by the proxy's cookie, a phone joins through the proxy, and a
process killed in the middle of a ballot burst loses no acknowledged ballot and counts none twice,
while its phones come back through the proxy on the other process as the same people.

The phones of the burst are bench/'s websocket phones, given a cookie jar here so that they
keep the proxy's cookie as a browser does. Nothing here waits on a change made on one process
reaching phones on another (that push is LISTEN/NOTIFY, a branch of its own): each phone only
reads what its own process draws for it.
"""

from __future__ import annotations

import asyncio
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path

import pytest
import websockets
from playwright.sync_api import Browser, WebSocket, expect
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from bench.client import Session
from bench.phones import Phone, ballot_element, change_buttons
from bench.protocol import SUBPROTOCOL, stream_url
from facilitator.domain import Kind, Language, Role, Step
from facilitator.followup import metrics
from facilitator.language.i18n import t
from facilitator.room import workshops
from facilitator.store.db import Store
from kohtaamo.cluster import COOKIE, Cluster, haproxy_binary
from kohtaamo.postgres import LocalPostgres, free_port
from kohtaamo.postgres import binaries as postgres_binaries

from .room import (
    TIMEOUT_MS,
    change_dots,
    choose,
    give,
    laptop,
    open_kind,
    sees_sent_ballot,
    send_ballot,
)
from .test_faults import (
    PHONES,
    TIMEOUT_S,
    Seeded,
    ballot_of,
    phone_joins,
    play,
    read_stored,
    seed,
    you_are,
)
from .test_follow_lead import LEAD_PASSPHRASE, RESULTS, lead_room

# Seconds a phone may take to be back on a living process after its own was killed: the proxy's
# health check marks a process down within two checks a second apart, a refused connection at once.
FAILOVER_S = 15


def _need_haproxy() -> None:
    # A missing proxy fails in CI and is a visible skip on a developer's machine.
    if haproxy_binary() is None:
        why = "no HAProxy (Debian: apt-get install haproxy)"
        if os.environ.get("CI") == "true":
            pytest.fail(f"{why} (CI must run the cluster tests)", pytrace=False)
        pytest.skip(why)


@pytest.fixture
def cluster(postgres_server, tmp_path: Path) -> Iterator[Callable[..., tuple[Cluster, Seeded]]]:
    """`cluster(step)`: a demo workshop at `step` in a fresh schema of the session's PostgreSQL,
    and two app processes behind HAProxy on it; stopped after the test, whose logs must show no
    unhandled error (a killed process's log ends where it was killed)."""
    _need_haproxy()
    started: list[Cluster] = []
    schemas: list[str] = []

    def make(step: Step, replicas: int = 2) -> tuple[Cluster, Seeded]:
        url, schema = postgres_server.fresh_url()
        schemas.append(schema)
        # The URL stands where seed() takes a DuckDB file: Store() opens either.
        seeded = seed(url, step)  # type: ignore[arg-type]
        # The phones' own safety timer is beyond any test's length: each phone reads only what
        # its process draws for it when it asks.
        app = Cluster(
            replicas,
            url,
            0,
            tmp_path / f"cluster{len(started)}",
            env={"KOHTAAMO_SAFETY_CHECK_S": "600"},
        )
        started.append(app)
        app.start()
        return app, seeded

    yield make
    for app in started:
        app.stop()
        for log in sorted(app.folder.glob("app*.log")):  # type: ignore[union-attr]
            text = log.read_text(errors="replace")
            assert "Traceback" not in text, f"{log}:\n{text[-3000:]}"
    for schema in schemas:
        postgres_server.drop(schema)


# A browser's cookie jar, for bench/'s websocket phones ------------------------------------------


def take_cookies(jar: dict[str, str], set_cookies: list[str]) -> None:
    for header in set_cookies:
        parsed = SimpleCookie()
        parsed.load(header)
        jar.update({name: morsel.value for name, morsel in parsed.items()})


def cookie_header(jar: dict[str, str]) -> dict[str, str]:
    return {"Cookie": "; ".join(f"{k}={v}" for k, v in jar.items())} if jar else {}


def load_page(port: int, path: str, jar: dict[str, str]) -> int:
    """One GET through the proxy with the jar's cookies, as a browser loads the page; keeps
    the cookies the answer sets. Its status."""
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers=cookie_header(jar))
    with urllib.request.urlopen(request, timeout=TIMEOUT_S) as reply:
        take_cookies(jar, reply.headers.get_all("Set-Cookie") or [])
        return reply.status


@dataclass
class JarSession(Session):
    """A tab whose websocket carries the browser's cookies and keeps those its handshake sets."""

    jar: dict[str, str] = field(default_factory=dict)

    async def open(self) -> None:
        self._ws = await websockets.connect(
            stream_url(self.port),
            subprotocols=[websockets.Subprotocol(SUBPROTOCOL)],
            additional_headers=cookie_header(self.jar),
            max_size=None,
            open_timeout=30,
            ping_interval=None,
        )
        response = self._ws.response
        if response is not None:
            take_cookies(self.jar, response.headers.get_all("Set-Cookie"))
        self._reader = asyncio.create_task(self._read())


@dataclass
class ProxiedPhone(Phone):
    """A bench phone behind the proxy: loads the join page (the proxy gives it its cookie) and
    opens its websocket with that cookie, so it stays on the process that holds its session."""

    jar: dict[str, str] = field(default_factory=dict)
    back_s: float | None = None  # from the kill until its page was drawn again

    @property
    def replica(self) -> str:
        return self.jar.get(COOKIE, "")

    async def arrive(self, timeout: float) -> bool:
        status = await asyncio.to_thread(load_page, self.port, f"/?code={self.code}", self.jar)
        if status != 200:
            self.error = f"HTTP {status} while loading the page"
            return False
        self.session = JarSession(self.port, f"code={self.code}", jar=self.jar)
        await self.session.open()
        sent = await self.session.request()
        if not await self.session.wait_for(lambda: self._drawn(sent, self.join_form), timeout):
            self.error = "the join form did not come"
            return False
        return True

    async def come_back(self, since: float, timeout: float) -> None:
        """What the browser does when its websocket drops: connects again (through the proxy,
        with the cookie it holds) until the page at the address it holds is drawn again."""
        assert self.session is not None
        query_string = self.session.page.query_string
        deadline = time.monotonic() + timeout
        while True:
            session = JarSession(self.port, query_string, jar=self.jar)
            try:
                await session.open()
                sent = await session.request()

                def drawn(session: JarSession = session, sent: float = sent) -> bool:
                    page = session.page
                    return session.finished_since(sent) is not None and bool(
                        ballot_element(page) or change_buttons(page)
                    )

                if await session.wait_for(drawn, 5) and not session.closed:
                    self.session = session
                    self.back_s = time.perf_counter() - since
                    return
            except (OSError, websockets.InvalidStatus, websockets.ConnectionClosed):
                pass
            await session.close()
            if time.monotonic() > deadline:
                raise AssertionError(f"{self.name} did not come back within {timeout} s")
            await asyncio.sleep(0.2)  # the browser, too, waits a moment between its tries


# 1. Sticky sessions, and a phone in Chromium ----------------------------------------------------


def test_each_browser_stays_on_the_process_the_proxy_gave_it(cluster):
    """Two phones without a cookie are spread over the two processes; each keeps its own
    across requests, whatever order they come in, because the proxy's cookie says where (the
    proxy's log names the process that answered each request)."""
    app, seeded = cluster(Step.IDENTIFY)
    first: dict[str, str] = {}
    second: dict[str, str] = {}
    assert load_page(app.port, f"/?code={seeded.code}", first) == 200
    assert load_page(app.port, f"/?code={seeded.code}", second) == 200
    assert {first[COOKIE], second[COOKIE]} == {"app0", "app1"}
    held = {"first": first[COOKIE], "second": second[COOKIE]}
    asked: dict[str, str] = {}
    for n in range(6):
        for who, jar in (("first", first), ("second", second), ("first", first)):
            probe = f"probe-{who}-{n}-{len(asked)}"
            # In the path: the proxy's log keeps no query string (a phone's token is there).
            assert load_page(app.port, f"/{probe}", jar) == 200
            assert jar[COOKIE] == held[who]  # no new cookie: it went where the cookie said
            asked[probe] = held[who]
    log = app.folder / "haproxy.log"  # type: ignore[operator]

    def answered() -> dict[str, str]:
        found = re.findall(
            r"replicas/(app\d) .*GET /(probe-[\w-]+)$", log.read_text(), flags=re.MULTILINE
        )
        return {probe: server for server, probe in found}

    deadline = time.monotonic() + 10  # HAProxy writes its log line as each request ends
    while len(answered()) < len(asked) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert answered() == asked
    # A phone's token is in its address; the proxy's log keeps the path and never the query.
    assert load_page(app.port, "/?code=ABC234&p=secret-token-of-a-phone", first) == 200
    time.sleep(0.5)
    assert "secret-token-of-a-phone" not in log.read_text()
    assert log.stat().st_mode & 0o077 == 0  # readable by its owner only


def test_a_phone_joins_through_the_proxy_and_comes_back_as_itself_when_its_process_dies(
    cluster, browser: Browser, devices: dict
):
    """A phone in Chromium joins through the proxy, sees the room and sends a ballot; its
    process is killed; the page reconnects by itself to the other process, the same person
    with the same ballot, and its next ballot is stored for that same participant."""
    app, seeded = cluster(Step.IDENTIFY)
    context = browser.new_context(**devices["Pixel 7"])
    page = context.new_page()
    person = phone_joins(page, app, seeded.code, Role.FRONTLINE, "Proxied")  # type: ignore[arg-type]
    address = page.url
    texts = seeded.texts["strength"]
    open_kind(person, Kind.STRENGTH)
    give(person, texts[0], 2)
    send_ballot(person)
    sees_sent_ballot(person, {Kind.STRENGTH: {texts[0]: 2}})

    (cookie,) = [c for c in context.cookies() if c["name"] == COOKIE]
    held_by = int(cookie["value"].removeprefix("app"))
    answered: list[float] = []  # when a whole run of the page finished after the kill

    def finished_run(payload: bytes | str) -> None:
        msg = ForwardMsg()
        msg.ParseFromString(payload if isinstance(payload, bytes) else payload.encode())
        if msg.WhichOneof("type") == "script_finished" and not msg.metadata.run.fragment_ids:
            answered.append(time.perf_counter())

    def watch(ws: WebSocket) -> None:
        if ws.url.endswith("/_stcore/stream"):
            ws.on("framereceived", finished_run)

    killed = time.perf_counter()
    app.kill(held_by, signal.SIGKILL)
    page.on("websocket", watch)
    other = f"app{1 - held_by}"
    deadline = time.monotonic() + FAILOVER_S
    dialog = page.get_by_role("dialog")  # the connection-lost dialog (test_no_english.py)
    told = False  # whether the phone said the connection was lost, for the figure below
    while not answered:  # the page's own reconnecting, through the proxy
        assert time.monotonic() < deadline, "the phone did not reconnect"
        told = told or dialog.count() > 0
        page.wait_for_timeout(50)
    back_s = answered[0] - killed
    assert [c["value"] for c in context.cookies() if c["name"] == COOKIE] == [other]
    person.sees(you_are(Role.FRONTLINE, "Proxied"))
    sees_sent_ballot(person, {Kind.STRENGTH: {texts[0]: 2}})
    print(
        f"\nChromium phone back on {other} (a whole run drawn)"
        f" {back_s:.2f} s after its process was killed;"
        f" {'it showed' if told else 'it never showed'} the connection-lost dialog"
    )
    assert page.url == address

    change_dots(person)
    open_kind(person, Kind.STRENGTH)
    give(person, texts[0], 0)
    give(person, texts[1], 1)
    send_ballot(person)
    sees_sent_ballot(person, {Kind.STRENGTH: {texts[1]: 1}})
    expect(page.get_by_test_id("stException")).to_have_count(0, timeout=TIMEOUT_MS)
    context.close()

    stored = read_stored(seeded, prefix="Proxied")
    first, second = seeded.items["strength"][:2]
    assert stored.names["Proxied"] == 1  # reconnecting did not join again
    assert stored.by_phone[("Proxied", "strength")] == [{first: 2}, {second: 1}]
    assert len(stored.voters["Proxied"]) == 1
    expected = dict(seeded.baseline["strength"])
    expected[second] += 1
    assert stored.results["strength"] == expected


# 2. A process killed in the middle of a ballot burst --------------------------------------------


@dataclass
class Burst:
    phones: list[ProxiedPhone]
    before: dict[str, str]  # phone name -> the process that held it before the kill
    round_1: dict[str, dict[int, int]]
    acknowledged: dict[str, int]  # phone name -> ballots the phone saw confirmed
    killed_at: float | None = None
    in_flight: int = 0


async def burst_then_kill(app: Cluster, seeded: Seeded) -> Burst:
    """30 phones join through the proxy and vote; in a second burst app0 is killed from the
    10th answer on, at the first moment a sent ballot is unconfirmed. Then every phone whose
    process died comes back through the proxy, and every phone whose ballot was not confirmed
    sends it again (a retry, as a person taps again), until all are confirmed."""
    items = seeded.items["strength"]
    phones = [ProxiedPhone(i, app.port, seeded.code) for i in range(PHONES)]

    async def join(phone: ProxiedPhone) -> None:
        assert await phone.arrive(TIMEOUT_S), phone.error
        assert await phone.join(TIMEOUT_S), phone.error

    await asyncio.gather(*(join(p) for p in phones))
    burst = Burst(
        phones, {p.name: p.replica for p in phones}, {}, dict.fromkeys((p.name for p in phones), 0)
    )
    assert set(burst.before.values()) == {"app0", "app1"}, burst.before
    first = await asyncio.gather(
        *(p.vote("strength", ballot_of(p.index, items, 1), TIMEOUT_S) for p in phones)
    )
    assert None not in first, [p.error for p in phones if p.error]
    burst.round_1 = {p.name: dict(p.acknowledged["strength"]) for p in phones}
    for phone in phones:
        burst.acknowledged[phone.name] += 1
    opened = await asyncio.gather(*(p.open_ballot("strength", TIMEOUT_S) for p in phones))
    assert all(opened), [p.error for p in phones if p.error]

    acked: list[str] = []

    async def one(phone: ProxiedPhone, offset: float) -> None:
        await asyncio.sleep(offset)  # 30 taps within 0.2 s
        try:
            latency = await phone.vote("strength", ballot_of(phone.index, items, 2), TIMEOUT_S)
        except websockets.ConnectionClosed:  # its process died: the ballot is unconfirmed
            return
        if latency is None:
            return
        acked.append(phone.name)
        burst.acknowledged[phone.name] += 1
        if len(acked) >= PHONES // 3 and burst.killed_at is None:
            sent = sum(p.sent["strength"] != burst.round_1[p.name] for p in phones)
            if sent > len(acked):
                burst.in_flight = sent - len(acked)
                burst.killed_at = time.perf_counter()
                app.kill(0, signal.SIGKILL)

    await asyncio.gather(*(one(p, 0.2 * i / PHONES) for i, p in enumerate(phones)))
    assert burst.killed_at is not None, "every ballot was confirmed before the kill could come"

    async def recover(phone: ProxiedPhone) -> None:
        assert phone.session is not None
        if phone.session.closed:
            await phone.come_back(burst.killed_at or 0.0, FAILOVER_S)
        round_2 = ballot_of(phone.index, items, 2)
        if phone.acknowledged["strength"] != round_2:  # unconfirmed: sent again
            assert await phone.open_ballot("strength", TIMEOUT_S), phone.error
            assert await phone.vote("strength", round_2, TIMEOUT_S) is not None, phone.error
            burst.acknowledged[phone.name] += 1

    await asyncio.gather(*(recover(p) for p in phones))
    for phone in phones:
        assert phone.session is not None
        await phone.session.close()
    return burst


def test_a_process_killed_mid_burst_loses_no_acknowledged_ballot_and_counts_none_twice(cluster):
    app, seeded = cluster(Step.IDENTIFY)
    burst = play(burst_then_kill(app, seeded), 180)
    stored = read_stored(seeded)
    items = seeded.items["strength"]
    expected = dict(seeded.baseline["strength"])
    moved = [p for p in burst.phones if burst.before[p.name] == "app0"]
    assert moved and burst.in_flight > 0
    for phone in burst.phones:
        round_1, round_2 = (ballot_of(phone.index, items, r) for r in (1, 2))
        ballots = stored.by_phone[(phone.name, "strength")]
        # Every send the phone saw confirmed is stored; a send the dead process never
        # answered is stored at most once; its retry is a send of its own.
        assert ballots[0] == round_1 and ballots[-1] == round_2, (phone.name, ballots)
        unanswered = len(ballots) - burst.acknowledged[phone.name]
        assert unanswered in (0, 1), (phone.name, ballots, burst.acknowledged[phone.name])
        assert stored.names[phone.name] == 1, phone.name  # coming back did not join again
        assert len(stored.voters[phone.name]) == 1, phone.name  # one participant throughout
        for item, dots in round_2.items():
            expected[item] += dots
    for phone in moved:
        assert phone.replica == "app1", phone.name  # now held by the living process
        assert phone.back_s is not None
    for phone in burst.phones:
        if burst.before[phone.name] == "app1":
            assert phone.back_s is None and phone.replica == "app1", phone.name  # undisturbed
    assert set(stored.keys.values()) == {1}, "a send stored twice"
    # The results count each phone's latest ballot, once: a retried ballot is not added twice.
    assert stored.results["strength"] == expected
    back = sorted(p.back_s for p in moved if p.back_s is not None)
    print(
        f"\n{len(moved)} phones moved from the killed process; back after"
        f" {back[0]:.2f}–{back[-1]:.2f} s (median {back[len(back) // 2]:.2f} s);"
        f" {burst.in_flight} ballots were in flight at the kill"
    )


# 3. The command behind `make run-cluster` -------------------------------------------------------


def test_the_command_runs_until_ctrl_c_and_keeps_its_database_and_secret_for_the_next_run():
    """`python -m kohtaamo.cluster` starts a private PostgreSQL, the processes and the proxy,
    says where each runs, serves through the proxy, and stops every one of them on Ctrl-C; the
    next run finds the same database on the same port, and the same cookie secret."""
    _need_haproxy()
    if postgres_binaries() is None:
        why = "no PostgreSQL (Debian: apt-get install postgresql)"
        if os.environ.get("CI") == "true":
            pytest.fail(f"{why} (CI must run the cluster tests)", pytrace=False)
        pytest.skip(why)
    # Not under pytest's own temporary folder: the `postgres` user could not enter it as root.
    data = Path(tempfile.mkdtemp(prefix="kohtaamo-test-cluster-"))
    data.chmod(0o755)  # as data/ in a checkout: the `postgres` user enters it for its own folder
    env = {k: v for k, v in os.environ.items() if k not in ("KOHTAAMO_DB", "LC_ALL", "LC_MESSAGES")}
    env["LANG"] = "en_GB.UTF-8"
    try:
        first = run_until_ctrl_c(data, env)
        secret = (data / "cookie-secret").read_text()
        second = run_until_ctrl_c(data, env)
    finally:  # a server a failed run left behind is stopped too
        LocalPostgres(data / "postgres", 1).stop("immediate")
        shutil.rmtree(data, ignore_errors=True)
    database = t(Language.EN, "cluster.database", url="", where="").split(":")[0]
    told_first = [line for line in first.splitlines() if line.startswith(database)]
    told_second = [line for line in second.splitlines() if line.startswith(database)]
    assert told_first == told_second and len(told_first) == 1  # the same server, same port
    assert len(secret.strip()) >= 40


def run_until_ctrl_c(data: Path, env: dict[str, str]) -> str:
    """One run of the command, stopped as a terminal's Ctrl-C stops it; what it printed."""
    port = free_port()
    out = data / f"run-{port}.out"
    secret_before = (
        (data / "cookie-secret").read_text() if (data / "cookie-secret").exists() else None
    )
    with out.open("w") as sink:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "kohtaamo.cluster",
                "--replicas",
                "2",
                "--port",
                str(port),
                "--host",
                "127.0.0.1",
                "--data",
                str(data),
            ],
            cwd=Path(__file__).resolve().parents[2],
            env=env,
            stdout=sink,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # a group of its own, as a terminal's foreground job
        )
    try:
        deadline = time.monotonic() + 120
        hint = t(Language.EN, "cluster.stop_hint")
        while hint not in out.read_text():
            assert process.poll() is None, out.read_text()
            assert time.monotonic() < deadline, out.read_text()
            time.sleep(0.2)
        printed = out.read_text()
        assert f"Open http://127.0.0.1:{port}" in printed
        jar: dict[str, str] = {}
        assert load_page(port, "/", jar) == 200 and jar[COOKIE] in ("app0", "app1")
        pids = [int(pid) for pid in re.findall(r"PID (\d+)\)", printed)]
        assert len(pids) == 3, printed  # the proxy and two processes
        postmaster = int((data / "postgres" / "data" / "postmaster.pid").read_text().split()[0])
        os.killpg(process.pid, signal.SIGINT)  # Ctrl-C reaches the terminal's foreground group
        assert process.wait(timeout=60) == 0, out.read_text()
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    for pid in [*pids, postmaster]:
        assert (
            not Path(f"/proc/{pid}").exists() or "zombie" in Path(f"/proc/{pid}/status").read_text()
        ), pid
    if secret_before is not None:
        assert (data / "cookie-secret").read_text() == secret_before
    return out.read_text()


# 4. A console through the proxy: its sign-in and an upload, on whichever process -----------------


def test_a_signed_in_console_survives_its_process_and_imports_a_file_on_the_other(
    cluster, browser: Browser, tmp_path: Path
):
    """The project lead signs in through the proxy; the process holding the console is
    killed; a reload opens the console on the other process, still signed in (the sign-in is
    in the database, not in a process), and a file uploaded there is imported (the upload goes
    to the process that holds the session, with the XSRF cookie the first process set)."""
    app, _ = cluster(Step.IDENTIFY)
    code, metric = lead_room(app.db_url)
    lead = laptop(browser)
    page = lead.page
    page.goto(app.url)
    panel = lead.tab(lead.tr("home.resume_tab"))
    panel.get_by_role("textbox").nth(0).fill(code)
    panel.get_by_role("textbox").nth(1).fill(LEAD_PASSPHRASE)
    lead.button("resume.button").click()
    lead.sees(lead.tr("fu.lead_signed_in"), exact=False)
    context = page.context
    assert [c for c in context.cookies() if c["name"] == workshops.SIGNIN_COOKIE]
    (held,) = [c["value"] for c in context.cookies() if c["name"] == COOKIE]

    app.kill(int(held.removeprefix("app")), signal.SIGKILL)
    page.reload()
    lead.sees(lead.tr("fu.lead_signed_in"), exact=False)
    assert [c["value"] for c in context.cookies() if c["name"] == COOKIE] != [held]

    metrics_tab = lead.tab(lead.tr("fu.tab.metrics"))
    upload = tmp_path / "tulokset.csv"
    upload.write_bytes(RESULTS)
    metrics_tab.locator("input[type=file]").set_input_files(str(upload))
    which = metrics_tab.get_by_role("combobox", name=lead.tr("fu.import.metric"), exact=True)
    choose(lead, which, metric)
    lead.sees(lead.tr("fu.import.taken", n=3).strip("*"))
    lead.button("fu.import.store", n=3).click()
    lead.sees(lead.tr("fu.import.stored", n=3))

    store = Store(app.db_url)
    try:
        workshop = workshops.find_by_code(store, code)
        (followed,) = [m for m in metrics.metrics(store, workshop.id) if m.name == metric]
        stored = metrics.results(store, workshop.id)[followed.id]
        assert [r.value for r in stored] == [64.5, 71.0, 78.25]
    finally:
        store.close()
