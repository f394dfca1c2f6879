"""Step 3, Order: the encounter's phases, and the phase each key strength and weakness is on."""

from pages.steps.order.console import console
from pages.steps.order.phone import phone
from pages.steps.order.projector import projector

__all__ = ["console", "phone", "projector"]
