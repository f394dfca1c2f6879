"""An observer's phone in the follow-up (issue 17), over the same protocol as a participant's:
it opens the join link with the follow-up code, joins, picks a unit and a phase, and saves a
visit's checklist with one tap."""

from __future__ import annotations

import time
from dataclasses import dataclass

from streamlit.proto.Alert_pb2 import Alert

from bench.page import DONE, Shown
from bench.phones import Phone
from bench.protocol import choice, text_value, trigger

SUCCESS = Alert.SUCCESS
JOIN_FORM = "follow_join"  # pages/followup/phone/joining.py
UNIT_KEY = "visit_unit"  # pages/followup/phone/checklist.py
PHASE_KEY = "visit_phase_"
VISIT_FORM = "visit_"


@dataclass
class Observer(Phone):
    """A phone that observes visits: `arrive` (inherited, on the follow-up's join form), `join`,
    `ready` (unit and phase picked, the checklist drawn) and `send`."""

    join_form: str = JOIN_FORM

    async def join(self, timeout: float) -> bool:
        """Give a name (the phone's, so the database can be read per phone) and join."""
        session = self._session()
        (name,) = session.page.find("text_input", form_id=JOIN_FORM)
        (submit,) = session.page.find("button", form_id=JOIN_FORM, is_form_submitter=True)
        sent = await session.request(
            [text_value(name.proto.id, self.name), trigger(submit.proto.id)]
        )
        if not await session.wait_for(lambda: self._box(UNIT_KEY, sent) is not None, timeout):
            self.error = "the checklist did not come after joining"
            return False
        self.join_s = time.perf_counter() - sent
        return True

    async def ready(self, unit: str, timeout: float) -> bool:
        """Pick the unit, then the first phase, as an observer does before the encounter;
        done when the visit's checklist is drawn."""
        session = self._session()
        box = self._box(UNIT_KEY)
        if box is None or unit not in box.proto.options:
            self.error = f"no unit {unit!r} to pick"
            return False
        sent = await session.request([text_value(box.proto.id, unit)], fragment_id=box.fragment_id)
        if not await session.wait_for(lambda: self._box(PHASE_KEY, sent) is not None, timeout):
            self.error = "the phase picker did not come"
            return False
        phases = self._box(PHASE_KEY)
        if phases is None or not phases.proto.options:
            self.error = "no phase to pick"
            return False
        sent = await session.request(
            [text_value(phases.proto.id, phases.proto.options[0])], fragment_id=phases.fragment_id
        )
        if not await session.wait_for(lambda: bool(self._marks(sent)), timeout):
            self.error = "the checklist did not come"
            return False
        return True

    async def send(self, timeout: float) -> float | None:
        """Mark every behaviour (seen, not seen, not applicable in turn), write a note and save
        with one tap; the latency until the phone shows the visit saved, or None."""
        session = self._session()
        marks = self._marks()
        (submit,) = [
            b
            for b in session.page.find("button", is_form_submitter=True)
            if b.proto.form_id.startswith(VISIT_FORM)
        ]
        (note,) = [
            a for a in session.page.find("text_area") if a.proto.form_id.startswith(VISIT_FORM)
        ]
        states = [choice(m.proto.id, [m.proto.options[i % 3].content]) for i, m in enumerate(marks)]
        states += [text_value(note.proto.id, self.name), trigger(submit.proto.id)]
        earlier = {shown.run_id for shown in session.page.elements.values()}
        sent = await session.request(states, fragment_id=submit.fragment_id)

        def answered() -> list[Shown]:
            return [a for a in session.page.find("alert") if a.run_id not in earlier]

        if not await session.wait_for(lambda: session.closed or bool(answered()), timeout):
            self.error = "not confirmed"
            return None
        if session.closed or answered()[0].proto.format != SUCCESS:
            self.error = "closed" if session.closed else "refused"
            return None
        return time.perf_counter() - sent

    def _box(self, key_prefix: str, since: float | None = None) -> Shown | None:
        """The select box whose key starts with `key_prefix` (once a run ended after `since`)."""
        if not self._ran_since(since):
            return None
        found = [
            b for b in self._session().page.find("selectbox") if f"-{key_prefix}" in b.proto.id
        ]
        return found[0] if found else None

    def _marks(self, since: float | None = None) -> list[Shown]:
        """The checklist's segmented controls, one per behaviour (once a run ended after
        `since`)."""
        if not self._ran_since(since):
            return []
        return [
            c
            for c in self._session().page.find("button_group")
            if c.proto.form_id.startswith(VISIT_FORM)
        ]

    def _ran_since(self, since: float | None) -> bool:
        """A run of the page or of a fragment ended well after `since` (None: any time)."""
        finished = self._session().finished
        return since is None or any(f.at >= since and f.status in DONE for f in finished)
