"""Faults, as automated tests (issue 6): the server killed in the middle of a ballot burst, a
phone offline for longer than its server session lives, retried and doubled sends, and two
facilitator tabs acting at once.

The phones here are either `bench/`'s websocket clients, which speak Streamlit's own protocol
(enough of them to make a burst on this machine), or Chromium, where a real browser's own
reconnecting and double clicks are the point. Every check of what was stored reads the
database file after the app has stopped: DuckDB lets one process at a time open it.
"""

from __future__ import annotations

import asyncio
import copy
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Coroutine, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import pytest
from playwright.sync_api import Browser, BrowserContext, Locator, Page, WebSocketRoute, expect

from bench.client import Session
from bench.page import RenderedPage
from bench.phones import ROLES, Phone, ballot_element, change_buttons, shown_dots
from bench.protocol import component_event
from facilitator.data.demo import DEMO_PASSPHRASE, create_demo
from facilitator.domain import Kind, Language, Participant, Role, Step
from facilitator.errors import InputClosed
from facilitator.language.i18n import label, t
from facilitator.language.text import md_escape
from facilitator.room import workshops
from facilitator.steps import observations, phases, plan, targets, voting
from facilitator.store.db import Store

from .restart import Restartable
from .room import (
    LAPTOP,
    TIMEOUT_MS,
    Person,
    change_dots,
    dots_on,
    give,
    open_kind,
    sees_sent_ballot,
    send_ballot,
)
from .room import (
    ballot_of as ballot_on,
)

T = TypeVar("T")
TIMEOUT_S = 30.0
KINDS = ("strength", "weakness")
PHONES = 30
FI = Language.FI  # the demo workshop's language, which the phones keep


# The app under test -------------------------------------------------------------------------


# Two entries worded alike, so that step 2 offers them as a pair to merge.
TWINS = ("Kassalla jonotetaan liian kauan ruuhka-aikaan.", "Kassalla jonotetaan liian kauan.")


@dataclass(frozen=True)
class Seeded:
    """A demo workshop written into a fresh database before the app starts."""

    db: str  # a DuckDB file or a PostgreSQL URL
    code: str
    workshop_id: int
    items: dict[str, list[int]]  # kind -> votable item ids, in the phone's order
    baseline: dict[str, dict[int, int]]  # kind -> item id -> dots before any test phone voted
    twins: tuple[int, int]  # the ids of TWINS
    entries: list[str]  # the texts of the other entries of the console's first tab (strategy)
    key_strengths: int  # how many strengths the demo confirmed as key items
    texts: dict[str, list[str]]  # kind -> the items' texts, as the ballot shows them


def seed(db: str, until: Step, then: Step | None = None) -> Seeded:
    """The demo workshop of `kohtaamo demo` stopped at `until` (with TWINS added), moved
    on to `then` if given."""
    store = Store(db)
    try:
        code = create_demo(store, language=FI.value, until=until)
        workshop, key = workshops.login(store, code, DEMO_PASSPHRASE, "seed")
        twins = tuple(
            observations.add_for(
                store, key, observations.draft("strategy", "weakness", text), Role.FRONTLINE
            ).id
            for text in TWINS
        )
        if then is not None:
            workshops.set_step(store, key, then)
        workshops.set_input_open(store, key, True)
        visible = observations.list_visible(store, workshop.id)
        entries = [o.text for o in visible if o.viewpoint == "strategy" and o.id not in twins]
        key_strengths = len(voting.key_items(store, workshop.id, Kind.STRENGTH))
        items = {kind: [i.id for i in voting.items(visible, Kind(kind))] for kind in KINDS}
        texts = {
            kind: [" ".join(i.observation.text.split()) for i in voting.items(visible, Kind(kind))]
            for kind in KINDS
        }
        baseline = {kind: totals(store, workshop.id, kind) for kind in KINDS}
    finally:
        store.close()
    return Seeded(
        db, code, workshop.id, items, baseline, (twins[0], twins[1]), entries, key_strengths, texts
    )


def totals(store: Store, workshop_id: int, kind: str) -> dict[int, int]:
    """The results as the projector counts them: item id -> dots."""
    return {r.item.id: r.dots for r in voting.results(store, workshop_id, Kind(kind))}


@pytest.fixture(params=["duckdb", "postgresql"])
def server(
    request: pytest.FixtureRequest, tmp_path: Path
) -> Iterator[Callable[..., tuple[Restartable, Seeded]]]:
    """Seeds a demo workshop at a step and starts the app on it; stops it after the test. Each
    test runs on a DuckDB file and on a PostgreSQL database of its own (on the session's server,
    tests/postgres_leg.py): a process killed or restarted must lose nothing on either."""
    started: list[Restartable] = []
    databases: list[str] = []
    postgres = request.getfixturevalue("postgres_server") if request.param == "postgresql" else None

    def make(until: Step, then: Step | None = None) -> tuple[Restartable, Seeded]:
        folder = tmp_path / f"app{len(started)}"
        folder.mkdir()
        db = str(folder / "kohtaamo.duckdb")
        if postgres is not None:
            db, name = postgres.fresh_database()
            databases.append(name)
        seeded = seed(db, until, then)
        app = Restartable(folder, db=db)
        started.append(app)
        app.start()
        return app, seeded

    yield make
    for app in started:
        app.stop()
    for name in databases:
        postgres.drop_database(name)  # type: ignore[union-attr]


# Phones over the websocket ------------------------------------------------------------------


def play(phones: Coroutine[Any, Any, T], timeout_s: float) -> T:
    """Runs websocket phones to the end on an event loop of their own, in another thread:
    Playwright's sync API keeps a loop running in this one once a browser test has run."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, asyncio.wait_for(phones, timeout_s)).result()


def ballot_of(phone: int, items: list[int], round_: int) -> dict[int, int]:
    """Phone `phone`'s ballot in a round: 3 dots in round 1, 4 in round 2, on other items."""
    first, second = items[(phone + round_) % len(items)], items[(phone + round_ + 1) % len(items)]
    return {first: 2, second: 1} if round_ == 1 else {first: 1, second: 3}


async def join_all(port: int, code: str, count: int) -> list[Phone]:
    phones = [Phone(i, port, code) for i in range(count)]

    async def one(phone: Phone) -> None:
        assert await phone.arrive(TIMEOUT_S), phone.error
        assert await phone.join(TIMEOUT_S), phone.error

    await asyncio.gather(*(one(p) for p in phones))
    return phones


async def reopen(port: int, query_string: str) -> Session:
    """A phone that comes back to the address it holds: a new tab session, same URL."""
    session = Session(port, query_string)
    await session.open()
    sent = await session.request()

    def drawn() -> bool:  # the ballot, or the ballot it sent
        page = session.page
        return session.finished_since(sent) is not None and bool(
            ballot_element(page) or change_buttons(page)
        )

    assert await session.wait_for(drawn, TIMEOUT_S), "the phone's page did not come back"
    return session


def you_are(role: Role, name: str) -> str:
    """The caption that tells a phone who it is, as pages/participant.py writes it."""
    return t(FI, "phone.you_are", who=f"{label(FI, 'role', role)} · {md_escape(name)}")


@dataclass(frozen=True)
class Stored:
    """Ballots as the database holds them: per participant name and kind, oldest first."""

    by_phone: dict[tuple[str, str], list[dict[int, int]]]
    keys: Counter  # (participant id, submission key) -> stored copies
    voters: dict[str, set[int]]  # participant name -> the participant ids its ballots name
    names: Counter  # participant name -> participants with that name
    results: dict[str, dict[int, int]]


def read_stored(seeded: Seeded, prefix: str = "bench-") -> Stored:
    store = Store(seeded.db)
    try:
        with store.read() as cur:
            rows = cur.execute(
                "SELECT p.name, b.kind, b.participant_id, b.submission_key, b.dot_items,"
                " b.dot_counts FROM ballots b JOIN participants p ON p.id = b.participant_id"
                " WHERE b.workshop_id = ? ORDER BY b.id",
                [seeded.workshop_id],
            ).fetchall()
            names = Counter(
                name
                for (name,) in cur.execute(
                    "SELECT name FROM participants WHERE workshop_id = ?", [seeded.workshop_id]
                ).fetchall()
            )
        results = {kind: totals(store, seeded.workshop_id, kind) for kind in KINDS}
    finally:
        store.close()
    by_phone: dict[tuple[str, str], list[dict[int, int]]] = defaultdict(list)
    keys: Counter = Counter()
    voters: dict[str, set[int]] = defaultdict(set)
    for name, kind, participant_id, key, items, counts in rows:
        if name and name.startswith(prefix):
            by_phone[(name, kind)].append(dict(zip(items, counts, strict=True)))
            keys[(participant_id, key)] += 1
            voters[name].add(participant_id)
    return Stored(dict(by_phone), keys, voters, names, results)


# 1. The server killed in the middle of a ballot burst -----------------------------------------


async def burst_then_kill(app: Restartable, seeded: Seeded) -> tuple[list[Phone], dict]:
    """30 phones join and vote; in a second burst the server is killed from the 10th answer
    on, once a ballot is on its way."""
    items = seeded.items["strength"]
    phones = await join_all(app.port, seeded.code, PHONES)
    first = await asyncio.gather(
        *(p.vote("strength", ballot_of(p.index, items, 1), TIMEOUT_S) for p in phones)
    )
    assert None not in first, [p.error for p in phones if p.error]
    sent_round_1 = {p.name: dict(p.acknowledged["strength"]) for p in phones}
    # Each phone now lists its ballot: "change my dots" brings the form back before the bell.
    opened = await asyncio.gather(*(p.open_ballot("strength", TIMEOUT_S) for p in phones))
    assert all(opened), [p.error for p in phones if p.error]

    acked: list[str] = []
    in_flight: list[int] = []  # at the kill: sent, not yet confirmed

    async def one(phone: Phone, offset: float) -> None:
        await asyncio.sleep(offset)  # 30 taps within 0.2 s: a burst
        try:
            latency = await phone.vote("strength", ballot_of(phone.index, items, 2), TIMEOUT_S)
        except Exception as exc:  # a dead server: the ballot is unconfirmed, not an error
            phone.error = repr(exc)
            return
        if latency is not None:
            acked.append(phone.name)
            # From the 10th confirmation on, at the first moment a sent ballot is unconfirmed:
            # on a quick machine every answer may come back before the next tap for a while.
            if len(acked) >= PHONES // 3 and not in_flight:
                sent = sum(p.sent["strength"] != sent_round_1[p.name] for p in phones)
                if sent > len(acked):
                    in_flight.append(sent - len(acked))
                    app.kill()

    await asyncio.gather(*(one(p, 0.2 * i / PHONES) for i, p in enumerate(phones)))
    for phone in phones:
        if phone.session is not None:
            await phone.session.close()
    # Answers the server wrote before it died may still be read after the kill.
    return phones, {"acknowledged": len(acked), "in_flight": in_flight[0] if in_flight else None}


async def come_back(
    port: int, phones: list[Phone], items: list[int]
) -> dict[str, tuple[RenderedPage, dict[int, int] | None, dict[int, int]]]:
    """Every phone reopens the address it holds and, once it has seen what it shows, opens the
    ballot and votes on weaknesses; returns what each showed on coming back (the page, the
    sent ballot it lists) and the weaknesses' dots the ballot started from."""

    async def one(phone: Phone) -> tuple[RenderedPage, dict[int, int] | None, dict[int, int]]:
        assert phone.session is not None
        phone.session = await reopen(port, phone.session.page.query_string)
        shown = copy.deepcopy(phone.session.page)
        strength = phone.confirmed_ballot()
        assert await phone.open_ballot("weakness", TIMEOUT_S), phone.error
        page = phone.session.page
        weakness = shown_dots(page).get("weakness", {})
        assert await phone.vote("weakness", ballot_of(phone.index, items, 1), TIMEOUT_S)
        await phone.session.close()
        return shown, strength, weakness

    pages = await asyncio.gather(*(one(p) for p in phones))
    return {p.name: page for p, page in zip(phones, pages, strict=True)}


def test_a_server_killed_mid_burst_keeps_every_acknowledged_ballot_once(server):
    """SIGKILL in a burst, then a restart on the same file: what a phone saw confirmed is
    stored, nothing twice, and each phone is still the same person with its ballot."""
    app, seeded = server(Step.IDENTIFY)
    phones, figures = play(burst_then_kill(app, seeded), 120)
    # The kill came in the middle: some ballots of the burst were confirmed, some were not.
    assert PHONES // 3 <= figures["acknowledged"] < PHONES, figures
    assert figures["in_flight"], figures

    app.start()  # the same file and port: the phones come back to the address they hold
    shown = play(come_back(app.port, phones, seeded.items["weakness"]), 60)
    app.stop()
    stored = read_stored(seeded)

    expected = {kind: dict(seeded.baseline[kind]) for kind in KINDS}
    items = seeded.items["strength"]
    for phone in phones:
        ballots = stored.by_phone[(phone.name, "strength")]
        latest = ballots[-1]
        round_1, round_2 = (ballot_of(phone.index, items, r) for r in (1, 2))
        # Confirmed means stored: the latest is what the phone saw saved, or one sent later.
        assert latest in (phone.acknowledged["strength"], phone.sent["strength"]), phone.name
        # One stored ballot per send, never more: round 1, and round 2 if it got through.
        # A phone whose second tap came after the kill never sent round 2 at all.
        if phone.acknowledged["strength"] == round_2:
            assert ballots == [round_1, round_2], phone.name
        elif phone.sent["strength"] == round_2:
            assert ballots in ([round_1], [round_1, round_2]), (phone.name, ballots)
        else:
            assert ballots == [round_1], (phone.name, ballots)
        for item, dots in latest.items():
            expected["strength"][item] += dots
        # Back after the restart: the same person, with the stored ballot already chosen.
        page, strength, weakness = shown[phone.name]
        assert you_are(Role(ROLES[phone.index % len(ROLES)]), phone.name) in page.texts()
        assert strength == latest, phone.name
        assert weakness == {}, phone.name
        assert stored.names[phone.name] == 1, phone.name  # coming back did not join again
        # Its ballot after the restart is stored for the same participant as those before.
        assert stored.by_phone[(phone.name, "weakness")] == [phone.acknowledged["weakness"]]
        assert len(stored.voters[phone.name]) == 1, phone.name
        for item, dots in phone.acknowledged["weakness"].items():
            expected["weakness"][item] += dots
    assert set(stored.keys.values()) == {1}, "a send stored twice"
    assert stored.results == expected, "the results count a ballot other than each one's latest"
    assert not app.tracebacks(), "\n".join(app.tracebacks())


# 2. A phone offline for longer than the server keeps its session ------------------------------

# Streamlit keeps a disconnected tab's session for server.disconnectedSessionTTL seconds
# (120 by default), so five minutes offline always outlive it. The test app keeps it this long.
SESSION_TTL_S = 2


class Line:
    """A phone's network connection, which the test can cut and restore.

    Chromium's offline mode fails new requests but leaves an open websocket up, so the page's
    websocket runs through a route: cutting the line closes both ends, as a phone that loses
    its network does, and refuses new connections until it is restored.
    """

    def __init__(self, page: Page) -> None:
        self.online = True
        self.attempts: list[list[str]] = []  # each connection's subprotocols, as the page sent
        self._open: list[tuple[WebSocketRoute, WebSocketRoute]] = []
        page.route_web_socket(re.compile(r"/_stcore/stream$"), self._connect)

    def _connect(self, ws: WebSocketRoute) -> None:
        self.attempts.append(list(ws.protocols))
        if not self.online:
            ws.close()
            return
        self._open.append((ws, ws.connect_to_server()))

    def cut(self, context: BrowserContext) -> None:
        self.online = False
        context.set_offline(True)
        for page_end, server_end in self._open:
            page_end.close()
            server_end.close()
        self._open.clear()

    def restore(self, context: BrowserContext) -> None:
        context.set_offline(False)
        self.online = True


def phone_joins(page: Page, app: Restartable, code: str, role: Role, name: str) -> Person:
    """A phone opens the join link, picks a role and a name, and joins (step 1 or 2)."""
    person = Person(page, FI, role, "Pixel 7")
    page.goto(f"{app.url}/?code={code}")
    roles = page.get_by_role("radiogroup", name=person.tr("join.role"))
    roles.get_by_text(person.name_of("role", role), exact=True).click()
    page.get_by_label(person.tr("join.name")).fill(name)
    person.button("join.button").click()
    expect(page).to_have_url(re.compile(r"[?&]p="), timeout=TIMEOUT_MS)
    person.sees(you_are(role, name))
    return person


def test_a_phone_offline_past_its_session_comes_back_as_itself_and_cannot_vote_twice(
    server, browser, devices, monkeypatch
):
    """A phone offline for five minutes finds its server session gone. Waiting five real
    minutes is too slow for the suite, so this app keeps a disconnected session for
    SESSION_TTL_S seconds (STREAMLIT_SERVER_DISCONNECTED_SESSION_TTL, the environment's form
    of --server.disconnectedSessionTTL, which bench.server passes on) and the phone stays offline
    for longer: the server drops the session exactly as it would after five minutes. The
    phone then comes back with its own address, as the same person with the same ballot, and
    its next ballot replaces the first instead of adding to it."""
    monkeypatch.setenv("STREAMLIT_SERVER_DISCONNECTED_SESSION_TTL", str(SESSION_TTL_S))
    app, seeded = server(Step.IDENTIFY)
    first, second = seeded.items["strength"][:2]
    context = browser.new_context(**devices["Pixel 7"])
    page = context.new_page()
    line = Line(page)
    person = phone_joins(page, app, seeded.code, Role.FRONTLINE, "Offline")
    address = page.url
    texts = seeded.texts["strength"]
    open_kind(person, Kind.STRENGTH)
    give(person, texts[0], 2)
    send_ballot(person)
    sees_sent_ballot(person, {Kind.STRENGTH: {texts[0]: 2}})
    change_dots(person)  # this session now shows the ballot, not the sent one

    line.cut(context)
    # The time offline is the fault itself: nothing in the room can be waited on instead.
    page.wait_for_timeout((SESSION_TTL_S + 1.5) * 1000)
    line.restore(context)

    # The page reconnects by itself and asks for its old session; the server has none: the
    # phone shows the ballot it sent, from a session of its own that has sent nothing.
    expect(page.locator("[class*='st-key-change_ballot']")).to_be_attached(timeout=TIMEOUT_MS)
    assert len(line.attempts[-1]) == 3, line.attempts  # streamlit, XSRF token, old session id
    assert page.url == address
    person.sees(you_are(Role.FRONTLINE, "Offline"))
    sees_sent_ballot(person, {Kind.STRENGTH: {texts[0]: 2}})
    change_dots(person)
    open_kind(person, Kind.STRENGTH)
    assert dots_on(person, texts[0]) == 2

    # Sending again replaces the stored ballot.
    give(person, texts[0], 0)
    give(person, texts[1], 1)
    send_ballot(person)
    sees_sent_ballot(person, {Kind.STRENGTH: {texts[1]: 1}})
    expect(page.get_by_test_id("stException")).to_have_count(0)
    context.close()
    app.stop()

    stored = read_stored(seeded, prefix="Offline")
    assert stored.names["Offline"] == 1
    assert stored.by_phone[("Offline", "strength")] == [{first: 2}, {second: 1}]
    expected = dict(seeded.baseline["strength"])
    expected[second] += 1
    assert stored.results["strength"] == expected
    assert not app.tracebacks(), "\n".join(app.tracebacks())


# 3. Retried and doubled sends -------------------------------------------------------------------


@dataclass(frozen=True)
class InputRoom:
    """A workshop with one phase and one votable entry, and one participant."""

    store: Store
    key: object
    workshop_id: int
    me: Participant
    entry_id: int
    phase_id: int


# The store's own guarantees, on each engine (the store fixtures of tests/conftest.py).
BOTH_ENGINES = pytest.mark.parametrize("store_engine", ["duckdb", "postgresql"], indirect=True)


@pytest.fixture
def input_room(
    store: Store, make_workshop: Callable[..., tuple], make_participant: Callable[..., tuple]
) -> InputRoom:
    """The store, workshop and participant fixtures of tests/conftest.py, ready for each input."""
    workshop, key = make_workshop(store)
    (phase, *_) = phases.apply_preset(store, key, "themes", "en")
    entry = observations.add_for(
        store, key, observations.draft("experience", "strength", "Greeted"), Role.OTHER
    )
    me, _ = make_participant(store, workshop, Role.FRONTLINE)
    return InputRoom(store, key, workshop.id, me, entry.id, phase.id)


@dataclass(frozen=True)
class Input:
    """One kind of participant input that carries a submission key."""

    step: Step
    send: Callable[[InputRoom, str], object]
    stored: Callable[[InputRoom], int]


def _count_ballots(room: InputRoom) -> int:
    with room.store.read() as cur:
        return cur.execute(
            "SELECT count(*) FROM ballots WHERE participant_id = ?", [room.me.id]
        ).fetchone()[0]


INPUTS = {
    "ballot": Input(
        Step.IDENTIFY,
        # Each send its own dots: the same dots again leave the stored ballot standing.
        lambda r, k: voting.submit_ballot(
            r.store, r.me, Kind.STRENGTH, {r.entry_id: 1 if k.endswith("1") else 2}, k
        ),
        _count_ballots,
    ),
    "observation": Input(
        Step.OBSERVE,
        lambda r, k: (
            observations.submit(
                r.store, r.me, observations.draft("feedback", "weakness", "Queues"), k
            ).id
        ),
        lambda r: len(observations.list_own(r.store, r.me)),
    ),
    "target proposal": Input(
        Step.TARGET,
        lambda r, k: targets.propose(r.store, r.me, r.phase_id, "Greet at once", k),
        lambda r: len(targets.proposals(r.store, r.workshop_id, r.phase_id)),
    ),
    "plan contribution": Input(
        Step.PLAN,
        lambda r, k: plan.contribute(r.store, r.me, "hard", "Old habits", k),
        lambda r: len(plan.contributions(r.store, r.workshop_id)),
    ),
}


@BOTH_ENGINES
@pytest.mark.parametrize("name", INPUTS)
def test_a_retried_send_is_stored_once_and_a_new_one_is_not_taken_for_a_retry(input_room, name):
    sent = INPUTS[name]
    workshops.set_step(input_room.store, input_room.key, sent.step)

    first = sent.send(input_room, "tab-1")
    # Written, but the answer was lost: the phone sends the same again.
    again = sent.send(input_room, "tab-1")

    assert again == first
    assert sent.stored(input_room) == 1
    sent.send(input_room, "tab-2")
    assert sent.stored(input_room) == 2


@BOTH_ENGINES
@pytest.mark.parametrize("name", INPUTS)
def test_a_retry_after_input_was_locked_is_answered_as_stored(input_room, name):
    """The first send was stored, its answer lost; meanwhile the facilitator locked input.
    The retry hears that its input is in, as the first send would have, and is not stored
    again; a new send is refused."""
    sent = INPUTS[name]
    workshops.set_step(input_room.store, input_room.key, sent.step)
    first = sent.send(input_room, "tab-1")
    workshops.set_input_open(input_room.store, input_room.key, False)

    assert sent.send(input_room, "tab-1") == first
    assert sent.stored(input_room) == 1
    with pytest.raises(InputClosed):
        sent.send(input_room, "tab-2")


@BOTH_ENGINES
def test_an_entry_the_console_sends_twice_is_added_once(input_room):
    draft = observations.draft("strategy", "weakness", "Said by someone without a phone")
    first = observations.add_for(input_room.store, input_room.key, draft, "other", "console-0")
    again = observations.add_for(input_room.store, input_room.key, draft, "other", "console-0")
    observations.add_for(input_room.store, input_room.key, draft, "other", "console-1")

    assert again == first
    texts = [o.text for o in observations.list_all(input_room.store, input_room.key)]
    assert texts.count(draft.text) == 2


async def tap_twice(phone: Phone, dots: dict[int, int], second: str) -> None:
    """The same ballot's send sent twice: at once, once the first run has started, or after
    the phone showed the ballot saved (a retry of a send already answered)."""
    session = phone.session
    assert session is not None
    page = session.page
    assert phone.ballot_ready()  # and the phone knows its items by their texts
    element = ballot_element(page)
    assert element is not None
    ballots = {"strength": {str(i): n for i, n in dots.items()}, "weakness": {}}
    tap = [component_event(element.proto.id, "send", {"ballots": ballots})]
    run_before = page.run

    def saved() -> bool:  # the phone lists the ballot sent
        return phone.confirmed_ballot() == dots

    phone.sent["strength"] = dict(dots)
    await session.request(tap, fragment_id=element.fragment_id)
    if second == "run started":
        assert await session.wait_for(lambda: page.run is not run_before, TIMEOUT_S)
    elif second == "saved":
        assert await session.wait_for(saved, TIMEOUT_S)
    await session.request(tap, fragment_id=element.fragment_id)
    assert await session.wait_for(saved, TIMEOUT_S), f"{phone.name}: not saved"
    # Runs of one session are served in order: once a later run has ended, both taps are done.
    later = await session.request()
    assert await session.wait_for(lambda: session.finished_since(later) is not None, TIMEOUT_S)


SECOND_TAPS = ("at once", "run started", "saved")


async def double_taps(app: Restartable, seeded: Seeded) -> list[Phone]:
    items = seeded.items["strength"]
    phones = await join_all(app.port, seeded.code, 12)
    await asyncio.gather(
        *(
            tap_twice(p, ballot_of(p.index, items, 1), SECOND_TAPS[p.index % len(SECOND_TAPS)])
            for p in phones
        )
    )
    for phone in phones:
        assert phone.session is not None
        await phone.session.close()
    return phones


async def send_same_ballot_again(app: Restartable, seeded: Seeded) -> Phone:
    (phone,) = await join_all(app.port, seeded.code, 1)
    dots = ballot_of(phone.index, seeded.items["strength"], 1)
    assert await phone.vote("strength", dots, TIMEOUT_S) is not None, phone.error
    # "Change my dots", then the same ballot sent again (the ballot starts from it).
    assert await phone.open_ballot("strength", TIMEOUT_S), phone.error
    assert await phone.vote("strength", dots, TIMEOUT_S) is not None, phone.error
    assert phone.session is not None
    await phone.session.close()
    return phone


def test_a_ballot_sent_again_unchanged_from_the_redrawn_ballot_is_not_stored_again(server):
    app, seeded = server(Step.IDENTIFY)
    phone = play(send_same_ballot_again(app, seeded), 60)
    app.stop()
    stored = read_stored(seeded)

    assert stored.by_phone[(phone.name, "strength")] == [phone.sent["strength"]]
    assert not app.tracebacks(), "\n".join(app.tracebacks())


def test_a_ballot_submit_sent_twice_over_the_websocket_stores_one_ballot(server):
    app, seeded = server(Step.IDENTIFY)
    phones = play(double_taps(app, seeded), 90)
    app.stop()
    stored = read_stored(seeded)

    expected = dict(seeded.baseline["strength"])
    for phone in phones:
        assert stored.by_phone[(phone.name, "strength")] == [phone.sent["strength"]], phone.name
        for item, dots in phone.sent["strength"].items():
            expected[item] += dots
    assert set(stored.keys.values()) == {1}
    assert stored.results["strength"] == expected
    assert not app.tracebacks(), "\n".join(app.tracebacks())


# 4. Two facilitator tabs, and double taps ----------------------------------------------------


def facilitator_tab(browser: Browser, app: Restartable, code: str, step: Step) -> Person:
    """A laptop tab that resumes the workshop with its code and passphrase."""
    host = Person(browser.new_context(viewport=LAPTOP).new_page(), FI)
    host.page.goto(app.url)
    panel = host.tab(host.tr("home.resume_tab"))
    panel.get_by_label(host.tr("home.code")).fill(code)
    panel.get_by_label(host.tr("create.passphrase")).fill(DEMO_PASSPHRASE)
    host.button("resume.button").click()
    host.sees_step(step)
    return host


def double_tap(person: Person, target: Locator, gap_ms: int = 150) -> None:
    """Two taps on the same spot, as quick as a person's double tap: the second lands on
    whatever the first one's answer has drawn there by then."""
    target.scroll_into_view_if_needed()
    box = target.bounding_box()
    assert box is not None
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    tap = person.page.touchscreen.tap if person.device != "laptop" else person.page.mouse.click
    tap(x, y)
    person.page.wait_for_timeout(gap_ms)  # the gesture itself, not a wait for the app
    tap(x, y)


def entry(host: Person, text: str) -> Locator:
    """An entry's box on the console's list (the innermost block that holds its text)."""
    return (
        host.page.get_by_test_id("stVerticalBlock")
        .filter(has=host.page.get_by_text(text, exact=True))
        .last
    )


def no_exception_shown(*people: Person) -> None:
    for person in people:
        expect(person.page.get_by_test_id("stException")).to_have_count(0)


def merge_button(host: Person, pair: tuple[int, int]) -> Locator:
    """The 'merge 2 into 1' button of a suggested pair, whichever way round it is offered."""
    first, second = pair
    return host.page.locator(
        f".st-key-merge_{first}_{second} button, .st-key-merge_{second}_{first} button"
    )


def key_strength_chips(host: Person, panel: Locator) -> Locator:
    """The chosen items in the key strengths picker: its pressed pills (a tap lets one go)."""
    return panel.locator(f".st-key-keys_{Kind.STRENGTH.value} button[aria-pressed=true]")


@dataclass(frozen=True)
class After:
    """What the database holds once the app has stopped."""

    step: Step
    input_open: bool
    hidden: dict[str, bool]  # entry text -> hidden
    copies: Counter  # entry text -> how many entries have it
    merged_into: dict[int, int | None]  # id -> merged into
    key_strengths: int
    ballots: Counter  # participant name -> ballots


def read_after(seeded: Seeded) -> After:
    store = Store(seeded.db)
    try:
        workshop = workshops.get(store, seeded.workshop_id)
        with store.read() as cur:
            rows = cur.execute(
                "SELECT id, text, hidden, merged_into FROM observations WHERE workshop_id = ?",
                [seeded.workshop_id],
            ).fetchall()
            ballots = Counter(
                name
                for (name,) in cur.execute(
                    "SELECT p.name FROM ballots b JOIN participants p ON p.id = b.participant_id"
                    " WHERE b.workshop_id = ?",
                    [seeded.workshop_id],
                ).fetchall()
            )
        keys = len(voting.key_items(store, seeded.workshop_id, Kind.STRENGTH))
    finally:
        store.close()
    return After(
        workshop.step,
        workshop.input_open,
        {text: hidden for _, text, hidden, _ in rows},
        Counter(text for _, text, _, _ in rows),
        {i: into for i, _, _, into in rows},
        keys,
        ballots,
    )


def test_two_facilitator_tabs_acting_at_once_leave_one_consistent_room(server, browser):
    """The same facilitator in two tabs: the second acts on a view that does not yet show what
    the first just did. Each action means the same thing from both, and nothing breaks."""
    app, seeded = server(Step.IDENTIFY, then=Step.OBSERVE)
    one = facilitator_tab(browser, app, seeded.code, Step.OBSERVE)
    other = facilitator_tab(browser, app, seeded.code, Step.OBSERVE)
    both = (one, other)
    text = seeded.entries[0]

    # Both hide the same entry.
    hides = [entry(h, text).get_by_role("button", name=h.tr("console.hide")) for h in both]
    for hide in hides:
        expect(hide).to_be_visible(timeout=TIMEOUT_MS)
    for hide in hides:
        hide.click()
    for host in both:
        shown = entry(host, text).get_by_role("button", name=host.tr("console.show"))
        expect(shown).to_be_visible(timeout=TIMEOUT_MS)

    # Both lock input.
    switches = [h.page.get_by_role("switch", name=h.tr("console.input_open")) for h in both]
    for switch in switches:
        expect(switch).to_be_checked(timeout=TIMEOUT_MS)
    for host in both:
        host.page.get_by_text(host.tr("console.input_open"), exact=True).click()
    for switch in switches:
        expect(switch).not_to_be_checked(timeout=TIMEOUT_MS)

    # Both press "next" in step 1: the room goes to step 2, not past it.
    for host in both:
        host.page.get_by_role("button", name=host.tr("console.next") + " →").click()
    for host in both:
        host.sees_step(Step.IDENTIFY)

    # Both merge the same suggested pair.
    for host in both:
        expect(merge_button(host, seeded.twins)).to_be_visible(timeout=TIMEOUT_MS)
    for host in both:
        merge_button(host, seeded.twins).click()
    for host in both:
        host.sees(host.tr("identify.merged", n=1))

    # Both take the same item off the key strengths and confirm.
    panels = [h.tab(h.tr("identify.keys_tab")) for h in both]
    for host, panel in zip(both, panels, strict=True):
        chips = key_strength_chips(host, panel)
        expect(chips).to_have_count(seeded.key_strengths, timeout=TIMEOUT_MS)
        chips.first.click()
        expect(chips).to_have_count(seeded.key_strengths - 1, timeout=TIMEOUT_MS)
    for host, panel in zip(both, panels, strict=True):
        panel.get_by_role("button", name=host.tr("identify.confirm_keys")).first.click()
    for host, panel in zip(both, panels, strict=True):
        confirmed = panel.get_by_text(host.tr("identify.confirmed", n=seeded.key_strengths - 1))
        expect(confirmed.first).to_be_visible(timeout=TIMEOUT_MS)
    no_exception_shown(*both)
    app.stop()

    after = read_after(seeded)
    assert after.step == Step.IDENTIFY
    assert after.input_open is False
    assert after.hidden[text] is True
    first, second = seeded.twins
    merged = {after.merged_into[first], after.merged_into[second]}
    assert merged in ({first, None}, {second, None}), "the pair is not merged, one into the other"
    assert after.key_strengths == seeded.key_strengths - 1
    assert not app.tracebacks(), "\n".join(app.tracebacks())


def test_double_taps_on_console_and_phone_buttons_act_once(server, browser, devices):
    """A double tap (two taps 150 ms apart on the same spot) does what one tap does: on the
    console's hide, add, next and merge buttons, and on a phone's send buttons."""
    app, seeded = server(Step.IDENTIFY, then=Step.OBSERVE)
    host = facilitator_tab(browser, app, seeded.code, Step.OBSERVE)
    phone = phone_joins(
        browser.new_context(**devices["Pixel 7"]).new_page(),
        app,
        seeded.code,
        Role.MANAGEMENT,
        "Tuplanapautus",
    )
    hidden, added, observed = seeded.entries[1], "Lisätty kahdesti?", "Lähetetty kahdesti?"

    hide = entry(host, hidden).get_by_role("button", name=host.tr("console.hide"))
    double_tap(host, hide)
    shown = entry(host, hidden).get_by_role("button", name=host.tr("console.show"))
    expect(shown).to_be_visible(timeout=TIMEOUT_MS)

    panel = host.tab(host.tr("console.add_tab"))
    panel.get_by_role("textbox", name=host.tr("observe.text")).fill(added)
    double_tap(host, panel.get_by_role("button", name=host.tr("console.add_button")))
    expect(panel.get_by_text(host.tr("observe.saved"))).to_be_visible(timeout=TIMEOUT_MS)

    form = phone.page.get_by_test_id("stForm").first
    kinds = form.get_by_role("radiogroup", name=phone.tr("observe.kind"))
    kinds.get_by_text(phone.name_of("kind", Kind.WEAKNESS), exact=True).click()
    viewpoints = form.get_by_role("radiogroup", name=phone.tr("observe.viewpoint"))
    viewpoints.get_by_text(phone.name_of("viewpoint", "feedback"), exact=True).click()
    form.get_by_role("textbox", name=phone.tr("observe.text")).fill(observed)
    double_tap(phone, form.get_by_role("button", name=phone.tr("observe.submit")))
    expect(phone.page.get_by_test_id("stText").filter(has_text=observed)).to_be_visible(
        timeout=TIMEOUT_MS
    )

    double_tap(host, host.page.get_by_role("button", name=host.tr("console.next") + " →"))
    host.sees_step(Step.IDENTIFY)
    phone.sees_step(Step.IDENTIFY)  # the phone follows what is stored

    first_text = seeded.texts["strength"][0]
    open_kind(phone, Kind.STRENGTH)
    give(phone, first_text, 1)
    send = ballot_on(phone).get_by_role("button", name=phone.tr("vote.submit"), exact=True)
    double_tap(phone, send)
    sees_sent_ballot(phone, {Kind.STRENGTH: {first_text: 1}})

    double_tap(host, merge_button(host, seeded.twins))
    host.sees(host.tr("identify.merged", n=1))
    no_exception_shown(host, phone)
    app.stop()

    after = read_after(seeded)
    assert after.hidden[hidden] is True, "a double tap on 'hide' left the entry shown"
    assert after.copies[added] == 1, "a double tap on 'add' stored the entry twice"
    assert after.copies[observed] == 1, "a double tap on 'send' stored the observation twice"
    assert after.step == Step.IDENTIFY, "a double tap on 'next' went past the next step"
    # The second tap lands on the ballot while the first is on its way (the ballot ignores
    # it) or on the sent ballot drawn in its place: the stored ballot stands, once.
    stored = read_stored(seeded, prefix="Tuplanapautus")
    first_item = seeded.items["strength"][0]
    ballots = stored.by_phone[("Tuplanapautus", "strength")]
    assert ballots == [{first_item: 1}], ballots
    assert stored.results["strength"][first_item] == seeded.baseline["strength"][first_item] + 1
    first, second = seeded.twins
    merged = {after.merged_into[first], after.merged_into[second]}
    assert merged in ({first, None}, {second, None}), "the pair is not merged, one into the other"
    assert not app.tracebacks(), "\n".join(app.tracebacks())
