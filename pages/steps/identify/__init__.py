"""Step 2, identify: the room spends its dots, the facilitator names the key strengths and
weaknesses."""

from pages.steps.identify.console import console
from pages.steps.identify.phone import phone
from pages.steps.identify.projector import projector

__all__ = ["console", "phone", "projector"]
