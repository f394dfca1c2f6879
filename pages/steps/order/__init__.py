"""Step 3, Order: the encounter's phases, and the phase each key strength and weakness is on."""
