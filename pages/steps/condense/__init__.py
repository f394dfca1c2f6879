"""Step 5, Condense: the model in a name, a promise and a tone, rated and consented to by the
room, its critical phases marked."""

from pages.steps.condense.console import console
from pages.steps.condense.phone import phone
from pages.steps.condense.projector import projector

__all__ = ["console", "phone", "projector"]
