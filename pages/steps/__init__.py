"""Step panels: for each of the six steps, what the phone, the console and the projector draw.

Every panel has the same three parts (`Panel`); the pages pick one by the workshop's step. The
lobby and the end are the pages' own frames, not panels.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from facilitator.domain import Participant, Step, Workshop
from facilitator.room.workshops import FacilitatorKey
from facilitator.store.db import Store
from pages.steps import condense, identify, observe, order, plan, target


class Panel(Protocol):
    """One step on each screen: a participant's phone, the facilitator's console, the projector."""

    def phone(self, store: Store, workshop: Workshop, me: Participant) -> None: ...

    def console(
        self, store: Store, key: FacilitatorKey, workshop: Workshop, act: Callable
    ) -> None: ...

    def projector(self, store: Store, workshop: Workshop) -> None: ...


PANELS: dict[Step, Panel] = {
    Step.OBSERVE: observe,
    Step.IDENTIFY: identify,
    Step.ORDER: order,
    Step.TARGET: target,
    Step.CONDENSE: condense,
    Step.PLAN: plan,
}
