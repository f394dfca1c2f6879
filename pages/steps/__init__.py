"""Step panels: for each of the six steps, what the phone, the console and the projector draw.

Every panel has the same three parts (`Panel`), each in a module of the step's own folder; the
pages pick one by the workshop's step. The lobby and the end are the pages' own frames, not
panels.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from facilitator.domain import Participant, Step, Workshop
from facilitator.room.workshops import FacilitatorKey
from facilitator.store.db import Store
from pages.steps.condense import console as condense_console
from pages.steps.condense import phone as condense_phone
from pages.steps.condense import projector as condense_projector
from pages.steps.identify import console as identify_console
from pages.steps.identify import phone as identify_phone
from pages.steps.identify import projector as identify_projector
from pages.steps.observe import console as observe_console
from pages.steps.observe import phone as observe_phone
from pages.steps.observe import projector as observe_projector
from pages.steps.order import console as order_console
from pages.steps.order import phone as order_phone
from pages.steps.order import projector as order_projector
from pages.steps.plan import console as plan_console
from pages.steps.plan import phone as plan_phone
from pages.steps.plan import projector as plan_projector
from pages.steps.target import console as target_console
from pages.steps.target import phone as target_phone
from pages.steps.target import projector as target_projector


@dataclass(frozen=True)
class Panel:
    """One step on each screen: a participant's phone, the facilitator's console, the projector."""

    phone: Callable[[Store, Workshop, Participant], None]
    console: Callable[[Store, FacilitatorKey, Workshop, Callable], None]
    projector: Callable[[Store, Workshop], None]
    # Whether a phone lists what other people send: new entries are then offered, not pushed,
    # so nobody's list jumps while they read it, and the phone looks for them more often.
    shows_others: bool = False


PANELS: dict[Step, Panel] = {
    Step.OBSERVE: Panel(observe_phone.phone, observe_console.console, observe_projector.projector),
    Step.IDENTIFY: Panel(
        identify_phone.phone, identify_console.console, identify_projector.projector
    ),
    Step.ORDER: Panel(order_phone.phone, order_console.console, order_projector.projector),
    Step.TARGET: Panel(
        target_phone.phone, target_console.console, target_projector.projector, shows_others=True
    ),
    Step.CONDENSE: Panel(
        condense_phone.phone, condense_console.console, condense_projector.projector
    ),
    Step.PLAN: Panel(plan_phone.phone, plan_console.console, plan_projector.projector),
}
