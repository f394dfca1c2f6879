"""Following the roll-out after the workshop: units, metrics over time, observation rounds,
milestones and coaching, the staff pulse, and the model's next version (issue 17)."""
