"""Step panel: plan (phone, console, projector)."""

from collections.abc import Callable

from facilitator.db import Store
from facilitator.domain import Participant, Workshop
from facilitator.workshops import FacilitatorKey


def phone(store: Store, workshop: Workshop, me: Participant) -> None:
    """What a participant's phone shows in this step."""


def console(store: Store, key: FacilitatorKey, workshop: Workshop, act: Callable) -> None:
    """The facilitator's tools for this step."""


def projector(store: Store, workshop: Workshop) -> None:
    """The room's view of this step."""
