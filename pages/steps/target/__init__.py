"""Step 4, Target: for each phase, what it should be like, proposed and backed by the room,
written by the facilitator."""
