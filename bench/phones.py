"""A participant's phone and the projector, as sequences of protocol steps with their timings."""

from __future__ import annotations

import asyncio
import json
import re
import time
from dataclasses import dataclass, field

from streamlit.proto.Alert_pb2 import Alert

from bench.client import HttpConnection, Session
from bench.page import RenderedPage, Shown
from bench.protocol import component_event, text_value, trigger
from facilitator.language.text import md_escape

# A browser fetches a page's assets over about six connections at once.
BROWSER_CONNECTIONS = 6
ROLES = ["frontline"] * 6 + ["management"] * 2 + ["other", "facilitator"]
ROLE_ORDER = ["management", "frontline", "facilitator", "other"]  # the join form's radio order
KIND_ORDER = ["strength", "weakness"]
SUCCESS = Alert.SUCCESS
BALLOT_COMPONENT = "kohtaamo_ballot"  # pages/steps/identify/ballot.py


def shell_assets(index_html: str) -> list[str]:
    """The scripts and style sheets index.html loads before the app can start."""
    return sorted(set(re.findall(r'(?:src|href)="\./(static/[^"]+\.(?:js|css))"', index_html)))


@dataclass
class Phone:
    """One participant: opens the join link, joins, and sends dot ballots."""

    index: int
    port: int
    code: str
    assets: list[str] = field(default_factory=list)
    session: Session | None = None
    first_render_s: float | None = None
    http_s: float | None = None  # the part of the first render spent loading over HTTP
    join_s: float | None = None
    error: str | None = None
    acknowledged: dict[str, dict[int, int]] = field(default_factory=dict)  # kind -> latest dots
    sent: dict[str, dict[int, int]] = field(default_factory=dict)  # kind -> latest dots sent
    labels: dict[str, int] = field(default_factory=dict)  # an item's listed text -> item id
    join_form: str = "join"  # the form the join link draws (the follow-up's is "follow_join")
    # The phone's cookies: the page load's and the websocket's, so that a proxy's sticky cookie
    # keeps the phone on the app process that served its page (issue 18).
    cookies: dict[str, str] = field(default_factory=dict)

    @property
    def name(self) -> str:
        return f"bench-{self.index:03d}"

    async def arrive(self, timeout: float) -> bool:
        """Load the join link as a browser would, until the join form is drawn."""
        started = time.perf_counter()
        fetches = ["/_stcore/health", "/_stcore/host-config", *(f"/{a}" for a in self.assets)]
        # Like a browser: the page on one connection, then its files over up to six kept open.
        connections = [HttpConnection(self.port, self.cookies) for _ in range(BROWSER_CONNECTIONS)]
        try:
            status, _ = await connections[0].get(f"/?code={self.code}")

            async def load(connection: HttpConnection, paths: list[str]) -> list[int]:
                return [(await connection.get(path))[0] for path in paths]

            shares = [fetches[i :: len(connections)] for i in range(len(connections))]
            loaded = await asyncio.gather(
                *(load(c, p) for c, p in zip(connections, shares, strict=True))
            )
        finally:
            for connection in connections:
                await connection.close()
        statuses = [status, *(s for share in loaded for s in share)]
        if any(s != 200 for s in statuses):
            self.error = f"HTTP {sorted(set(statuses) - {200})} while loading the page"
            return False
        self.http_s = time.perf_counter() - started
        self.session = Session(self.port, f"code={self.code}", cookies=self.cookies)
        await self.session.open()
        sent = await self.session.request()
        if not await self.session.wait_for(lambda: self._drawn(sent, self.join_form), timeout):
            self.error = "the join form did not come"
            return False
        self.first_render_s = time.perf_counter() - started
        return True

    async def join(self, timeout: float) -> bool:
        """Pick a role, give a name, send the form; done when the phone's page is drawn."""
        session = self._session()
        page = session.page
        (radio,) = page.find("radio", form_id="join")
        (name,) = page.find("text_input", form_id="join")
        (submit,) = page.find("button", form_id="join", is_form_submitter=True)
        role = ROLES[self.index % len(ROLES)]
        states = [
            text_value(radio.proto.id, radio.proto.options[ROLE_ORDER.index(role)]),
            text_value(name.proto.id, self.name),
            trigger(submit.proto.id),
        ]
        sent = await session.request(states)
        if not await session.wait_for(lambda: self._drawn_ballot(sent), timeout):
            self.error = "the participant page did not come after joining"
            return False
        self.join_s = time.perf_counter() - sent
        return True

    async def open_ballot(self, kind: str, timeout: float) -> bool:
        """Get the ballot on screen, as a person does before the bell: "change my dots" if the
        phone shows a ballot already sent. (One element holds both kinds: `kind` is the one
        the person is about to change, kept for the scenarios' sake.)"""
        session = self._session()
        page = session.page
        if not self.ballot_ready():
            if not await session.wait_for(
                lambda: self.ballot_ready() or change_buttons(page), timeout
            ):
                self.error = "neither the ballot nor a sent one came"
                return False
        if not self.ballot_ready():
            (change,) = change_buttons(page)
            await session.request([trigger(change.proto.id)], fragment_id=change.fragment_id)
            if not await session.wait_for(self.ballot_ready, timeout):
                self.error = f"the ballot did not open for a change ({kind})"
                return False
        return True

    async def vote(self, kind: str, dots: dict[int, int], timeout: float) -> float | None:
        """Send the ballot with `dots` for `kind` and the other kind as stored, with one tap,
        as the phone's ballot does; its latency once the phone shows it saved.

        Saved means the phone shows, in a run after the send, the ballot it read back from
        the database: every item of both kinds with its dots (or, for an empty ballot, the
        ballot element again).
        """
        session = self._session()
        page = session.page
        if not await session.wait_for(self.ballot_ready, timeout):
            self.error = "no ballot on the page"
            return None
        element = ballot_element(page)
        if element is None:  # gone between the wait and now: a rerun took it away
            self.error = "no ballot on the page"
            return None
        # The other kind as the ballot shows it: what is stored, as on a real phone.
        picks = {k: shown_dots(page).get(k, {}) for k in KIND_ORDER}
        picks[kind] = dict(dots)
        value = {"ballots": {k: {str(i): n for i, n in d.items()} for k, d in picks.items()}}
        fragment = element.fragment_id
        earlier_runs = {shown.run_id for shown in page.elements.values()}
        self.sent[kind] = dict(dots)
        sent = await session.request(
            [component_event(element.proto.id, "send", value)], fragment_id=fragment
        )
        wanted = {i: n for d in picks.values() for i, n in d.items() if n}

        def new(shown: Shown) -> bool:
            return shown.fragment_id == fragment and shown.run_id not in earlier_runs

        def refused() -> bool:
            return any(new(alert) and alert.proto.format != SUCCESS for alert in page.find("alert"))

        def settled() -> bool:
            if session.closed or refused():
                return True
            if not wanted:  # nothing to list: the ballot again, drawn by a new run
                shown = ballot_element(page)
                return shown is not None and new(shown)
            return any(
                new(alert) and ballot_lines(alert.proto.body, self.labels) == wanted
                for alert in page.find("alert")
            )

        if not await session.wait_for(settled, timeout) or session.closed or refused():
            self.error = "closed" if session.closed else "refused" if refused() else "not confirmed"
            return None
        latency = time.perf_counter() - sent
        self.acknowledged[kind] = dict(dots)
        return latency

    def confirmed_ballot(self) -> dict[int, int] | None:
        """The sent ballot the phone lists (by item, both kinds), or None when it lists none."""
        for alert in self._session().page.find("alert"):
            if alert.proto.format == SUCCESS and BALLOT_LINE.search(alert.proto.body):
                return ballot_lines(alert.proto.body, self.labels)
        return None

    def ballot_ready(self) -> bool:
        """The ballot element is on the page; learns its items' labels (as the sent list
        writes them) from the data it was drawn with."""
        element = ballot_element(self._session().page)
        if element is None:
            return False
        for kind in ballot_data(element)["kinds"]:
            for item in kind["items"]:
                self.labels[md_escape(item["text"])] = int(item["id"])
        return True

    def _session(self) -> Session:
        if self.session is None:
            raise RuntimeError("the phone has not arrived")
        return self.session

    def _drawn_ballot(self, since: float) -> bool:
        session = self._session()
        return session.finished_since(since) is not None and bool(
            ballot_element(session.page) or change_buttons(session.page)
        )

    def _drawn(self, since: float, form_prefix: str) -> bool:
        session = self._session()
        forms = (f.proto.form_id for f in session.page.find("block:form"))
        return session.finished_since(since) is not None and any(
            f.startswith(form_prefix) for f in forms
        )


def ballot_element(page: RenderedPage) -> Shown | None:
    """The phone's ballot (pages/steps/identify/ballot.py), one custom component for both kinds."""
    found = page.find("bidi_component", component_name=BALLOT_COMPONENT)
    return found[0] if found else None


def ballot_data(element: Shown) -> dict:
    """The data the ballot was drawn with: kinds, items, the dots stored, the budget."""
    return json.loads(element.proto.mixed.json or element.proto.json)


def shown_dots(page: RenderedPage) -> dict[str, dict[int, int]]:
    """The dots the ballot starts from, by kind and item (zeros left out)."""
    element = ballot_element(page)
    if element is None:
        return {}
    saved = ballot_data(element)["saved"]
    return {k: {int(i): n for i, n in dots.items() if n} for k, dots in saved.items()}


# A line of the sent ballot as pages/steps/identify/phone.py writes it: dots, then the item's label.
BALLOT_LINE = re.compile(r"^- \*\*(\d+)\*\* · (.*)$", re.MULTILINE)


def ballot_lines(body: str, labels: dict[str, int]) -> dict[int, int]:
    """The sent ballot a confirmation lists, by item (labels: an item's text as the list writes
    it -> item id, as the phone saw them on the ballot; an unknown label counts as item -1)."""
    return {labels.get(label, -1): int(dots) for dots, label in BALLOT_LINE.findall(body)}


def change_buttons(page: RenderedPage) -> list[Shown]:
    """The "change my dots" button under the sent ballot (key `change_ballot`)."""
    return [b for b in page.find("button") if b.proto.id.endswith("change_ballot")]
