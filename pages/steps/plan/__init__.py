"""Step 6, Plan: the change plan (coaches, milestones, metrics, the observation, challenges),
with what the room contributes."""

from pages.steps.plan.console import console
from pages.steps.plan.phone import phone
from pages.steps.plan.projector import projector

__all__ = ["console", "phone", "projector"]
