"""Step 1, observe: each person sends what they see in the encounters, by viewpoint and kind."""

from pages.steps.observe.console import console
from pages.steps.observe.phone import phone
from pages.steps.observe.projector import projector

__all__ = ["console", "phone", "projector"]
