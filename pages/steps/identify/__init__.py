"""Step 2, identify: the room spends its dots, the facilitator names the key strengths and
weaknesses."""
