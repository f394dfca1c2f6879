"""Step 6, Plan: the change plan (coaches, milestones, metrics, the observation, challenges),
with what the room contributes."""
