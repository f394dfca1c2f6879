"""A participant's phone and the projector, as sequences of protocol steps with their timings."""

from __future__ import annotations

import asyncio
import re
import time
from dataclasses import dataclass, field

from streamlit.proto.Alert_pb2 import Alert

from bench.client import HttpConnection, Session
from bench.page import RenderedPage, Shown
from bench.protocol import choice, text_value, trigger

# A browser fetches a page's assets over about six connections at once.
BROWSER_CONNECTIONS = 6
ROLES = ["frontline"] * 6 + ["management"] * 2 + ["other", "facilitator"]
ROLE_ORDER = ["management", "frontline", "facilitator", "other"]  # the join form's radio order
KIND_ORDER = ["strength", "weakness"]
SUCCESS = Alert.SUCCESS  # the order of the ballot tabs on the phone


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
    labels: dict[str, int] = field(default_factory=dict)  # a dot control's label -> item id

    @property
    def name(self) -> str:
        return f"bench-{self.index:03d}"

    async def arrive(self, timeout: float) -> bool:
        """Load the join link as a browser would, until the join form is drawn."""
        started = time.perf_counter()
        fetches = ["/_stcore/health", "/_stcore/host-config", *(f"/{a}" for a in self.assets)]
        # Like a browser: the page on one connection, then its files over up to six kept open.
        connections = [HttpConnection(self.port) for _ in range(BROWSER_CONNECTIONS)]
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
        self.session = Session(self.port, f"code={self.code}")
        await self.session.open()
        sent = await self.session.request()
        if not await self.session.wait_for(lambda: self._drawn(sent, "join"), timeout):
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
        if not await session.wait_for(lambda: self._drawn(sent, "ballot_"), timeout):
            self.error = "the participant page did not come after joining"
            return False
        self.join_s = time.perf_counter() - sent
        return True

    async def open_ballot(self, kind: str, timeout: float) -> bool:
        """Get the kind's ballot form on screen, as a person does before the bell: tap its tab
        unless it is open (a phone draws only the open tab's ballot), then "change my dots"
        if the phone shows a ballot already sent."""
        session = self._session()
        page = session.page

        def form_or_ballot() -> bool:
            return self.form_ready(kind) or bool(change_buttons(page, kind))

        if not self.form_ready(kind) and not change_buttons(page, kind):
            (tabs,) = page.find("block:tab_container")
            labels = [shown.proto.label for shown in page.find("block:tab")]
            await session.request([text_value(tabs.proto.id, labels[KIND_ORDER.index(kind)])])
            if not await session.wait_for(form_or_ballot, timeout):
                self.error = f"the {kind} tab did not open"
                return False
        if not self.form_ready(kind):
            (change,) = change_buttons(page, kind)
            await session.request([trigger(change.proto.id)], fragment_id=change.fragment_id)
            if not await session.wait_for(lambda: self.form_ready(kind), timeout):
                self.error = f"the {kind} ballot did not open for a change"
                return False
        return True

    async def vote(self, kind: str, dots: dict[int, int], timeout: float) -> float | None:
        """Send one ballot from the kind's form; its latency once the phone shows it saved.

        Saved means the phone shows, in a run after the send, the ballot it read back from
        the database: every item with its dots (or, for an empty ballot, the form again).
        """
        session = self._session()
        page = session.page
        if not await session.wait_for(lambda: self.form_ready(kind), timeout):
            self.error = f"no {kind} ballot on the page"
            return None
        form = ballot_form(page, kind)
        (submit,) = page.find("button", form_id=form, is_form_submitter=True)
        controls = page.find("button_group", form_id=form)
        # The options are 0..max dots, so an option's index is its number of dots; the wire
        # value is the option as the server formatted it.
        states = [
            choice(
                control.proto.id,
                [control.proto.options[dots.get(item_id(control.proto.id), 0)].content],
            )
            for control in controls
        ]
        fragment = submit.fragment_id
        earlier_runs = {shown.run_id for shown in page.elements.values()}
        self.sent[kind] = dict(dots)
        sent = await session.request([*states, trigger(submit.proto.id)], fragment_id=fragment)
        wanted = {i: n for i, n in dots.items() if n}

        def new(shown: Shown) -> bool:
            return shown.fragment_id == fragment and shown.run_id not in earlier_runs

        def refused() -> bool:
            return any(new(alert) and alert.proto.format != SUCCESS for alert in page.find("alert"))

        def settled() -> bool:
            if session.closed or refused():
                return True
            if not wanted:  # nothing to list: the form again, under a new id
                shown = ballot_form(page, kind)
                return shown not in (None, form) and self.form_ready(kind)
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
        """The sent ballot the phone lists (by item), or None when it lists none."""
        for alert in self._session().page.find("alert"):
            if alert.proto.format == SUCCESS and BALLOT_LINE.search(alert.proto.body):
                return ballot_lines(alert.proto.body, self.labels)
        return None

    def form_ready(self, kind: str) -> bool:
        """The kind's form is all there (its submit button comes last); learns its labels."""
        page = self._session().page
        form = ballot_form(page, kind)
        if form is None or not page.find("button", form_id=form, is_form_submitter=True):
            return False
        for control in page.find("button_group", form_id=form):
            self.labels[control.proto.label] = item_id(control.proto.id)
        return True

    def _session(self) -> Session:
        if self.session is None:
            raise RuntimeError("the phone has not arrived")
        return self.session

    def _drawn(self, since: float, form_prefix: str) -> bool:
        session = self._session()
        forms = (f.proto.form_id for f in session.page.find("block:form"))
        return session.finished_since(since) is not None and any(
            f.startswith(form_prefix) for f in forms
        )


def ballot_form(page: RenderedPage, kind: str) -> str | None:
    """The id of the kind's ballot form on the page (it changes with every ballot sent)."""
    forms = (shown.proto.form_id for shown in page.find("block:form"))
    return next((f for f in forms if f.startswith(f"ballot_{kind}_")), None)


def shown_dots(page: RenderedPage, form_id: str) -> dict[int, int]:
    """The dots a ballot form's controls start from, by item (zeros left out)."""
    shown = {}
    for control in page.find("button_group", form_id=form_id):
        if control.proto.default and control.proto.default[0]:
            shown[item_id(control.proto.id)] = control.proto.default[0]
    return shown


# A line of the sent ballot as pages/phone.py writes it: dots, then the item's label.
BALLOT_LINE = re.compile(r"^- \*\*(\d+)\*\* · (.*)$", re.MULTILINE)


def ballot_lines(body: str, labels: dict[str, int]) -> dict[int, int]:
    """The sent ballot a confirmation lists, by item (labels: a dot control's label -> item
    id, as the phone saw them on the form; an unknown label counts as item -1)."""
    return {labels.get(label, -1): int(dots) for dots, label in BALLOT_LINE.findall(body)}


def change_buttons(page: RenderedPage, kind: str) -> list[Shown]:
    """The "change my dots" button under the kind's sent ballot (key `change_ballot_<kind>`)."""
    return [b for b in page.find("button") if b.proto.id.endswith(f"change_ballot_{kind}")]


def item_id(widget_id: str) -> int:
    """The observation id a dot control stands for (its key ends in `_<item id>`)."""
    return int(widget_id.rsplit("_", 1)[1])
