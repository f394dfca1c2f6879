"""Step 4, Target: for each phase, what it should be like, proposed and backed by the room,
written by the facilitator."""

from pages.steps.target.console import console
from pages.steps.target.phone import phone
from pages.steps.target.projector import projector

__all__ = ["console", "phone", "projector"]
