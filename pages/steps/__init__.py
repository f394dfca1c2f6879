"""Step panels: for each later step, what the phone, the console and the projector draw."""

from facilitator.domain import Step
from pages.steps import condense, order, plan, target

PANELS = {Step.ORDER: order, Step.TARGET: target, Step.CONDENSE: condense, Step.PLAN: plan}
