"""Step 4, Target: what its parts share (a phase's label, a behaviour's fixed mark)."""

from facilitator.steps.phases import Phase
from pages.widgets import words

FIXED_ICON, FLEXIBLE_ICON = "📌", "🎨"


def _phase_label(phase: Phase) -> str:
    return f"{phase.position + 1}. {phase.name}"


def _fixed_mark(fixed: bool) -> str:
    if fixed:
        return f"{FIXED_ICON} {words.tr('target.mark_fixed')}"
    return f"{FLEXIBLE_ICON} {words.tr('target.mark_flexible')}"
