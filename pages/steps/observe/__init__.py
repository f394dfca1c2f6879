"""Step 1, observe: each person sends what they see in the encounters, by viewpoint and kind."""
